package conformance

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/bgen-dev/bgen/ir"
)

var successStatus = map[ir.OpKind]int{ir.OpList: 200, ir.OpGet: 200, ir.OpCreate: 201, ir.OpUpdate: 200, ir.OpDelete: 204}

// expected is the status the contract gives u for op on a row (owned by
// u or not), or 0 where the contract leaves it open.
func expected(r ir.Rule, k ir.OpKind, u *User, owns bool) int {
	switch {
	case allowsFully(r, u):
		return successStatus[k]
	case u == nil:
		return 401
	case r.Owner && k == ir.OpList:
		return 200 // filtered, see access.owner
	case r.Owner && k == ir.OpCreate:
		return 0
	case r.Owner && owns:
		return successStatus[k]
	case r.Owner:
		return 404
	}
	return 403
}

func (s *Suite) callers() []*User { return append([]*User{nil}, s.Users...) }

func checkAccess(s *Suite, t *testing.T) {
	if s.API.Auth == nil {
		t.Skip("no auth: every operation is public, checked by the other rules")
	}
	forEntity(s, t, func(t *testing.T, e *ir.Entity) {
		if hasOp(e, ir.OpCreate) == nil {
			t.Skip("no create: rows cannot be made")
		}
		for _, op := range e.Operations {
			t.Run(string(op.Kind), func(t *testing.T) {
				for _, u := range s.callers() {
					var row map[string]any
					if op.Kind != ir.OpList && op.Kind != ir.OpCreate {
						row = s.createRow(t, e, nil)
					}
					owns := row != nil && u != nil && idKey(s.ownerOf(e, row)) == idKey(u.ID)
					want := expected(op.Access, op.Kind, u, owns)
					if want == 0 {
						continue
					}
					if op.Kind == ir.OpCreate && ownerKeyUnique(e) && u != nil {
						// One row per owner: use a fresh user of the same standing.
						continue
					}
					var r *Resp
					switch op.Kind {
					case ir.OpList:
						r = s.do(u, "GET", s.collection(e), nil)
					case ir.OpGet:
						r = s.do(u, "GET", s.item(e, row["id"]), nil)
					case ir.OpCreate:
						r = s.do(u, "POST", s.collection(e), s.body(t, e, nil))
					case ir.OpUpdate:
						r = s.do(u, "PATCH", s.item(e, row["id"]), map[string]any{})
					case ir.OpDelete:
						r = s.do(u, "DELETE", s.item(e, row["id"]), nil)
					}
					if r.Status != want {
						t.Errorf("%s as %s: want %d\n  %s", op.Kind, u, want, r)
					} else if want >= 400 {
						problem(t, r, want)
					}
				}
			})
		}
	})
}

func checkOwner(s *Suite, t *testing.T) {
	if s.API.Auth == nil {
		t.Skip("no auth")
	}
	n := 0
	forEntity(s, t, func(t *testing.T, e *ir.Entity) {
		if e.Owner == nil {
			t.Skip("no owner")
		}
		n++
		needOps(t, e, ir.OpCreate)
		a, b := s.register(t), s.register(t)
		ra := s.createAs(t, e, a, nil)
		if idKey(ra[e.Owner.Key.Name]) != idKey(a.ID) {
			t.Errorf("create as %v: %s = %v, want the caller", a.ID, e.Owner.Key.Name, ra[e.Owner.Key.Name])
		}
		if !ownerKeyUnique(e) {
			s.createAs(t, e, a, nil)
		}
		rb := s.createAs(t, e, b, nil)
		// The owner key is never accepted in a body, even pointing at the caller.
		fieldErrors(t, s.do(a, "POST", s.collection(e), s.body(t, e, map[string]any{e.Owner.Key.Name: a.ID})), 422, FieldErr{e.Owner.Key.Name, "readOnly"})
		if hasOp(e, ir.OpUpdate) != nil && (allowsFully(hasOp(e, ir.OpUpdate).Access, a) || hasOp(e, ir.OpUpdate).Access.Owner) {
			fieldErrors(t, s.do(a, "PATCH", s.item(e, ra["id"]), map[string]any{e.Owner.Key.Name: b.ID}), 422, FieldErr{e.Owner.Key.Name, "readOnly"})
		}
		if op := hasOp(e, ir.OpList); op != nil && op.Access.Owner && !allowsFully(op.Access, a) {
			t.Run("list shows own rows only", func(t *testing.T) {
				var want []map[string]any
				for _, r := range s.Model.Rows(e) {
					if idKey(r[e.Owner.Key.Name]) == idKey(a.ID) {
						want = append(want, r)
					}
				}
				sortRows(e, want, e.List.DefaultSort)
				got, ok := s.listAll(t, a, s.collection(e))
				if ok {
					sameOrder(t, "owner list", got, want)
				}
			})
		}
		for _, k := range []ir.OpKind{ir.OpGet, ir.OpUpdate, ir.OpDelete} {
			op := hasOp(e, k)
			if op == nil || !op.Access.Owner || allowsFully(op.Access, a) {
				continue
			}
			t.Run(string(k)+" of another's row is 404", func(t *testing.T) {
				method := map[ir.OpKind]string{ir.OpGet: "GET", ir.OpUpdate: "PATCH", ir.OpDelete: "DELETE"}[k]
				var body any
				if k == ir.OpUpdate {
					body = map[string]any{}
				}
				problem(t, s.do(a, method, s.item(e, rb["id"]), body), 404)
				r := s.do(a, method, s.item(e, ra["id"]), body)
				status(t, r, successStatus[k])
			})
		}
	})
	if n == 0 {
		t.Skip("no entity has an owner")
	}
}

// endpointPath fills an endpoint's path parameters.
func (s *Suite) endpointPath(t *testing.T, ep *ir.Endpoint, owner *User, over map[string]string) (string, *User) {
	t.Helper()
	p := ep.Path
	var who *User
	for _, f := range ep.Params {
		v, ok := over[f.Name]
		if !ok {
			if ep.Entity != nil && f.Name == "id" && hasOp(ep.Entity, ir.OpCreate) != nil {
				var row map[string]any
				if owner != nil && ep.Entity.Owner != nil {
					row = s.createAs(t, ep.Entity, owner, nil)
				} else {
					row = s.createRow(t, ep.Entity, nil)
				}
				who = s.userByID(s.ownerOf(ep.Entity, row))
				v = idKey(row["id"])
			} else {
				v = queryValue(s.Gen.Valid(f))
			}
		}
		p = strings.Replace(p, "{"+f.Name+"}", url.PathEscape(v), 1)
	}
	return s.base() + p, who
}

func (s *Suite) endpointQuery(ep *ir.Endpoint, over map[string]any) string {
	var kv []string
	for _, f := range ep.Query {
		v, ok := over[f.Name]
		if !ok {
			if !f.Required {
				continue
			}
			v = s.Gen.Valid(f)
		}
		if v == nil {
			continue
		}
		kv = append(kv, f.Name, queryValue(v))
	}
	return query(kv...)
}

func (s *Suite) endpointBody(ep *ir.Endpoint) any {
	if ep.Body == nil {
		return nil
	}
	b := map[string]any{}
	for _, f := range ep.Body {
		b[f.Name] = s.Gen.Valid(f)
	}
	return b
}

func checkEndpoints(s *Suite, t *testing.T) {
	if len(s.API.Endpoints) == 0 {
		t.Skip("no custom endpoints")
	}
	for _, ep := range s.API.Endpoints {
		t.Run(ep.Name, func(t *testing.T) {
			u, ok := s.caller(ep.Access)
			if !ok && ep.Access.Owner {
				u = s.plain(0)
			}
			path, _ := s.endpointPath(t, ep, u, nil)
			call := func(u *User, path string, body any) *Resp {
				return s.Client.Do(Req{Method: ep.Method, Path: path, Body: body, Token: tok(u)})
			}
			t.Run("not implemented", func(t *testing.T) {
				problem(t, call(u, path+s.endpointQuery(ep, nil), s.endpointBody(ep)), 501)
			})
			t.Run("access", func(t *testing.T) {
				for _, c := range s.callers() {
					want := expected(ep.Access, ir.OpGet, c, false)
					if want < 400 || want == 404 {
						continue
					}
					r := call(c, path+s.endpointQuery(ep, nil), s.endpointBody(ep))
					if r.Status != want {
						t.Errorf("as %s: want %d\n  %s", c, want, r)
					}
				}
			})
			t.Run("parameters", func(t *testing.T) {
				n := 0
				for _, f := range ep.Params {
					for _, bad := range badFilterValues(f) {
						n++
						p, _ := s.endpointPath(t, ep, u, map[string]string{f.Name: bad})
						fieldErrors(t, call(u, p+s.endpointQuery(ep, nil), s.endpointBody(ep)), 422, FieldErr{f.Name, paramCode(f)})
					}
				}
				for _, f := range ep.Query {
					if f.Required {
						n++
						q := s.endpointQuery(ep, map[string]any{f.Name: nil})
						fieldErrors(t, call(u, path+q, s.endpointBody(ep)), 422, FieldErr{f.Name, "required"})
					}
					for _, bad := range badFilterValues(f) {
						n++
						q := s.endpointQuery(ep, map[string]any{f.Name: bad})
						fieldErrors(t, call(u, path+q, s.endpointBody(ep)), 422, FieldErr{f.Name, paramCode(f)})
					}
					for _, inv := range s.Gen.Invalids(f) {
						if inv.Code == "min" || inv.Code == "max" || inv.Code == "enum" {
							n++
							q := s.endpointQuery(ep, map[string]any{f.Name: inv.Value})
							fieldErrors(t, call(u, path+q, s.endpointBody(ep)), 422, FieldErr{f.Name, inv.Code})
						}
					}
				}
				if ep.Body != nil {
					for _, f := range ep.Body {
						for _, inv := range s.Gen.Invalids(f) {
							n++
							b := s.endpointBody(ep).(map[string]any)
							b[f.Name] = inv.Value
							fieldErrors(t, call(u, path+s.endpointQuery(ep, nil), b), 422, FieldErr{f.Name, inv.Code})
						}
					}
					n++
					b := s.endpointBody(ep).(map[string]any)
					b["zzUnknown"] = 1
					fieldErrors(t, call(u, path+s.endpointQuery(ep, nil), b), 422, FieldErr{"zzUnknown", "unknown"})
					problem(t, s.Client.Do(Req{Method: ep.Method, Path: path + s.endpointQuery(ep, nil), Body: []byte("[1]"), Token: tok(u)}), 400)
				}
				if n == 0 {
					t.Skip("nothing to validate")
				}
			})
		})
	}
}

func checkCreateUserCLI(s *Suite, t *testing.T) {
	auth := needAuth(s, t)
	run := func(body map[string]any) (string, string, error) {
		js, _ := json.Marshal(body)
		argv := append(append([]string(nil), s.Target.CreateUser...), string(js))
		return runSplit(s.Dir, s.Env, argv...)
	}
	t.Run("resource printed", func(t *testing.T) {
		raw := s.Users[0].Raw
		checkResource(t, auth.Entity, raw, &Resp{Method: "create-user", Body: raw})
	})
	bad := map[string]map[string]any{}
	b := map[string]any{}
	for _, f := range auth.Entity.Create {
		if f.Kind != ir.KindForeignKey {
			b[f.Name] = s.Gen.Valid(f)
		}
	}
	dup := copyRow(b)
	dup[auth.Identity.Name] = s.Users[0].Identity
	bad["taken identity"] = dup
	wrong := copyRow(b)
	wrong[auth.Identity.Name] = 5
	bad["invalid"] = wrong
	for name, body := range bad {
		t.Run(name, func(t *testing.T) {
			stdout, stderr, err := run(body)
			ee, ok := err.(interface{ ExitCode() int })
			if err == nil || !ok || ee.ExitCode() != 1 {
				t.Errorf("create-user %s: want exit status 1, got %v\nstdout: %s\nstderr: %s", name, err, stdout, stderr)
			}
			p := lastJSONObjectAny(stderr)
			if p == nil || p["status"] == nil || p["title"] == nil {
				t.Errorf("create-user %s: want a problem body on stderr, got:\n%s", name, clip(stderr, 2000))
			}
		})
	}
	t.Run("role allowed", func(t *testing.T) {
		if auth.RoleField == nil {
			t.Skip("no role field")
		}
		ok := copyRow(b)
		ok[auth.Identity.Name] = s.Gen.Valid(auth.Identity)
		ok[auth.RoleField.Name] = auth.Roles[len(auth.Roles)-1]
		stdout, stderr, err := run(ok)
		if err != nil {
			t.Fatalf("create-user: %v\n%s\n%s", err, stdout, stderr)
		}
		row := lastJSONObject(stdout)
		if row == nil || row[auth.RoleField.Name] != auth.Roles[len(auth.Roles)-1] {
			t.Errorf("create-user did not keep the role: %s", stdout)
		} else {
			s.Model.Put(auth.Entity, row)
		}
	})
}

// paramCode is the code of a path or query value that does not parse as
// f's type. Numbers and booleans have their own JSON types, so text that
// is not one is a "type" error; the string-borne types (date, datetime,
// uuid, decimal) fail "format" exactly as in a body, and enums "enum".
func paramCode(f *ir.Field) string {
	switch f.Type {
	case ir.Int, ir.Float, ir.Bool:
		return "type"
	case ir.Enum:
		return "enum"
	}
	return "format"
}

// lastJSONObjectAny finds a JSON object in out (whole, or its last line
// that is one).
func lastJSONObjectAny(out string) map[string]any {
	var m map[string]any
	if json.Unmarshal([]byte(out), &m) == nil {
		return m
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if json.Unmarshal([]byte(lines[i]), &m) == nil {
			return m
		}
	}
	return nil
}

var _ = fmt.Sprint
