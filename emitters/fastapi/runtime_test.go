package fastapi

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bgen-dev/bgen/emitters"
)

// TestRuntimeTree checks the runtime tree in place, its files as they are
// in the repository: ruff check, ruff format --check and mypy --strict
// (app, alembic and tests), with the configuration of its pyproject.toml,
// in the virtual environment the project tests use (EnsureVenv).
//
// The tree imports a few modules that depend on the spec (app.dependencies,
// app.api.allow, app.migrations): mypy reads them, and what they import,
// from the blog example's generated files, put on MYPYPATH without the
// runtime files, so that the tree is checked against real generated code.
// The tree's own Python tests (tests/test_db.py) need a generated project
// to run: TestProjects runs them in every project.
func TestRuntimeTree(t *testing.T) {
	if testing.Short() {
		t.Skip("installs packages and runs Python: skipped with -short")
	}
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 is not installed: the runtime tree cannot be checked")
	}
	files, err := New().Emit(compile(t, "blog"))
	if err != nil {
		t.Fatal(err)
	}
	project := t.TempDir()
	if err := writeFiles(project, files); err != nil {
		t.Fatal(err)
	}
	python, err := EnsureVenv(project)
	if err != nil {
		t.Fatal(err)
	}
	runtime := map[string]bool{}
	for _, row := range fileTable {
		if strings.HasPrefix(row.from, "runtime/") {
			runtime[row.path] = true
		}
	}
	var generated []emitters.File
	for _, f := range files {
		if strings.HasSuffix(f.Path, ".py") && !runtime[f.Path] {
			generated = append(generated, f)
		}
	}
	spec := t.TempDir()
	if err := writeFiles(spec, generated); err != nil {
		t.Fatal(err)
	}
	caches := t.TempDir()
	run := func(args ...string) {
		t.Helper()
		cmd := exec.Command(python, args...)
		cmd.Dir = "runtime"
		cmd.Env = append(os.Environ(), "MYPYPATH="+spec, "MYPY_CACHE_DIR="+filepath.Join(caches, "mypy"),
			"PYTHONDONTWRITEBYTECODE=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("runtime: python %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	run("-m", "ruff", "check", "--no-cache", ".")
	run("-m", "ruff", "format", "--check", "--no-cache", ".")
	run("-m", "mypy", "--strict", "app", "alembic", "tests")
}
