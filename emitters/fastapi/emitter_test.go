package fastapi

import (
	"bytes"
	"io/fs"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/bgen-dev/bgen/emitters"
	"github.com/bgen-dev/bgen/internal/pipeline"
	"github.com/bgen-dev/bgen/ir"
)

func compile(t *testing.T, name string) *ir.API {
	t.Helper()
	api, err := pipeline.Compile([]string{specs()[name]})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return api
}

func emit(t *testing.T, name string) map[string]emitters.File {
	t.Helper()
	files, err := New().Emit(compile(t, name))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if !sort.SliceIsSorted(files, func(i, j int) bool { return files[i].Path < files[j].Path }) {
		t.Errorf("%s: files not sorted by path", name)
	}
	out := map[string]emitters.File{}
	for _, f := range files {
		if _, dup := out[f.Path]; dup {
			t.Errorf("%s: %s emitted twice", name, f.Path)
		}
		out[f.Path] = f
	}
	return out
}

func TestEmitIsDeterministic(t *testing.T) {
	for name := range specs() {
		a, b := emit(t, name), emit(t, name)
		for path, f := range a {
			if !bytes.Equal(f.Data, b[path].Data) {
				t.Errorf("%s: %s differs between two builds", name, path)
			}
		}
	}
}

func TestOwnershipAndHeaders(t *testing.T) {
	for name := range specs() {
		for path, f := range emit(t, name) {
			first, _, _ := strings.Cut(string(f.Data), "\n")
			switch {
			case f.Owner == emitters.User:
				if !strings.Contains(first, "yours") || strings.Contains(first, emitters.Header) {
					t.Errorf("%s/%s: user file's first line %q", name, path, first)
				}
			case strings.HasSuffix(path, ".json"):
			case !strings.Contains(first, emitters.Header):
				t.Errorf("%s/%s: first line %q lacks the header", name, path, first)
			}
		}
	}
	blog := emit(t, "blog")
	for _, p := range []string{"app/hooks/post.py", "app/hooks/user.py"} {
		if blog[p].Owner != emitters.User {
			t.Errorf("blog: %s should be user-owned", p)
		}
	}
	shop := emit(t, "shop")
	if shop["app/custom/cancel_order.py"].Owner != emitters.User {
		t.Error("shop: custom endpoint body should be user-owned")
	}
}

// TestFileTable keeps templates/ and runtime/ free of dead files: every
// embedded file is the source of a row of fileTable, every row's source
// exists, and every row makes a file for one of the specs at least.
func TestFileTable(t *testing.T) {
	sourced := map[string]bool{}
	for _, row := range fileTable {
		if (row.from == "") == (row.build == nil) {
			t.Errorf("%s: a row has either a source file or a build function", row.path)
		}
		if row.from == "" {
			continue
		}
		if _, err := fs.Stat(sources, row.from); err != nil {
			t.Errorf("%s: %v", row.path, err)
		}
		if row.set != nil && !strings.HasPrefix(row.from, "runtime/") {
			t.Errorf("%s: only runtime files have constants set", row.path)
		}
		if (row.each != once) != strings.Contains(row.path, "{name}") {
			t.Errorf("%s: {name} is in the path of per-entity and per-endpoint rows only", row.path)
		}
		sourced[row.from] = true
	}
	err := fs.WalkDir(sources, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if !sourced[path] {
			t.Errorf("%s is in no row of fileTable", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	made := map[string]bool{}
	for name := range specs() {
		api := compile(t, name)
		p, err := newProject(api)
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range fileTable {
			n := 1
			switch row.each {
			case perEntity:
				n = len(p.Entities)
			case perEndpoint:
				n = len(p.Endpoints)
			}
			if (row.when == nil || row.when(p)) && n > 0 {
				made[row.path] = true
			}
		}
	}
	for _, row := range fileTable {
		if !made[row.path] {
			t.Errorf("%s: no spec makes it", row.path)
		}
	}
}

func TestSetConstants(t *testing.T) {
	in := "A = 1\nB: tuple[str, ...] = ()\nAB = 2\n  A = 3\nname = \"x\"\n"
	got, err := setConstants([]byte(in), map[string]string{"A": "10", "B": `("a",)`, "name": `"y"`})
	want := "A = 10\nB: tuple[str, ...] = (\"a\",)\nAB = 2\n  A = 3\nname = \"y\"\n"
	if err != nil || string(got) != want {
		t.Errorf("got %q, %v; want %q", got, err, want)
	}
	if _, err := setConstants([]byte(in), map[string]string{"C": "1"}); err == nil {
		t.Error("a constant the file lacks must be an error")
	}
	if _, err := setConstants([]byte("A = 1\nA = 2\n"), map[string]string{"A": "1"}); err == nil {
		t.Error("a constant set twice must be an error")
	}
}

func TestPyStr(t *testing.T) {
	for in, want := range map[string]string{
		`plain`:        `"plain"`,
		`say "hi"`:     `'say "hi"'`,
		`it's`:         `"it's"`,
		"a\nb":         `"a\nb"`,
		`back\slash`:   `"back\\slash"`,
		`"x" and 'y'`:  `"\"x\" and 'y'"`,
		`CHECK ("a")`:  `'CHECK ("a")'`,
		"tab\there":    `"tab\there"`,
		"\x01control":  `"\x01control"`,
		`mixed "a" 'b`: `'mixed "a" \'b'`,
	} {
		if got := pyStr(in); got != want {
			t.Errorf("pyStr(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestPyAssign(t *testing.T) {
	short := pyAssign("X", "Rule", []string{"owner=True", `roles=("a",)`})
	if short != `X = Rule(owner=True, roles=("a",))` {
		t.Errorf("short: %s", short)
	}
	long := pyAssign("SOME_LONG_RELATION_NAME_LINK_RULE", "Rule", []string{"owner=True", `roles=("administrator", "moderator", "editor")`})
	want := "SOME_LONG_RELATION_NAME_LINK_RULE = Rule(\n    owner=True,\n    roles=(\"administrator\", \"moderator\", \"editor\"),\n)"
	if long != want {
		t.Errorf("long:\n%s\nwant:\n%s", long, want)
	}
}

func TestPythonRegexp(t *testing.T) {
	for in, want := range map[string]string{
		`^[a-z0-9-]+$`: `^[a-z0-9-]+\Z`,
		`^a\$b$`:       `^a\$b\Z`,
		`^[$]+$`:       `^[$]+\Z`,
		`^(a|b$)`:      `^(a|b\Z)`,
	} {
		if got := pythonRegexp(in); got != want {
			t.Errorf("pythonRegexp(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPyItems(t *testing.T) {
	if got := pyItems(nil, ""); got != "()" {
		t.Errorf("empty: %s", got)
	}
	if got := pyItems([]string{"a"}, ""); got != "(a,)" {
		t.Errorf("one: %s", got)
	}
	if got, want := pyItems([]string{"a", "b"}, "    "), "(\n        a,\n        b,\n    )"; got != want {
		t.Errorf("two: %q, want %q", got, want)
	}
}

func TestViewModel(t *testing.T) {
	p, err := newProject(compile(t, "blog"))
	if err != nil {
		t.Fatal(err)
	}
	var post *entity
	for _, v := range p.Entities {
		if v.Class == "Post" {
			post = v
		}
	}
	if post == nil {
		t.Fatal("no Post")
	}
	if post.OwnerKeyAttr != "author_id" || post.OwnerAttr != "author_id" {
		t.Errorf("Post owner: %q %q", post.OwnerKeyAttr, post.OwnerAttr)
	}
	for i, spec := range post.SpecItems() {
		f := post.Fields[i]
		if f.Name == "slug" && (!strings.Contains(spec.text, `pattern=re.compile(r"^[a-z0-9-]+\Z")`) || !strings.Contains(spec.text, "immutable=True")) {
			t.Errorf("slug spec:\n%s", spec.text)
		}
		if f.Name == "slug" && !slices.Contains(spec.imports, pyImport{Module: "re"}) {
			t.Errorf("slug spec does not import re: %v", spec.imports)
		}
		if f.Name == "authorId" && strings.Contains(spec.text, "writable=True") {
			t.Errorf("the owner key must not be writable:\n%s", spec.text)
		}
	}
	allow := strings.Join(p.AllowRoutes, "\n")
	for _, want := range []string{
		`re.compile(r"/api/posts/[^/]+"),` + "\n" + `        ("DELETE", "GET", "HEAD", "PATCH")`,
		`re.compile(r"/api/posts/[^/]+/tags/[^/]+"),` + "\n" + `        ("DELETE", "PUT")`,
		`re.compile(r"/openapi\.json"),`,
	} {
		if !strings.Contains(allow, want) {
			t.Errorf("allow routes lack %s:\n%s", want, allow)
		}
	}
	plain, err := newProject(compile(t, "plain"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range plain.Entities[0].Fields {
		if f.Name == "class" && f.Attr != "class_" {
			t.Errorf("class attr: %s", f.Attr)
		}
	}
	if plain.Auth != nil || plain.CallerID.text != "int" {
		t.Errorf("plain has no auth: %+v %s", plain.Auth, plain.CallerID)
	}
}
