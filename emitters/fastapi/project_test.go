package fastapi

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bgen-dev/bgen/emitters/emittertest"
	"github.com/bgen-dev/bgen/internal/pipeline"
)

// TestProjects emits each example, testdata/plain and the shared specs of
// emitters/testdata, installs its requirements into a shared
// virtual environment (EnsureVenv) and runs the checks a developer would:
// ruff, ruff format, mypy --strict, the generated pytest suite, and a
// server that answers /health.
func TestProjects(t *testing.T) {
	if testing.Short() {
		t.Skip("installs packages and runs Python: skipped with -short")
	}
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 is not installed: the generated FastAPI projects cannot be checked")
	}
	paths := specs()
	names := []string{"blog", "shop", "plain"}
	for _, name := range emittertest.SharedSpecs() {
		paths[name] = emittertest.SpecPath(name)
		names = append(names, name)
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			api, err := pipeline.Compile([]string{paths[name]})
			if err != nil {
				t.Fatal(err)
			}
			files, err := New().Emit(api)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			if err := writeFiles(dir, files); err != nil {
				t.Fatal(err)
			}
			python, err := EnsureVenv(dir)
			if err != nil {
				t.Fatal(err)
			}
			run := func(args ...string) {
				t.Helper()
				cmd := exec.Command(python, args...)
				cmd.Dir = dir
				cmd.Env = append(os.Environ(), "MYPY_CACHE_DIR="+filepath.Join(dir, ".mypy_cache"))
				if out, err := cmd.CombinedOutput(); err != nil {
					t.Errorf("python %s: %v\n%s", strings.Join(args, " "), err, out)
				}
			}
			run("-m", "ruff", "check", "--no-cache", ".")
			run("-m", "ruff", "format", "--check", "--no-cache", ".")
			run("-m", "mypy", "--strict", "app")
			run("-m", "pytest", "-q", "-p", "no:cacheprovider")
			smoke(t, python, dir)
		})
	}
}

// smoke starts `python -m app serve` on a free port and a new SQLite file
// and waits for GET /health.
func smoke(t *testing.T, python, dir string) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cmd := exec.CommandContext(ctx, python, "-m", "app", "serve")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		fmt.Sprintf("PORT=%d", port), "HOST=127.0.0.1",
		"DATABASE_URL=sqlite:///"+filepath.Join(dir, "smoke.db"), "APP_ENV=test")
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Wait()
	defer cancel()
	url := fmt.Sprintf("http://127.0.0.1:%d/health", port)
	deadline := time.Now().Add(90 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get(url)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("GET /health: %d", resp.StatusCode)
			}
			return
		}
		time.Sleep(300 * time.Millisecond)
	}
	t.Fatalf("server did not answer /health within 90s:\n%s", out.String())
}
