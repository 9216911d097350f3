package conformance

import (
	"fmt"
	"github.com/bgen-dev/bgen/emitters"
	"testing"
	"time"
)

// The helpers below drive a generated project as this suite does, for
// other tests that need a running target (internal/evolution).

// SetUp runs tg's set-up command in proj, its cached folder (a
// virtualenv) linked in first.
func SetUp(t *testing.T, proj string, tg Target) error { return setUp(t, proj, tg) }

// WriteFiles writes an emitter's files under dir, as the suite does.
func WriteFiles(dir string, files []emitters.File) error { return writeFiles(dir, files) }

// LinkCache links tg's cached set-up folder (node_modules, a virtualenv)
// into proj, building it first if no project with the same key did.
func LinkCache(proj string, tg Target) error {
	if tg.Cache == nil {
		return fmt.Errorf("%s has no cached set-up folder", tg.Name)
	}
	return linkCached(proj, tg.Name, tg.Cache)
}

// FreshPostgres creates a database through admin (a postgres:// URL of a
// role with CREATEDB) and returns its URL and a func that drops it.
func FreshPostgres(admin, name string) (string, func(), error) { return freshPostgres(admin, name) }

// RunCommand runs argv in dir with env, killing its process group after
// timeout, and returns its stdout and stderr, interleaved.
func RunCommand(dir string, env []string, timeout time.Duration, argv ...string) (string, error) {
	return runCmd(dir, env, timeout, argv...)
}

// CleanEnv is the process's environment without the settings a generated
// server reads (PORT, DATABASE_URL, ...).
func CleanEnv() []string { return cleanEnv() }

// Server is a generated server started by Serve.
type Server struct {
	srv *server
	// Base is its URL: http://127.0.0.1:PORT.
	Base string
}

// Serve starts argv in dir with env (without PORT) on a free port and
// waits until GET /health answers 200.
func Serve(dir string, env, argv []string) (*Server, error) {
	srv, port, err := serveOnFreePort(dir, env, argv)
	if err != nil {
		return nil, err
	}
	return &Server{srv: srv, Base: fmt.Sprintf("http://127.0.0.1:%d", port)}, nil
}

// Stop sends SIGTERM to the server's process group (SIGKILL after 10 s)
// and waits for it.
func (s *Server) Stop() { s.srv.stop() }

// Output is what the server printed so far, stdout and stderr
// interleaved.
func (s *Server) Output() string { return s.srv.output() }
