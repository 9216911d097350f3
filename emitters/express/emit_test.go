package express_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/bgen-dev/bgen/emitters"
	"github.com/bgen-dev/bgen/emitters/emittertest"
	"github.com/bgen-dev/bgen/emitters/express"
	"github.com/bgen-dev/bgen/internal/pipeline"
	"github.com/bgen-dev/bgen/ir"
	"github.com/bgen-dev/bgen/ir/sample"
)

func specPath(name string) string {
	if slices.Contains(emittertest.SharedSpecs(), name) {
		return emittertest.SpecPath(name)
	}
	return filepath.Join("..", "..", "examples", name, "api.cue")
}

func specs() []string { return append([]string{"blog", "shop"}, emittertest.SharedSpecs()...) }

func emit(t *testing.T, name string) (*ir.API, []emitters.File) {
	t.Helper()
	api, err := pipeline.Compile([]string{specPath(name)})
	if err != nil {
		t.Fatal(err)
	}
	files, err := express.New().Emit(api)
	if err != nil {
		t.Fatal(err)
	}
	return api, files
}

// TestEmit emits the examples and the shared specs; with BGEN_EXPRESS_OUT
// set, it writes them there (a scratch folder for trying the project by
// hand).
func TestEmit(t *testing.T) {
	for _, ex := range specs() {
		_, files := emit(t, ex)
		_, again := emit(t, ex)
		if len(again) != len(files) {
			t.Fatal("not deterministic")
		}
		for i := range files {
			if string(files[i].Data) != string(again[i].Data) || (i > 0 && files[i-1].Path >= files[i].Path) {
				t.Fatalf("%s: not deterministic or not sorted", files[i].Path)
			}
		}
		out := os.Getenv("BGEN_EXPRESS_OUT")
		if out == "" {
			continue
		}
		for _, f := range files {
			p := filepath.Join(out, ex, f.Path)
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// TestGeneratedTests checks the generated tests without running them
// (TestProjects runs them): bgen owns every file, and each entity's
// create test refuses every bad value ir/sample makes for each field.
func TestGeneratedTests(t *testing.T) {
	for _, name := range specs() {
		t.Run(name, func(t *testing.T) {
			api, files := emit(t, name)
			byPath := map[string]string{}
			for _, f := range files {
				if !strings.HasPrefix(f.Path, "tests/") {
					continue
				}
				byPath[f.Path] = string(f.Data)
				if f.Owner != emitters.Bgen {
					t.Errorf("%s: owned by %v, want bgen", f.Path, f.Owner)
				}
				if strings.HasSuffix(f.Path, ".ts") && !strings.HasPrefix(string(f.Data), "// "+emitters.Header+"\n") {
					t.Errorf("%s: no header", f.Path)
				}
			}
			if _, ok := byPath["tests/fixtures.ts"]; ok != (api.Auth != nil) {
				t.Errorf("tests/fixtures.ts written: %v, auth: %v", ok, api.Auth != nil)
			}
			if api.Auth != nil && !strings.Contains(byPath["tests/auth.test.ts"], `test("register, log in and read me"`) {
				t.Error("no auth test")
			}
			checked := 0
			for _, e := range api.Entities {
				src := byPath["tests/entities/"+e.Name.Kebab()+".test.ts"]
				if !strings.Contains(src, ": create refuses each invalid value with its code") {
					continue
				}
				checked++
				for _, f := range e.Create {
					for _, inv := range sample.Invalids(f) {
						if !strings.Contains(src, `["`+f.Name+`", "`+inv.Name+`", `) {
							t.Errorf("%s: no case %s %s", e.Name.Pascal(), f.Name, inv.Name)
						}
					}
				}
			}
			if checked == 0 {
				t.Error("no entity's create is tested")
			}
		})
	}
}
