package conformance

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/bgen-dev/bgen/emitters"
	"github.com/bgen-dev/bgen/internal/pipeline"
	"github.com/bgen-dev/bgen/ir"
	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
)

// JWTSecret is the fixed 48-byte secret every run uses, so the suite can
// forge tokens.
const JWTSecret = "bgen-conformance-secret-0123456789abcdefghijklmn"

// Options is one run: a spec, a target, a database.
type Options struct {
	Spec     []string // spec files
	Target   Target
	Emitter  emitters.Emitter
	OpenAPI  func(*ir.API) ([]byte, error) // the document bgen writes
	Database string                        // "sqlite" or "postgres"
	// PostgresURL is a postgres:// URL of a role with CREATEDB; a fresh
	// database is made for the run and dropped after it.
	PostgresURL string
	Report      *Report
	// Column is the report column: "fastapi/sqlite".
	Column string
	// Only, when set, runs only the rules it accepts.
	Only func(rule string) bool
}

// Run runs every rule against one target and records each in o.Report.
func Run(t *testing.T, o Options) {
	api, err := pipeline.Compile(o.Spec)
	if err != nil {
		t.Fatalf("compile %v: %v", o.Spec, err)
	}
	files, err := o.Emitter.Emit(api)
	if err != nil {
		t.Fatalf("emit %s: %v", o.Target.Name, err)
	}
	var doc []byte
	for _, f := range files {
		if f.Path == "openapi.json" {
			doc = f.Data
		}
	}
	if o.OpenAPI != nil {
		if d, err := o.OpenAPI(api); err == nil {
			doc = d
		} else {
			t.Logf("openapi document: %v", err)
		}
	}
	dir := t.TempDir()
	proj := filepath.Join(dir, o.Target.Name)
	if err := writeFiles(proj, files); err != nil {
		t.Fatal(err)
	}
	if err := setUp(t, proj, o.Target); err != nil {
		t.Fatalf("set-up of %s: %v", o.Target.Name, err)
	}

	dbURL := "sqlite:///" + filepath.Join(dir, "app.db")
	if o.Database == "postgres" {
		u, drop, err := freshPostgres(o.PostgresURL, api.Name)
		if err != nil {
			t.Fatalf("postgres: %v", err)
		}
		t.Cleanup(drop)
		dbURL = u
	}
	env := append(cleanEnv(),
		"HOST=127.0.0.1",
		"DATABASE_URL="+dbURL,
		"APP_ENV=test",
		"JWT_SECRET="+JWTSecret,
		"LOG_LEVEL=warn",
		"AUTO_MIGRATE=false",
	)
	if out, err := runCmd(proj, env, 5*time.Minute, o.Target.Migrate...); err != nil {
		t.Fatalf("migrate: %v\n%s", err, out)
	}

	s := &Suite{API: api, Doc: doc, Gen: newGen(), Model: newModel(api), Env: env, Dir: proj, Target: o.Target}
	t.Logf("data seed %d (BGEN_CONFORMANCE_SEED replays it)", s.Gen.seed)
	s.Client = &Client{HTTP: newHTTPClient()}
	s.Client.onResp = s.track
	if len(doc) > 0 {
		if err := s.loadValidator(); err != nil {
			t.Logf("openapi document does not load: %v", err)
			s.docErr = err
		}
	} else {
		s.docErr = fmt.Errorf("bgen wrote no openapi.json")
	}

	// Privileged users exist before the server starts, as in production.
	if err := s.createRoleUsers(); err != nil {
		t.Fatalf("create-user: %v", err)
	}

	srv, port, err := serveOnFreePort(proj, env, o.Target.Serve)
	if err != nil {
		t.Fatalf("server did not become healthy: %v", err)
	}
	s.Server = srv
	s.Env = append(s.Env, fmt.Sprintf("PORT=%d", port))
	s.Client.Base = fmt.Sprintf("http://127.0.0.1:%d", port)
	defer func() {
		srv.stop()
		if t.Failed() {
			t.Logf("server output (%s):\n%s", o.Target.Name, clip(srv.output(), 20000))
		}
	}()
	if err := s.loginUsers(); err != nil {
		t.Fatalf("users: %v", err)
	}

	for _, r := range rules() {
		if o.Only != nil && !o.Only(r.name) {
			continue
		}
		r := r
		t.Run(r.name, func(t *testing.T) {
			if o.Report != nil {
				t.Cleanup(func() { o.Report.Record(r.name, o.Column, t) })
			}
			defer func() {
				if p := recover(); p != nil {
					t.Errorf("rule panicked: %v", p)
				}
			}()
			r.run(s, t)
		})
	}
}

// writeFiles writes an emitter's files under dir.
func writeFiles(dir string, files []emitters.File) error {
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		mode := os.FileMode(f.Mode)
		if mode == 0 {
			mode = 0o644
		}
		if err := os.WriteFile(p, f.Data, mode); err != nil {
			return err
		}
	}
	return nil
}

// setUp runs the target's set-up, with its cached folder linked in first.
func setUp(t *testing.T, proj string, tg Target) error {
	if c := tg.Cache; c != nil {
		if err := linkCached(proj, tg.Name, c); err != nil {
			t.Logf("cache for %s unavailable, setting up from scratch: %v", tg.Name, err)
		}
	}
	out, err := runCmd(proj, os.Environ(), 15*time.Minute, "sh", "-c", tg.Setup)
	if err != nil {
		return fmt.Errorf("%s: %v\n%s", tg.Setup, err, clip(out, 8000))
	}
	return nil
}

// linkCached builds (once per key) and links a cached set-up folder.
func linkCached(proj, name string, c *CachedDir) error {
	h := sha256.New()
	for _, k := range c.Key {
		b, err := os.ReadFile(filepath.Join(proj, k))
		if err != nil {
			continue
		}
		if len(c.KeyFields) > 0 {
			b, err = jsonFields(b, c.KeyFields)
			if err != nil {
				return fmt.Errorf("%s: %v", k, err)
			}
		}
		fmt.Fprintf(h, "%s\x00%d\x00", k, len(b))
		h.Write(b)
	}
	fmt.Fprintf(h, "%s\x00", c.Command)
	base, err := os.UserCacheDir()
	if err != nil {
		base = os.TempDir()
	}
	entry := filepath.Join(base, "bgen-conformance", name+"-"+hex.EncodeToString(h.Sum(nil))[:16])
	if err := os.MkdirAll(entry, 0o755); err != nil {
		return err
	}
	lock, err := os.OpenFile(entry+".lock", os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return err
	}
	defer lock.Close()
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		return err
	}
	defer syscall.Flock(int(lock.Fd()), syscall.LOCK_UN)
	done := filepath.Join(entry, ".done")
	if _, err := os.Stat(done); err != nil {
		os.RemoveAll(filepath.Join(entry, c.Dir))
		for _, k := range c.Key {
			if b, err := os.ReadFile(filepath.Join(proj, k)); err == nil {
				if err := os.WriteFile(filepath.Join(entry, k), b, 0o644); err != nil {
					return err
				}
			}
		}
		if out, err := runCmd(entry, os.Environ(), 15*time.Minute, "sh", "-c", c.Command); err != nil {
			return fmt.Errorf("%v\n%s", err, clip(out, 8000))
		}
		if err := os.WriteFile(done, nil, 0o644); err != nil {
			return err
		}
	}
	link := filepath.Join(proj, c.Dir)
	os.RemoveAll(link)
	return os.Symlink(filepath.Join(entry, c.Dir), link)
}

// jsonFields is the JSON object data reduced to its members named in
// fields, in that order.
func jsonFields(data []byte, fields []string) ([]byte, error) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(data, &obj); err != nil {
		return nil, err
	}
	var out []json.RawMessage
	for _, f := range fields {
		out = append(out, obj[f])
	}
	return json.Marshal(out)
}

func runCmd(dir string, env []string, timeout time.Duration, argv ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Dir = dir
	cmd.Env = env
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	var buf bytes.Buffer
	cmd.Stdout = &buf
	cmd.Stderr = &buf
	err := cmd.Run()
	return buf.String(), err
}

// runSplit runs a command and returns stdout and stderr apart.
func runSplit(dir string, env []string, argv ...string) (string, string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Dir = dir
	cmd.Env = env
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	return out.String(), errb.String(), err
}

// cleanEnv is the environment without settings a generated server reads.
func cleanEnv() []string {
	var out []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "PORT", "HOST", "DATABASE_URL", "APP_ENV", "JWT_SECRET", "LOG_LEVEL", "CORS_ORIGINS", "AUTO_MIGRATE":
			continue
		}
		out = append(out, kv)
	}
	return out
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// freshPostgres creates a new database and returns its URL and a func that
// drops it.
func freshPostgres(admin, name string) (string, func(), error) {
	if admin == "" {
		return "", nil, fmt.Errorf("no BGEN_TEST_POSTGRES")
	}
	u, err := url.Parse(admin)
	if err != nil {
		return "", nil, err
	}
	db := fmt.Sprintf("conf_%s_%d_%s", name, os.Getpid(), newUUID()[:8])
	if out, err := runCmd("/", os.Environ(), time.Minute, "psql", admin, "-v", "ON_ERROR_STOP=1", "-qc", "CREATE DATABASE "+db); err != nil {
		return "", nil, fmt.Errorf("CREATE DATABASE %s: %v\n%s", db, err, out)
	}
	u.Path = "/" + db
	drop := func() {
		runCmd("/", os.Environ(), time.Minute, "psql", admin, "-qc", "DROP DATABASE IF EXISTS "+db+" WITH (FORCE)")
	}
	return u.String(), drop, nil
}

// server is the running process under test.
type server struct {
	cmd  *exec.Cmd
	mu   sync.Mutex
	out  bytes.Buffer // stdout and stderr, interleaved
	std  bytes.Buffer // stdout alone
	done chan struct{}
	err  error
}

type lockedWriter struct {
	s      *server
	stdout bool
}

func (w lockedWriter) Write(p []byte) (int, error) {
	w.s.mu.Lock()
	defer w.s.mu.Unlock()
	w.s.out.Write(p)
	if w.stdout {
		w.s.std.Write(p)
	}
	return len(p), nil
}

func startServer(dir string, env []string, argv []string) (*server, error) {
	s := &server{done: make(chan struct{})}
	s.cmd = exec.Command(argv[0], argv[1:]...)
	s.cmd.Dir = dir
	s.cmd.Env = env
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	s.cmd.Stdout = lockedWriter{s, true}
	s.cmd.Stderr = lockedWriter{s, false}
	if err := s.cmd.Start(); err != nil {
		return nil, fmt.Errorf("serve: %v", err)
	}
	go func() {
		s.err = s.cmd.Wait()
		close(s.done)
	}()
	return s, nil
}

func (s *server) exited() bool {
	select {
	case <-s.done:
		return true
	default:
		return false
	}
}

// stop sends SIGTERM to the process group, then SIGKILL after 10 s.
func (s *server) stop() {
	if s.exited() {
		return
	}
	_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(10 * time.Second):
		_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
		<-s.done
	}
}

// terminate sends SIGTERM to the server alone and waits, up to limit, for
// it to exit; it returns an error unless the server stopped with status 0.
func (s *server) terminate(limit time.Duration) error {
	if s.exited() {
		return fmt.Errorf("the server had already exited: %v", s.err)
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
		return s.err
	case <-time.After(limit):
		s.stop()
		return fmt.Errorf("still running %s after SIGTERM", limit)
	}
}

func (s *server) output() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.out.String()
}

// stdoutLines returns the server's stdout so far, line by line.
func (s *server) stdoutLines() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var lines []string
	sc := bufio.NewScanner(bytes.NewReader(s.std.Bytes()))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	return lines
}

// serveOnFreePort starts argv in dir with env (which must not set PORT)
// and PORT set to a free port, and waits for GET /health. Another process
// may take the port between the pick and the bind: then it picks again.
func serveOnFreePort(dir string, env, argv []string) (*server, int, error) {
	var last error
	for range 3 {
		port, err := freePort()
		if err != nil {
			return nil, 0, err
		}
		srv, err := startServer(dir, append(env[:len(env):len(env)], fmt.Sprintf("PORT=%d", port)), argv)
		if err != nil {
			return nil, 0, err
		}
		probe := &Suite{Client: &Client{Base: fmt.Sprintf("http://127.0.0.1:%d", port)}, Server: srv}
		err = probe.waitHealthy(healthyWithin)
		if err == nil {
			return srv, port, nil
		}
		srv.stop()
		last = fmt.Errorf("%v\n%s", err, clip(srv.output(), 4000))
		if !strings.Contains(strings.ToLower(srv.output()), "address already in use") {
			break
		}
	}
	return nil, 0, last
}

// healthyWithin bounds a server's start: generous, since a Python server
// on a loaded 2-core machine can take many seconds to import its modules.
const healthyWithin = 3 * time.Minute

func (s *Suite) waitHealthy(limit time.Duration) error {
	deadline := time.Now().Add(limit)
	c := newHTTPClient()
	c.Timeout = 2 * time.Second
	for time.Now().Before(deadline) {
		if s.Server.exited() {
			return fmt.Errorf("server exited: %v", s.Server.err)
		}
		resp, err := c.Get(s.Client.Base + "/health")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return nil
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	return fmt.Errorf("no 200 from GET /health within %s", limit)
}

func (s *Suite) loadValidator() error {
	d, err := libopenapi.NewDocument(s.Doc)
	if err != nil {
		return err
	}
	v, errs := validator.NewValidator(d)
	if len(errs) > 0 {
		return errs[0]
	}
	var m struct {
		Paths map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(s.Doc, &m); err != nil {
		return err
	}
	s.Client.validator = v
	for p := range m.Paths {
		s.Client.docPaths = append(s.Client.docPaths, pathPattern(p))
	}
	return nil
}
