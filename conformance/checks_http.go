package conformance

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/bgen-dev/bgen/ir"
)

// firstCreatable returns an entity with a create operation and its caller.
func (s *Suite) firstCreatable(t *testing.T) (*ir.Entity, *User) {
	t.Helper()
	for _, e := range s.API.Entities {
		if hasOp(e, ir.OpCreate) == nil || ownerKeyUnique(e) {
			continue
		}
		if u, ok := s.creator(e); ok {
			return e, u
		}
	}
	t.Skip("no entity can be created")
	return nil, nil
}

func checkMalformed(s *Suite, t *testing.T) {
	e, u := s.firstCreatable(t)
	for name, body := range map[string]string{
		"truncated": `{"a":`,
		"array":     `[1,2]`,
		"string":    `"text"`,
		"number":    `5`,
		"null":      `null`,
		"empty":     ``,
		"garbage":   `not json at all`,
		"trailing":  `{} {}`,
	} {
		t.Run(name, func(t *testing.T) {
			r := s.Client.Do(Req{Method: "POST", Path: s.collection(e), Body: []byte(body), Token: tok(u)})
			problem(t, r, 400)
		})
	}
	t.Run("routes without a body ignore one", func(t *testing.T) {
		row := s.createRow(t, e, nil)
		if g, ok := s.actor(e, ir.OpGet, row); ok {
			status(t, s.Client.Do(Req{Method: "GET", Path: s.item(e, row["id"]), Body: []byte("not json"), ContentType: "text/plain", Token: tok(g)}), 200)
		}
		if d, ok := s.actor(e, ir.OpDelete, row); ok {
			status(t, s.Client.Do(Req{Method: "DELETE", Path: s.item(e, row["id"]), Body: []byte("{"), Token: tok(d)}), 204)
		}
	})
	t.Run("strings are not trimmed", func(t *testing.T) {
		for _, f := range freeStrings(e) {
			v := "  " + fmt.Sprint(s.Gen.Valid(f)) + " "
			if f.MaxLength != nil && len(v) > *f.MaxLength {
				continue
			}
			r := s.Client.Do(Req{Method: "POST", Path: s.collection(e), Body: s.body(t, e, map[string]any{f.Name: v}), Token: tok(u)})
			if status(t, r, 201) && r.Obj()[f.Name] != v {
				t.Errorf("%s: sent %q, got %q back", f.Name, v, r.Obj()[f.Name])
			}
			return
		}
		t.Skip("no free-form string field")
	})
	t.Run("lone surrogates become U+FFFD", func(t *testing.T) {
		for _, f := range freeStrings(e) {
			if f.MinLength == nil || *f.MinLength <= 3 {
				raw, err := json.Marshal(s.body(t, e, map[string]any{f.Name: "lone-surrogate"}))
				if err != nil {
					t.Fatal(err)
				}
				raw = bytes.Replace(raw, []byte(`"lone-surrogate"`), []byte(`"a\ud800b"`), 1)
				r := s.Client.Do(Req{Method: "POST", Path: s.collection(e), Body: raw, Token: tok(u)})
				if status(t, r, 201) && r.Obj()[f.Name] != "a\uFFFDb" {
					t.Errorf("%s: sent %s, got %q back", f.Name, raw, r.Obj()[f.Name])
				}
				return
			}
		}
		t.Skip("no free-form string field")
	})
	if hasOp(e, ir.OpUpdate) != nil {
		t.Run("update", func(t *testing.T) {
			row := s.createRow(t, e, nil)
			g, _ := s.actor(e, ir.OpUpdate, row)
			problem(t, s.Client.Do(Req{Method: "PATCH", Path: s.item(e, row["id"]), Body: []byte(`[]`), Token: tok(g)}), 400)
		})
	}
	if s.API.Auth != nil {
		t.Run("login", func(t *testing.T) {
			problem(t, s.Client.Do(Req{Method: "POST", Path: s.base() + "/auth/login", Body: []byte(`{"x"`)}), 400)
			lone := fmt.Sprintf(`{%q: "\ud800@example.com", %q: "\ud800"}`, s.API.Auth.Identity.Name, s.API.Auth.Password.Name)
			problem(t, s.Client.Do(Req{Method: "POST", Path: s.base() + "/auth/login", Body: []byte(lone)}), 401)
			nul := map[string]any{s.API.Auth.Identity.Name: "a\x00b@example.com", s.API.Auth.Password.Name: "x\x00y"}
			fieldErrors(t, s.Client.Do(Req{Method: "POST", Path: s.base() + "/auth/login", Body: nul}), 422,
				FieldErr{s.API.Auth.Identity.Name, "format"}, FieldErr{s.API.Auth.Password.Name, "format"})
		})
	}
}

// freeStrings are the create fields of e that take free-form text: string
// or text without a pattern.
func freeStrings(e *ir.Entity) []*ir.Field {
	var out []*ir.Field
	for _, f := range e.Create {
		if (f.Type == ir.String || f.Type == ir.Text) && f.Pattern == "" && f.Kind == ir.KindField {
			out = append(out, f)
		}
	}
	return out
}

func checkContentType(s *Suite, t *testing.T) {
	e, u := s.firstCreatable(t)
	for _, ct := range []string{"text/plain", "application/x-www-form-urlencoded", "-"} {
		t.Run(ct, func(t *testing.T) {
			b := s.body(t, e, nil)
			problem(t, s.Client.Do(Req{Method: "POST", Path: s.collection(e), Body: b, ContentType: ct, Token: tok(u)}), 415)
		})
	}
	t.Run("charset parameter allowed", func(t *testing.T) {
		b := s.body(t, e, nil)
		status(t, s.Client.Do(Req{Method: "POST", Path: s.collection(e), Body: b, ContentType: "application/json; charset=utf-8", Token: tok(u)}), 201)
	})
	if s.API.Auth != nil {
		t.Run("login", func(t *testing.T) {
			problem(t, s.Client.Do(Req{Method: "POST", Path: s.base() + "/auth/login", Body: `{}`, ContentType: "text/plain"}), 415)
		})
	}
}

func checkTooLarge(s *Suite, t *testing.T) {
	e, u := s.firstCreatable(t)
	big := []byte(`{"x":"` + strings.Repeat("a", int(s.API.MaxBodyBytes)) + `"}`)
	t.Run("content-length", func(t *testing.T) {
		// Expect: 100-continue keeps the client from writing a body the
		// server refused on its Content-Length: a server that closes with
		// the body unread may reset the connection under the answer.
		problem(t, s.Client.Do(Req{Method: "POST", Path: s.collection(e), Body: big, Token: tok(u), Header: expectContinue}), 413)
	})
	t.Run("chunked", func(t *testing.T) {
		problem(t, s.Client.Do(Req{Method: "POST", Path: s.collection(e), Body: big, Token: tok(u), Chunked: true}), 413)
	})
	t.Run("just under the limit is read", func(t *testing.T) {
		b := s.body(t, e, nil)
		raw, _ := json.Marshal(b)
		pad := int(s.API.MaxBodyBytes) - len(raw) - 64
		if pad < 0 {
			t.Skip("limit too small")
		}
		// Spaces are JSON whitespace: the body stays valid and under the limit.
		body := append([]byte("{"+strings.Repeat(" ", pad)), raw[1:]...)
		status(t, s.Client.Do(Req{Method: "POST", Path: s.collection(e), Body: body, Token: tok(u)}), 201)
	})
}

func checkNotFound(s *Suite, t *testing.T) {
	t.Run("unknown path", func(t *testing.T) {
		problem(t, s.Client.Do(Req{Method: "GET", Path: s.base() + "/no-such-things"}), 404)
		problem(t, s.Client.Do(Req{Method: "GET", Path: "/no-such-path"}), 404)
	})
	forEntity(s, t, func(t *testing.T, e *ir.Entity) {
		if op := hasOp(e, ir.OpList); op != nil {
			u, _ := s.caller(op.Access)
			t.Run("trailing slash", func(t *testing.T) {
				problem(t, s.do(u, "GET", s.collection(e)+"/", nil), 404)
			})
		}
		op := hasOp(e, ir.OpGet)
		if op == nil {
			t.Skip("no get")
		}
		u, ok := s.caller(op.Access)
		if !ok {
			u = s.plain(0)
		}
		t.Run("unknown id", func(t *testing.T) {
			problem(t, s.do(u, "GET", s.item(e, missingID(e)), nil), 404)
			if d := hasOp(e, ir.OpDelete); d != nil {
				du, _ := s.caller(d.Access)
				if du != nil || d.Access.Public {
					problem(t, s.do(du, "DELETE", s.item(e, missingID(e)), nil), 404)
				}
			}
			if up := hasOp(e, ir.OpUpdate); up != nil {
				uu, _ := s.caller(up.Access)
				if uu != nil || up.Access.Public {
					problem(t, s.do(uu, "PATCH", s.item(e, missingID(e)), map[string]any{}), 404)
				}
			}
		})
		t.Run("unparseable id", func(t *testing.T) {
			for _, bad := range unparseableIDs(e) {
				problem(t, s.do(u, "GET", s.collection(e)+"/"+bad, nil), 404)
			}
		})
	})
}

func unparseableIDs(e *ir.Entity) []string {
	if e.IDType == ir.UUID {
		return []string{"not-a-uuid", "123", "00000000-0000-0000-0000-00000000000g"}
	}
	return []string{"abc", "1.5", "99999999999999999999999", "1e3"}
}

// routes returns, per path pattern (params as "{}"), the routed methods.
func (s *Suite) routes() map[string][]string {
	m := map[string][]string{}
	for _, rt := range s.API.Routes {
		p := regexp.MustCompile(`\{[^}]*\}`).ReplaceAllString(rt.Path, "{}")
		if !contains(m[p], rt.Method) {
			m[p] = append(m[p], rt.Method)
		}
	}
	// HEAD is answered wherever GET is, and listed right after it.
	order := map[string]int{"GET": 0, "HEAD": 1, "POST": 2, "PUT": 3, "PATCH": 4, "DELETE": 5}
	for p := range m {
		if contains(m[p], "GET") {
			m[p] = append(m[p], "HEAD")
		}
		sort.Slice(m[p], func(i, j int) bool { return order[m[p][i]] < order[m[p][j]] })
	}
	return m
}

func checkMethodNotAllowed(s *Suite, t *testing.T) {
	routes := s.routes()
	var paths []string
	for p := range routes {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		allowed := routes[p]
		concrete := strings.ReplaceAll(p, "{}", "1")
		for _, id := range s.API.Entities {
			if id.IDType == ir.UUID && strings.HasPrefix(p, s.collection(id)+"/") {
				concrete = strings.ReplaceAll(p, "{}", newUUID())
			}
		}
		for _, m := range []string{"GET", "POST", "PUT", "PATCH", "DELETE"} {
			if contains(allowed, m) {
				continue
			}
			t.Run(m+" "+p, func(t *testing.T) {
				u := s.Users
				var tk string
				if len(u) > 0 {
					tk = u[len(u)-1].Token
				}
				var body any
				if m == "POST" || m == "PUT" || m == "PATCH" {
					body = map[string]any{}
				}
				r := s.Client.Do(Req{Method: m, Path: concrete, Body: body, Token: tk})
				problem(t, r, 405)
				if got, want := r.Header.Get("Allow"), strings.Join(allowed, ", "); got != want {
					t.Errorf("Allow %q, want %q\n  %s", got, want, r)
				}
			})
		}
	}
}

func checkRequestID(s *Suite, t *testing.T) {
	path := "/health"
	if len(s.API.Entities) > 0 {
		if op := hasOp(s.API.Entities[0], ir.OpList); op != nil && op.Access.Public {
			path = s.collection(s.API.Entities[0])
		}
	}
	for _, id := range []string{"abc-123", "A.b_c~d-0", strings.Repeat("x", 128)} {
		r := s.Client.Do(Req{Method: "GET", Path: path, Header: map[string]string{"X-Request-ID": id}})
		if got := r.Header.Get("X-Request-ID"); got != id {
			t.Errorf("sent X-Request-ID %q, got %q back", id, got)
		}
	}
	for _, id := range []string{"has space", "semi;colon", strings.Repeat("x", 129), "é"} {
		r := s.Client.Do(Req{Method: "GET", Path: path, Header: map[string]string{"X-Request-ID": id}})
		if got := r.Header.Get("X-Request-ID"); got == id || !uuid4Re.MatchString(got) {
			t.Errorf("sent invalid X-Request-ID %q, want a new UUID v4, got %q", id, got)
		}
	}
	r1 := s.Client.Do(Req{Method: "GET", Path: path})
	r2 := s.Client.Do(Req{Method: "GET", Path: path})
	a, b := r1.Header.Get("X-Request-ID"), r2.Header.Get("X-Request-ID")
	if !uuid4Re.MatchString(a) || a == b {
		t.Errorf("without X-Request-ID, want a fresh UUID v4 each time, got %q and %q", a, b)
	}
	// Errors carry it too.
	r := s.Client.Do(Req{Method: "GET", Path: s.base() + "/no-such-things", Header: map[string]string{"X-Request-ID": "err-1"}})
	if r.Header.Get("X-Request-ID") != "err-1" {
		t.Errorf("404 without the request's X-Request-ID\n  %s", r)
	}
}

func checkCORS(s *Suite, t *testing.T) {
	path := "/health"
	for _, e := range s.API.Entities {
		if op := hasOp(e, ir.OpList); op != nil && op.Access.Public {
			path = s.collection(e)
			break
		}
	}
	foreign := "https://evil.example.org"
	r := s.Client.Do(Req{Method: "GET", Path: path, Header: map[string]string{"Origin": foreign}})
	if v := r.Header.Get("Access-Control-Allow-Origin"); v != "" {
		t.Errorf("Origin %s is not configured, got Access-Control-Allow-Origin %q", foreign, v)
	}
	pre := s.Client.Do(Req{Method: "OPTIONS", Path: path, Header: map[string]string{"Origin": foreign, "Access-Control-Request-Method": "POST"}})
	if v := pre.Header.Get("Access-Control-Allow-Origin"); v != "" {
		t.Errorf("preflight from %s: got Access-Control-Allow-Origin %q", foreign, v)
	}
	if len(s.API.CORSOrigins) == 0 {
		return
	}
	for _, o := range s.API.CORSOrigins {
		if o == "*" {
			continue
		}
		r := s.Client.Do(Req{Method: "GET", Path: path, Header: map[string]string{"Origin": o}})
		if v := r.Header.Get("Access-Control-Allow-Origin"); v != o {
			t.Errorf("Origin %s: Access-Control-Allow-Origin %q, want %q\n  %s", o, v, o, r)
		}
		pre := s.Client.Do(Req{Method: "OPTIONS", Path: path, Header: map[string]string{
			"Origin": o, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization,content-type"}})
		if pre.Status < 200 || pre.Status >= 300 {
			t.Errorf("preflight from %s: want 2xx\n  %s", o, pre)
		}
		if v := pre.Header.Get("Access-Control-Allow-Origin"); v != o {
			t.Errorf("preflight from %s: Access-Control-Allow-Origin %q\n  %s", o, v, pre)
		}
		if m := strings.ToUpper(pre.Header.Get("Access-Control-Allow-Methods")); !strings.Contains(m, "POST") {
			t.Errorf("preflight from %s: Access-Control-Allow-Methods %q lacks POST", o, m)
		}
		if h := strings.ToLower(pre.Header.Get("Access-Control-Allow-Headers")); !strings.Contains(h, "authorization") && h != "*" {
			t.Errorf("preflight from %s: Access-Control-Allow-Headers %q lacks authorization", o, h)
		}
	}
}

// checkLog starts a second server on the same database with
// LOG_LEVEL=info (the main one runs at warn, where access lines may be
// hidden), sends a few requests, and reads its stdout: one JSON access
// line per request with the contract's keys, and never a password, a
// token or an Authorization header; the main server's output is checked
// for secrets too.
func checkLog(s *Suite, t *testing.T) {
	var env []string
	var databaseURL string
	for _, kv := range s.Env {
		k, v, _ := strings.Cut(kv, "=")
		if k == "DATABASE_URL" {
			databaseURL = v
		}
		if k != "LOG_LEVEL" && k != "PORT" {
			env = append(env, kv)
		}
	}
	env = append(env, "LOG_LEVEL=info")
	srv, port, err := serveOnFreePort(s.Dir, env, s.Target.Serve)
	if err != nil {
		t.Fatalf("second server (LOG_LEVEL=info): %v", err)
	}
	defer srv.stop()
	side := &Suite{Client: &Client{Base: fmt.Sprintf("http://127.0.0.1:%d", port), HTTP: newHTTPClient()}, Server: srv}
	id := "conformance-log-" + s.Gen.tag
	path := s.base() + "/no-such-things"
	side.Client.Do(Req{Method: "GET", Path: path + "?q=1", Header: map[string]string{"X-Request-ID": id}})
	var secrets []string
	if auth := s.API.Auth; auth != nil && len(s.Users) > 0 {
		u := s.Users[0]
		r := side.Client.Do(Req{Method: "POST", Path: s.base() + "/auth/login", Body: map[string]any{auth.Identity.Name: u.Identity, auth.Password.Name: u.Password}})
		tk, _ := r.Obj()["accessToken"].(string)
		side.Client.Do(Req{Method: "GET", Path: s.base() + "/auth/me", Token: tk})
		side.Client.Do(Req{Method: "GET", Path: s.base() + "/auth/me", Token: tk + "x"})
		secrets = append(secrets, tk)
	}
	for _, u := range s.Users {
		secrets = append(secrets, u.Password, u.Token)
	}
	secrets = append(secrets, JWTSecret)
	// Stop it and read everything it wrote: no waiting for lines to appear.
	if err := srv.terminate(60 * time.Second); err != nil {
		t.Errorf("on SIGTERM: %v; want a graceful stop and exit status 0", err)
	}
	lines := srv.stdoutLines()
	var found, started map[string]any
	var objects []map[string]any
	for _, line := range append(lines, s.Server.stdoutLines()...) {
		for _, sec := range secrets {
			if sec != "" && strings.Contains(line, sec) {
				t.Errorf("a password, token or secret is in the log: %s", clip(line, 300))
			}
		}
		if strings.Contains(strings.ToLower(line), "bearer ey") {
			t.Errorf("an Authorization header is in the log: %s", clip(line, 300))
		}
		if u, err := url.Parse(databaseURL); err == nil && u.User != nil {
			if p, ok := u.User.Password(); ok && strings.Contains(line, ":"+p+"@") {
				t.Errorf("the database password is in the log: %s", clip(line, 300))
			}
		}
	}
	for _, line := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Errorf("a stdout line is not one JSON object: %s", clip(line, 300))
			continue
		}
		for _, k := range []string{"time", "level", "msg"} {
			if _, ok := m[k].(string); !ok {
				t.Errorf("log line lacks the string %q: %s", k, clip(line, 300))
			}
		}
		if !slices.Contains([]string{"debug", "info", "warn", "error"}, fmt.Sprint(m["level"])) {
			t.Errorf("log level %v is not debug, info, warn or error: %s", m["level"], clip(line, 300))
		}
		objects = append(objects, m)
		if m["requestId"] == id && m["method"] != nil {
			found = m
		}
		if m["msg"] == "started" && started == nil {
			started = m
		}
	}
	if started == nil {
		t.Errorf("no start-up line (msg \"started\") on stdout; stdout was:\n%s", clip(strings.Join(lines, "\n"), 3000))
	} else {
		want := map[string]any{"addr": fmt.Sprintf("%s:%d", "127.0.0.1", port), "database": s.databaseKind(), "version": s.API.Version}
		for k, v := range want {
			if started[k] != v {
				t.Errorf("start-up line: %s = %v, want %v (%v)", k, started[k], v, started)
			}
		}
	}
	if n := len(objects); n == 0 || objects[n-1]["msg"] != "stopped" {
		t.Errorf("the last log line is not msg \"stopped\"; stdout ended:\n%s", clip(strings.Join(lines[max(0, len(lines)-5):], "\n"), 3000))
	}
	if found == nil {
		t.Fatalf("no JSON access log line on stdout with requestId %q at LOG_LEVEL=info; stdout was:\n%s", id, clip(strings.Join(lines, "\n"), 3000))
	}
	if found["msg"] != "request" {
		t.Errorf("access log line: msg %v, want \"request\"", found["msg"])
	}
	for _, k := range []string{"time", "level", "requestId", "method", "path", "status", "durationMs"} {
		if _, ok := found[k]; !ok {
			t.Errorf("access log line lacks %q: %v", k, found)
		}
	}
	if found["method"] != "GET" || found["path"] != path || fmt.Sprint(found["status"]) != "404" {
		t.Errorf("access log line: want GET %s 404 (path without the query), got %v", path, found)
	}
	if _, ok := found["durationMs"].(float64); !ok {
		t.Errorf("durationMs is not a number: %v", found["durationMs"])
	}
	if ts, _ := found["time"].(string); !regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]00:00)$`).MatchString(ts) {
		t.Errorf("time %q is not RFC 3339 UTC", found["time"])
	}
}

func checkWatchedHeaders(s *Suite, t *testing.T) {
	s.Client.mu.Lock()
	w := s.Client.watch
	s.Client.mu.Unlock()
	for i, m := range append(w.security, w.requestID...) {
		if i == 20 {
			t.Errorf("... and %d more", len(w.security)+len(w.requestID)-20)
			break
		}
		t.Error(m)
	}
}

func checkNo5xx(s *Suite, t *testing.T) {
	s.Client.mu.Lock()
	w := s.Client.watch
	s.Client.mu.Unlock()
	for i, m := range w.serverErrors {
		if i == 20 {
			t.Errorf("... and %d more", len(w.serverErrors)-20)
			break
		}
		t.Errorf("server error or broken exchange:\n  %s", m)
	}
	for _, line := range s.Server.stdoutLines() {
		if strings.Contains(line, "Traceback (most recent call last)") || strings.Contains(line, "goroutine ") && strings.Contains(line, "panic") {
			t.Errorf("a crash trace on stdout: %s", clip(line, 300))
		}
	}
	t.Logf("%d exchanges watched", w.count)
}

func checkOpenAPIResponses(s *Suite, t *testing.T) {
	if s.Client.validator == nil {
		t.Fatalf("no usable OpenAPI document: %v", s.docErr)
	}
	s.Client.mu.Lock()
	w := s.Client.watch
	s.Client.mu.Unlock()
	t.Logf("%d of %d responses validated against the document", w.validated, w.count)
	if w.validated < w.count/4 {
		t.Errorf("only %d of %d responses could be held to the document: its paths do not match the served ones", w.validated, w.count)
	}
	for i, m := range w.openapi {
		if i == 30 {
			t.Errorf("... and %d more", len(w.openapi)-30)
			break
		}
		t.Errorf("response does not match the OpenAPI document:\n  %s", m)
	}
}

// databaseKind is "sqlite" or "postgres", as the start-up line names the
// run's DATABASE_URL.
func (s *Suite) databaseKind() string {
	for _, kv := range s.Env {
		if v, ok := strings.CutPrefix(kv, "DATABASE_URL="); ok && strings.HasPrefix(v, "sqlite") {
			return "sqlite"
		}
	}
	return "postgres"
}
