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
	"github.com/bgen-dev/bgen/ir/migrate"
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

// allowDestructiveFlag is the flag that lets a new migration step lose data.
const allowDestructiveFlag = "allow-destructive"

func destructiveFlag(fs *flag.FlagSet, o *options) {
	fs.BoolVar(&o.allowDestructive, allowDestructiveFlag, false,
		"let a new migration step drop tables or columns, narrow types or make columns\nrequired without a default (data can be lost)")
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
	if code := planHistory(e, cmd, o, paths, api); code != exitOK {
		return nil, nil, code
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

// planHistory sets api.Migrations: the history kept in the output
// directory (DIR/.bgen/schema) and, when the spec's schema differs from
// the last step's, a new step. A new step with destructive changes is
// refused without --allow-destructive, each change printed with the spec
// position that caused it.
func planHistory(e *env, cmd string, o *options, paths []string, api *ir.API) int {
	history, err := writer.ReadHistory(o.out)
	if err != nil {
		fmt.Fprintf(e.stderr, "bgen: %v\n", err)
		return exitFail
	}
	steps, err := e.plan(history, api.Tables, migrate.Options{AllowDestructive: o.allowDestructive})
	var destructive *migrate.DestructiveError
	switch {
	case errors.As(err, &destructive):
		printDestructive(e, cmd, paths, destructive)
		return exitFail
	case err != nil:
		fmt.Fprintf(e.stderr, "bgen: %v\n", err)
		return exitFail
	}
	api.Migrations = steps
	return exitOK
}

// printDestructive lists the destructive changes a new step would hold and
// says how to write them anyway.
func printDestructive(e *env, cmd string, paths []string, de *migrate.DestructiveError) {
	what := "nothing written"
	if cmd != "build" {
		what = "a build would write nothing"
	}
	fmt.Fprintf(e.stderr, "bgen %s: %s: the new migration step would lose data or fail on existing rows:\n", cmd, what)
	for _, c := range de.Changes {
		fmt.Fprintf(e.stderr, "\t%s\n", describeChange(e, paths, c))
	}
	fmt.Fprintf(e.stderr, "Rerun with --%s to write this step (back up the database first).\n", allowDestructiveFlag)
}

// describeChange is one destructive change for people: where in the spec
// (when something there caused it), what and why.
func describeChange(e *env, paths []string, c *ir.Change) string {
	var b strings.Builder
	if c.Pos != "" {
		b.WriteString(specPos(e, paths, c.Pos) + ": ")
	}
	b.WriteString(string(c.Kind) + " " + c.Table)
	if c.Column != "" {
		b.WriteString("." + c.Column)
	}
	if c.Constraint != "" {
		b.WriteString(" (" + c.Constraint + ")")
	}
	if c.Reason != "" {
		b.WriteString(": " + c.Reason)
	}
	return b.String()
}

// specPos makes a position "file:line:col" whose file is relative to the
// spec's folder (ir.Entity.Pos) relative to the working directory, as
// spec errors are printed.
func specPos(e *env, paths []string, pos string) string {
	file, rest := pos, ""
	for range 2 {
		i := strings.LastIndex(file, ":")
		if i < 0 {
			return pos
		}
		file, rest = file[:i], file[i:]+rest
	}
	if !filepath.IsAbs(file) && len(paths) > 0 {
		file = filepath.Join(filepath.Dir(paths[0]), file)
	}
	if abs, err := filepath.Abs(file); err == nil && e.cwd != "" {
		if r, err := filepath.Rel(e.cwd, abs); err == nil && !strings.HasPrefix(r, "..") {
			return r + rest
		}
	}
	return file + rest
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
	p, err := writer.NewPlan(o.out, out, writer.State{Schema: api.Tables, History: api.Migrations})
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
	if err := KeepSpec(o.out, paths); err != nil { // for bgen diff (diff.go)
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
	for _, k := range plan.Orphans() {
		fmt.Fprintf(e.stdout, "%s: yours, and no longer used by the generated code (an entity renamed or removed); kept since you edited it: move your code and delete it\n",
			filepath.Join(o.out, filepath.FromSlash(k)))
	}
	for _, p := range plan.NewSteps() {
		for _, m := range api.Migrations {
			if writer.SnapshotPath(m) == p {
				fmt.Fprintf(e.stdout, "%s: new migration step %s: %s\n", filepath.Join(o.out, filepath.FromSlash(writer.SchemaDir)), m.Name, m.Summary)
			}
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
