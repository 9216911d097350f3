package conformance

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bgen-dev/bgen/ir"
)

// ruleOutcome is what one access rule gives a caller: "full" (every row),
// "own" (only the caller's rows), or a refusal status.
func ruleOutcome(r ir.Rule, u *User) (string, int) {
	switch {
	case allowsFully(r, u):
		return "full", 0
	case u == nil:
		return "", 401
	case r.Owner:
		return "own", 0
	}
	return "", 403
}

// checkRelationAccess: a sub-resource read needs the parent's get rule and
// the target's list (get, for hasOne) rule, owner filtering included; link
// and unlink follow the parent's update rule.
func checkRelationAccess(s *Suite, t *testing.T) {
	if s.API.Auth == nil {
		t.Skip("no auth")
	}
	var rels []*ir.Relation
	for _, k := range []ir.RelationKind{ir.HasMany, ir.HasOne, ir.ManyToMany} {
		rels = append(rels, relationsOf(s, k)...)
	}
	if len(rels) == 0 {
		t.Skip("no routed relation")
	}
	for _, rel := range rels {
		t.Run(relName(rel), func(t *testing.T) {
			if hasOp(rel.Entity, ir.OpCreate) == nil && !(s.API.Auth.Entity == rel.Entity) {
				t.Skip("parent rows cannot be made")
			}
			// A parent owned by a fresh user, so every standing caller is a
			// stranger to it; with children when they can be made.
			var parent map[string]any
			var owner *User
			if rel.Entity == s.API.Auth.Entity {
				owner = s.register(t)
				parent = owner.Row
			} else if rel.Entity.Owner != nil {
				owner = s.register(t)
				parent = s.createAs(t, rel.Entity, owner, nil)
			} else {
				parent = s.createRow(t, rel.Entity, nil)
			}
			if inv := rel.Inverse; (rel.Kind == ir.HasMany || rel.Kind == ir.HasOne) && inv != nil && hasOp(rel.Target, ir.OpCreate) != nil {
				if rel.Target.Owner == inv && owner != nil {
					s.child(t, inv, parent, owner)
				} else if rel.Target.Owner != inv {
					s.child(t, inv, parent, nil)
				}
			}
			path := s.relPath(rel, parent["id"])
			callers := s.callers()
			if owner != nil {
				callers = append(callers, owner)
			}
			for _, u := range callers {
				pOut, pSt := ruleOutcome(*rel.ParentAccess, u)
				tOut, tSt := ruleOutcome(*rel.TargetAccess, u)
				owns := u != nil && owner != nil && idKey(u.ID) == idKey(owner.ID)
				want := 200
				switch {
				case pSt == 401 || tSt == 401:
					want = 401
				case pSt == 403 || tSt == 403:
					want = 403
				case pOut == "own" && !owns:
					want = 404
				}
				r := s.do(u, "GET", path, nil)
				if r.Status != want {
					t.Errorf("read as %s: want %d\n  %s", u, want, r)
					continue
				}
				if want != 200 {
					problem(t, r, want)
					continue
				}
				related := s.Model.Related(rel, parent["id"])
				var visible []map[string]any
				for _, row := range related {
					if tOut == "full" || (u != nil && idKey(s.ownerOf(rel.Target, row)) == idKey(u.ID)) {
						visible = append(visible, row)
					}
				}
				if rel.Kind == ir.HasOne {
					continue // 200 with the row or 404 is checked by relations.hasOne
				}
				sameSet(t, fmt.Sprintf("sub-list as %s", u), r.Items(), visible)
			}
			if rel.Kind == ir.ManyToMany && rel.LinkAccess != nil && hasOp(rel.Target, ir.OpCreate) != nil {
				target := s.createRow(t, rel.Target, nil)
				link := path + "/" + idKey(target["id"])
				for _, u := range callers {
					out, st := ruleOutcome(*rel.LinkAccess, u)
					owns := u != nil && owner != nil && idKey(u.ID) == idKey(owner.ID)
					want := 204
					switch {
					case st != 0:
						want = st
					case out == "own" && !owns:
						want = 404
					}
					r := s.do(u, "PUT", link, nil)
					if r.Status != want {
						t.Errorf("link as %s: want %d\n  %s", u, want, r)
					} else if want >= 400 {
						problem(t, r, want)
					}
				}
			}
		})
	}
}

// checkDemotion: a caller's role is read from their row on each request.
func checkDemotion(s *Suite, t *testing.T) {
	auth := needAuth(s, t)
	rf := auth.RoleField
	if rf == nil || len(auth.Roles) < 2 {
		t.Skip("no roles to change")
	}
	e := auth.Entity
	up := hasOp(e, ir.OpUpdate)
	if up == nil || hasOp(e, ir.OpCreate) == nil {
		t.Skip("users cannot be updated")
	}
	inUpdate := false
	for _, f := range e.Update {
		if f == rf {
			inUpdate = true
		}
	}
	if !inUpdate {
		t.Skip("the role field cannot be updated")
	}
	admin, ok := s.caller(up.Access, hasOpRule(e, ir.OpCreate))
	if !ok {
		t.Skip("nobody may create and update users")
	}
	// An operation some role may do and the default role may not.
	low := rf.Default
	for _, role := range auth.Roles {
		for _, ent := range s.API.Entities {
			op := hasOp(ent, ir.OpList)
			if op == nil || op.Access.Public || op.Access.Authenticated || op.Access.Owner || !contains(op.Access.Roles, role) {
				continue
			}
			demoteTo := ""
			for _, r := range auth.Roles {
				if !contains(op.Access.Roles, r) {
					demoteTo = r
				}
			}
			if low != nil && !contains(op.Access.Roles, fmt.Sprint(low.Value)) {
				demoteTo = fmt.Sprint(low.Value)
			}
			if demoteTo == "" {
				continue
			}
			body := s.body(t, e, map[string]any{rf.Name: role})
			r := s.do(admin, "POST", s.collection(e), body)
			if !status(t, r, 201) {
				return
			}
			row := r.Obj()
			u := &User{Role: role, ID: row["id"], Identity: fmt.Sprint(body[auth.Identity.Name]), Password: fmt.Sprint(body[auth.Password.Name]), Row: row}
			if err := s.login(u); err != nil {
				t.Fatal(err)
			}
			status(t, s.do(u, "GET", s.collection(ent), nil), 200)
			if !status(t, s.do(admin, "PATCH", s.item(e, u.ID), map[string]any{rf.Name: demoteTo}), 200) {
				return
			}
			problem(t, s.do(u, "GET", s.collection(ent), nil), 403)
			return
		}
	}
	t.Skip("no list operation limited to a role")
}

// checkConfig: a missing or malformed required setting stops the server at
// start-up, with a line naming the variable and a non-zero exit.
func checkConfig(s *Suite, t *testing.T) {
	cases := []struct {
		name, variable string
		set            map[string]string
		drop           []string
	}{
		{"production without JWT_SECRET", "JWT_SECRET", map[string]string{"APP_ENV": "production"}, []string{"JWT_SECRET"}},
		{"production with a short JWT_SECRET", "JWT_SECRET", map[string]string{"APP_ENV": "production", "JWT_SECRET": "too-short"}, nil},
		{"malformed PORT", "PORT", map[string]string{"PORT": "not-a-port"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			port, _ := freePort()
			var env []string
			for _, kv := range s.Env {
				k, _, _ := strings.Cut(kv, "=")
				if _, over := c.set[k]; over || contains(c.drop, k) || k == "PORT" {
					continue
				}
				env = append(env, kv)
			}
			if _, ok := c.set["PORT"]; !ok {
				env = append(env, fmt.Sprintf("PORT=%d", port))
			}
			for k, v := range c.set {
				env = append(env, k+"="+v)
			}
			srv, err := startServer(s.Dir, env, s.Target.Serve)
			if err != nil {
				t.Fatal(err)
			}
			select {
			case <-srv.done:
			case <-time.After(healthyWithin):
				srv.stop()
				t.Fatalf("the server is still running after %s; want it to refuse to start\n%s", healthyWithin, clip(srv.output(), 2000))
			}
			out := srv.output()
			if srv.err == nil {
				t.Errorf("exit status 0, want non-zero\n%s", clip(out, 2000))
			}
			if !strings.Contains(out, c.variable) {
				t.Errorf("the output does not name %s:\n%s", c.variable, clip(out, 2000))
			}
		})
	}
}

// sideServer starts another server of the project with env changed by
// set (a value of "" drops the variable), and waits for /health.
func (s *Suite) sideServer(t *testing.T, set map[string]string) (*Suite, func(), error) {
	t.Helper()
	var env []string
	for _, kv := range s.Env {
		k, _, _ := strings.Cut(kv, "=")
		if _, over := set[k]; over || k == "PORT" {
			continue
		}
		env = append(env, kv)
	}
	for k, v := range set {
		if v != "" {
			env = append(env, k+"="+v)
		}
	}
	srv, port, err := serveOnFreePort(s.Dir, env, s.Target.Serve)
	if err != nil {
		return nil, nil, err
	}
	side := &Suite{API: s.API, Client: &Client{Base: fmt.Sprintf("http://127.0.0.1:%d", port), HTTP: newHTTPClient()}, Server: srv}
	return side, srv.stop, nil
}

// checkConfigEnv: CORS_ORIGINS overrides the spec, a .env file is read,
// and /ready answers 503 when the database does not.
func checkConfigEnv(s *Suite, t *testing.T) {
	t.Run("CORS_ORIGINS overrides the spec", func(t *testing.T) {
		side, stop, err := s.sideServer(t, map[string]string{"CORS_ORIGINS": "https://override.example,https://second.example"})
		if err != nil {
			t.Fatal(err)
		}
		defer stop()
		for _, o := range []string{"https://override.example", "https://second.example"} {
			r := side.Client.Do(Req{Method: "GET", Path: "/health", Header: map[string]string{"Origin": o}})
			if v := r.Header.Get("Access-Control-Allow-Origin"); v != o {
				t.Errorf("Origin %s with CORS_ORIGINS naming it: Access-Control-Allow-Origin %q", o, v)
			}
		}
		for _, o := range s.API.CORSOrigins {
			r := side.Client.Do(Req{Method: "GET", Path: "/health", Header: map[string]string{"Origin": o}})
			if v := r.Header.Get("Access-Control-Allow-Origin"); v != "" && v != "*" {
				t.Errorf("the spec's origin %s is overridden by CORS_ORIGINS, got Access-Control-Allow-Origin %q", o, v)
			}
		}
	})
	t.Run(".env file", func(t *testing.T) {
		path := s.keepDotEnv(t)
		old, _ := os.ReadFile(path)
		content := append(append([]byte(nil), old...), []byte("\nCORS_ORIGINS=https://dotenv.example\n")...)
		if err := os.WriteFile(path, content, 0o644); err != nil {
			t.Fatal(err)
		}
		side, stop, err := s.sideServer(t, map[string]string{"CORS_ORIGINS": ""})
		if err != nil {
			t.Fatal(err)
		}
		defer stop()
		r := side.Client.Do(Req{Method: "GET", Path: "/health", Header: map[string]string{"Origin": "https://dotenv.example"}})
		if v := r.Header.Get("Access-Control-Allow-Origin"); v != "https://dotenv.example" {
			t.Errorf("CORS_ORIGINS from .env not applied: Access-Control-Allow-Origin %q", v)
		}
	})
	t.Run("a development secret is shared through .env", func(t *testing.T) {
		auth := s.API.Auth
		if auth == nil || len(s.Users) == 0 {
			t.Skip("no auth")
		}
		path := s.keepDotEnv(t)
		_ = os.Remove(path)
		set := map[string]string{"APP_ENV": "development", "JWT_SECRET": ""}
		a, stopA, err := s.sideServer(t, set)
		if err != nil {
			t.Fatal(err)
		}
		defer stopA()
		b, stopB, err := s.sideServer(t, set)
		if err != nil {
			t.Fatal(err)
		}
		defer stopB()
		u := s.Users[0]
		r := a.Client.Do(Req{Method: "POST", Path: s.base() + "/auth/login", Body: map[string]any{auth.Identity.Name: u.Identity, auth.Password.Name: u.Password}})
		if !status(t, r, 200) {
			return
		}
		token, _ := r.Obj()["accessToken"].(string)
		status(t, b.Client.Do(Req{Method: "GET", Path: s.base() + "/auth/me", Token: token}), 200)
		env, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("no .env after a start without JWT_SECRET: %v", err)
		}
		var secret string
		for _, line := range strings.Split(string(env), "\n") {
			if v, ok := strings.CutPrefix(line, "JWT_SECRET="); ok {
				if secret != "" {
					t.Errorf(".env has JWT_SECRET twice:\n%s", env)
				}
				secret = v
			}
		}
		if len(secret) < 32 {
			t.Fatalf(".env has no JWT_SECRET of at least 32 bytes:\n%s", env)
		}
		stopA()
		stopB()
		for _, out := range []string{a.Server.output(), b.Server.output()} {
			if strings.Contains(out, secret) {
				t.Errorf("the secret is in the server's output")
			}
		}
	})
	t.Run("ready without a database", func(t *testing.T) {
		port, _ := freePort() // nothing listens there
		side, stop, err := s.sideServer(t, map[string]string{"DATABASE_URL": fmt.Sprintf("postgres://app:app@127.0.0.1:%d/none", port)})
		if err != nil {
			t.Skipf("the server does not start without its database (allowed): %v", clip(err.Error(), 300))
		}
		defer stop()
		problem(t, side.Client.Do(Req{Method: "GET", Path: "/ready"}), 503)
		status(t, side.Client.Do(Req{Method: "GET", Path: "/health"}), 200)
	})
}

// checkConcurrentWrites: under concurrent requests no write is lost.
func checkConcurrentWrites(s *Suite, t *testing.T) {
	forEntity(s, t, func(t *testing.T, e *ir.Entity) {
		needOps(t, e, ir.OpCreate, ir.OpList)
		if ownerKeyUnique(e) {
			t.Skip("one row per owner")
		}
		u, ok := s.creator(e)
		if !ok {
			t.Skip("no caller can create")
		}
		const n = 10
		bodies := make([]map[string]any, n)
		for i := range bodies {
			bodies[i] = s.body(t, e, nil)
		}
		resps := make([]*Resp, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				resps[i] = s.do(u, "POST", s.collection(e), bodies[i])
			}()
		}
		wg.Wait()
		for _, r := range resps {
			status(t, r, 201)
		}
		if l, ok := s.caller(hasOp(e, ir.OpList).Access); ok {
			got, ok := s.listAll(t, l, s.collection(e))
			if ok {
				sameSet(t, "after concurrent creates", got, s.Model.Rows(e))
			}
		}
		if hasOp(e, ir.OpUpdate) == nil {
			return
		}
		// Concurrent partial updates of different fields of one row: each
		// lands (the last write of a field wins, none is lost).
		row := s.createRow(t, e, nil)
		g, _ := s.actor(e, ir.OpUpdate, row)
		gu, canGet := s.actor(e, ir.OpGet, row)
		if !canGet {
			return // the outcome could not be read back into the model
		}
		var fields []*ir.Field
		for _, f := range e.Update {
			if f.Kind == ir.KindField && !f.Unique {
				fields = append(fields, f)
			}
		}
		checkUpdateWhileDeleted(s, t, e, fields)
		if len(fields) < 2 {
			return
		}
		// Lost updates depend on timing: a few rounds make one likely to
		// show where writes are read-modify-write without a row lock.
		for round := 0; round < 3 && !t.Failed(); round++ {
			want := map[string]any{}
			var uwg sync.WaitGroup
			for _, f := range fields {
				v := s.Gen.Valid(f)
				want[f.Name] = v
				uwg.Add(1)
				go func() {
					defer uwg.Done()
					status(t, s.do(g, "PATCH", s.item(e, row["id"]), map[string]any{f.Name: v}), 200)
				}()
			}
			uwg.Wait()
			// The 200 answers came back in any order; the row as read now
			// is what the model must hold.
			r := s.do(gu, "GET", s.item(e, row["id"]), nil)
			if status(t, r, 200) {
				s.Model.Put(e, r.Obj())
				checkSent(t, e, want, r.Obj(), r)
			}
		}
	})
}

// checkUpdateWhileDeleted: PATCHes of a row racing its DELETE are each a 200
// or a 404 and the DELETE a 204, never a 5xx (a read then a write without a
// row lock finds the row gone at the write).
func checkUpdateWhileDeleted(s *Suite, t *testing.T, e *ir.Entity, fields []*ir.Field) {
	t.Helper()
	if hasOp(e, ir.OpDelete) == nil || len(fields) == 0 {
		return
	}
	const patches = 4
	for round := 0; round < 3 && !t.Failed(); round++ {
		row := s.createRow(t, e, nil)
		g, _ := s.actor(e, ir.OpUpdate, row)
		d, _ := s.actor(e, ir.OpDelete, row)
		var wg sync.WaitGroup
		resps := make([]*Resp, patches)
		var deleted *Resp
		for i := range patches {
			f := fields[i%len(fields)]
			v := s.Gen.Valid(f)
			wg.Add(1)
			go func() {
				defer wg.Done()
				resps[i] = s.do(g, "PATCH", s.item(e, row["id"]), map[string]any{f.Name: v})
			}()
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			deleted = s.do(d, "DELETE", s.item(e, row["id"]), nil)
		}()
		wg.Wait()
		for _, r := range resps {
			if r.Status != 200 && r.Status != 404 {
				t.Errorf("PATCH racing a DELETE: want 200 or 404\n  %s", r)
			}
		}
		// Answers are tracked as they arrive: a 200 that arrived after the
		// 204 put the row back into the model.
		if status(t, deleted, 204) {
			s.Model.Delete(e, row["id"])
		}
	}
}

// keepDotEnv returns the path of the project's .env file and restores the
// file as it is now (or its absence) when t ends.
func (s *Suite) keepDotEnv(t *testing.T) string {
	path := filepath.Join(s.Dir, ".env")
	old, err := os.ReadFile(path)
	t.Cleanup(func() {
		if err == nil {
			_ = os.WriteFile(path, old, 0o644)
		} else {
			_ = os.Remove(path)
		}
	})
	return path
}
