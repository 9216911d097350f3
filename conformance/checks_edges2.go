package conformance

import (
	"encoding/json"
	"fmt"
	"net"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/bgen-dev/bgen/ir"
)

// docs/conventions.md, "Values at the edges": emails, paths, HEAD, tokens
// and a body that stalls.

// asciiLower lower-cases the ASCII letters of s and keeps every other
// character, as the contract folds an email address.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// asciiUpper upper-cases the ASCII letters of s.
func asciiUpper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - ('a' - 'A')
		}
	}
	return string(b)
}

// blanks are characters no email or url may hold: control characters
// (Unicode Cc) and Unicode white space.
var blanks = []string{
	"\x01", "\t", "\n", "\x1f", "\x7f", "\u0085", " ", "\u00a0", "\u1680",
	"\u2000", "\u2028", "\u2029", "\u202f", "\u3000",
}

// shoutedEmail returns an address equal to valid once folded, with its
// ASCII letters upper-cased and a non-ASCII capital the folding keeps.
func shoutedEmail(valid string) string {
	local, domain, _ := strings.Cut(valid, "@")
	return asciiUpper(local) + "Ä@" + asciiUpper(domain)
}

// textFields returns the fields of fs of type typ, without a pattern (a
// pattern could refuse the values these checks make).
func textFields(fs []*ir.Field, typ ir.Type) []*ir.Field {
	var out []*ir.Field
	for _, f := range fs {
		if f.Type == typ && f.Kind == ir.KindField && f.Pattern == "" {
			out = append(out, f)
		}
	}
	return out
}

func checkEdgeEmail(s *Suite, t *testing.T) {
	ran := false
	for _, e := range s.API.Entities {
		emails := textFields(e.Create, ir.Email)
		urls := textFields(e.Create, ir.URL)
		if len(emails)+len(urls) == 0 || hasOp(e, ir.OpCreate) == nil || ownerKeyUnique(e) {
			continue
		}
		u, ok := s.creator(e)
		if !ok {
			continue
		}
		ran = true
		t.Run(entName(e), func(t *testing.T) {
			for _, f := range emails {
				t.Run(f.Name+" folded", func(t *testing.T) {
					sent := shoutedEmail(fmt.Sprint(s.Gen.Valid(f)))
					want := asciiLower(sent)
					r := s.do(u, "POST", s.collection(e), s.body(t, e, map[string]any{f.Name: sent}))
					if !status(t, r, 201) {
						return
					}
					row := r.Obj()
					if row[f.Name] != want {
						t.Errorf("%s %q is stored as %v, want %q\n  %s", f.Name, sent, row[f.Name], want, r)
					}
					if f.Unique {
						again := s.do(u, "POST", s.collection(e), s.body(t, e, map[string]any{f.Name: want}))
						fieldErrors(t, again, 409, FieldErr{f.Name, "unique"})
					}
					if filterable(e, f) {
						if l, ok := s.caller(hasOpRule(e, ir.OpList)); ok {
							lr := s.do(l, "GET", s.collection(e)+query(f.Name, asciiUpper(want)), nil)
							if status(t, lr, 200) && !hasID(lr.Items(), row["id"]) {
								t.Errorf("the filter %s=%s does not find %q\n  %s", f.Name, asciiUpper(want), want, lr)
							}
						}
					}
					if inFields(e.Update, f) {
						if up, ok := s.actor(e, ir.OpUpdate, row); ok {
							sent := shoutedEmail(fmt.Sprint(s.Gen.Valid(f)))
							pr := s.do(up, "PATCH", s.item(e, row["id"]), map[string]any{f.Name: sent})
							if status(t, pr, 200) && pr.Obj()[f.Name] != asciiLower(sent) {
								t.Errorf("an update stores %s %q as %v, want %q\n  %s", f.Name, sent, pr.Obj()[f.Name], asciiLower(sent), pr)
							}
						}
					}
				})
			}
			for _, f := range append(append([]*ir.Field{}, emails...), urls...) {
				t.Run(f.Name+" blanks", func(t *testing.T) {
					valid := fmt.Sprint(s.Gen.Valid(f))
					for _, c := range blanks {
						bad := valid[:1] + c + valid[1:]
						if f.Type == ir.URL {
							bad = valid + "/a" + c + "b"
						}
						r := s.do(u, "POST", s.collection(e), s.body(t, e, map[string]any{f.Name: bad}))
						fieldErrors(t, r, 422, FieldErr{f.Name, "format"})
					}
				})
			}
		})
	}
	if auth := s.API.Auth; auth != nil && auth.Identity.Type == ir.Email {
		ran = true
		t.Run("login", func(t *testing.T) {
			path := s.base() + "/auth/login"
			login := func(identity, password string) *Resp {
				return s.Client.Do(Req{Method: "POST", Path: path, Body: map[string]any{auth.Identity.Name: identity, auth.Password.Name: password}})
			}
			u := s.Users[0]
			status(t, login(asciiUpper(u.Identity), u.Password), 200)
			b := map[string]any{}
			for _, f := range auth.Register {
				if f.Kind != ir.KindForeignKey {
					b[f.Name] = s.Gen.Valid(f)
				}
			}
			sent := asciiUpper(fmt.Sprint(b[auth.Identity.Name]))
			b[auth.Identity.Name] = sent
			r := s.Client.Do(Req{Method: "POST", Path: s.base() + "/auth/register", Body: b})
			if !status(t, r, 201) {
				return
			}
			if got := r.Obj()[auth.Identity.Name]; got != asciiLower(sent) {
				t.Errorf("register stores %q as %v, want %q\n  %s", sent, got, asciiLower(sent), r)
			}
			status(t, login(asciiLower(sent), fmt.Sprint(b[auth.Password.Name])), 200)
		})
	}
	if !ran {
		t.Skip("no email or url field can be written")
	}
}

// filterable reports whether f is a list filter of e.
func filterable(e *ir.Entity, f *ir.Field) bool {
	for _, fl := range e.List.Filters {
		if fl.Field == f && fl.Param == f.Name {
			return true
		}
	}
	return false
}

func hasID(items []map[string]any, id any) bool {
	for _, it := range items {
		if idKey(it["id"]) == idKey(id) {
			return true
		}
	}
	return false
}

// edgeRow returns a row of e that u may read, made for the check.
func (s *Suite) edgeRow(t *testing.T, e *ir.Entity) (map[string]any, *User) {
	t.Helper()
	if hasOp(e, ir.OpCreate) == nil {
		t.Skipf("%s rows cannot be made", entName(e))
	}
	if _, ok := s.creator(e); !ok {
		t.Skipf("no caller can create %s", entName(e))
	}
	row := s.createRow(t, e, nil)
	g, ok := s.actor(e, ir.OpGet, row)
	if !ok {
		t.Skipf("no caller can read %s", entName(e))
	}
	return row, g
}

func checkEdgePaths(s *Suite, t *testing.T) {
	forEntity(s, t, func(t *testing.T, e *ir.Entity) {
		needOps(t, e, ir.OpGet)
		row, g := s.edgeRow(t, e)
		id := idKey(row["id"])
		if e.IDType != ir.UUID {
			t.Run("non-canonical ids", func(t *testing.T) {
				for _, bad := range []string{"0" + id, "00" + id, "+" + id, "%2B" + id, "-0" + id} {
					problem(t, s.do(g, "GET", s.collection(e)+"/"+bad, nil), 404)
					if up, ok := s.actor(e, ir.OpUpdate, row); ok {
						problem(t, s.do(up, "PATCH", s.collection(e)+"/"+bad, map[string]any{}), 404)
					}
					if d, ok := s.actor(e, ir.OpDelete, row); ok {
						problem(t, s.do(d, "DELETE", s.collection(e)+"/"+bad, nil), 404)
					}
				}
				r := s.do(g, "GET", s.item(e, row["id"]), nil)
				if status(t, r, 200) && !sameJSON(r.Obj(), row) {
					t.Errorf("a request to a non-canonical id changed the row:\n  was %s\n  %s", mustJSON(row), r)
				}
			})
		}
		t.Run("encoded slash", func(t *testing.T) {
			for _, slash := range []string{"%2F", "%2f"} {
				// Decoded, each would name a route.
				problem(t, s.do(g, "GET", s.collection(e)+slash+url.PathEscape(id), nil), 404)
				problem(t, s.do(g, "GET", s.base()+slash+strings.TrimPrefix(e.Path, "/"), nil), 404)
				problem(t, s.do(g, "POST", s.collection(e)+slash+url.PathEscape(id), map[string]any{}), 404)
				if d, ok := s.actor(e, ir.OpDelete, row); ok {
					problem(t, s.do(d, "DELETE", s.collection(e)+slash+url.PathEscape(id), nil), 404)
				}
				for _, rel := range e.Relations {
					if rel.Path == "" || rel.ParentAccess == nil || rel.TargetAccess == nil {
						continue
					}
					p := s.relPath(rel, row["id"])
					i := strings.LastIndex(p, "/")
					if u, ok := s.caller(*rel.ParentAccess, *rel.TargetAccess); ok {
						problem(t, s.do(u, "GET", p[:i]+slash+p[i+1:], nil), 404)
					}
				}
			}
			r := s.do(g, "GET", s.item(e, row["id"]), nil)
			if status(t, r, 200) && !sameJSON(r.Obj(), row) {
				t.Errorf("a request with an encoded slash changed the row:\n  was %s\n  %s", mustJSON(row), r)
			}
		})
	})
}

// rawHead sends HEAD path on a connection of its own and returns the
// answer and every byte the server sent after the answer's header: a HEAD
// answer has no body. The client's own HEAD would not read those bytes.
func (s *Suite) rawHead(t *testing.T, path string, u *User) (*Resp, []byte) {
	t.Helper()
	var header []rawHeader
	if u != nil {
		header = append(header, rawHeader{"Authorization", "Bearer " + u.Token})
	}
	return s.rawSend(t, "HEAD", path, header, nil)
}

// headLike checks that HEAD path answers as GET path does, without a body.
func (s *Suite) headLike(t *testing.T, path string, u *User) {
	t.Helper()
	get := s.do(u, "GET", path, nil)
	head, rest := s.rawHead(t, path, u)
	contractHeaders(t, head)
	if head.Err != nil {
		return
	}
	if head.Status != get.Status {
		t.Errorf("HEAD %s: status %d, GET gives %d\n  %s", path, head.Status, get.Status, get)
	}
	if a, b := mediaType(head), mediaType(get); a != b {
		t.Errorf("HEAD %s: Content-Type %q, GET gives %q", path, head.Header.Get("Content-Type"), get.Header.Get("Content-Type"))
	}
	if len(rest) > 0 {
		t.Errorf("HEAD %s: the answer has a body: %q", path, clip(string(rest), 200))
	}
}

func checkEdgeHead(s *Suite, t *testing.T) {
	t.Run("operations", func(t *testing.T) {
		for _, p := range []string{"/health", "/ready", "/openapi.json"} {
			s.headLike(t, p, nil)
		}
		s.headLike(t, s.base()+"/no-such-things", nil)
	})
	if s.API.Auth != nil {
		t.Run("me", func(t *testing.T) {
			s.headLike(t, s.base()+"/auth/me", s.Users[0])
			s.headLike(t, s.base()+"/auth/me", nil)
		})
	}
	forEntity(s, t, func(t *testing.T, e *ir.Entity) {
		if op := hasOp(e, ir.OpList); op != nil {
			if l, ok := s.caller(op.Access); ok {
				s.headLike(t, s.collection(e), l)
			}
		}
		if hasOp(e, ir.OpGet) == nil {
			return
		}
		row, g := s.edgeRow(t, e)
		s.headLike(t, s.item(e, row["id"]), g)
		s.headLike(t, s.item(e, missingID(e)), g)
		for _, rel := range e.Relations {
			if rel.Path == "" || rel.ParentAccess == nil || rel.TargetAccess == nil {
				continue
			}
			if u, ok := s.caller(*rel.ParentAccess, *rel.TargetAccess); ok {
				s.headLike(t, s.relPath(rel, row["id"]), u)
			}
		}
	})
	for _, ep := range s.API.Endpoints {
		if ep.Method != "GET" {
			continue
		}
		t.Run(ep.Name, func(t *testing.T) {
			u, ok := s.caller(ep.Access)
			if !ok && ep.Access.Owner {
				u = s.plain(0)
			}
			path, _ := s.endpointPath(t, ep, u, nil)
			s.headLike(t, path+s.endpointQuery(ep, nil), u)
		})
	}
	t.Run("Allow", func(t *testing.T) {
		// HEAD is allowed wherever GET is, and listed right after it.
		r := s.Client.Do(Req{Method: "PUT", Path: "/health", Body: map[string]any{}})
		if problem(t, r, 405) != nil && r.Header.Get("Allow") != "GET, HEAD" {
			t.Errorf("Allow %q, want \"GET, HEAD\"\n  %s", r.Header.Get("Allow"), r)
		}
		if s.API.Auth != nil {
			head, _ := s.rawHead(t, s.base()+"/auth/login", nil)
			contractHeaders(t, head)
			if head.Err == nil && (head.Status != 405 || head.Header.Get("Allow") != "POST") {
				t.Errorf("HEAD on a POST route: %d with Allow %q, want 405 with Allow \"POST\"", head.Status, head.Header.Get("Allow"))
			}
		}
	})
}

func checkEdgeTokens(s *Suite, t *testing.T) {
	auth := needAuth(s, t)
	path := s.base() + "/auth/me"
	u := s.Users[0]
	now := time.Now().Unix()
	claims := validClaims(auth, u, now)
	me := func(token string) *Resp {
		return s.Client.Do(Req{Method: "GET", Path: path, Token: token})
	}
	t.Run("without iat", func(t *testing.T) {
		r := me(forge(claims(func(c map[string]any) { delete(c, "iat") }), JWTSecret))
		if status(t, r, 200) && idKey(r.Obj()["id"]) != idKey(u.ID) {
			t.Errorf("wrong user\n  %s", r)
		}
	})
	set := func(name string, v any) func(map[string]any) {
		return func(c map[string]any) { c[name] = v }
	}
	bad := map[string]func(map[string]any){
		"exp as a string":     set("exp", fmt.Sprint(now+600)),
		"exp 1e300":           set("exp", json.Number("1e300")),
		"exp with a fraction": set("exp", json.Number(fmt.Sprintf("%d.5", now+600))),
		"exp past 64 bits":    set("exp", json.Number("18446744073709551616")),
		"exp true":            set("exp", true),
		"iat as a string":     set("iat", fmt.Sprint(now)),
		"iat 1e300":           set("iat", json.Number("1e300")),
		"iat below 64 bits":   set("iat", json.Number("-18446744073709551616")),
		"iat in the future":   set("iat", now+3600),
		"sub with a space":    set("sub", " "+idKey(u.ID)),
		"empty sub":           set("sub", ""),
	}
	if auth.Entity.IDType == ir.UUID {
		bad["sub in upper case"] = set("sub", strings.ToUpper(idKey(u.ID)))
	} else {
		bad["sub as a number"] = set("sub", json.Number(idKey(u.ID)))
		bad["sub with a plus"] = set("sub", "+"+idKey(u.ID))
		bad["sub with a leading zero"] = set("sub", "0"+idKey(u.ID))
	}
	for name, mod := range bad {
		t.Run(name, func(t *testing.T) {
			problem(t, me(forge(claims(mod), JWTSecret)), 401)
		})
	}
}

// checkEdgeStall holds requests whose bodies never come (a Content-Length
// of 20 and no body byte) open on raw connections, and meanwhile writes
// through the API: a server that read the body after taking the write lock
// (or a row lock) would stall every write behind them.
func checkEdgeStall(s *Suite, t *testing.T) {
	var e *ir.Entity
	var u *User
	for _, c := range s.API.Entities {
		if hasOp(c, ir.OpCreate) == nil || hasOp(c, ir.OpUpdate) == nil || ownerKeyUnique(c) {
			continue
		}
		if cu, ok := s.creator(c); ok {
			e, u = c, cu
			break
		}
	}
	if e == nil {
		t.Skip("no entity can be created and updated")
	}
	stalled := s.createRow(t, e, nil)
	updater, ok := s.actor(e, ir.OpUpdate, stalled)
	if !ok {
		t.Skip("no caller can update the rows made")
	}
	base, err := url.Parse(s.Client.Base)
	if err != nil {
		t.Fatal(err)
	}
	stall := func(method, path string, who *User) {
		conn, err := net.Dial("tcp", base.Host)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { conn.Close() })
		head := fmt.Sprintf("%s %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: 20\r\n", method, path, base.Host)
		if who != nil {
			head += "Authorization: Bearer " + who.Token + "\r\n"
		}
		if _, err := conn.Write([]byte(head + "\r\n")); err != nil {
			t.Fatal(err)
		}
	}
	stall("PATCH", s.item(e, stalled["id"]), updater)
	stall("POST", s.collection(e), u)
	for _, ep := range s.API.Endpoints {
		if ep.Body != nil {
			who, ok := s.caller(ep.Access)
			if !ok && ep.Access.Owner {
				who = s.plain(0)
			}
			path, _ := s.endpointPath(t, ep, who, nil)
			stall(ep.Method, path+s.endpointQuery(ep, nil), who)
		}
	}
	// Writes one after another: the later ones find any lock the stalled
	// requests could take already taken.
	for i := range 3 {
		r := s.do(u, "POST", s.collection(e), s.body(t, e, nil))
		if !status(t, r, 201) {
			t.Fatalf("write %d while requests stall in their bodies failed", i+1)
		}
		row := r.Obj()
		if up, ok := s.actor(e, ir.OpUpdate, row); ok {
			status(t, s.do(up, "PATCH", s.item(e, row["id"]), map[string]any{}), 200)
		}
	}
	if g, ok := s.actor(e, ir.OpGet, stalled); ok {
		r := s.do(g, "GET", s.item(e, stalled["id"]), nil)
		if status(t, r, 200) && !sameJSON(r.Obj(), stalled) {
			t.Errorf("the stalled update changed the row:\n  was %s\n  %s", mustJSON(stalled), r)
		}
	}
}
