package conformance

import (
	"encoding/json"
	"fmt"
	"math/big"
	"strings"
	"testing"

	"github.com/bgen-dev/bgen/ir"
)

// docs/conventions.md, "Values at the edges", and the Limits table of
// docs/contract.md: dates, json fields, passwords, ints, query strings,
// list limits, the errors cap and body nesting.

// typed returns the declared fields of fs whose type is one of types.
func typed(fs []*ir.Field, types ...ir.Type) []*ir.Field {
	var out []*ir.Field
	for _, f := range fs {
		for _, t := range types {
			if f.Kind == ir.KindField && f.Type == t {
				out = append(out, f)
			}
		}
	}
	return out
}

// writer returns who creates a row of e for an edge check: a fresh user
// where each owner holds one row, so that every create may succeed.
func (s *Suite) writer(t *testing.T, e *ir.Entity) *User {
	t.Helper()
	if ownerKeyUnique(e) {
		return s.register(t)
	}
	u, ok := s.creator(e)
	if !ok {
		t.Skipf("no caller can create %s", entName(e))
	}
	return u
}

// creatable reports whether the suite can create rows of e.
func (s *Suite) creatable(e *ir.Entity) bool {
	if hasOp(e, ir.OpCreate) == nil {
		return false
	}
	_, ok := s.creator(e)
	return ok
}

// rawBody is a valid create body of e whose field name holds raw, JSON
// text sent exactly as written.
func (s *Suite) rawBody(t *testing.T, e *ir.Entity, name, raw string) []byte {
	t.Helper()
	const mark = "\"@@edge-raw@@\""
	js := mustJSON(s.body(t, e, map[string]any{name: "@@edge-raw@@"}))
	if !strings.Contains(js, mark) {
		t.Fatalf("no place for %s in %s", name, js)
	}
	return []byte(strings.Replace(js, mark, raw, 1))
}

// readBack fetches row again, when someone may, and returns it (nil when
// nobody may read it or the read failed).
func (s *Suite) readBack(t *testing.T, e *ir.Entity, row map[string]any) map[string]any {
	t.Helper()
	g, ok := s.actor(e, ir.OpGet, row)
	if !ok {
		return nil
	}
	r := s.do(g, "GET", s.item(e, row["id"]), nil)
	if !status(t, r, 200) {
		return nil
	}
	return r.Obj()
}

// endpointCaller returns who may call ep.
func (s *Suite) endpointCaller(ep *ir.Endpoint) *User {
	u, ok := s.caller(ep.Access)
	if !ok && ep.Access.Owner {
		u = s.plain(0)
	}
	return u
}

// endpointBad sends ep with one parameter (path, query or body) set to bad
// and wants a 422 naming it with code. A body value is sent as JSON.
func (s *Suite) endpointBad(t *testing.T, ep *ir.Endpoint, f *ir.Field, bad any, code string) {
	t.Helper()
	u := s.endpointCaller(ep)
	var params map[string]string
	q := s.endpointQuery(ep, nil)
	body := s.endpointBody(ep)
	switch {
	case inFields(ep.Params, f):
		params = map[string]string{f.Name: queryValue(bad)}
	case inFields(ep.Query, f):
		q = s.endpointQuery(ep, map[string]any{f.Name: bad})
	default:
		b := body.(map[string]any)
		b[f.Name] = bad
	}
	path, _ := s.endpointPath(t, ep, u, params)
	r := s.Client.Do(Req{Method: ep.Method, Path: path + q, Body: body, Token: tok(u)})
	fieldErrors(t, r, 422, FieldErr{f.Name, code})
}

// dateEdges are the values just inside (sent -> stored) and just outside
// 0001-01-01 .. 9999-12-31 of a date or datetime, the outside ones after
// conversion to UTC.
func dateEdges(typ ir.Type) (inside [][2]string, outside []string) {
	if typ == ir.Date {
		return [][2]string{{"0001-01-01", "0001-01-01"}, {"9999-12-31", "9999-12-31"}},
			[]string{"0000-12-31", "0000-01-01"}
	}
	return [][2]string{
			{"0001-01-01T00:00:00Z", "0001-01-01T00:00:00.000Z"},
			{"0001-01-01T01:00:00+01:00", "0001-01-01T00:00:00.000Z"},
			{"9999-12-31T23:59:59.999Z", "9999-12-31T23:59:59.999Z"},
			// Fraction digits past milliseconds are cut off, never rounded
			// (rounding would carry into year 10000).
			{"9999-12-31T22:59:59.9999999-01:00", "9999-12-31T23:59:59.999Z"},
			{"2020-02-29T23:59:59.9996Z", "2020-02-29T23:59:59.999Z"},
		},
		[]string{"9999-12-31T23:59:59-01:00", "0001-01-01T00:00:00+01:00", "0000-06-15T12:00:00Z"}
}

// checkEdgeDates: a date or datetime outside the years 1 to 9999 (in UTC)
// is a 422 format in a body and in a custom endpoint's parameters and a 400
// in a list filter; the edges inside are stored and read back as sent.
func checkEdgeDates(s *Suite, t *testing.T) {
	ran := false
	for _, e := range s.API.Entities {
		fs := typed(e.Create, ir.Date, ir.DateTime)
		if len(fs) == 0 || !s.creatable(e) {
			continue
		}
		ran = true
		t.Run(entName(e), func(t *testing.T) {
			for _, f := range fs {
				inside, outside := dateEdges(f.Type)
				t.Run(f.Name, func(t *testing.T) {
					for _, v := range outside {
						r := s.do(s.writer(t, e), "POST", s.collection(e), s.body(t, e, map[string]any{f.Name: v}))
						fieldErrors(t, r, 422, FieldErr{f.Name, "format"})
					}
					var row map[string]any
					for _, c := range inside {
						r := s.do(s.writer(t, e), "POST", s.collection(e), s.body(t, e, map[string]any{f.Name: c[0]}))
						if !status(t, r, 201) {
							continue
						}
						row = r.Obj()
						if row[f.Name] != c[1] {
							t.Errorf("%s %q is stored as %v, want %q\n  %s", f.Name, c[0], row[f.Name], c[1], r)
						}
						if back := s.readBack(t, e, row); back != nil && back[f.Name] != c[1] {
							t.Errorf("%s %q reads back as %v, want %q", f.Name, c[0], back[f.Name], c[1])
						}
					}
					if row == nil || !inFields(e.Update, f) {
						return
					}
					if up, ok := s.actor(e, ir.OpUpdate, row); ok {
						for _, v := range outside {
							fieldErrors(t, s.do(up, "PATCH", s.item(e, row["id"]), map[string]any{f.Name: v}), 422, FieldErr{f.Name, "format"})
						}
					}
				})
			}
		})
	}
	for _, e := range s.API.Entities {
		for _, fl := range e.List.Filters {
			f := fl.Field
			if f.Type != ir.Date && f.Type != ir.DateTime {
				continue
			}
			u, ok := s.caller(hasOpRule(e, ir.OpList))
			if !ok {
				continue
			}
			ran = true
			t.Run(entName(e)+" filter "+fl.Param, func(t *testing.T) {
				inside, outside := dateEdges(f.Type)
				for _, op := range append([]string{"eq"}, fl.Ops...) {
					p := fl.Param
					if op != "eq" {
						p += "[" + op + "]"
					}
					if op == "isNull" {
						continue
					}
					for _, v := range outside {
						problem(t, s.do(u, "GET", s.collection(e)+query(p, v), nil), 400)
					}
					for _, c := range inside {
						status(t, s.do(u, "GET", s.collection(e)+query(p, c[0]), nil), 200)
					}
				}
			})
		}
	}
	for _, ep := range s.API.Endpoints {
		fs := typed(endpointInputs(ep), ir.Date, ir.DateTime)
		if len(fs) == 0 {
			continue
		}
		ran = true
		t.Run(ep.Name, func(t *testing.T) {
			for _, f := range fs {
				_, outside := dateEdges(f.Type)
				for _, v := range outside {
					s.endpointBad(t, ep, f, v, "format")
				}
			}
		})
	}
	if !ran {
		t.Skip("no date or datetime field, filter or parameter")
	}
}

// endpointInputs are ep's path parameters, query fields and body fields.
func endpointInputs(ep *ir.Endpoint) []*ir.Field {
	var fs []*ir.Field
	fs = append(fs, ep.Params...)
	fs = append(fs, ep.Query...)
	return append(fs, ep.Body...)
}

// significantDigits counts the digits of a JSON number's mantissa without
// leading or trailing zeros.
func significantDigits(n string) int {
	m, _, _ := strings.Cut(strings.ToLower(strings.TrimPrefix(n, "-")), "e")
	m = strings.Trim(strings.Replace(m, ".", "", 1), "0")
	return len(m)
}

// jsonMember returns o's member name as a JSON number's text, or "".
func jsonMember(o any, name string) string {
	m, _ := o.(map[string]any)
	n, _ := m[name].(json.Number)
	return n.String()
}

// checkEdgeJSON: json fields hold I-JSON. A member name twice (at any
// depth, also when only escapes tell the names apart) or a number beyond a
// double is a 422 format; integers keep every digit; numbers with a
// fraction or an exponent become the nearest double.
func checkEdgeJSON(s *Suite, t *testing.T) {
	ran := false
	for _, e := range s.API.Entities {
		fs := typed(e.Create, ir.JSON)
		if len(fs) == 0 || !s.creatable(e) {
			continue
		}
		ran = true
		t.Run(entName(e), func(t *testing.T) {
			for _, f := range fs {
				t.Run(f.Name, func(t *testing.T) {
					bad := []string{
						`{"a":1,"a":2}`,
						`{"x":[{"b":1,"c":{"d":true,"d":false}}]}`,
						`{"a":1,"\u0061":2}`,
						`[1e400]`,
						`{"n":-1e400}`,
					}
					for _, raw := range bad {
						fieldErrors(t, s.do(s.writer(t, e), "POST", s.collection(e), s.rawBody(t, e, f.Name, raw)), 422, FieldErr{f.Name, "format"})
					}
					raw := `{"big":123456789012345678901234567890,"neg":-98765432109876543210,"f":1.50,"e":1E2,` +
						`"tiny":1e-400,"long":0.1000000000000000000000001,"deep":[{"x":2.50}]}`
					r := s.do(s.writer(t, e), "POST", s.collection(e), s.rawBody(t, e, f.Name, raw))
					if !status(t, r, 201) {
						return
					}
					row := r.Obj()
					check := func(where string, v any) {
						t.Helper()
						want := map[string]string{"big": "123456789012345678901234567890", "neg": "-98765432109876543210"}
						for k, w := range want {
							if got := jsonMember(v, k); got != w {
								t.Errorf("%s: the integer %s is %q, want every digit: %s", where, k, got, w)
							}
						}
						doubles := map[string]float64{"f": 1.5, "e": 100, "tiny": 0, "long": 0.1}
						for k, w := range doubles {
							got := jsonMember(v, k)
							x, ok := new(big.Float).SetString(got)
							if !ok || significantDigits(got) > 17 {
								t.Errorf("%s: %s is %q, want the double nearest %v", where, k, got, w)
							} else if f, _ := x.Float64(); f != w {
								t.Errorf("%s: %s is %q, want the double nearest %v", where, k, got, w)
							}
						}
						m, _ := v.(map[string]any)
						deep, _ := m["deep"].([]any)
						if len(deep) != 1 || jsonMember(deep[0], "x") == "" {
							t.Errorf("%s: deep is %v, want [{\"x\": 2.5}]", where, m["deep"])
						}
					}
					check("the create's answer", row[f.Name])
					if back := s.readBack(t, e, row); back != nil {
						check("read back", back[f.Name])
					}
					if up, ok := s.actor(e, ir.OpUpdate, row); ok && inFields(e.Update, f) {
						fieldErrors(t, s.do(up, "PATCH", s.item(e, row["id"]), []byte(`{"`+f.Name+`":{"a":[{"z":1,"z":1}]}}`)), 422, FieldErr{f.Name, "format"})
					}
				})
			}
		})
	}
	if !ran {
		t.Skip("no json field can be written")
	}
}

// passwordOf returns a password of n bytes in UTF-8 that fits f's minLength,
// made of two-byte characters (and one ASCII letter for an odd n).
func passwordOf(n int) string {
	return strings.Repeat("é", n/2) + strings.Repeat("a", n%2)
}

// checkEdgePassword: a password is at most 72 bytes in UTF-8 (bcrypt reads
// no further): 73 is a 422 maxLength in register, create, update and
// create-user, also when it is fewer than 72 characters; 72 bytes work.
func checkEdgePassword(s *Suite, t *testing.T) {
	ran := false
	fits := func(f *ir.Field, pw string) bool {
		n := len([]rune(pw))
		return (f.MinLength == nil || n >= *f.MinLength) && (f.MaxLength == nil || n <= *f.MaxLength)
	}
	if a := s.API.Auth; a != nil && a.Password != nil {
		f := a.Password
		long, ok := passwordOf(73), passwordOf(72)
		if fits(f, ok) && fits(f, long) {
			ran = true
			t.Run("register", func(t *testing.T) {
				body := func(pw string) map[string]any {
					b := map[string]any{}
					for _, g := range a.Register {
						if g.Kind != ir.KindForeignKey {
							b[g.Name] = s.Gen.Valid(g)
						}
					}
					b[f.Name] = pw
					return b
				}
				fieldErrors(t, s.Client.Do(Req{Method: "POST", Path: s.base() + "/auth/register", Body: body(long)}), 422, FieldErr{f.Name, "maxLength"})
				b := body(ok)
				if status(t, s.Client.Do(Req{Method: "POST", Path: s.base() + "/auth/register", Body: b}), 201) {
					login := map[string]any{a.Identity.Name: b[a.Identity.Name], f.Name: ok}
					status(t, s.Client.Do(Req{Method: "POST", Path: s.base() + "/auth/login", Body: login}), 200)
				}
			})
			t.Run("create-user", func(t *testing.T) {
				b := map[string]any{}
				for _, g := range a.Entity.Create {
					if g.Kind != ir.KindForeignKey {
						b[g.Name] = s.Gen.Valid(g)
					}
				}
				b[f.Name] = long
				js, _ := json.Marshal(b)
				argv := append(append([]string(nil), s.Target.CreateUser...), string(js))
				stdout, stderr, err := runSplit(s.Dir, s.Env, argv...)
				if ee, ok := err.(interface{ ExitCode() int }); err == nil || !ok || ee.ExitCode() != 1 {
					t.Fatalf("create-user with a 73-byte password: want exit status 1, got %v\nstdout: %s\nstderr: %s", err, stdout, stderr)
				}
				p := lastJSONObjectAny(stderr)
				if !strings.Contains(mustJSON(p["errors"]), `"code":"maxLength","field":"`+f.Name+`"`) {
					t.Errorf("create-user with a 73-byte password: want a problem with %s maxLength on stderr, got:\n%s", f.Name, clip(stderr, 2000))
				}
			})
		}
	}
	for _, e := range s.API.Entities {
		fs := typed(e.Create, ir.Password)
		if len(fs) == 0 || !s.creatable(e) {
			continue
		}
		t.Run(entName(e), func(t *testing.T) {
			for _, f := range fs {
				long, ok := passwordOf(73), passwordOf(72)
				if !fits(f, ok) || !fits(f, long) {
					continue
				}
				ran = true
				fieldErrors(t, s.do(s.writer(t, e), "POST", s.collection(e), s.body(t, e, map[string]any{f.Name: long})), 422, FieldErr{f.Name, "maxLength"})
				r := s.do(s.writer(t, e), "POST", s.collection(e), s.body(t, e, map[string]any{f.Name: ok}))
				if !status(t, r, 201) || !inFields(e.Update, f) {
					continue
				}
				row := r.Obj()
				if up, found := s.actor(e, ir.OpUpdate, row); found {
					fieldErrors(t, s.do(up, "PATCH", s.item(e, row["id"]), map[string]any{f.Name: long}), 422, FieldErr{f.Name, "maxLength"})
					status(t, s.do(up, "PATCH", s.item(e, row["id"]), map[string]any{f.Name: ok}), 200)
				}
			}
		})
	}
	if !ran {
		t.Skip("no password field that may hold 72 bytes")
	}
}

// intValue is a valid value of an int field, as the integer it is.
func (s *Suite) intValue(f *ir.Field) int64 {
	v, _ := s.Gen.Valid(f).(int64)
	return v
}

// checkEdgeInt: a JSON number is an int when its exact decimal value is a
// whole number in 64 bits (5.0, 5e0), however a double would round it; in
// a custom endpoint's path or query an int is -?[0-9]+.
func checkEdgeInt(s *Suite, t *testing.T) {
	ran := false
	fractions := []string{"0.99999999999999999999", "1.00000000000000000001", "-0.5e0"}
	for _, e := range s.API.Entities {
		fs := typed(e.Create, ir.Int)
		if len(fs) == 0 || !s.creatable(e) {
			continue
		}
		ran = true
		t.Run(entName(e), func(t *testing.T) {
			for _, f := range fs {
				t.Run(f.Name, func(t *testing.T) {
					v := s.intValue(f)
					var row map[string]any
					for _, whole := range []string{"%d.0", "%de0", "%d.000E+0"} {
						sent := fmt.Sprintf(whole, v)
						r := s.do(s.writer(t, e), "POST", s.collection(e), s.rawBody(t, e, f.Name, sent))
						if status(t, r, 201) {
							row = r.Obj()
							if got := jsonMember(row, f.Name); got != fmt.Sprint(v) {
								t.Errorf("%s %s is stored as %q, want %d\n  %s", f.Name, sent, got, v, r)
							}
						}
					}
					for _, frac := range fractions {
						fieldErrors(t, s.do(s.writer(t, e), "POST", s.collection(e), s.rawBody(t, e, f.Name, frac)), 422, FieldErr{f.Name, "type"})
					}
					if row == nil || !inFields(e.Update, f) {
						return
					}
					if up, ok := s.actor(e, ir.OpUpdate, row); ok {
						for _, frac := range fractions {
							fieldErrors(t, s.do(up, "PATCH", s.item(e, row["id"]), []byte(`{"`+f.Name+`":`+frac+`}`)), 422, FieldErr{f.Name, "type"})
						}
					}
				})
			}
		})
	}
	for _, ep := range s.API.Endpoints {
		fs := typed(endpointInputs(ep), ir.Int)
		if len(fs) == 0 {
			continue
		}
		ran = true
		t.Run(ep.Name, func(t *testing.T) {
			for _, f := range fs {
				v := s.intValue(f)
				if inFields(ep.Body, f) {
					for _, frac := range fractions {
						s.endpointBad(t, ep, f, json.Number(frac), "type")
					}
					continue
				}
				for _, bad := range []string{fmt.Sprintf("+%d", v), fmt.Sprintf("%d.0", v), fmt.Sprintf(" %d", v), fmt.Sprintf("%de0", v)} {
					s.endpointBad(t, ep, f, bad, "type")
				}
			}
		})
	}
	if !ran {
		t.Skip("no int field or parameter")
	}
}

// noEmptyValue reports whether a filter value of f's type cannot be empty.
func noEmptyValue(f *ir.Field) bool {
	switch f.Type {
	case ir.String, ir.Text, ir.Email, ir.URL:
		return false
	case ir.Enum:
		return !contains(f.Values, "")
	}
	return true
}

// intFilter reports whether f filters by an int: an int field or a
// belongsTo key to an entity with int ids.
func intFilter(f *ir.Field) bool {
	if f.Kind == ir.KindForeignKey && f.Relation != nil {
		return f.Relation.Target.IDType == ir.Int
	}
	return f.Type == ir.Int
}

// checkEdgeQuery: a query string with a malformed percent escape or a raw
// ";" is a 400 on every path, routed or not, whatever the method; so are sort= and an empty filter value
// where the type has none; a query int is -?[0-9]+ (no +, no space).
func checkEdgeQuery(s *Suite, t *testing.T) {
	ran := false
	forEntity(s, t, func(t *testing.T, e *ir.Entity) {
		needOps(t, e, ir.OpList)
		u, ok := s.caller(hasOp(e, ir.OpList).Access)
		if !ok {
			t.Skip("nobody sees every row of " + entName(e))
		}
		ran = true
		col := s.collection(e)
		get := func(q string) *Resp { return s.do(u, "GET", col+q, nil) }
		t.Run("malformed", func(t *testing.T) {
			for _, q := range []string{"?%zz", "?limit=%zz", "?limit=1;offset=0", "?limit=1%", "?offset=0&%gg=1", "?limit=%E0%A4%A"} {
				problem(t, get(q), 400)
			}
			for _, fl := range e.List.Filters {
				problem(t, get("?"+fl.Param+"=%zz"), 400)
				problem(t, get("?"+fl.Param+"=a;b"), 400)
			}
			if len(e.List.Search) > 0 {
				problem(t, get("?q=%"), 400)
			}
			// Before routing: also where a method is not allowed or no
			// route matches.
			problem(t, s.do(u, "PUT", col+"?%zz", nil), 400)
			problem(t, s.do(u, "GET", s.base()+"/no-such-things?limit=1;offset=0", nil), 400)
		})
		t.Run("sort", func(t *testing.T) {
			for _, q := range []string{"?sort=", "?sort=,", "?sort=-", "?sort=id,"} {
				problem(t, get(q), 400)
			}
		})
		t.Run("ints", func(t *testing.T) {
			for _, q := range []string{"?limit=%2B5", "?limit=%205", "?limit=5%20", "?limit=5.0", "?limit=", "?offset=%2B0", "?offset=", "?offset=0x10"} {
				problem(t, get(q), 400)
			}
			r := get("?limit=05")
			if status(t, r, 200) && fmt.Sprint(r.Obj()["limit"]) != "5" {
				t.Errorf("limit=05: want limit 5\n  %s", r)
			}
			for _, fl := range e.List.Filters {
				if !intFilter(fl.Field) {
					continue
				}
				for _, v := range []string{"%2B1", "%201", "1%20", "1.0", "1e0"} {
					problem(t, get("?"+fl.Param+"="+v), 400)
				}
			}
		})
		t.Run("empty values", func(t *testing.T) {
			for _, fl := range e.List.Filters {
				if !noEmptyValue(fl.Field) {
					continue
				}
				problem(t, get("?"+fl.Param+"="), 400)
				for _, op := range fl.Ops {
					if op != "contains" {
						problem(t, get("?"+fl.Param+"["+op+"]="), 400)
					}
				}
			}
		})
		if hasOp(e, ir.OpGet) != nil && s.creatable(e) {
			t.Run("other routes", func(t *testing.T) {
				row := s.createRow(t, e, nil)
				g, ok := s.actor(e, ir.OpGet, row)
				if !ok {
					t.Skip("nobody may read the row")
				}
				for _, q := range []string{"?%zz", "?a=1;b=2"} {
					problem(t, s.do(g, "GET", s.item(e, row["id"])+q, nil), 400)
				}
			})
		}
	})
	for _, ep := range s.API.Endpoints {
		if ep.Method != "GET" {
			continue
		}
		ran = true
		t.Run(ep.Name, func(t *testing.T) {
			u := s.endpointCaller(ep)
			path, _ := s.endpointPath(t, ep, u, nil)
			q := s.endpointQuery(ep, nil)
			sep := "?"
			if q != "" {
				sep = "&"
			}
			for _, bad := range []string{"%zz=1", "a=%zz", "a=1;b=2"} {
				problem(t, s.Client.Do(Req{Method: "GET", Path: path + q + sep + bad, Token: tok(u)}), 400)
			}
		})
	}
	if !ran {
		t.Skip("no list and no GET endpoint")
	}
}

// inValues returns n valid values of fl's type, as query text.
func (s *Suite) inValues(fl *ir.Filter, n int) []string {
	f := fl.Field
	out := make([]string, n)
	for i := range out {
		switch {
		case f.Kind == ir.KindForeignKey && f.Relation != nil && f.Relation.Target.IDType == ir.UUID:
			out[i] = newUUID()
		case f.Kind == ir.KindForeignKey:
			out[i] = fmt.Sprint(i + 1)
		default:
			out[i] = queryValue(s.Gen.Valid(f))
		}
	}
	return out
}

// checkEdgeListLimits: q and each contains value hold at most 256
// characters (not bytes), and in at most 100 values; one more is a 400.
func checkEdgeListLimits(s *Suite, t *testing.T) {
	ran := false
	forEntity(s, t, func(t *testing.T, e *ir.Entity) {
		needOps(t, e, ir.OpList)
		u, ok := s.caller(hasOp(e, ir.OpList).Access)
		if !ok {
			t.Skip("nobody sees every row of " + entName(e))
		}
		get := func(q string) *Resp { return s.do(u, "GET", s.collection(e)+q, nil) }
		text := func(t *testing.T, param string) {
			ran = true
			status(t, get(query(param, strings.Repeat("é", 256))), 200)
			status(t, get(query(param, strings.Repeat("a", 255)+"€")), 200)
			problem(t, get(query(param, strings.Repeat("a", 257))), 400)
			problem(t, get(query(param, strings.Repeat("é", 257))), 400)
		}
		if len(e.List.Search) > 0 {
			t.Run("q", func(t *testing.T) { text(t, "q") })
		}
		for _, fl := range e.List.Filters {
			if contains(fl.Ops, "contains") {
				t.Run(fl.Param+"[contains]", func(t *testing.T) { text(t, fl.Param+"[contains]") })
			}
			if contains(fl.Ops, "in") {
				t.Run(fl.Param+"[in]", func(t *testing.T) {
					ran = true
					vals := s.inValues(fl, 101)
					status(t, get(query(fl.Param+"[in]", strings.Join(vals[:100], ","))), 200)
					problem(t, get(query(fl.Param+"[in]", strings.Join(vals, ","))), 400)
				})
			}
		}
	})
	if !ran {
		t.Skip("no q, contains or in")
	}
}

// checkEdgeErrorsCap: a problem lists at most 100 errors, the first in the
// usual order, while its detail counts them all.
func checkEdgeErrorsCap(s *Suite, t *testing.T) {
	e, _ := s.firstCreatable(t)
	b := s.body(t, e, nil)
	const n = 150
	var want []string
	for i := range n {
		name := fmt.Sprintf("zz%03d", i)
		b[name] = i
		if i < 100 {
			want = append(want, name+":unknown")
		}
	}
	r := s.do(s.writer(t, e), "POST", s.collection(e), b)
	o := problem(t, r, 422)
	if o == nil {
		return
	}
	if o["detail"] != fmt.Sprintf("%d fields are invalid", n) {
		t.Errorf("detail %q, want %q", o["detail"], fmt.Sprintf("%d fields are invalid", n))
	}
	arr, _ := o["errors"].([]any)
	var got []string
	for _, x := range arr {
		m, _ := x.(map[string]any)
		got = append(got, fmt.Sprintf("%v:%v", m["field"], m["code"]))
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("%d errors listed, want the first 100 in order (zz000..zz099):\n  %s", len(got), clip(strings.Join(got, ","), 600))
	}
}

// deepValue is a JSON value nesting arrays and objects levels deep.
func deepValue(levels int) string {
	v := "1"
	for i := levels - 1; i >= 0; i-- {
		if i%2 == 0 {
			v = "[" + v + "]"
		} else {
			v = `{"k":` + v + "}"
		}
	}
	return v
}

// checkEdgeDepth: a JSON body nests at most 64 levels (the body object
// is level 1); 65 is a 400 on every route that reads a body, wherever the
// nesting is. Brackets inside strings do not nest.
func checkEdgeDepth(s *Suite, t *testing.T) {
	e, _ := s.firstCreatable(t)
	jsonFields := typed(e.Create, ir.JSON)
	t.Run("create", func(t *testing.T) {
		if len(jsonFields) > 0 {
			f := jsonFields[0]
			r := s.do(s.writer(t, e), "POST", s.collection(e), s.rawBody(t, e, f.Name, deepValue(63)))
			var want any
			if err := json.Unmarshal([]byte(deepValue(63)), &want); err != nil {
				t.Fatal(err)
			}
			if status(t, r, 201) && !sameJSON(r.Obj()[f.Name], want) {
				t.Errorf("a json value 63 levels deep did not come back whole\n  %s", r)
			}
			problem(t, s.do(s.writer(t, e), "POST", s.collection(e), s.rawBody(t, e, f.Name, deepValue(64))), 400)
		}
		fieldErrors(t, s.do(s.writer(t, e), "POST", s.collection(e), s.rawBody(t, e, "zzDeep", deepValue(63))), 422, FieldErr{"zzDeep", "unknown"})
		problem(t, s.do(s.writer(t, e), "POST", s.collection(e), s.rawBody(t, e, "zzDeep", deepValue(64))), 400)
		brackets := mustJSON(strings.Repeat("[{", 100))
		fieldErrors(t, s.do(s.writer(t, e), "POST", s.collection(e), s.rawBody(t, e, "zzDeep", brackets)), 422, FieldErr{"zzDeep", "unknown"})
		escaped := `"\\\"[[[[` + strings.Repeat("[", 100) + `"`
		fieldErrors(t, s.do(s.writer(t, e), "POST", s.collection(e), s.rawBody(t, e, "zzDeep", escaped)), 422, FieldErr{"zzDeep", "unknown"})
	})
	if hasOp(e, ir.OpUpdate) != nil {
		t.Run("update", func(t *testing.T) {
			row := s.createRow(t, e, nil)
			up, ok := s.actor(e, ir.OpUpdate, row)
			if !ok {
				t.Skip("nobody may update the row")
			}
			problem(t, s.do(up, "PATCH", s.item(e, row["id"]), []byte(`{"zzDeep":`+deepValue(64)+`}`)), 400)
		})
	}
	if s.API.Auth != nil {
		t.Run("register and login", func(t *testing.T) {
			for _, p := range []string{"/auth/register", "/auth/login"} {
				problem(t, s.Client.Do(Req{Method: "POST", Path: s.base() + p, Body: []byte(`{"zzDeep":` + deepValue(64) + `}`)}), 400)
			}
		})
	}
	for _, ep := range s.API.Endpoints {
		if ep.Body == nil {
			continue
		}
		t.Run(ep.Name, func(t *testing.T) {
			u := s.endpointCaller(ep)
			path, _ := s.endpointPath(t, ep, u, nil)
			r := s.Client.Do(Req{Method: ep.Method, Path: path + s.endpointQuery(ep, nil), Body: []byte(`{"zzDeep":` + deepValue(64) + `}`), Token: tok(u)})
			problem(t, r, 400)
		})
	}
}
