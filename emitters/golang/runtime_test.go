package golang

import (
	"bytes"
	"go/format"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/bgen-dev/bgen/emitters"
	"github.com/bgen-dev/bgen/internal/pipeline"
)

// runtimeTree returns the runtime tree's files by path within the tree,
// as they are on disk.
func runtimeTree(t *testing.T) map[string][]byte {
	t.Helper()
	tree := map[string][]byte{}
	err := fs.WalkDir(os.DirFS(runtimeRoot), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(filepath.Join(runtimeRoot, filepath.FromSlash(path)))
		tree[path] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(tree) == 0 {
		t.Fatal("the runtime tree is empty")
	}
	return tree
}

// TestRuntimeFilesFollowTheTable checks that every example gets each file
// of the runtime tree that runtimeOnlyIf does not exclude for it, the
// same bytes for every example once the module name is swapped.
func TestRuntimeFilesFollowTheTable(t *testing.T) {
	tree := runtimeTree(t)
	for path := range runtimeOnlyIf {
		if _, ok := tree[path]; !ok {
			t.Errorf("runtimeOnlyIf names %s, which the tree lacks", path)
		}
	}
	for _, ex := range examples {
		api, err := pipeline.Compile([]string{specPath(ex)})
		if err != nil {
			t.Fatal(err)
		}
		files, err := New().Emit(api)
		if err != nil {
			t.Fatal(err)
		}
		byPath := map[string][]byte{}
		for _, f := range files {
			byPath[f.Path] = f.Data
		}
		for path, src := range tree {
			got, emitted := byPath[path]
			if only, ok := runtimeOnlyIf[path]; ok && !only(api) {
				if emitted {
					t.Errorf("%s: got %s, which its condition excludes", ex, path)
				}
				continue
			}
			if !emitted {
				t.Errorf("%s lacks %s", ex, path)
				continue
			}
			if want := "// " + emitters.Header + "\n\n" + runtimeReplacer(api.Name).Replace(string(src)); string(got) != want {
				t.Errorf("%s: %s is not the tree's file", ex, path)
			}
		}
	}
}

// TestRuntimePlaceholder checks that the tree names its placeholder module
// only in the forms runtimeReplacer rewrites: as an import path, or as
// the root package's name before a dot.
func TestRuntimePlaceholder(t *testing.T) {
	uses := regexp.MustCompile(`(.?)` + runtimeModule + `(.?)`)
	for path, src := range runtimeTree(t) {
		for _, m := range uses.FindAllStringSubmatch(string(src), -1) {
			before, after := m[1], m[2]
			importPath := before == `"` && (after == `"` || after == "/")
			rootPkg := after == "." && !regexp.MustCompile(`^[\pL\pN_."]$`).MatchString(before)
			if !importPath && !rootPkg {
				t.Errorf("%s: %q names %s in a way the copy does not rewrite", path, m[0], runtimeModule)
			}
		}
	}
}

// TestRuntimeCopyIsGofmted backs the copy without a formatting pass: the
// tree is gofmt'd, and stays so with module names shorter and longer than
// the placeholder and a root package name that differs from the module's
// (map_ for map).
func TestRuntimeCopyIsGofmted(t *testing.T) {
	tree := runtimeTree(t)
	for _, module := range []string{runtimeModule, "a", "map", "a_module_name_much_longer_than_the_placeholder_one"} {
		repl := runtimeReplacer(module)
		for path, src := range tree {
			if !strings.HasSuffix(path, ".go") {
				continue
			}
			out := []byte("// " + emitters.Header + "\n\n" + repl.Replace(string(src)))
			want, err := format.Source(out)
			if err != nil {
				t.Errorf("%s, module %s: %v", path, module, err)
				continue
			}
			if !bytes.Equal(out, want) {
				t.Errorf("%s, module %s: not gofmt'd", path, module)
			}
			if module == "map" && strings.Contains(string(src), runtimeModule+".") && !strings.Contains(string(out), "map_.") {
				t.Errorf("%s: the root package is not renamed:\n%s", path, out)
			}
		}
	}
}

// TestRuntimeTree vets and tests the runtime tree as it is, not as copied:
// a module is made of the tree's files, verbatim, and of the files shop
// (custom endpoints, auth) gets that depend on the spec, emitted under the
// tree's placeholder module (go.mod, go.sum, the root package, routes,
// services, ...), but not shop's own tests, which TestProjects runs.
func TestRuntimeTree(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a whole module")
	}
	api, err := pipeline.Compile([]string{specPath("shop")})
	if err != nil {
		t.Fatal(err)
	}
	api.Name = runtimeModule
	files, err := New().Emit(api)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	tree := runtimeTree(t)
	write := func(path string, data []byte) {
		p := filepath.Join(dir, filepath.FromSlash(path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for path, data := range tree {
		write(path, data)
	}
	for _, f := range files {
		if _, ok := tree[f.Path]; !ok && !strings.HasSuffix(f.Path, "_test.go") {
			write(f.Path, f.Data)
		}
	}
	for _, args := range [][]string{{"go", "vet", "./..."}, {"go", "test", "-count=1", "./..."}} {
		cmd := exec.Command(args[0], args[1:]...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			// go names files relative to the module: a file of the tree
			// has the same path under _runtime.
			t.Errorf("%v: %v (in %s)\n%s", args, err, dir, strings.ReplaceAll(string(out), dir+"/", ""))
		}
	}
}
