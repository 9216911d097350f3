package cli

import (
	"errors"
	"flag"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	cueerrors "cuelang.org/go/cue/errors"

	"github.com/bgen-dev/bgen/emitters"
	"github.com/bgen-dev/bgen/internal/pipeline"
	"github.com/bgen-dev/bgen/internal/targets"
	"github.com/bgen-dev/bgen/internal/writer"
	"github.com/bgen-dev/bgen/ir"
	"github.com/bgen-dev/bgen/spec"
)

// defaultOut is the output directory when -o is not given.
const defaultOut = "gen"

// maxDiffs caps the number of diffs check prints; further problems are
// listed without one.
const maxDiffs = 10

// targetList is the value of -t: comma-separated, repeatable.
type targetList []string

func (l *targetList) String() string { return strings.Join(*l, ",") }

func (l *targetList) Set(s string) error {
	for _, t := range strings.Split(s, ",") {
		if t = strings.TrimSpace(t); t != "" {
			*l = append(*l, t)
		}
	}
	return nil
}

func targetFlags(fs *flag.FlagSet, o *options) {
	fs.Var(&o.targets, "t", "comma-separated `TARGETS` to build, of "+strings.Join(targets.Known(), ", ")+"\n(default: the spec's targets; openapi is always built)")
	fs.StringVar(&o.out, "o", defaultOut, "output `DIR`; target T is written to DIR/T")
}

// compile runs the pipeline, printing spec errors relative to the working
// directory. ok is false when the command should exit 1.
func compile(e *env, paths []string) (api *ir.API, ok bool) {
	api, err := e.compile(paths)
	var specErr cueerrors.Error
	switch {
	case errors.As(err, &specErr):
		spec.FormatErrors(e.stderr, err, e.cwd)
		return nil, false
	case err != nil: // not about the spec's content: a missing file, say
		fmt.Fprintf(e.stderr, "bgen: %v\n", err)
		return nil, false
	}
	return api, true
}

// emit compiles the spec, selects the targets and emits them all in memory.
// It returns the exit code to use when it fails.
func emit(e *env, cmd string, o *options, paths []string) (map[string][]emitters.File, *ir.API, int) {
	if len(paths) == 0 {
		return nil, nil, usageError(e, cmd, "no spec files given")
	}
	for _, t := range o.targets {
		if !targets.IsKnown(t) {
			return nil, nil, usageError(e, cmd, "unknown target %q (known: %s)", t, strings.Join(targets.Known(), ", "))
		}
	}
	api, ok := compile(e, paths)
	if !ok {
		return nil, nil, exitFail
	}
	selected := selectTargets(api, o.targets)
	var missing []string
	var ems []emitters.Emitter
	for _, t := range selected {
		em, ok := e.lookup(t)
		if !ok {
			missing = append(missing, t)
			continue
		}
		ems = append(ems, em)
	}
	if len(missing) > 0 {
		impl := strings.Join(e.implemented(), ", ")
		if impl == "" {
			impl = "none"
		}
		for _, t := range missing {
			if targets.IsKnown(t) {
				fmt.Fprintf(e.stderr, "bgen: target %q is not implemented yet; implemented: %s\n", t, impl)
			} else {
				fmt.Fprintf(e.stderr, "bgen: unknown target %q; implemented: %s\n", t, impl)
			}
		}
		return nil, nil, exitFail
	}
	out := map[string][]emitters.File{}
	failed := false
	for _, r := range pipeline.Emit(api, ems) {
		if r.Err != nil {
			fmt.Fprintf(e.stderr, "bgen: %s: %v\n", r.Name, r.Err)
			failed = true
			continue
		}
		out[r.Name] = r.Files
	}
	if failed {
		return nil, nil, exitFail
	}
	return out, api, exitOK
}

// selectTargets returns the targets to build, in the order of
// targets.Known (unknown names last): those of -t, or else the spec's,
// and always openapi.
func selectTargets(api *ir.API, flagTargets []string) []string {
	want := flagTargets
	if len(want) == 0 {
		want = api.Targets
	}
	want = append([]string{"openapi"}, want...)
	var out []string
	for _, k := range targets.Known() {
		if slices.Contains(want, k) {
			out = append(out, k)
		}
	}
	for _, t := range want {
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// planOutput emits the selected targets and compares them with the output
// directory; build applies the plan, check reports it.
func planOutput(e *env, cmd string, o *options, paths []string) (*writer.Plan, *ir.API, int) {
	out, api, code := emit(e, cmd, o, paths)
	if code != exitOK {
		return nil, nil, code
	}
	if len(o.targets) == 0 {
		// The spec's targets are the whole output: the files of a target
		// dropped from its list are pruned like any other file bgen no
		// longer generates. With -t the other targets are left alone.
		for _, t := range targets.Known() {
			if _, ok := out[t]; !ok {
				out[t] = nil
			}
		}
	}
	p, err := writer.NewPlan(o.out, out, api.Tables)
	if err != nil {
		fmt.Fprintf(e.stderr, "bgen: %v\n", err)
		return nil, nil, exitFail
	}
	return p, api, exitOK
}

func runBuild(e *env, o *options, paths []string) int {
	plan, api, code := planOutput(e, "build", o, paths)
	if code != exitOK {
		return code
	}
	sum, err := plan.Apply(o.force)
	if err != nil {
		fmt.Fprintf(e.stderr, "bgen: %v\n", err)
		return exitFail
	}
	byName := map[string]writer.TargetSummary{}
	for _, s := range sum {
		byName[s.Target] = s
	}
	selected := selectTargets(api, o.targets)
	for _, t := range selected {
		s := byName[t]
		fmt.Fprintf(e.stdout, "%s: %d written, %d unchanged, %d removed\n",
			filepath.Join(o.out, t), s.Written, s.Unchanged, s.Removed)
	}
	for _, s := range sum {
		if !slices.Contains(selected, s.Target) && s.Removed > 0 {
			fmt.Fprintf(e.stdout, "%s: %d removed (not among the spec's targets)\n",
				filepath.Join(o.out, s.Target), s.Removed)
		}
	}
	return exitOK
}

func runCheck(e *env, o *options, paths []string) int {
	plan, _, code := planOutput(e, "check", o, paths)
	if code != exitOK {
		return code
	}
	probs := plan.Check()
	if len(probs) == 0 {
		return exitOK
	}
	diffs := 0
	for _, p := range probs {
		fmt.Fprintf(e.stdout, "%s: %s", filepath.Join(o.out, filepath.FromSlash(p.Path)), p.Kind)
		if p.Detail != "" {
			fmt.Fprintf(e.stdout, " (%s)", p.Detail)
		}
		fmt.Fprintln(e.stdout)
		if p.Diff != "" && diffs < maxDiffs {
			diffs++
			fmt.Fprint(e.stdout, p.Diff)
		}
	}
	fmt.Fprintf(e.stderr, "bgen check: %d file(s) in %s differ from what bgen build would write\n", len(probs), o.out)
	return exitFail
}
