package spec

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"cuelang.org/go/cue"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// formatted is FormatErrors' output for err with positions relative to cwd.
func formatted(err error, cwd string) string {
	var b bytes.Buffer
	FormatErrors(&b, err, cwd)
	return b.String()
}

func TestExamples(t *testing.T) {
	paths, _ := filepath.Glob("../examples/*/*.cue")
	if len(paths) == 0 {
		t.Fatal("no examples found")
	}
	for _, p := range paths {
		t.Run(p, func(t *testing.T) {
			s, err := Load([]string{p})
			if err != nil {
				t.Fatalf("Load:\n%s", formatted(err, ""))
			}
			if err := Validate(s); err != nil {
				t.Fatalf("Validate:\n%s", formatted(err, ""))
			}
		})
	}
}

// cueFeatures uses definitions, hidden fields, let, a comprehension,
// embedding and references; bgen sees only the evaluated result.
const cueFeatures = `package api

import "strings"

#Audited: {
	createdBy: {type: "string", optional: true}
}
_prefix: "shop"
let maxName = 120

name: _prefix + "_api"
entities: {
	for n in ["Tag", "Label"] {
		(n): {
			fields: {
				#Audited
				name: {type: "string", maxLength: maxName, description: strings.ToLower(n)}
			}
			_internal: true
		}
	}
	Post: {
		fields: {
			title: "string"
			body:  "text"
			views: {type: "int", min: 0, default: 0, readOnly: true}
		}
		relations: tags: {manyToMany: "Tag"}
	}
}
`

func TestCUEFeatures(t *testing.T) {
	s, err := LoadSource("api.cue", []byte(cueFeatures))
	if err != nil {
		t.Fatalf("LoadSource:\n%s", formatted(err, ""))
	}
	if err := Validate(s); err != nil {
		t.Fatalf("Validate:\n%s", formatted(err, ""))
	}
	if s.Name != "shop_api" {
		t.Errorf("name = %q", s.Name)
	}
	var names []string
	for _, e := range s.Entities {
		names = append(names, e.Name)
	}
	if diff := cmp.Diff([]string{"Tag", "Label", "Post"}, names); diff != "" {
		t.Errorf("entity order (-want +got):\n%s", diff)
	}
	tag := s.Entities[0]
	if len(tag.Fields) != 2 || tag.Fields[0].Name != "createdBy" || tag.Fields[1].Name != "name" {
		t.Fatalf("Tag fields = %+v", tag.Fields)
	}
	name := tag.Fields[1]
	if name.MaxLength == nil || *name.MaxLength != 120 || name.Description != "tag" {
		t.Errorf("Tag.name = %+v", name)
	}
	if !tag.Fields[0].Optional {
		t.Errorf("createdBy should be optional")
	}
	post := s.Entities[2]
	body := post.Fields[1]
	if body.Type != "text" || body.Pos.Line() != 25 {
		t.Errorf("shorthand body = %+v at %v", body, body.Pos)
	}
	views := post.Fields[2]
	if views.Default == nil || views.Default.Go != int64(0) || !views.ReadOnly || views.Min == nil || *views.Min != 0 {
		t.Errorf("views = %+v", views)
	}
	if p := views.V.LookupPath(cue.ParsePath("min")).Pos(); p.Line() != 26 || p.Column() != 25 {
		t.Errorf("position of views.min = %v, want 26:25", p)
	}
	if r := post.Relations[0]; r.Kind != "manyToMany" || r.Target != "Tag" || r.Name != "tags" {
		t.Errorf("relation = %+v", r)
	}
}

// TestMultipleFiles loads one package split over two files.
func TestMultipleFiles(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "api.cue", "package api\n\nname: \"two\"\nentities: Post: fields: title: \"string\"\n")
	write(t, dir, "users.cue", "package api\n\nentities: User: fields: email: {type: \"email\", unique: true}\n")
	s, err := Load([]string{filepath.Join(dir, "api.cue"), filepath.Join(dir, "users.cue")})
	if err != nil {
		t.Fatalf("Load:\n%s", formatted(err, dir))
	}
	if err := Validate(s); err != nil {
		t.Fatalf("Validate:\n%s", formatted(err, dir))
	}
	if len(s.Entities) != 2 {
		t.Fatalf("entities = %d, want 2", len(s.Entities))
	}
	u := s.Entities[1]
	if u.Name != "User" || filepath.Base(u.Pos.Filename()) != "users.cue" || u.Pos.Line() != 3 {
		t.Errorf("User at %v", u.Pos)
	}
}

func write(t *testing.T, dir, name, src string) {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestImportForm checks that a project written by `bgen init` (cue.mod with
// the schema) loads, that a spec embedding spec.#Spec gives the same result
// as one without, and that errors still point at the user's file.
func TestImportForm(t *testing.T) {
	for _, module := range []string{"blog", "example.com/blog", "my_shop"} {
		t.Run(module, func(t *testing.T) {
			src, err := os.ReadFile("../examples/blog/api.cue")
			if err != nil {
				t.Fatal(err)
			}
			plain, err := Load([]string{"../examples/blog/api.cue"})
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			for name, b := range ModuleFiles(module) {
				write(t, dir, name, string(b))
			}
			imported := strings.Replace(string(src), "package blog\n", "package blog\n\nimport \"bgen.dev/spec\"\n\nspec.#Spec\n", 1)
			write(t, dir, "api.cue", imported)
			s, err := Load([]string{filepath.Join(dir, "api.cue")})
			if err != nil {
				t.Fatalf("Load:\n%s", formatted(err, dir))
			}
			if err := Validate(s); err != nil {
				t.Fatalf("Validate:\n%s", formatted(err, dir))
			}
			opts := cmp.Options{
				cmpopts.IgnoreFields(Spec{}, "Pos", "V"),
				cmpopts.IgnoreFields(Auth{}, "Pos", "V"),
				cmpopts.IgnoreFields(Entity{}, "Pos", "V"),
				cmpopts.IgnoreFields(Field{}, "Pos", "V"),
				cmpopts.IgnoreFields(Relation{}, "Pos", "V"),
				cmpopts.IgnoreFields(Endpoint{}, "Pos", "V"),
				cmpopts.IgnoreFields(Access{}, "Pos"),
				cmpopts.IgnoreFields(Literal{}, "Pos"),
				cmpopts.IgnoreFields(Response{}, "Pos"),
			}
			if diff := cmp.Diff(plain, s, opts...); diff != "" {
				t.Errorf("import form differs (-plain +import):\n%s", diff)
			}
			fromSource, err := LoadSource("api.cue", []byte(imported))
			if err != nil {
				t.Fatalf("LoadSource:\n%s", formatted(err, dir))
			}
			if diff := cmp.Diff(plain, fromSource, opts...); diff != "" {
				t.Errorf("LoadSource of the import form differs (-plain +import):\n%s", diff)
			}
			// 4 lines were added above the first line of the example.
			post := s.Entities[1]
			if post.Pos.Line() != plain.Entities[1].Pos.Line()+4 || filepath.Base(post.Pos.Filename()) != "api.cue" {
				t.Errorf("Post at %v, plain at %v", post.Pos, plain.Entities[1].Pos)
			}

			bad := strings.Replace(imported, "\tPost: {\n", "\tPost: {\n\t\tpermissions: 1\n", 1)
			write(t, dir, "api.cue", bad)
			_, err = Load([]string{filepath.Join(dir, "api.cue")})
			got := formatted(err, dir)
			want := fmt.Sprintf("api.cue:%d:3: entities.Post.permissions: field not allowed\n", post.Pos.Line()+1)
			if got != want {
				t.Errorf("got %q, want %q", got, want)
			}
		})
	}
}

// TestImportFormKeepsOtherUses keeps the import when the user's file uses
// the schema package for more than the top-level embedding.
func TestImportFormKeepsOtherUses(t *testing.T) {
	dir := t.TempDir()
	for name, b := range ModuleFiles("example.com/x") {
		write(t, dir, name, string(b))
	}
	write(t, dir, "api.cue", `package x

import "bgen.dev/spec"

spec.#Spec

#Post: spec.#Entity & {fields: title: "string"}

name: "x"
entities: Post: #Post
`)
	s, err := Load([]string{filepath.Join(dir, "api.cue")})
	if err != nil {
		t.Fatalf("Load:\n%s", formatted(err, dir))
	}
	if len(s.Entities) != 1 || len(s.Entities[0].Fields) != 1 {
		t.Errorf("entities = %+v", s.Entities)
	}
}

func TestModuleFiles(t *testing.T) {
	files := ModuleFiles("blog")
	if got := string(files["cue.mod/module.cue"]); got != "module: \"blog.local\"\nlanguage: version: \"v0.17.0\"\n" {
		t.Errorf("module.cue = %q", got)
	}
	if !bytes.Equal(files["cue.mod/pkg/bgen.dev/spec/schema.cue"], Schema()) {
		t.Errorf("schema.cue is not the embedded schema")
	}
	if got := string(ModuleFiles("my_shop")["cue.mod/module.cue"]); !strings.HasPrefix(got, "module: \"my-shop.local\"\n") {
		t.Errorf("module.cue = %q", got)
	}
	if len(files) != 2 {
		t.Errorf("files = %d, want 2", len(files))
	}
}

// TestSourceOrder: CUE alone would order an embedded definition's fields
// and a struct's own fields alphabetically; bgen keeps the order written.
func TestSourceOrder(t *testing.T) {
	src := `name: "x"
#Named: {name: "string"}
entities: {
	Zeta: fields: {
		#Named
		color: "string"
	}
	Alpha: {
		fields: {zz: "int", aa: "int", mm: "int"}
		relations: {z: {belongsTo: "Zeta"}, a: {belongsTo: "Zeta"}}
	}
}
`
	s, err := LoadSource("api.cue", []byte(src))
	if err != nil {
		t.Fatalf("LoadSource:\n%s", formatted(err, ""))
	}
	var got []string
	for _, e := range s.Entities {
		got = append(got, e.Name+":")
		for _, f := range e.Fields {
			got = append(got, f.Name)
		}
		for _, r := range e.Relations {
			got = append(got, r.Name)
		}
	}
	want := []string{"Zeta:", "name", "color", "Alpha:", "zz", "aa", "mm", "z", "a"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
}
