package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"cuelang.org/go/cue"
	"cuelang.org/go/cue/cuecontext"
	"cuelang.org/go/cue/load"

	"github.com/bgen-dev/bgen/emitters"
	"github.com/bgen-dev/bgen/internal/pipeline"
	"github.com/bgen-dev/bgen/internal/targets"
)

// The tests in this file run the real pipeline and the registered emitters
// on the example specs and small specs written into temp dirs.

const blogSpec = "../../examples/blog/api.cue"

func TestVetExamples(t *testing.T) {
	for _, ex := range []string{"blog", "shop"} {
		r := runReal(t, "vet", "../../examples/"+ex+"/api.cue")
		r.want(t, exitOK)
		if r.stdout != "" || r.stderr != "" {
			t.Errorf("%s: vet printed:\n%s%s", ex, r.stdout, r.stderr)
		}
	}
}

const badSpec = `package demo

name: "demo"
entities: {
	Post: {
		fields: {
			title: {type: "strng"}
			body: {type: "text", min: 3}
		}
	}
}
`

func TestSpecErrorsRelativeToCwd(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "specs", "bad.cue"), badSpec)
	t.Chdir(dir)
	for _, cmd := range []string{"vet", "ir", "build", "check"} {
		r := runReal(t, cmd, "specs/bad.cue", "-o", "out")
		if cmd == "vet" || cmd == "ir" {
			r = runReal(t, cmd, "specs/bad.cue")
		}
		r.want(t, exitFail)
		lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
		pos := regexp.MustCompile(`^specs/bad\.cue:\d+:\d+: \S`)
		for _, l := range lines {
			if !pos.MatchString(l) {
				t.Errorf("%s: error line %q is not specs/bad.cue:LINE:COL: message", cmd, l)
			}
		}
		if !strings.Contains(r.stderr, "specs/bad.cue:7:") {
			t.Errorf("%s: no error at line 7 (the unknown type):\n%s", cmd, r.stderr)
		}
		if r.stdout != "" {
			t.Errorf("%s: stdout %q", cmd, r.stdout)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "out")); err == nil {
		t.Error("a build of a bad spec wrote files")
	}
}

func TestIRStable(t *testing.T) {
	a := runReal(t, "ir", blogSpec)
	a.want(t, exitOK)
	b := runReal(t, "ir", blogSpec)
	if a.stdout != b.stdout {
		t.Error("bgen ir printed two different outputs")
	}
	var v map[string]any
	if err := json.Unmarshal([]byte(a.stdout), &v); err != nil {
		t.Fatalf("bgen ir is not JSON: %v", err)
	}
	if v["Name"] != "blog" || !strings.HasSuffix(a.stdout, "}\n") || !strings.Contains(a.stdout, "\n  \"Name\": \"blog\",\n") {
		t.Errorf("bgen ir: unexpected output:\n%.400s", a.stdout)
	}
}

func TestInitThenVet(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "my-api")
	runReal(t, "init", dir).want(t, exitOK)
	t.Chdir(dir)
	r := runReal(t, "vet", "api.cue")
	r.want(t, exitOK)
	if r.stdout != "" || r.stderr != "" {
		t.Errorf("vet printed:\n%s%s", r.stdout, r.stderr)
	}
	// The starter embeds the schema from cue.mod: CUE itself (as `cue vet`
	// does, without bgen's own copy) resolves the import and checks it.
	if src := readFile(t, "api.cue"); !strings.Contains(src, "import \"bgen.dev/spec\"\n\nspec.#Spec\n") {
		t.Fatalf("starter does not embed the schema:\n%s", src)
	}
	cueVet := func() error {
		insts := load.Instances([]string{"."}, nil)
		if err := insts[0].Err; err != nil {
			return err
		}
		return cuecontext.New().BuildInstance(insts[0]).Validate(cue.Concrete(true))
	}
	if err := cueVet(); err != nil {
		t.Fatalf("cue rejects the starter: %v", err)
	}
	writeFile(t, "api.cue", strings.Replace(readFile(t, "api.cue"), `"blog"`, `5`, 1))
	if err := cueVet(); err == nil || !strings.Contains(err.Error(), "conflicting values 5 and string") {
		t.Fatalf("cue accepts name: 5 (%v)", err)
	}
	// And init in the current directory refuses to overwrite it.
	r = runReal(t, "init")
	r.want(t, exitFail)
}

// realTargets returns -t naming every registered target but openapi, or
// skips the test when openapi (always built) is not registered yet.
func realTargets(t *testing.T) string {
	t.Helper()
	if _, ok := targets.Lookup("openapi"); !ok {
		t.Skip("openapi is not registered in internal/targets yet; every build needs it")
	}
	var names []string
	for _, n := range targets.Implemented() {
		if n != "openapi" {
			names = append(names, n)
		}
	}
	return strings.Join(append(names, "openapi"), ",")
}

func TestBuildCheckExamples(t *testing.T) {
	ts := realTargets(t)
	dir := t.TempDir()
	spec := filepath.Join(dir, "api.cue")
	writeFile(t, spec, readFile(t, blogSpec))
	out := filepath.Join(dir, "gen")

	r := runReal(t, "build", spec, "-t", ts, "-o", out)
	r.want(t, exitOK)
	runReal(t, "check", spec, "-t", ts, "-o", out).want(t, exitOK)
	r = runReal(t, "build", spec, "-o", out, "-t", ts)
	r.want(t, exitOK)
	if strings.Contains(r.stdout, " 1 written") || regexp.MustCompile(`[1-9]\d* written`).MatchString(r.stdout) {
		t.Errorf("second build wrote files:\n%s", r.stdout)
	}

	// Hand edit of an owned file.
	doc := filepath.Join(out, "openapi", "openapi.json")
	orig := readFile(t, doc)
	writeFile(t, doc, orig+" ")
	r = runReal(t, "check", spec, "-t", ts, "-o", out)
	r.want(t, exitFail)
	if !strings.Contains(r.stdout, doc+": hand-edited") {
		t.Errorf("check output:\n%s", r.stdout)
	}
	r = runReal(t, "build", spec, "-t", ts, "-o", out)
	r.want(t, exitFail)
	if !strings.Contains(r.stderr, "openapi/openapi.json") {
		t.Errorf("build did not name the hand-edited file:\n%s", r.stderr)
	}
	runReal(t, "build", spec, "-t", ts, "-o", out, "--force").want(t, exitOK)
	if readFile(t, doc) != orig {
		t.Error("--force did not restore openapi.json")
	}

	// Files meant for the user's code keep the user's edits.
	api, err := pipeline.Compile([]string{spec})
	if err != nil {
		t.Fatal(err)
	}
	var userFiles []string
	for _, name := range strings.Split(ts, ",") {
		em, _ := targets.Lookup(name)
		files, err := em.Emit(api)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if f.Owner == emitters.User {
				userFiles = append(userFiles, filepath.Join(out, name, filepath.FromSlash(f.Path)))
			}
		}
	}
	for _, f := range userFiles {
		writeFile(t, f, "# mine\n")
	}
	runReal(t, "check", spec, "-t", ts, "-o", out).want(t, exitOK)
	runReal(t, "build", spec, "-t", ts, "-o", out).want(t, exitOK)
	for _, f := range userFiles {
		if got := readFile(t, f); got != "# mine\n" {
			t.Errorf("%s: the user's edit was overwritten", f)
		}
	}
	if len(userFiles) == 0 {
		t.Log("no registered target emits user-owned files for the blog: not checked")
	}

	// A spec change makes check fail.
	writeFile(t, spec, strings.Replace(readFile(t, spec), `"Blog API"`, `"Blog API v2"`, 1))
	r = runReal(t, "check", spec, "-t", ts, "-o", out)
	r.want(t, exitFail)
	if !strings.Contains(r.stdout, doc+": stale") {
		t.Errorf("check after a spec change:\n%s", r.stdout)
	}
	runReal(t, "build", spec, "-t", ts, "-o", out).want(t, exitOK)
	runReal(t, "check", spec, "-t", ts, "-o", out).want(t, exitOK)

	// An extra file recorded in the manifest.
	man := filepath.Join(out, ".bgen", "manifest.json")
	var m map[string]any
	if err := json.Unmarshal([]byte(readFile(t, man)), &m); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(out, "openapi", "old.json"), "{}\n")
	m["files"].(map[string]any)["openapi/old.json"] = "sha256:ca3d163bab055381827226140568f3bef7eaac187cebd76878e0b63e9e442356"
	b, _ := json.MarshalIndent(m, "", "  ")
	writeFile(t, man, string(b)+"\n")
	r = runReal(t, "check", spec, "-t", ts, "-o", out)
	r.want(t, exitFail)
	if !strings.Contains(r.stdout, filepath.Join(out, "openapi", "old.json")+": extra") {
		t.Errorf("check with an extra file:\n%s", r.stdout)
	}
	runReal(t, "build", spec, "-t", ts, "-o", out).want(t, exitOK)
	if _, err := os.Stat(filepath.Join(out, "openapi", "old.json")); err == nil {
		t.Error("build kept the extra file")
	}
	runReal(t, "check", spec, "-t", ts, "-o", out).want(t, exitOK)
}
