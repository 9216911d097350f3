package fastapi

import (
	"bytes"
	"io/fs"
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

// TestEveryTemplateIsUsed keeps templates/ free of dead files.
func TestEveryTemplateIsUsed(t *testing.T) {
	used := map[string]bool{}
	err := fs.WalkDir(templateFS, "templates", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		used[strings.TrimPrefix(path, "templates/")] = false
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for name := range specs() {
		for path := range emit(t, name) {
			for tmpl := range used {
				if templateFor(path) == tmpl {
					used[tmpl] = true
				}
			}
		}
	}
	for tmpl, ok := range used {
		if !ok {
			t.Errorf("template %s is never rendered", tmpl)
		}
	}
}

// templateFor maps an emitted path back to the template it came from.
func templateFor(path string) string {
	switch {
	case path == ".env.example":
		return "env.example.tmpl"
	case path == ".gitignore":
		return "gitignore.tmpl"
	case path == "alembic/versions/0001_initial.py":
		return "alembic/versions/initial.py.tmpl"
	case strings.HasPrefix(path, "app/custom/") && path != "app/custom/__init__.py":
		return "app/custom/endpoint.py.tmpl"
	}
	templates := New().(*emitter).templates
	for _, dir := range []string{"app/models/", "app/schemas/", "app/repositories/", "app/services/", "app/api/routes/", "app/hooks/"} {
		if strings.HasPrefix(path, dir) && !strings.Contains(path[len(dir):], "/") {
			if _, ok := templates[path+".tmpl"]; !ok {
				return dir + "entity.py.tmpl"
			}
		}
	}
	return path + ".tmpl"
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
	short := pyAssign("X", `Rule(owner=True, roles=("a",))`)
	if short != `X = Rule(owner=True, roles=("a",))` {
		t.Errorf("short: %s", short)
	}
	long := pyAssign("SOME_LONG_RELATION_NAME_LINK_RULE", `Rule(owner=True, roles=("administrator", "moderator", "editor"))`)
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
	for _, f := range post.Fields {
		if f.Name == "slug" && (!strings.Contains(f.Spec, `pattern=re.compile(r"^[a-z0-9-]+\Z")`) || !strings.Contains(f.Spec, "immutable=True")) {
			t.Errorf("slug spec:\n%s", f.Spec)
		}
		if f.Name == "authorId" && strings.Contains(f.Spec, "writable=True") {
			t.Errorf("the owner key must not be writable:\n%s", f.Spec)
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
	if plain.Auth != nil || plain.CallerID != "int" {
		t.Errorf("plain has no auth: %+v %s", plain.Auth, plain.CallerID)
	}
}
