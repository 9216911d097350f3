package evolution

import (
	"flag"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite testdata/golden")

// goldenDir holds the history's files after v1, v2 and v3 (allowed), as
// an output directory has them.
const goldenDir = "testdata/golden"

// history builds v1, v2 and v3 (with --allow-destructive) into one new
// output directory, every target, and returns it.
func history(t *testing.T) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "gen")
	must(t, "build", spec("v1"), "-o", out)
	must(t, "build", spec("v2"), "-o", out)
	must(t, "build", spec("v3"), "-o", out, "--allow-destructive")
	return out
}

// TestGolden holds every migration step bgen writes for the three
// versions, for both targets and both dialects, and the snapshots.
func TestGolden(t *testing.T) {
	got := migrationFiles(t, history(t))
	if *update {
		if err := os.RemoveAll(goldenDir); err != nil {
			t.Fatal(err)
		}
		for rel, b := range got {
			p := filepath.Join(goldenDir, filepath.FromSlash(rel))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	want := migrationFiles(t, goldenDir)
	var names []string
	for rel := range got {
		names = append(names, rel)
	}
	for rel := range want {
		if _, ok := got[rel]; !ok {
			names = append(names, rel)
		}
	}
	sort.Strings(names)
	for _, rel := range names {
		if diff := cmp.Diff(string(want[rel]), string(got[rel])); diff != "" {
			t.Errorf("%s differs from %s (-golden +generated):\n%s", rel, goldenDir, diff)
		}
	}
	if t.Failed() {
		t.Log("if the change is intended: go test ./internal/evolution -run TestGolden -update")
	}
	// Three steps, each in every target and dialect.
	for _, pattern := range []string{".bgen/schema/000%d_", "fastapi/alembic/versions/000%d_", "go/migrations/postgres/0000%d_", "go/migrations/sqlite/0000%d_"} {
		for step := 1; step <= 3; step++ {
			prefix := strings.Replace(pattern, "%d", string(rune('0'+step)), 1)
			if !slices.ContainsFunc(names, func(n string) bool { return strings.HasPrefix(n, prefix) }) {
				t.Errorf("no file %s*", prefix)
			}
		}
	}
}

// TestHistoryRules checks the rules of the history in one output
// directory, with bgen's command line alone.
func TestHistoryRules(t *testing.T) {
	t.Run("check passes after each build", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "gen")
		for _, v := range []string{"v1", "v2"} {
			r := must(t, "build", spec(v), "-o", out)
			if !strings.Contains(r.stdout, "new migration step 000") {
				t.Errorf("%s: build does not name its new step:\n%s", v, r.stdout)
			}
			must(t, "check", spec(v), "-o", out)
			r = must(t, "build", spec(v), "-o", out)
			if strings.Contains(r.stdout, "new migration") || !strings.Contains(r.stdout, " 0 written") {
				t.Errorf("%s: a second build changed something:\n%s", v, r.stdout)
			}
		}
		// A changed spec needs a step: check fails and names it.
		r := bgen("check", spec("v1"), "-o", out)
		if r.code != 1 {
			t.Errorf("check of v1 against v2's history: exit %d", r.code)
		}
	})

	t.Run("destructive step refused, nothing written", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "gen")
		must(t, "build", spec("v1"), "-o", out)
		must(t, "build", spec("v2"), "-o", out)
		before := tree(t, out)
		for _, cmd := range []string{"build", "check"} {
			r := bgen(cmd, spec("v3"), "-o", out)
			if r.code != 1 {
				t.Errorf("%s v3: exit %d, want 1", cmd, r.code)
			}
			for _, want := range []string{"dropColumn posts.subtitle", "--allow-destructive"} {
				if !strings.Contains(r.stderr, want) {
					t.Errorf("%s v3: stderr lacks %q:\n%s", cmd, want, r.stderr)
				}
			}
		}
		if d := treeDiff(before, tree(t, out)); len(d) > 0 {
			t.Errorf("a refused build changed the directory: %v", d)
		}
		// With the flag, check plans the step and finds it missing.
		r := bgen("check", spec("v3"), "-o", out, "--allow-destructive")
		if r.code != 1 || !strings.Contains(r.stdout, "0003_drop_posts_subtitle.json: missing") {
			t.Errorf("check --allow-destructive: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
	})

	t.Run("a target built later gets the whole history", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "gen")
		must(t, "build", spec("v1"), "-o", out, "-t", "go")
		must(t, "build", spec("v2"), "-o", out, "-t", "go")
		if _, err := os.Stat(filepath.Join(out, "fastapi")); err == nil {
			t.Fatal("-t go built fastapi")
		}
		r := must(t, "build", spec("v2"), "-o", out, "-t", "fastapi")
		if strings.Contains(r.stdout, "new migration") {
			t.Errorf("no step was due:\n%s", r.stdout)
		}
		files := migrationFiles(t, out)
		for _, want := range []string{"fastapi/alembic/versions/0001_initial.py", "go/migrations/sqlite/00001_initial.sql"} {
			if _, ok := files[want]; !ok {
				t.Errorf("no %s", want)
			}
		}
		var revisions, gooses []string
		for rel := range files {
			switch {
			case strings.HasPrefix(rel, "fastapi/"):
				revisions = append(revisions, strings.TrimSuffix(filepath.Base(rel), ".py"))
			case strings.HasPrefix(rel, "go/migrations/sqlite/"):
				gooses = append(gooses, strings.TrimSuffix(filepath.Base(rel), ".sql"))
			}
		}
		sort.Strings(revisions)
		sort.Strings(gooses)
		if len(revisions) != 2 || len(gooses) != 2 || "0"+revisions[1] != gooses[1] {
			t.Errorf("fastapi revisions %v, go steps %v: want the same two steps", revisions, gooses)
		}
		must(t, "check", spec("v2"), "-o", out)
	})

	t.Run("written steps are frozen", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "gen")
		must(t, "build", spec("v1"), "-o", out)
		must(t, "build", spec("v2"), "-o", out)
		files := migrationFiles(t, out)
		var step string
		for rel := range files {
			if strings.HasPrefix(rel, "fastapi/alembic/versions/0002_") {
				step = filepath.Join(out, filepath.FromSlash(rel))
			}
		}
		// A step edited by hand (a data migration added, say) is kept by
		// build and passes check.
		edited := string(files[mustRel(t, out, step)]) + "\n# my data migration\n"
		if err := os.WriteFile(step, []byte(edited), 0o644); err != nil {
			t.Fatal(err)
		}
		must(t, "check", spec("v2"), "-o", out)
		must(t, "build", spec("v2"), "-o", out)
		if b, _ := os.ReadFile(step); string(b) != edited {
			t.Error("build rewrote a written migration step")
		}
		// A missing one is reported by check and written again by build.
		snapshot := filepath.Join(out, ".bgen", "schema", strings.TrimSuffix(filepath.Base(step), ".py")+".json")
		for _, f := range []string{step, snapshot} {
			if err := os.Remove(f); err != nil {
				t.Fatal(err)
			}
		}
		r := bgen("check", spec("v2"), "-o", out)
		if r.code != 1 || !strings.Contains(r.stdout, filepath.Base(step)+": missing") {
			t.Errorf("check of a missing step: exit %d\n%s", r.code, r.stdout)
		}
		must(t, "build", spec("v2"), "-o", out)
		must(t, "check", spec("v2"), "-o", out)
		if b, _ := os.ReadFile(step); string(b) != string(files[mustRel(t, out, step)]) {
			t.Error("the missing step was not written again as it was")
		}
		// A target dropped from the build keeps its steps.
		must(t, "build", spec("v2"), "-o", out, "-t", "go")
		if _, err := os.Stat(step); err != nil {
			t.Error("-t go removed fastapi's steps")
		}
	})
}

func mustRel(t *testing.T, base, p string) string {
	t.Helper()
	rel, err := filepath.Rel(base, p)
	if err != nil {
		t.Fatal(err)
	}
	return filepath.ToSlash(rel)
}
