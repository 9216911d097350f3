package cli

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bgen-dev/bgen/emitters"
	"github.com/bgen-dev/bgen/examples"
	"github.com/bgen-dev/bgen/ir"
	"github.com/bgen-dev/bgen/ir/migrate"
	"github.com/google/go-cmp/cmp"
)

// The tests in this file run the CLI with a fake compiler and fake
// emitters, so that the command line, the selection of targets and the
// build/check cycle are tested apart from the real pipeline (see
// real_test.go for that).

// fakeEmitter emits a few files derived from the API.
type fakeEmitter struct {
	name string
	fail bool
}

func (f fakeEmitter) Name() string { return f.name }

func (f fakeEmitter) Emit(api *ir.API) ([]emitters.File, error) {
	if f.fail {
		return nil, errors.New("template exploded")
	}
	header := "# " + emitters.Header + "\n"
	switch f.name {
	case "openapi":
		return []emitters.File{{Path: "openapi.json", Data: fmt.Appendf(nil, "{\"title\": %q, \"version\": %q}\n", api.Name, api.Version)}}, nil
	case "fastapi":
		files := []emitters.File{
			{Path: "app/main.py", Data: []byte(header + "version = " + api.Version + "\n")},
			{Path: "app/hooks.py", Data: []byte("# Yours: bgen writes this file once and never overwrites it.\n"), Owner: emitters.User},
		}
		for _, t := range api.Tables {
			files = append(files, emitters.File{Path: "app/models/" + t.Name + ".py", Data: []byte(header + "table = " + t.Name + "\n")})
		}
		return files, nil
	case "go":
		return []emitters.File{{Path: "go.mod", Data: []byte("// " + emitters.Header + "\nmodule " + api.Name + "\n")}}, nil
	}
	return nil, fmt.Errorf("no fake for %s", f.name)
}

// fakeCompile reads a spec of "key: value" lines: name, version, tables
// (comma-separated), targets (comma-separated); a line "error: MSG" makes
// it fail with MSG.
func fakeCompile(paths []string) (*ir.API, error) {
	api := &ir.API{Name: "demo", Version: "0.1.0", Targets: []string{"fastapi", "go"}}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		for i, line := range strings.Split(string(b), "\n") {
			k, v, _ := strings.Cut(line, ": ")
			switch k {
			case "name":
				api.Name = v
			case "version":
				api.Version = v
			case "tables":
				for _, t := range strings.Split(v, ",") {
					api.Tables = append(api.Tables, &ir.Table{Name: t})
				}
			case "targets":
				api.Targets = strings.Split(v, ",")
			case "error":
				return nil, fmt.Errorf("%s:%d:1: %s", p, i+1, v)
			}
		}
	}
	return api, nil
}

type result struct {
	code           int
	stdout, stderr string
}

func fakeEnv(stdout, stderr *bytes.Buffer, ems ...emitters.Emitter) *env {
	if ems == nil {
		ems = []emitters.Emitter{fakeEmitter{name: "openapi"}, fakeEmitter{name: "fastapi"}, fakeEmitter{name: "go"}}
	}
	return &env{
		stdin: strings.NewReader(""), stdout: stdout, stderr: stderr,
		compile:  fakeCompile,
		emitters: func() []emitters.Emitter { return ems },
		plan:     fakePlan,
	}
}

// fakePlan is a planner by table names: a new step when the names differ
// from the last step's, creating the new tables and dropping the others; a
// drop is destructive, at the position "api.cue:1:1".
func fakePlan(history []*ir.Migration, tables []*ir.Table, opts migrate.Options) ([]*ir.Migration, error) {
	var last []*ir.Table
	if len(history) > 0 {
		last = history[len(history)-1].To
	}
	had, has := map[string]bool{}, map[string]bool{}
	for _, t := range last {
		had[t.Name] = true
	}
	for _, t := range tables {
		has[t.Name] = true
	}
	var changes, destructive []*ir.Change
	for _, t := range tables {
		if !had[t.Name] {
			changes = append(changes, &ir.Change{Kind: ir.CreateTable, Table: t.Name})
		}
	}
	for _, t := range last {
		if !has[t.Name] {
			c := &ir.Change{Kind: ir.DropTable, Table: t.Name, Destructive: true, Reason: "its rows are lost", Pos: "api.cue:1:1"}
			changes = append(changes, c)
			destructive = append(destructive, c)
		}
	}
	if len(history) > 0 && len(changes) == 0 {
		return history, nil
	}
	if len(destructive) > 0 && !opts.AllowDestructive {
		return nil, &migrate.DestructiveError{Changes: destructive}
	}
	n := len(history) + 1
	m := &ir.Migration{Version: n, Name: fmt.Sprintf("%04d_step", n), Summary: "A step.", From: last, To: tables, Changes: changes}
	return append(history[:len(history):len(history)], m), nil
}

func runFake(t *testing.T, ems []emitters.Emitter, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(fakeEnv(&stdout, &stderr, ems...), args)
	return result{code, stdout.String(), stderr.String()}
}

func runReal(t *testing.T, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := Run(args, strings.NewReader(""), &stdout, &stderr)
	return result{code, stdout.String(), stderr.String()}
}

func (r result) want(t *testing.T, code int) {
	t.Helper()
	if r.code != code {
		t.Fatalf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, code, r.stdout, r.stderr)
	}
}

// treeOf returns every file under dir with its bytes and mode.
func treeOf(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		b, err := os.ReadFile(p)
		out[p] = info.Mode().String() + " " + string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func writeFile(t *testing.T, name, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestUsage(t *testing.T) {
	r := runReal(t)
	r.want(t, exitUsage)
	if r.stdout != "" || !strings.Contains(r.stderr, "Usage:") || !strings.Contains(r.stderr, "build") {
		t.Errorf("no args: stdout %q, stderr %q", r.stdout, r.stderr)
	}
	for _, args := range [][]string{{"-h"}, {"--help"}, {"help"}} {
		r := runReal(t, args...)
		r.want(t, exitOK)
		for _, c := range commands() {
			if !strings.Contains(r.stdout, "\t"+c.name+" ") {
				t.Errorf("%v: usage does not list %s:\n%s", args, c.name, r.stdout)
			}
		}
	}
	r = runReal(t, "frobnicate")
	r.want(t, exitUsage)
	if !strings.Contains(r.stderr, `unknown command "frobnicate"`) {
		t.Errorf("stderr: %s", r.stderr)
	}
	runReal(t, "help", "frobnicate").want(t, exitUsage)
	runReal(t, "help", "build", "check").want(t, exitUsage)
}

func TestCommandHelp(t *testing.T) {
	wantFlags := map[string][]string{
		"build": {"-t TARGETS", "-o DIR", "-force"},
		"check": {"-t TARGETS", "-o DIR"},
	}
	for _, c := range commands() {
		for _, args := range [][]string{{c.name, "-h"}, {c.name, "--help"}, {"help", c.name}, {c.name, "x.cue", "-help"}} {
			r := runReal(t, args...)
			r.want(t, exitOK)
			if !strings.HasPrefix(r.stdout, "Usage: bgen "+c.name) {
				t.Errorf("%v: stdout:\n%s", args, r.stdout)
			}
			for _, f := range wantFlags[c.name] {
				if !strings.Contains(r.stdout, f) {
					t.Errorf("%v: usage does not list %q:\n%s", args, f, r.stdout)
				}
			}
		}
	}
	if r := runReal(t, "check", "-h"); strings.Contains(r.stdout, "force") {
		t.Errorf("check lists --force:\n%s", r.stdout)
	}
}

func TestUsageErrors(t *testing.T) {
	dir := t.TempDir()
	spec := filepath.Join(dir, "api.cue")
	writeFile(t, spec, "name: demo\n")
	for _, args := range [][]string{
		{"build"},
		{"check"},
		{"vet"},
		{"ir"},
		{"build", spec, "--nope"},
		{"build", spec, "-o"},
		{"build", spec, "-t", "rails"},
		{"check", spec, "-t", "go,rails"},
		{"vet", spec, "-t", "go"}, // vet has no -t
		{"version", "extra"},
		{"init", "a", "b"},
	} {
		r := runFake(t, nil, args...)
		if r.code != exitUsage || r.stderr == "" {
			t.Errorf("%v: exit %d, stderr %q; want 2 and a message", args, r.code, r.stderr)
		}
	}
	r := runFake(t, nil, "build", spec, "-t", "rails")
	if !strings.Contains(r.stderr, `unknown target "rails"`) {
		t.Errorf("stderr: %s", r.stderr)
	}
}

func TestParseInterspersed(t *testing.T) {
	for _, tc := range []struct {
		args    []string
		pos     []string
		targets []string
		out     string
		force   bool
	}{
		{[]string{"a.cue", "-t", "go", "-o", "out"}, []string{"a.cue"}, []string{"go"}, "out", false},
		{[]string{"-t", "go", "a.cue", "b.cue", "--force"}, []string{"a.cue", "b.cue"}, []string{"go"}, defaultOut, true},
		{[]string{"a.cue", "-t=fastapi,go", "b.cue", "-t", "openapi"}, []string{"a.cue", "b.cue"}, []string{"fastapi", "go", "openapi"}, defaultOut, false},
		{[]string{"a.cue", "--", "-t", "x"}, []string{"a.cue", "-t", "x"}, nil, defaultOut, false},
		{[]string{"--o=x", "a.cue"}, []string{"a.cue"}, nil, "x", false},
	} {
		o := &options{}
		pos, err := parseInterspersed(newFlagSet(lookup("build"), o), tc.args)
		if err != nil {
			t.Errorf("%v: %v", tc.args, err)
			continue
		}
		got := []any{pos, []string(o.targets), o.out, o.force}
		want := []any{tc.pos, tc.targets, tc.out, tc.force}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%v (-want +got):\n%s", tc.args, diff)
		}
	}
}

func TestVersion(t *testing.T) {
	r := runReal(t, "version")
	r.want(t, exitOK)
	if !strings.HasPrefix(r.stdout, "bgen ") || len(strings.TrimSpace(r.stdout)) <= len("bgen ") {
		t.Errorf("version: %q", r.stdout)
	}
}

func TestBuildAndCheck(t *testing.T) {
	dir := t.TempDir()
	spec := filepath.Join(dir, "api.cue")
	out := filepath.Join(dir, "out")
	writeFile(t, spec, "version: 1.0.0\ntables: posts,tags\n")

	// Flags after the spec; no -t: the spec's targets plus openapi.
	r := runFake(t, nil, "build", spec, "-o", out)
	r.want(t, exitOK)
	want := fmt.Sprintf("%s: 1 written, 0 unchanged, 0 removed\n%s: 4 written, 0 unchanged, 0 removed\n%s: 1 written, 0 unchanged, 0 removed\n%s: new migration step 0001_step: A step.\n",
		filepath.Join(out, "openapi"), filepath.Join(out, "fastapi"), filepath.Join(out, "go"), filepath.Join(out, ".bgen", "schema"))
	if r.stdout != want {
		t.Errorf("summary:\n%s\nwant:\n%s", r.stdout, want)
	}
	for _, f := range []string{"openapi/openapi.json", "fastapi/app/main.py", "fastapi/app/models/tags.py", "go/go.mod", ".bgen/manifest.json"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Error(err)
		}
	}

	r = runFake(t, nil, "check", "-o", out, spec)
	r.want(t, exitOK)
	if r.stdout != "" || r.stderr != "" {
		t.Errorf("clean check printed:\n%s%s", r.stdout, r.stderr)
	}

	r = runFake(t, nil, "build", spec, "-o", out)
	r.want(t, exitOK)
	if !strings.Contains(r.stdout, filepath.Join(out, "fastapi")+": 0 written, 4 unchanged, 0 removed") {
		t.Errorf("second build:\n%s", r.stdout)
	}

	// The user's own files are left alone, by build and by check.
	hooks := filepath.Join(out, "fastapi/app/hooks.py")
	writeFile(t, hooks, "def before_create(): pass\n")
	writeFile(t, filepath.Join(out, "fastapi/app.db"), "sqlite")
	runFake(t, nil, "check", spec, "-o", out).want(t, exitOK)
	runFake(t, nil, "build", spec, "-o", out).want(t, exitOK)
	if got := readFile(t, hooks); got != "def before_create(): pass\n" {
		t.Errorf("user file overwritten: %q", got)
	}

	// A spec change that drops a table: refused by check and build, with
	// nothing written, until --allow-destructive.
	writeFile(t, spec, "version: 1.1.0\ntables: posts\n")
	before := treeOf(t, out)
	for _, cmd := range []string{"check", "build"} {
		r = runFake(t, nil, cmd, spec, "-o", out)
		r.want(t, exitFail)
		for _, s := range []string{"api.cue:1:1: dropTable tags: its rows are lost", "--allow-destructive"} {
			if !strings.Contains(r.stderr, s) {
				t.Errorf("%s: stderr lacks %q:\n%s", cmd, s, r.stderr)
			}
		}
		if r.stdout != "" {
			t.Errorf("%s: stdout %q", cmd, r.stdout)
		}
	}
	if diff := cmp.Diff(before, treeOf(t, out)); diff != "" {
		t.Errorf("a refused build changed the directory (-before +after):\n%s", diff)
	}

	// With the flag: one file stale, one extra, a new step missing.
	r = runFake(t, nil, "check", spec, "-o", out, "--allow-destructive")
	r.want(t, exitFail)
	if !strings.Contains(r.stdout, filepath.Join(out, ".bgen/schema/0002_step.json")+": missing") {
		t.Errorf("check does not name the new step's snapshot:\n%s", r.stdout)
	}
	for _, s := range []string{
		filepath.Join(out, "fastapi/app/main.py") + ": stale",
		"-version = 1.0.0\n+version = 1.1.0\n",
		filepath.Join(out, "fastapi/app/models/tags.py") + ": extra",
		filepath.Join(out, "openapi/openapi.json") + ": stale",
	} {
		if !strings.Contains(r.stdout, s) {
			t.Errorf("check output lacks %q:\n%s", s, r.stdout)
		}
	}
	if !strings.Contains(r.stderr, "4 file(s)") {
		t.Errorf("stderr: %s", r.stderr)
	}
	r = runFake(t, nil, "build", spec, "-o", out, "--allow-destructive")
	r.want(t, exitOK)
	if !strings.Contains(r.stdout, filepath.Join(out, "fastapi")+": 1 written, 2 unchanged, 1 removed") ||
		!strings.Contains(r.stdout, "new migration step 0002_step") {
		t.Errorf("build after change:\n%s", r.stdout)
	}
	// The step is history now: no flag needed any more.
	runFake(t, nil, "check", spec, "-o", out).want(t, exitOK)

	// A hand edit: check names it, build refuses and writes nothing,
	// --force overwrites.
	main := filepath.Join(out, "fastapi/app/main.py")
	writeFile(t, main, "# my edit\n")
	r = runFake(t, nil, "check", spec, "-o", out)
	r.want(t, exitFail)
	if !strings.Contains(r.stdout, main+": hand-edited") {
		t.Errorf("check output:\n%s", r.stdout)
	}
	writeFile(t, spec, "version: 1.2.0\ntables: posts\n")
	r = runFake(t, nil, "build", spec, "-o", out)
	r.want(t, exitFail)
	if !strings.Contains(r.stderr, "fastapi/app/main.py") || !strings.Contains(r.stderr, "--force") {
		t.Errorf("refusal does not name the file:\n%s", r.stderr)
	}
	if got := readFile(t, filepath.Join(out, "openapi/openapi.json")); strings.Contains(got, "1.2.0") {
		t.Error("refused build wrote openapi.json")
	}
	runFake(t, nil, "build", spec, "-o", out, "--force").want(t, exitOK)
	if got := readFile(t, main); !strings.Contains(got, "1.2.0") {
		t.Errorf("forced build: main.py = %q", got)
	}
	runFake(t, nil, "check", spec, "-o", out).want(t, exitOK)

	// A file in the manifest that is no longer generated: -t narrows what
	// is built, but the extra file of the target being checked is found.
	writeFile(t, spec, "version: 1.2.0\n")
	r = runFake(t, nil, "check", spec, "-o", out, "-t", "fastapi", "--allow-destructive")
	r.want(t, exitFail)
	if !strings.Contains(r.stdout, filepath.Join(out, "fastapi/app/models/posts.py")+": extra") {
		t.Errorf("check output:\n%s", r.stdout)
	}
}

func TestBuildTargets(t *testing.T) {
	dir := t.TempDir()
	spec := filepath.Join(dir, "api.cue")
	out := filepath.Join(dir, "out")
	writeFile(t, spec, "tables: posts\n")

	r := runFake(t, nil, "build", spec, "-o", out, "-t", "go")
	r.want(t, exitOK)
	if _, err := os.Stat(filepath.Join(out, "fastapi")); err == nil {
		t.Error("-t go built fastapi")
	}
	if _, err := os.Stat(filepath.Join(out, "openapi/openapi.json")); err != nil {
		t.Error("openapi not built with -t go")
	}

	// A known target that is not implemented: nothing at all is written.
	out2 := filepath.Join(dir, "out2")
	r = runFake(t, nil, "build", spec, "-o", out2, "-t", "go,express")
	r.want(t, exitFail)
	if want := "bgen: target \"express\" is not implemented yet; implemented: openapi, fastapi, go\n"; r.stderr != want {
		t.Errorf("stderr %q, want %q", r.stderr, want)
	}
	if _, err := os.Stat(out2); err == nil {
		t.Error("failed build created the output directory")
	}
	// The same for the spec's own targets.
	writeFile(t, spec, "tables: posts\ntargets: fastapi,nestjs\n")
	r = runFake(t, nil, "check", spec, "-o", out2)
	r.want(t, exitFail)
	if !strings.Contains(r.stderr, `target "nestjs" is not implemented yet`) {
		t.Errorf("stderr %q", r.stderr)
	}
}

func TestFailedBuildWritesNothing(t *testing.T) {
	dir := t.TempDir()
	spec := filepath.Join(dir, "api.cue")
	out := filepath.Join(dir, "out")
	writeFile(t, spec, "tables: posts\n")
	ems := []emitters.Emitter{fakeEmitter{name: "openapi"}, fakeEmitter{name: "fastapi"}, fakeEmitter{name: "go", fail: true}}
	r := runFake(t, ems, "build", spec, "-o", out)
	r.want(t, exitFail)
	if !strings.Contains(r.stderr, "go: template exploded") {
		t.Errorf("stderr %q", r.stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("failed build created the output directory")
	}

	writeFile(t, spec, "tables: posts\nerror: entities.Post: bad\n")
	r = runFake(t, nil, "build", spec, "-o", out)
	r.want(t, exitFail)
	if !strings.Contains(r.stderr, "api.cue:2:1: entities.Post: bad") {
		t.Errorf("stderr %q", r.stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("build of a bad spec created the output directory")
	}
	runFake(t, nil, "vet", spec).want(t, exitFail)
	runFake(t, nil, "ir", spec).want(t, exitFail)
	runFake(t, nil, "build", filepath.Join(dir, "missing.cue"), "-o", out).want(t, exitFail)
}

func TestInit(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "My Shop")
	r := runReal(t, "init", dir)
	r.want(t, exitOK)
	got := readFile(t, filepath.Join(dir, "api.cue"))
	if strings.Replace(got, "import \"bgen.dev/spec\"\n\nspec.#Spec\n\n", "", 1) != string(examples.Blog()) {
		t.Errorf("api.cue is not the blog example embedding the schema:\n%s", got)
	}
	if _, err := os.Stat(filepath.Join(dir, "cue.mod")); err != nil {
		t.Errorf("no cue.mod: %v", err)
	}
	writeFile(t, filepath.Join(dir, "api.cue"), "mine\n")
	r = runReal(t, "init", dir)
	r.want(t, exitFail)
	if !strings.Contains(r.stderr, "already exists") {
		t.Errorf("stderr %q", r.stderr)
	}
	if got := readFile(t, filepath.Join(dir, "api.cue")); got != "mine\n" {
		t.Errorf("init overwrote api.cue: %q", got)
	}
	if got := moduleName("My Shop"); got != "bgen.local/my_shop" {
		t.Errorf("moduleName = %q", got)
	}
	if got := moduleName("..."); got != "bgen.local/api" {
		t.Errorf("moduleName = %q", got)
	}
}

func TestDefaultOutputDir(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "api.cue"), "tables: posts\n")
	t.Chdir(dir)
	r := runFake(t, nil, "build", "api.cue", "-t", "go")
	r.want(t, exitOK)
	if !strings.HasPrefix(r.stdout, "gen/openapi: 1 written") {
		t.Errorf("stdout:\n%s", r.stdout)
	}
	if _, err := os.Stat(filepath.Join(dir, "gen", "go", "go.mod")); err != nil {
		t.Error(err)
	}
	runFake(t, nil, "check", "-t", "go", "api.cue").want(t, exitOK)
}

// A target dropped from the spec's targets is pruned by the next build
// (its user-owned files stay); with -t, other targets are left alone.
func TestDroppedTargetPruned(t *testing.T) {
	dir := t.TempDir()
	spec := filepath.Join(dir, "api.cue")
	out := filepath.Join(dir, "out")
	writeFile(t, spec, "tables: posts\ntargets: fastapi,go\n")
	runFake(t, nil, "build", spec, "-o", out).want(t, exitOK)

	// -t go leaves fastapi as it is.
	runFake(t, nil, "build", spec, "-o", out, "-t", "go").want(t, exitOK)
	if _, err := os.Stat(filepath.Join(out, "fastapi/app/main.py")); err != nil {
		t.Fatalf("-t go touched fastapi: %v", err)
	}

	writeFile(t, spec, "tables: posts\ntargets: go\n")
	r := runFake(t, nil, "check", spec, "-o", out)
	r.want(t, exitFail)
	if !strings.Contains(r.stdout, filepath.Join(out, "fastapi/app/main.py")) {
		t.Errorf("check does not name the dropped target's files:\n%s", r.stdout)
	}
	r = runFake(t, nil, "build", spec, "-o", out)
	r.want(t, exitOK)
	if want := filepath.Join(out, "fastapi") + ": 2 removed (not among the spec's targets)\n"; !strings.Contains(r.stdout, want) {
		t.Errorf("stdout %q, want it to contain %q", r.stdout, want)
	}
	for _, gone := range []string{"fastapi/app/main.py", "fastapi/app/models/posts.py"} {
		if _, err := os.Stat(filepath.Join(out, gone)); !os.IsNotExist(err) {
			t.Errorf("%s: still there (%v)", gone, err)
		}
	}
	if got := readFile(t, filepath.Join(out, "fastapi/app/hooks.py")); !strings.HasPrefix(got, "# Yours") {
		t.Errorf("user file changed: %q", got)
	}
	runFake(t, nil, "check", spec, "-o", out).want(t, exitOK)
}
