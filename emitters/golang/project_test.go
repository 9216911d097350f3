package golang

import (
	"bytes"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/bgen-dev/bgen/emitters"
	"github.com/bgen-dev/bgen/emitters/emittertest"
	"github.com/bgen-dev/bgen/internal/pipeline"
)

// examples are the specs whose projects are built: the two examples,
// testdata/reserved (Go keywords and SQL reserved words as names), and the
// specs every target's project test builds (emitters/testdata).
var examples = append([]string{"blog", "shop", "reserved"}, emittertest.SharedSpecs()...)

func specPath(example string) string {
	switch {
	case example == "reserved":
		return filepath.Join("testdata", "reserved", "api.cue")
	case slices.Contains(emittertest.SharedSpecs(), example):
		return emittertest.SpecPath(example)
	}
	return filepath.Join("..", "..", "examples", example, "api.cue")
}

func emit(t *testing.T, example string) []emitters.File {
	t.Helper()
	api, err := pipeline.Compile([]string{specPath(example)})
	if err != nil {
		t.Fatal(err)
	}
	files, err := New().Emit(api)
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestEmitIsDeterministicAndHeadered(t *testing.T) {
	for _, ex := range examples {
		a, b := emit(t, ex), emit(t, ex)
		if len(a) != len(b) {
			t.Fatalf("%s: %d files, then %d", ex, len(a), len(b))
		}
		for i := range a {
			if a[i].Path != b[i].Path || !bytes.Equal(a[i].Data, b[i].Data) {
				t.Fatalf("%s: %s differs between two runs", ex, a[i].Path)
			}
			if i > 0 && a[i-1].Path >= a[i].Path {
				t.Fatalf("%s: files not sorted at %s", ex, a[i].Path)
			}
			first, _, _ := bytes.Cut(a[i].Data, []byte("\n"))
			switch {
			case filepath.Ext(a[i].Path) == ".json", a[i].Path == "go.sum":
				// Neither format has comments.
			case a[i].Owner == emitters.User:
				if !bytes.Contains(first, []byte("bgen created it once")) {
					t.Errorf("%s: user file %s starts with %q", ex, a[i].Path, first)
				}
			case !bytes.Contains(first, []byte(emitters.Header)):
				t.Errorf("%s: %s starts with %q", ex, a[i].Path, first)
			}
		}
	}
}

// TestProjects builds each example's project outside bgen's module and
// runs its vet, gofmt, tests and a smoke run of the server.
func TestProjects(t *testing.T) {
	if testing.Short() {
		t.Skip("builds whole projects")
	}
	for _, ex := range examples {
		t.Run(ex, func(t *testing.T) {
			dir := t.TempDir()
			for _, f := range emit(t, ex) {
				p := filepath.Join(dir, filepath.FromSlash(f.Path))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, f.Data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			bin, err := Setup(dir)
			if err != nil {
				t.Fatal(err)
			}
			// go.mod and go.sum are complete as written: tidy changes neither.
			run(t, dir, "go", "mod", "tidy", "-diff")
			run(t, dir, "go", "vet", "./...")
			if out := run(t, dir, "gofmt", "-l", "."); out != "" {
				t.Errorf("not gofmt-clean:\n%s", out)
			}
			run(t, dir, "go", "test", "./...")
			smoke(t, dir, bin)
		})
	}
}

func run(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %v\n%s", args, err, out)
	}
	return string(out)
}

func freePort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// smoke starts `server serve`, waits for /health and stops it with SIGTERM.
func smoke(t *testing.T, dir, bin string) {
	port := freePort(t)
	cmd := exec.Command(bin, "serve")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), fmt.Sprintf("PORT=%d", port), "HOST=127.0.0.1",
		"DATABASE_URL=sqlite:///"+filepath.Join(dir, "smoke.db"), "APP_ENV=test")
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	url := fmt.Sprintf("http://127.0.0.1:%d/health", port)
	ok, exited := false, false
	// Bounds for a server that hangs, generous on a loaded machine.
	for deadline := time.Now().Add(2 * time.Minute); time.Now().Before(deadline) && !ok && !exited; time.Sleep(100 * time.Millisecond) {
		if resp, err := http.Get(url); err == nil {
			ok = resp.StatusCode == http.StatusOK
			resp.Body.Close()
		}
		select {
		case err := <-done:
			exited = true
			t.Errorf("server exited before answering: %v\n%s", err, logs.String())
		default:
		}
	}
	if !exited {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("server exited with %v\n%s", err, logs.String())
			}
		case <-time.After(2 * time.Minute):
			_ = cmd.Process.Kill()
			<-done // logs is complete, and no longer written
			t.Errorf("server did not stop on SIGTERM\n%s", logs.String())
		}
	}
	if !ok {
		t.Fatalf("GET /health never answered 200\n%s", logs.String())
	}
}
