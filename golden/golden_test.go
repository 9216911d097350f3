// Package golden holds the expected output of every implemented target for
// every example spec: golden/<example>/<target>/ is exactly what the
// target's emitter returns for examples/<example>/api.cue.
//
//	go test ./golden                   compare
//	go test ./golden -run TestGolden -update   rewrite the trees of the registered targets
//
// A file named .gitignore (or .gitattributes) is stored as
// .gitignore.golden, so that it does not hide the tree's own files from git.
// The go target's trees carry their own go.mod, which keeps them out of
// bgen's module; no other target may emit a .go file without a go.mod above
// it.
package golden

import (
	"bytes"
	"flag"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/bgen-dev/bgen/emitters"
	"github.com/bgen-dev/bgen/internal/pipeline"
	"github.com/bgen-dev/bgen/internal/targets"
	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden trees of the registered targets")

// examplesDir is where the example specs live, relative to this package.
const examplesDir = "../examples"

// hiddenFromGit returns the file names stored with goldenSuffix in the
// trees.
func hiddenFromGit() []string { return []string{".gitignore", ".gitattributes"} }

const goldenSuffix = ".golden"

// examples returns the names of the example folders holding an api.cue.
func examples(t *testing.T) []string {
	t.Helper()
	ents, err := os.ReadDir(examplesDir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		if _, err := os.Stat(filepath.Join(examplesDir, e.Name(), "api.cue")); e.IsDir() && err == nil {
			out = append(out, e.Name())
		}
	}
	if len(out) == 0 {
		t.Fatal("no examples found")
	}
	return out
}

// emitAll compiles an example and emits every registered target.
func emitAll(t *testing.T, example string) map[string][]emitters.File {
	t.Helper()
	api, err := pipeline.Compile([]string{filepath.Join(examplesDir, example, "api.cue")})
	if err != nil {
		t.Fatalf("%s: compile: %v", example, err)
	}
	out := map[string][]emitters.File{}
	for _, em := range targets.All() {
		files, err := em.Emit(api)
		if err != nil {
			t.Fatalf("%s: emit %s: %v", example, em.Name(), err)
		}
		out[em.Name()] = files
	}
	return out
}

func registered(t *testing.T) []emitters.Emitter {
	all := targets.All()
	if len(all) == 0 {
		t.Skip("no target is registered in internal/targets yet: nothing to compare")
	}
	return all
}

// goldenPath maps an emitted path to its path in a golden tree.
func goldenPath(p string) string {
	for _, h := range hiddenFromGit() {
		if path.Base(p) == h {
			return p + goldenSuffix
		}
	}
	return p
}

// readTree returns the files under dir keyed by their emitted path.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		for _, h := range hiddenFromGit() {
			if path.Base(rel) == h+goldenSuffix {
				rel = strings.TrimSuffix(rel, goldenSuffix)
			}
		}
		b, err := os.ReadFile(p)
		out[rel] = b
		return err
	})
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return out
}

func writeTree(t *testing.T, dir string, files []emitters.File) {
	t.Helper()
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		name := filepath.Join(dir, filepath.FromSlash(goldenPath(f.Path)))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		mode := fs.FileMode(f.Mode)
		if mode == 0 {
			mode = 0o644
		}
		if err := os.WriteFile(name, f.Data, mode); err != nil {
			t.Fatal(err)
		}
	}
}

// firstLines returns a go-cmp diff of the first lines where want and got
// differ, capped.
func firstLines(want, got []byte) string {
	const max = 40
	d := cmp.Diff(strings.Split(string(want), "\n"), strings.Split(string(got), "\n"))
	lines := strings.Split(d, "\n")
	if len(lines) > max {
		lines = append(lines[:max], "\t... (diff truncated)")
	}
	return strings.Join(lines, "\n")
}

func TestGolden(t *testing.T) {
	ems := registered(t)
	for _, ex := range examples(t) {
		out := emitAll(t, ex)
		for _, em := range ems {
			t.Run(ex+"/"+em.Name(), func(t *testing.T) {
				dir := filepath.Join(ex, em.Name())
				files := out[em.Name()]
				if *update {
					writeTree(t, dir, files)
					return
				}
				have := readTree(t, dir)
				if len(have) == 0 {
					t.Fatalf("no golden tree %s: run go test ./golden -run TestGolden -update", dir)
				}
				for _, f := range files {
					want, ok := have[f.Path]
					if !ok {
						t.Errorf("%s: generated, missing from golden/%s", f.Path, dir)
						continue
					}
					delete(have, f.Path)
					if !bytes.Equal(want, f.Data) {
						t.Errorf("%s: differs from golden/%s (-golden +generated):\n%s", f.Path, dir, firstLines(want, f.Data))
					}
				}
				for _, p := range sortedKeys(have) {
					t.Errorf("%s: in golden/%s, no longer generated", p, dir)
				}
				if t.Failed() {
					t.Log("if the change is intended: go test ./golden -run TestGolden -update")
				}
			})
		}
	}
}

// TestNoStrayTrees fails on golden folders of examples that no longer
// exist (removed with -update).
func TestNoStrayTrees(t *testing.T) {
	ents, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{}
	for _, ex := range examples(t) {
		known[ex] = true
	}
	for _, e := range ents {
		if !e.IsDir() || known[e.Name()] {
			continue
		}
		if *update {
			if err := os.RemoveAll(e.Name()); err != nil {
				t.Fatal(err)
			}
			continue
		}
		t.Errorf("golden/%s: no example of that name; remove it (go test ./golden -update)", e.Name())
	}
}

func TestDeterministic(t *testing.T) {
	registered(t)
	for _, ex := range examples(t) {
		a, b := emitAll(t, ex), emitAll(t, ex)
		for target, files := range a {
			other := b[target]
			if len(files) != len(other) {
				t.Errorf("%s/%s: %d files, then %d", ex, target, len(files), len(other))
				continue
			}
			for i, f := range files {
				g := other[i]
				if f.Path != g.Path || f.Owner != g.Owner || f.Mode != g.Mode || !bytes.Equal(f.Data, g.Data) {
					t.Errorf("%s/%s: file %d differs between two builds: %s, then %s (-first +second):\n%s",
						ex, target, i, f.Path, g.Path, firstLines(f.Data, g.Data))
				}
			}
		}
		for target, files := range a {
			if !sort.SliceIsSorted(files, func(i, j int) bool { return files[i].Path < files[j].Path }) {
				t.Errorf("%s/%s: files not sorted by path", ex, target)
			}
		}
	}
}

// userMarkers returns what a user-owned file's first line says, one of
// them: that the file is the user's and bgen will not overwrite it.
func userMarkers() []string {
	return []string{"yours", "your own", "never overwrit", "not overwrit", "bgen"}
}

func TestHeaders(t *testing.T) {
	registered(t)
	for _, ex := range examples(t) {
		for target, files := range emitAll(t, ex) {
			for _, f := range files {
				where := ex + "/" + target + "/" + f.Path
				first, second, _ := strings.Cut(string(f.Data), "\n")
				second, _, _ = strings.Cut(second, "\n")
				switch f.Owner {
				case emitters.Bgen, emitters.Frozen: // frozen: a migration step or snapshot, written once
					if strings.HasSuffix(f.Path, ".json") || path.Base(f.Path) == "go.sum" {
						continue // formats without comments: the manifest says who owns them
					}
					line := first
					if strings.HasPrefix(first, "#!") {
						line = second // the header follows a shebang
					}
					if !strings.Contains(line, emitters.Header) {
						t.Errorf("%s: owned by bgen, first line %q lacks %q", where, line, emitters.Header)
					}
				case emitters.User:
					low := strings.ToLower(first)
					marked := false
					for _, m := range userMarkers() {
						marked = marked || strings.Contains(low, m)
					}
					if strings.Contains(first, emitters.Header) || !marked {
						t.Errorf("%s: user-owned, first line %q does not say the file is the user's", where, first)
					}
				default:
					t.Errorf("%s: unknown owner %d", where, f.Owner)
				}
			}
		}
	}
}

// TestGoFilesHaveAModule checks that every .go file a target emits has a
// go.mod in its folder or above it inside the target's tree, so that no
// golden tree joins bgen's own module.
func TestGoFilesHaveAModule(t *testing.T) {
	registered(t)
	for _, ex := range examples(t) {
		for target, files := range emitAll(t, ex) {
			mods := map[string]bool{}
			for _, f := range files {
				if path.Base(f.Path) == "go.mod" {
					mods[path.Dir(f.Path)] = true
				}
			}
			for _, f := range files {
				if !strings.HasSuffix(f.Path, ".go") {
					continue
				}
				found := false
				for d := path.Dir(f.Path); ; d = path.Dir(d) {
					if mods[d] {
						found = true
						break
					}
					if d == "." {
						break
					}
				}
				if !found {
					t.Errorf("%s/%s/%s: a .go file without a go.mod above it would join bgen's module", ex, target, f.Path)
				}
			}
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// TestTreeRoundTrip checks that a tree written by -update reads back as
// the emitted files, .gitignore included.
func TestTreeRoundTrip(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "tree")
	files := []emitters.File{
		{Path: ".gitignore", Data: []byte("*.db\n")},
		{Path: "app/.gitignore", Data: []byte(".env\n")},
		{Path: "app/main.py", Data: []byte("x\n")},
		{Path: "run.sh", Data: []byte("#!/bin/sh\n"), Mode: 0o755},
	}
	writeTree(t, dir, files)
	if _, err := os.Stat(filepath.Join(dir, ".gitignore")); err == nil {
		t.Error(".gitignore stored under its own name")
	}
	if _, err := os.Stat(filepath.Join(dir, "app", ".gitignore.golden")); err != nil {
		t.Error(err)
	}
	want := map[string][]byte{}
	for _, f := range files {
		want[f.Path] = f.Data
	}
	if diff := cmp.Diff(want, readTree(t, dir)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// -update removes what is no longer generated.
	writeTree(t, dir, files[2:3])
	if got := readTree(t, dir); len(got) != 1 {
		t.Errorf("after a second update: %v", sortedKeys(got))
	}
}
