package conformance

import (
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bgen-dev/bgen/ir"
)

// privatePostgres is a PostgreSQL cluster of one rule's own, which the rule
// may stop and start: the shared one serves every other run.
type privatePostgres struct {
	bin, dir string
	port     int
	asUser   []string // runs a command as the cluster's owner
}

// newPrivatePostgres makes and starts a cluster in a temporary folder, with
// a trusted role "app"; it skips the test where no PostgreSQL is installed.
func newPrivatePostgres(t *testing.T) *privatePostgres {
	t.Helper()
	bins, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	if len(bins) == 0 {
		t.Skip("no PostgreSQL binaries under /usr/lib/postgresql")
	}
	sort.Strings(bins)
	p := &privatePostgres{bin: filepath.Dir(bins[len(bins)-1])}
	dir, err := os.MkdirTemp("", "bgen-outage-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	p.dir = filepath.Join(dir, "data")
	if os.Geteuid() == 0 {
		// initdb refuses to run as root: the cluster belongs to postgres.
		owner, err := user.Lookup("postgres")
		if err != nil {
			t.Skipf("running as root without a postgres user: %v", err)
		}
		uid, _ := strconv.Atoi(owner.Uid)
		gid, _ := strconv.Atoi(owner.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			t.Fatal(err)
		}
		p.asUser = []string{"runuser", "-u", "postgres", "--"}
	}
	if p.port, err = freePort(); err != nil {
		t.Fatal(err)
	}
	if out, err := p.run("initdb", "-D", p.dir, "-A", "trust", "-U", "app", "--no-sync"); err != nil {
		t.Fatalf("initdb: %v\n%s", err, out)
	}
	p.start(t)
	t.Cleanup(func() { _, _ = p.run("pg_ctl", "-D", p.dir, "-m", "immediate", "-w", "stop") })
	if out, err := exec.Command("psql", p.url("postgres"), "-qc", "CREATE DATABASE outage").CombinedOutput(); err != nil {
		t.Fatalf("create database: %v\n%s", err, out)
	}
	return p
}

func (p *privatePostgres) run(name string, args ...string) ([]byte, error) {
	argv := append(append(append([]string(nil), p.asUser...), filepath.Join(p.bin, name)), args...)
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = filepath.Dir(p.dir)
	return cmd.CombinedOutput()
}

func (p *privatePostgres) url(db string) string {
	return fmt.Sprintf("postgres://app@127.0.0.1:%d/%s", p.port, db)
}

// start starts the cluster and waits until it accepts connections.
func (p *privatePostgres) start(t *testing.T) {
	t.Helper()
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off", p.port, filepath.Dir(p.dir))
	if out, err := p.run("pg_ctl", "-D", p.dir, "-o", opts, "-l", filepath.Join(filepath.Dir(p.dir), "log"), "-w", "-t", "60", "start"); err != nil {
		t.Fatalf("pg_ctl start: %v\n%s", err, out)
	}
}

// stop stops the cluster, closing every connection at once.
func (p *privatePostgres) stop(t *testing.T) {
	t.Helper()
	if out, err := p.run("pg_ctl", "-D", p.dir, "-m", "fast", "-w", "-t", "60", "stop"); err != nil {
		t.Fatalf("pg_ctl stop: %v\n%s", err, out)
	}
}

// checkDatabaseOutage stops the database under a running server and starts
// it again: while it is down, /health answers 200, /ready 503 and requests
// that need it a 503 problem with Retry-After, each in bounded time; once
// it is back the server recovers by itself and every acknowledged write is
// there. It runs on the PostgreSQL runs, on a cluster of its own.
func checkDatabaseOutage(s *Suite, t *testing.T) {
	auth := s.API.Auth
	if s.databaseKind() != "postgres" {
		t.Skip("PostgreSQL runs only")
	}
	if auth == nil {
		t.Skip("no auth: the check writes users")
	}
	pg := newPrivatePostgres(t)
	env := []string{"DATABASE_URL=" + pg.url("outage")}
	for _, kv := range s.Env {
		if !strings.HasPrefix(kv, "DATABASE_URL=") {
			env = append(env, kv)
		}
	}
	if out, err := runCmd(s.Dir, env, 5*time.Minute, s.Target.Migrate...); err != nil {
		t.Fatalf("migrate: %v\n%s", err, out)
	}
	side, stop, err := s.sideServer(t, map[string]string{"DATABASE_URL": pg.url("outage")})
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	register := func() (*Resp, map[string]any) {
		body := map[string]any{}
		for _, f := range auth.Register {
			if f.Kind != ir.KindForeignKey {
				body[f.Name] = s.Gen.Valid(f)
			}
		}
		return side.Client.Do(Req{Method: "POST", Path: s.base() + "/auth/register", Body: body}), body
	}
	r, first := register()
	if !status(t, r, 201) {
		t.FailNow()
	}
	created := r.Obj()
	r = side.Client.Do(Req{Method: "POST", Path: s.base() + "/auth/login", Body: map[string]any{auth.Identity.Name: first[auth.Identity.Name], auth.Password.Name: first[auth.Password.Name]}})
	if !status(t, r, 200) {
		t.FailNow()
	}
	token, _ := r.Obj()["accessToken"].(string)

	pg.stop(t)
	status(t, side.Client.Do(Req{Method: "GET", Path: "/health"}), 200)
	problem(t, side.Client.Do(Req{Method: "GET", Path: "/ready"}), 503)
	down := []*Resp{
		side.Client.Do(Req{Method: "GET", Path: s.base() + "/auth/me", Token: token}),
	}
	r, _ = register()
	down = append(down, r)
	for _, r := range down {
		if problem(t, r, 503) != nil && r.Header.Get("Retry-After") == "" {
			t.Errorf("503 without Retry-After\n  %s", r)
		}
	}

	pg.start(t)
	ready := false
	for range 120 {
		if side.Client.Do(Req{Method: "GET", Path: "/ready"}).Status == 200 {
			ready = true
			break
		}
		time.Sleep(500 * time.Millisecond)
	}
	if !ready {
		t.Fatal("/ready is not 200 within 60 s of the database's return")
	}
	r = side.Client.Do(Req{Method: "GET", Path: s.base() + "/auth/me", Token: token})
	if status(t, r, 200) && fmt.Sprint(r.Obj()["id"]) != fmt.Sprint(created["id"]) {
		t.Errorf("after the outage, /auth/me is %v, want the user made before it (%v)", r.Obj()["id"], created["id"])
	}
	r, _ = register()
	status(t, r, 201)
}
