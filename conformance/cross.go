package conformance

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/bgen-dev/bgen/emitters"
	"github.com/bgen-dev/bgen/internal/pipeline"
	"github.com/bgen-dev/bgen/ir"
)

// CrossOptions is one shared-database run: target A migrates and fills the
// database, B serves it (AUTO_MIGRATE=false) and writes to it, then A
// serves B's rows.
type CrossOptions struct {
	Spec        []string
	A, B        Target
	EmitA       emitters.Emitter
	EmitB       emitters.Emitter
	Database    string
	PostgresURL string
}

// CrossRun checks CONTRACT.md's Data section: every target uses the same
// tables, so a database made and filled by one target is served by any
// other, passwords verify across targets and tokens work on every target
// with the same JWT_SECRET.
func CrossRun(t *testing.T, o CrossOptions) {
	api, err := pipeline.Compile(o.Spec)
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	dir := t.TempDir()
	var dirs [2]string
	for i, pair := range []struct {
		tg Target
		em emitters.Emitter
	}{{o.A, o.EmitA}, {o.B, o.EmitB}} {
		files, err := pair.em.Emit(api)
		if err != nil {
			t.Fatalf("emit %s: %v", pair.tg.Name, err)
		}
		dirs[i] = filepath.Join(dir, pair.tg.Name)
		if err := writeFiles(dirs[i], files); err != nil {
			t.Fatal(err)
		}
		if err := setUp(t, dirs[i], pair.tg); err != nil {
			t.Fatalf("set-up of %s: %v", pair.tg.Name, err)
		}
	}
	dbURL := "sqlite:///" + filepath.Join(dir, "app.db")
	if o.Database == "postgres" {
		u, drop, err := freshPostgres(o.PostgresURL, api.Name)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(drop)
		dbURL = u
	}
	port, err := freePort()
	if err != nil {
		t.Fatal(err)
	}
	env := append(cleanEnv(), fmt.Sprintf("PORT=%d", port), "HOST=127.0.0.1", "DATABASE_URL="+dbURL,
		"APP_ENV=test", "JWT_SECRET="+JWTSecret, "LOG_LEVEL=warn", "AUTO_MIGRATE=false")
	if out, err := runCmd(dirs[0], env, 5*time.Minute, o.A.Migrate...); err != nil {
		t.Fatalf("migrate with %s: %v\n%s", o.A.Name, err, out)
	}
	s := &Suite{API: api, Gen: newGen(), Model: newModel(api), Env: env, Dir: dirs[0], Target: o.A}
	s.Client = &Client{Base: fmt.Sprintf("http://127.0.0.1:%d", port), HTTP: newHTTPClient()}
	s.Client.onResp = s.track
	if err := s.createRoleUsers(); err != nil {
		t.Fatalf("create-user with %s: %v", o.A.Name, err)
	}

	serve := func(i int, tg Target) func() {
		srv, err := startServer(dirs[i], env, tg.Serve)
		if err != nil {
			t.Fatal(err)
		}
		s.Server = srv
		if err := s.waitHealthy(60 * time.Second); err != nil {
			srv.stop()
			t.Fatalf("%s on the shared database: %v\n%s", tg.Name, err, clip(srv.output(), 8000))
		}
		return func() {
			srv.stop()
			if t.Failed() {
				t.Logf("%s output:\n%s", tg.Name, clip(srv.output(), 8000))
			}
		}
	}

	stop := serve(0, o.A)
	if err := s.loginUsers(); err != nil {
		stop()
		t.Fatal(err)
	}
	fill := func(t *testing.T) {
		for _, e := range api.Entities {
			if hasOp(e, ir.OpCreate) != nil {
				if _, ok := s.creator(e); ok {
					s.createRow(t, e, nil)
				}
			}
			for _, rel := range e.Relations {
				if rel.Kind == ir.ManyToMany && rel.LinkAccess != nil && hasOp(rel.Target, ir.OpCreate) != nil && hasOp(e, ir.OpCreate) != nil {
					if lu, ok := s.caller(*rel.LinkAccess); ok {
						p := s.createRow(t, e, nil)
						c := s.createRow(t, rel.Target, nil)
						status(t, s.do(lu, "PUT", s.relPath(rel, p["id"])+"/"+idKey(c["id"]), nil), 204)
					}
				}
			}
		}
	}
	t.Run("fill with "+o.A.Name, fill)
	var tokens []string
	for _, u := range s.Users {
		tokens = append(tokens, u.Token)
	}
	stop()

	// same checks that B (then A again) serves what the other wrote.
	same := func(t *testing.T, server string, tokensFrom string) {
		if auth := api.Auth; auth != nil {
			for i, u := range s.Users {
				r := s.Client.Do(Req{Method: "GET", Path: s.base() + "/auth/me", Token: tokens[i]})
				if status(t, r, 200) && idKey(r.Obj()["id"]) != idKey(u.ID) {
					t.Errorf("a %s token on %s: wrong user\n  %s", tokensFrom, server, r)
				}
				if err := s.login(u); err != nil {
					t.Errorf("a password hashed by the other target does not verify on %s: %v", server, err)
				}
			}
		}
		for _, e := range api.Entities {
			for _, row := range s.Model.Rows(e) {
				g, ok := s.actor(e, ir.OpGet, row)
				if !ok {
					continue
				}
				r := s.do(g, "GET", s.item(e, row["id"]), nil)
				if status(t, r, 200) && !sameJSON(r.Obj(), row) {
					t.Errorf("%s serves a row written by the other target differently:\n  written %s\n  %s", server, mustJSON(row), r)
				}
			}
			if l, ok := s.caller(hasOpRule(e, ir.OpList)); ok {
				r := s.do(l, "GET", s.collection(e)+query("limit", fmt.Sprint(api.MaxLimit)), nil)
				if status(t, r, 200) && fmt.Sprint(r.Obj()["total"]) != fmt.Sprint(len(s.Model.Rows(e))) {
					t.Errorf("%s: %s total %v, want %d", server, entName(e), r.Obj()["total"], len(s.Model.Rows(e)))
				}
			}
			for _, rel := range e.Relations {
				if rel.Kind != ir.ManyToMany || rel.ParentAccess == nil || rel.TargetAccess == nil {
					continue
				}
				u, ok := s.caller(*rel.ParentAccess, *rel.TargetAccess)
				if !ok {
					continue
				}
				for _, p := range s.Model.Rows(e) {
					want := s.Model.Related(rel, p["id"])
					if len(want) == 0 {
						continue
					}
					r := s.do(u, "GET", s.relPath(rel, p["id"])+query("limit", fmt.Sprint(api.MaxLimit)), nil)
					if status(t, r, 200) {
						sameSet(t, server+" "+relName(rel), r.Items(), want)
					}
				}
			}
		}
	}
	stop = serve(1, o.B)
	t.Run(o.B.Name+" serves "+o.A.Name+"'s rows", func(t *testing.T) { same(t, o.B.Name, o.A.Name) })
	t.Run("fill with "+o.B.Name, fill)
	tokens = tokens[:0]
	for _, u := range s.Users {
		tokens = append(tokens, u.Token)
	}
	stop()
	stop = serve(0, o.A)
	defer stop()
	t.Run(o.A.Name+" serves "+o.B.Name+"'s rows", func(t *testing.T) { same(t, o.A.Name, o.B.Name) })
}
