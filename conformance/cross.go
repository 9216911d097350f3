package conformance

import (
	"encoding/json"
	"fmt"
	"math/big"
	"path/filepath"
	"strings"
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

// CrossRun checks docs/contract.md's Data section: every target uses the same
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
		if err := s.waitHealthy(healthyWithin); err != nil {
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
	var edges []edgeRow
	fillEdges := func(by string) func(t *testing.T) {
		return func(t *testing.T) { edges = append(edges, s.writeEdges(t, by)...) }
	}
	t.Run("edge values with "+o.A.Name, fillEdges(o.A.Name))
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
		for _, w := range edges {
			if w.by == server {
				continue
			}
			g, ok := s.actor(w.e, ir.OpGet, w.row)
			if !ok {
				continue
			}
			r := s.do(g, "GET", s.item(w.e, w.row["id"]), nil)
			if !status(t, r, 200) {
				continue
			}
			if d := exactDiff(w.row, r.Obj(), ""); d != "" {
				t.Errorf("%s reads a row %s wrote with edge values differently, at %s\n  written %s\n  %s", server, w.by, d, mustJSON(w.row), r)
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
	t.Run("edge values with "+o.B.Name, fillEdges(o.B.Name))
	tokens = tokens[:0]
	for _, u := range s.Users {
		tokens = append(tokens, u.Token)
	}
	stop()
	stop = serve(0, o.A)
	defer stop()
	t.Run(o.A.Name+" serves "+o.B.Name+"'s rows", func(t *testing.T) { same(t, o.A.Name, o.B.Name) })
}

// edgeRow is a row written with edge values, as the writing target
// answered it.
type edgeRow struct {
	e   *ir.Entity
	row map[string]any
	by  string
}

// writeEdges writes, through the target now serving, rows that hold the
// values at the edges of docs/conventions.md (both ends of the date range,
// datetimes with offsets, json with big integers, doubles, unicode and
// nesting up to the body's limit, decimals at full precision, upper-case
// emails), and a user with a 72-byte password and an upper-case identity,
// who then logs in on both targets.
func (s *Suite) writeEdges(t *testing.T, by string) []edgeRow {
	var out []edgeRow
	for _, e := range s.API.Entities {
		if hasOp(e, ir.OpCreate) == nil {
			continue
		}
		u, ok := s.creator(e)
		if !ok {
			continue
		}
		for _, end := range []string{"low", "high"} {
			over := s.edgeValues(e, end)
			if len(over) == 0 {
				continue
			}
			who := u
			if e.Owner != nil && ownerKeyUnique(e) {
				who = s.register(t)
			}
			r := s.do(who, "POST", s.collection(e), s.body(t, e, over))
			if !status(t, r, 201) {
				continue
			}
			row := r.Obj()
			for name, v := range over {
				if sent, ok := v.(string); ok && fieldNamed(e, name).Type == ir.Email && row[name] != asciiLower(sent) {
					t.Errorf("%s stores the email %q as %v, want %q", by, sent, row[name], asciiLower(sent))
				}
			}
			out = append(out, edgeRow{e, row, by})
		}
	}
	if auth := s.API.Auth; auth != nil {
		b := map[string]any{}
		for _, f := range auth.Register {
			if f.Kind != ir.KindForeignKey {
				b[f.Name] = s.Gen.Valid(f)
			}
		}
		if v := s.edgeValues(auth.Entity, "high")[auth.Identity.Name]; v != nil {
			b[auth.Identity.Name] = v
		}
		password := strings.Repeat("é", 36) // 72 bytes in UTF-8, bcrypt's limit
		if f := auth.Password; (f.MinLength == nil || *f.MinLength <= 36) && (f.MaxLength == nil || *f.MaxLength >= 36) {
			b[f.Name] = password
		}
		r := s.Client.Do(Req{Method: "POST", Path: s.base() + "/auth/register", Body: b})
		if status(t, r, 201) {
			row := r.Obj()
			u := &User{ID: row["id"], Identity: fmt.Sprint(b[auth.Identity.Name]), Password: fmt.Sprint(b[auth.Password.Name]), Row: row, Plain: true}
			if auth.RoleField != nil {
				u.Role, _ = row[auth.RoleField.Name].(string)
			}
			if err := s.login(u); err != nil {
				t.Errorf("%s: %v", by, err)
			} else {
				s.Users = append(s.Users, u)
			}
		}
	}
	return out
}

func fieldNamed(e *ir.Entity, name string) *ir.Field {
	for _, f := range e.Fields {
		if f.Name == name {
			return f
		}
	}
	return &ir.Field{}
}

// edgeJSON nests n arrays around one string.
func edgeJSON(n int) any {
	var v any = "ü"
	for range n {
		v = []any{v}
	}
	return v
}

// edgeValues returns, for the writable fields of e, values at one end
// ("low" or "high") of what the contract accepts. Unique fields keep a
// generated part, so that each row is new.
func (s *Suite) edgeValues(e *ir.Entity, end string) map[string]any {
	over := map[string]any{}
	high := end == "high"
	for _, f := range e.Create {
		if f.Kind != ir.KindField || f.Pattern != "" || f.Type == ir.Password {
			continue
		}
		switch f.Type {
		case ir.Date:
			over[f.Name] = map[bool]string{false: "0001-01-01", true: "9999-12-31"}[high]
		case ir.DateTime:
			// Both convert to UTC inside the range; digits past the
			// millisecond are cut off.
			over[f.Name] = map[bool]string{false: "0001-01-01T01:30:00.1239+01:00", true: "9999-12-31T22:59:59.9999999-01:00"}[high]
		case ir.JSON:
			if !high {
				// The body object is level 1, the field's value level 2:
				// 63 arrays reach the limit of 64.
				over[f.Name] = edgeJSON(63)
				continue
			}
			over[f.Name] = map[string]any{
				"big":    json.Number("123456789012345678901234567890123"),
				"neg":    json.Number("-98765432109876543210"),
				"huge":   json.Number("1.5e300"),
				"tiny":   json.Number("5e-324"),
				"max":    json.Number("1.7976931348623157e308"),
				"frac":   json.Number("0.1"),
				"whole":  json.Number("5.0"),
				"text":   "héllo ✓ 😀 \u202e \u0301 \"q\" \\ \n",
				"nested": []any{map[string]any{"a": []any{json.Number("1"), nil, true, false, ""}}},
			}
		case ir.Decimal:
			nines := strings.Repeat("9", f.Precision-f.Scale)
			if f.Scale > 0 {
				nines += "." + strings.Repeat("9", f.Scale)
			}
			if high && f.Max == nil {
				over[f.Name] = nines
			} else if !high && f.Min == nil {
				over[f.Name] = "-" + nines
			}
		case ir.Int:
			if high && f.Max == nil && !f.Unique {
				over[f.Name] = json.Number("9223372036854775807")
			} else if !high && f.Min == nil && !f.Unique {
				over[f.Name] = json.Number("-9223372036854775808")
			}
		case ir.Float:
			if high && f.Max == nil {
				over[f.Name] = json.Number("1.7976931348623157e308")
			} else if !high && (f.Min == nil || *f.Min <= 0) {
				over[f.Name] = json.Number("5e-324")
			}
		case ir.Email:
			over[f.Name] = shoutedEmail(fmt.Sprint(s.Gen.Valid(f)))
		case ir.String, ir.Text:
			v := "ü✓😀\u202e\u0301" + fmt.Sprint(s.Gen.Valid(f))
			if !high {
				v = "\U0001F600 " + fmt.Sprint(s.Gen.Valid(f))
			}
			over[f.Name] = fitLength(f, v, 'x')
		}
	}
	return over
}

// exactDiff compares two JSON values decoded with json.Number: numbers by
// exact value (1e300, 1.0e+300 and 1 followed by 300 zeros are one number),
// everything else as it is. It returns where they first differ, or "".
func exactDiff(a, b any, at string) string {
	differ := func() string { return fmt.Sprintf("%s: %s vs %s", at, clip(mustJSON(a), 80), clip(mustJSON(b), 80)) }
	switch x := a.(type) {
	case json.Number:
		y, ok := b.(json.Number)
		if !ok {
			return differ()
		}
		rx, okx := new(big.Rat).SetString(x.String())
		ry, oky := new(big.Rat).SetString(y.String())
		if !okx || !oky || rx.Cmp(ry) != 0 {
			return differ()
		}
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return differ()
		}
		for k, v := range x {
			w, ok := y[k]
			if !ok {
				return differ()
			}
			if d := exactDiff(v, w, at+"."+k); d != "" {
				return d
			}
		}
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return differ()
		}
		for i := range x {
			if d := exactDiff(x[i], y[i], fmt.Sprintf("%s[%d]", at, i)); d != "" {
				return d
			}
		}
	default:
		if a != b {
			return differ()
		}
	}
	return ""
}
