package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/bgen-dev/bgen/examples"
	"github.com/bgen-dev/bgen/ir/apidiff"
)

// The bgen diff tests run the real pipeline from the repository's root, so
// that paths print as a user at the root would see them. The second
// version of the blog and the Markdown report of the two are the golden
// files of ir/apidiff.
const (
	rootBlog   = "examples/blog/api.cue"
	blogV2Spec = "ir/apidiff/testdata/blog-v2/api.cue"
	blogGolden = "ir/apidiff/testdata/blog.md"
)

func atRoot(t *testing.T) {
	t.Helper()
	t.Chdir(filepath.Join("..", ".."))
}

// blogWith writes the blog example with old replaced by new into a new
// folder and returns the file's path.
func blogWith(t *testing.T, old, new string) string {
	t.Helper()
	src := string(examples.Blog())
	if strings.Count(src, old) != 1 {
		t.Fatalf("%q is not once in the blog example", old)
	}
	p := filepath.Join(t.TempDir(), "api.cue")
	writeFile(t, p, strings.Replace(src, old, new, 1))
	return p
}

func TestDiffFormats(t *testing.T) {
	atRoot(t)
	golden := readFile(t, blogGolden)

	md := runReal(t, "diff", rootBlog, blogV2Spec, "--format", "markdown")
	md.want(t, exitFail)
	if diff := cmp.Diff(golden, md.stdout); diff != "" {
		t.Errorf("markdown differs from %s (-want +got):\n%s", blogGolden, diff)
	}
	if md.stderr != "" {
		t.Errorf("stderr: %s", md.stderr)
	}

	text := runReal(t, "diff", rootBlog, blogV2Spec)
	text.want(t, exitFail)
	first := strings.SplitN(text.stdout, "\n", 2)[0]
	if first != "bgen diff "+rootBlog+" -> "+blogV2Spec+": 15 breaking changes (11 API, 4 database), 14 non-breaking changes" {
		t.Errorf("text starts %q", first)
	}
	for _, want := range []string{
		"\nAPI, breaking:\n  operation-removed       DELETE /api/tags/{id}: the delete operation of Tag was removed\n",
		"  constraint-narrowed     Post.title (create, update): maxLength lowered from 200 to 120\n",
		"\nDatabase, breaking:\n  dropColumn   posts.summary: drops column posts.summary",
	} {
		if !strings.Contains(text.stdout, want) {
			t.Errorf("text lacks %q:\n%s", want, text.stdout)
		}
	}

	js := runReal(t, "diff", "--format", "json", rootBlog, blogV2Spec)
	js.want(t, exitFail)
	var r apidiff.Report
	if err := json.Unmarshal([]byte(js.stdout), &r); err != nil {
		t.Fatalf("%v:\n%s", err, js.stdout)
	}
	if !r.Breaking || r.Old != rootBlog || r.New != blogV2Spec || r.Summary.Breaking != 15 || len(r.API) != 21 {
		t.Errorf("JSON report: breaking %v, old %q, new %q, summary %+v, %d findings", r.Breaking, r.Old, r.New, r.Summary, len(r.API))
	}
	want := apidiff.Finding{Severity: apidiff.Breaking, Kind: apidiff.OperationRemoved, Subject: "DELETE /api/tags/{id}", Message: "the delete operation of Tag was removed"}
	if diff := cmp.Diff(want, r.API[0]); diff != "" {
		t.Errorf("first finding (-want +got):\n%s", diff)
	}
}

func TestDiffExitCodes(t *testing.T) {
	atRoot(t)
	same := runReal(t, "diff", rootBlog, rootBlog)
	same.want(t, exitOK)
	if same.stdout != "bgen diff "+rootBlog+" -> "+rootBlog+": no breaking changes, no non-breaking changes\n\nAPI: no changes\n\nDatabase: no changes\n" {
		t.Errorf("no change:\n%s", same.stdout)
	}

	// A new optional field breaks nothing: exit 0, and it is listed.
	added := blogWith(t, "\t\t\tbody: \"text\"\n", "\t\t\tbody: \"text\"\n\t\t\tsubtitle: {type: \"string\", optional: true}\n")
	r := runReal(t, "diff", rootBlog, added, "--format", "markdown")
	r.want(t, exitOK)
	for _, want := range []string{
		"**bgen diff: no breaking changes, 3 non-breaking changes**\n",
		"| request-field-added | `Post.subtitle` (create, update) | new optional field |\n",
		"| response-field-added | `Post.subtitle` (response) | added to responses |\n",
		"| addColumn | `posts.subtitle` | column added (",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("markdown lacks %q:\n%s", want, r.stdout)
		}
	}
	// The other way round, the field is gone: exit 1.
	runReal(t, "diff", added, rootBlog).want(t, exitFail)

	// A spec that does not compile: exit 1, its error on stderr.
	bad := blogWith(t, `body: "text"`, `body: "txt"`)
	r = runReal(t, "diff", rootBlog, bad)
	r.want(t, exitFail)
	if r.stdout != "" || !strings.Contains(r.stderr, "api.cue:") {
		t.Errorf("bad spec: stdout %q, stderr %q", r.stdout, r.stderr)
	}
	runReal(t, "diff", rootBlog, "no/such.cue").want(t, exitFail)
}

func TestDiffUsage(t *testing.T) {
	atRoot(t)
	notBuilt := t.TempDir()
	for _, c := range []struct {
		args []string
		want string
	}{
		{nil, "want OLD and NEW, got 0 argument(s)"},
		{[]string{rootBlog}, "want OLD and NEW, got 1 argument(s)"},
		{[]string{rootBlog, rootBlog, rootBlog}, "want OLD and NEW, got 3 argument(s); for a spec of several files use --old and --new"},
		{[]string{rootBlog, rootBlog, "--format", "yaml"}, `unknown format "yaml" (known: text, json, markdown)`},
		{[]string{"--old", rootBlog, "--new", rootBlog, rootBlog}, "unexpected arguments with both --old and --new"},
		{[]string{"--old", rootBlog}, "want both an OLD and a NEW version"},
		{[]string{notBuilt, rootBlog}, notBuilt + " is not an output directory of bgen build (it has no .bgen/)"},
		{[]string{"--old", notBuilt, "--old", rootBlog, rootBlog}, notBuilt + " is a directory"},
		{[]string{rootBlog, rootBlog, "--bogus"}, "flag provided but not defined: -bogus"},
	} {
		r := runReal(t, append([]string{"diff"}, c.args...)...)
		if r.code != exitUsage || !strings.Contains(r.stderr, c.want) || r.stdout != "" {
			t.Errorf("diff %v: exit %d, stdout %q, stderr %q; want exit 2 and %q", c.args, r.code, r.stdout, r.stderr, c.want)
		}
	}

	h := runReal(t, "diff", "-h")
	h.want(t, exitOK)
	for _, want := range []string{"Usage: bgen diff OLD NEW [--format text|json|markdown]", "-format FORMAT", "-old SPEC", "-new SPEC", "DIR/.bgen/spec/"} {
		if !strings.Contains(h.stdout, want) {
			t.Errorf("diff -h lacks %q:\n%s", want, h.stdout)
		}
	}
}

// TestDiffSeveralFiles: --old and --new take a spec of several files, once
// per file; the arguments are then the other version.
func TestDiffSeveralFiles(t *testing.T) {
	atRoot(t)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "api.cue"), string(examples.Blog()))
	writeFile(t, filepath.Join(dir, "limits.cue"), "package blog\n\napi: pagination: maxLimit: 50\n")
	files := []string{"--new", filepath.Join(dir, "api.cue"), "--new", filepath.Join(dir, "limits.cue")}

	r := runReal(t, append([]string{"diff", rootBlog}, files...)...)
	r.want(t, exitFail)
	if !strings.Contains(r.stdout, "api.pagination.maxLimit: lowered from 100 to 50") {
		t.Errorf("several files:\n%s", r.stdout)
	}
	if want := "bgen diff " + rootBlog + " -> " + filepath.Join(dir, "api.cue") + " " + filepath.Join(dir, "limits.cue") + ": "; !strings.HasPrefix(r.stdout, want) {
		t.Errorf("labels: %q, want prefix %q", strings.SplitN(r.stdout, "\n", 2)[0], want)
	}

	// --old the other way round: raising the limit breaks nothing.
	r = runReal(t, "diff", "--old", filepath.Join(dir, "api.cue"), "--old", filepath.Join(dir, "limits.cue"), rootBlog)
	r.want(t, exitOK)
	if !strings.Contains(r.stdout, "api.pagination.maxLimit: raised from 50 to 100") {
		t.Errorf("several old files:\n%s", r.stdout)
	}
}

// TestDiffOutputDir compares an output directory, through the spec copy
// KeepSpec keeps in it, with a spec.
func TestDiffOutputDir(t *testing.T) {
	atRoot(t)
	out := t.TempDir()
	if err := KeepSpec(out, []string{rootBlog}); err != nil {
		t.Fatal(err)
	}
	copyDir := filepath.Join(out, filepath.FromSlash(SpecCopyDir))
	if got := readFile(t, filepath.Join(copyDir, "api.cue")); got != string(examples.Blog()) {
		t.Errorf("the copy differs from the spec")
	}
	if got := readFile(t, filepath.Join(copyDir, SpecCopyIndex)); got != "{\n  \"files\": [\n    \"api.cue\"\n  ]\n}\n" {
		t.Errorf("%s: %q", SpecCopyIndex, got)
	}

	r := runReal(t, "diff", out, blogV2Spec, "--format", "markdown")
	r.want(t, exitFail)
	want := strings.Replace(readFile(t, blogGolden), "`"+rootBlog+"`", "`"+out+"`", 1)
	if diff := cmp.Diff(want, r.stdout); diff != "" {
		t.Errorf("the directory's report differs from the spec's (-want +got):\n%s", diff)
	}
	runReal(t, "diff", out, rootBlog).want(t, exitOK)
	runReal(t, "diff", "--old", out, "--new", out).want(t, exitOK)

	// A copy that is the same is left alone; another spec replaces it.
	stamp := time.Now().Add(-time.Hour)
	if err := os.Chtimes(filepath.Join(copyDir, "api.cue"), stamp, stamp); err != nil {
		t.Fatal(err)
	}
	if err := KeepSpec(out, []string{rootBlog}); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(filepath.Join(copyDir, "api.cue")); err != nil || !fi.ModTime().Equal(stamp) {
		t.Errorf("an unchanged copy was rewritten (%v)", err)
	}
	if err := KeepSpec(out, []string{blogV2Spec}); err != nil {
		t.Fatal(err)
	}
	runReal(t, "diff", out, blogV2Spec).want(t, exitOK)
	if ents, _ := os.ReadDir(filepath.Dir(copyDir)); len(ents) != 1 {
		t.Errorf("%s holds %d entries, want the copy only", filepath.Dir(copyDir), len(ents))
	}

	// A directory built before bgen kept the spec.
	old := t.TempDir()
	writeFile(t, filepath.Join(old, ".bgen", "manifest.json"), "{}\n")
	r = runReal(t, "diff", old, rootBlog)
	r.want(t, exitFail)
	if !strings.Contains(r.stderr, old+" holds no copy of the spec it was built from") {
		t.Errorf("stderr: %s", r.stderr)
	}
}

// TestKeepSpecModule: the copy of a spec in a CUE module (as bgen init
// makes it) carries the module's cue.mod/, so that an import of the
// schema still resolves; several files keep their order.
func TestKeepSpecModule(t *testing.T) {
	dir := t.TempDir()
	code := run(&env{stdout: &strings.Builder{}, stderr: &strings.Builder{}}, []string{"init", dir})
	if code != exitOK {
		t.Fatalf("init: exit %d", code)
	}
	writeFile(t, filepath.Join(dir, "extra.cue"), "package blog\n\napi: pagination: maxLimit: 50\n")
	out := filepath.Join(dir, "gen")
	paths := []string{filepath.Join(dir, "extra.cue"), filepath.Join(dir, "api.cue")}
	if err := KeepSpec(out, paths); err != nil {
		t.Fatal(err)
	}
	files, err := specCopy(out)
	if err != nil {
		t.Fatal(err)
	}
	copyDir := filepath.Join(out, filepath.FromSlash(SpecCopyDir))
	if want := []string{filepath.Join(copyDir, "extra.cue"), filepath.Join(copyDir, "api.cue")}; !cmp.Equal(files, want) {
		t.Errorf("files %v, want %v", files, want)
	}
	if _, err := os.Stat(filepath.Join(copyDir, "cue.mod", "module.cue")); err != nil {
		t.Errorf("cue.mod not copied: %v", err)
	}
	r := runReal(t, "diff", out, "--new", paths[0], "--new", paths[1])
	r.want(t, exitOK)

	if err := KeepSpec(t.TempDir(), []string{filepath.Join(dir, "api.cue"), filepath.Join(out, SpecCopyDir, "api.cue")}); err == nil {
		t.Error("two files named api.cue: no error")
	}
}

// TestDiffBuiltHistory compares directories that bgen build wrote (which
// keeps a copy of the spec): the database side is the step the next build
// would add to the directory's history.
func TestDiffBuiltHistory(t *testing.T) {
	atRoot(t)
	out := t.TempDir()
	build := func(spec string, flags ...string) {
		t.Helper()
		runReal(t, append([]string{"build", spec, "-o", out, "-t", "openapi"}, flags...)...).want(t, exitOK)
		copied := filepath.Join(out, filepath.FromSlash(SpecCopyDir), "api.cue")
		if readFile(t, copied) != readFile(t, spec) {
			t.Fatalf("the build did not keep a copy of %s in %s", spec, copied)
		}
	}
	build(rootBlog)
	r := runReal(t, "diff", out, blogV2Spec, "--format", "markdown")
	r.want(t, exitFail)
	want := strings.Replace(readFile(t, blogGolden), "`"+rootBlog+"`", "`"+out+"`", 1)
	if diff := cmp.Diff(want, r.stdout); diff != "" {
		t.Errorf("the built directory's report differs from the spec's (-want +got):\n%s", diff)
	}

	build(blogV2Spec, "--allow-destructive")
	r = runReal(t, "diff", out, blogV2Spec)
	r.want(t, exitOK)
	if !strings.HasSuffix(r.stdout, "\nAPI: no changes\n\nDatabase: no changes\n") {
		t.Errorf("a directory against its own spec:\n%s", r.stdout)
	}
	r = runReal(t, "diff", out, rootBlog, "--format", "json")
	r.want(t, exitFail)
	var rep apidiff.Report
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatal(err)
	}
	var drops []string
	for _, c := range rep.Database.Changes {
		if c.Severity == apidiff.Breaking {
			drops = append(drops, string(c.Kind)+" "+c.Table+"."+c.Column)
		}
	}
	if !slices.Contains(drops, "dropColumn posts.category") {
		t.Errorf("back to v1: destructive changes %v, want posts.category dropped", drops)
	}
}
