package conformance

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/bgen-dev/bgen/ir"
)

// listAll pages through path with params and returns every item, checking
// that total stays the same on every page.
func (s *Suite) listAll(t *testing.T, u *User, path string, params ...string) ([]map[string]any, bool) {
	t.Helper()
	var all []map[string]any
	total := -1
	for offset := 0; ; {
		kv := append(append([]string(nil), params...), "limit", fmt.Sprint(s.API.MaxLimit), "offset", fmt.Sprint(offset))
		r := s.do(u, "GET", path+query(kv...), nil)
		if !status(t, r, 200) {
			return nil, false
		}
		o := r.Obj()
		n, err := o["total"].(json.Number).Int64()
		if err != nil {
			t.Errorf("total is not an integer\n  %s", r)
			return nil, false
		}
		if total >= 0 && int(n) != total {
			t.Errorf("total changed between pages: %d then %d", total, n)
		}
		total = int(n)
		items := r.Items()
		all = append(all, items...)
		offset += len(items)
		if len(items) == 0 || offset >= total {
			break
		}
		if offset > 5000 {
			t.Fatal("more than 5000 rows")
		}
	}
	if len(all) != total {
		t.Errorf("paged through %d items, total says %d (%s %v)", len(all), total, path, params)
	}
	return all, true
}

// fullLister returns a caller who sees every row of e's list.
func (s *Suite) fullLister(t *testing.T, e *ir.Entity) *User {
	t.Helper()
	needOps(t, e, ir.OpList)
	u, ok := s.caller(hasOp(e, ir.OpList).Access)
	if !ok {
		t.Skip("nobody sees every row of " + entName(e))
	}
	return u
}

// sameOrder compares the ids of got with want, reporting the first
// difference.
func sameOrder(t *testing.T, what string, got, want []map[string]any) {
	t.Helper()
	g, w := ids(got), ids(want)
	if joinStrs(g) == joinStrs(w) {
		return
	}
	i := 0
	for i < len(g) && i < len(w) && g[i] == w[i] {
		i++
	}
	t.Errorf("%s: got %d ids, want %d; first difference at position %d\n  got  %s\n  want %s",
		what, len(g), len(w), i, clip(joinStrs(g[i:]), 300), clip(joinStrs(w[i:]), 300))
}

// sameSet compares the ids of got with want, ignoring order.
func sameSet(t *testing.T, what string, got, want []map[string]any) {
	t.Helper()
	in := map[string]bool{}
	for _, id := range ids(want) {
		in[id] = true
	}
	var extra, missing []string
	seen := map[string]bool{}
	for _, id := range ids(got) {
		seen[id] = true
		if !in[id] {
			extra = append(extra, id)
		}
	}
	for id := range in {
		if !seen[id] {
			missing = append(missing, id)
		}
	}
	if len(extra)+len(missing) > 0 {
		t.Errorf("%s: %d rows too many %v, %d missing %v", what, len(extra), clipList(extra), len(missing), clipList(missing))
	}
}

func clipList(xs []string) []string {
	if len(xs) > 10 {
		return append(xs[:10:10], "...")
	}
	return xs
}

func sortedModel(s *Suite, e *ir.Entity, keys []ir.SortKey) []map[string]any {
	rows := s.Model.Rows(e)
	sortRows(e, rows, keys)
	return rows
}

// ensureRows makes sure e has at least n rows.
func (s *Suite) ensureRows(t *testing.T, e *ir.Entity, n int) {
	t.Helper()
	for len(s.Model.Rows(e)) < n {
		if hasOp(e, ir.OpCreate) == nil {
			return
		}
		s.createRow(t, e, nil)
	}
}

func checkListEnvelope(s *Suite, t *testing.T) {
	forEntity(s, t, func(t *testing.T, e *ir.Entity) {
		u := s.fullLister(t, e)
		s.ensureRows(t, e, 3)
		r := s.do(u, "GET", s.collection(e), nil)
		if !status(t, r, 200) {
			return
		}
		jsonOK(t, r)
		keys, err := keyOrder(r.Body)
		if err != nil || joinStrs(keys) != "items,total,limit,offset" {
			t.Errorf("envelope keys %v, want items,total,limit,offset\n  %s", keys, r)
		}
		o := r.Obj()
		total := len(s.Model.Rows(e))
		if fmt.Sprint(o["total"]) != fmt.Sprint(total) {
			t.Errorf("total %v, want %d", o["total"], total)
		}
		if fmt.Sprint(o["limit"]) != fmt.Sprint(s.API.DefaultLimit) || fmt.Sprint(o["offset"]) != "0" {
			t.Errorf("limit %v offset %v, want defaults %d and 0", o["limit"], o["offset"], s.API.DefaultLimit)
		}
		want := sortedModel(s, e, e.List.DefaultSort)
		if len(want) > s.API.DefaultLimit {
			want = want[:s.API.DefaultLimit]
		}
		sameOrder(t, "default sort "+sortParam(e.List.DefaultSort), r.Items(), want)
	})
}

func sortParam(keys []ir.SortKey) string {
	var parts []string
	for _, k := range keys {
		if k.Desc {
			parts = append(parts, "-"+k.Field)
		} else {
			parts = append(parts, k.Field)
		}
	}
	return strings.Join(parts, ",")
}

func checkPaging(s *Suite, t *testing.T) {
	forEntity(s, t, func(t *testing.T, e *ir.Entity) {
		u := s.fullLister(t, e)
		s.ensureRows(t, e, 4)
		all := sortedModel(s, e, e.List.DefaultSort)
		r := s.do(u, "GET", s.collection(e)+query("limit", "2", "offset", "1"), nil)
		if status(t, r, 200) {
			o := r.Obj()
			if fmt.Sprint(o["limit"]) != "2" || fmt.Sprint(o["offset"]) != "1" || fmt.Sprint(o["total"]) != fmt.Sprint(len(all)) {
				t.Errorf("limit/offset/total %v/%v/%v, want 2/1/%d", o["limit"], o["offset"], o["total"], len(all))
			}
			sameOrder(t, "limit=2&offset=1", r.Items(), all[1:3])
		}
		r = s.do(u, "GET", s.collection(e)+query("offset", fmt.Sprint(len(all)+5)), nil)
		if status(t, r, 200) {
			if len(r.Items()) != 0 || fmt.Sprint(r.Obj()["total"]) != fmt.Sprint(len(all)) {
				t.Errorf("offset past the end: want no items and total %d\n  %s", len(all), r)
			}
		}
		r = s.do(u, "GET", s.collection(e)+query("limit", fmt.Sprint(s.API.MaxLimit)), nil)
		status(t, r, 200)
		got, ok := s.listAll(t, u, s.collection(e))
		if ok {
			sameOrder(t, "all pages", got, all)
		}
	})
}

func checkSort(s *Suite, t *testing.T) {
	forEntity(s, t, func(t *testing.T, e *ir.Entity) {
		u := s.fullLister(t, e)
		s.ensureRows(t, e, 4)
		for _, name := range e.List.SortNames {
			for _, desc := range []bool{false, true} {
				keys := []ir.SortKey{{Field: name, Desc: desc}}
				p := sortParam(keys)
				t.Run(p, func(t *testing.T) {
					got, ok := s.listAll(t, u, s.collection(e), "sort", p)
					if ok {
						sameOrder(t, "sort="+p, got, sortedModel(s, e, keys))
					}
				})
			}
		}
		if len(e.List.SortNames) >= 2 {
			n := e.List.SortNames
			keys := []ir.SortKey{{Field: n[len(n)-1], Desc: true}, {Field: n[0]}}
			p := sortParam(keys)
			t.Run(p, func(t *testing.T) {
				got, ok := s.listAll(t, u, s.collection(e), "sort", p)
				if ok {
					sameOrder(t, "sort="+p, got, sortedModel(s, e, keys))
				}
			})
		}
		// Ties broken by id: sort on a field many rows share.
		for _, f := range e.Fields {
			if (f.Type == ir.Enum || f.Type == ir.Bool) && contains(e.List.SortNames, f.Name) {
				keys := []ir.SortKey{{Field: f.Name, Desc: true}}
				got, ok := s.listAll(t, u, s.collection(e), "sort", sortParam(keys))
				if ok {
					sameOrder(t, "tie-break by id under sort=-"+f.Name, got, sortedModel(s, e, keys))
				}
			}
		}
	})
}

// queryValue writes a wire value as a query parameter value.
func queryValue(v any) string {
	switch x := v.(type) {
	case json.Number:
		return x.String()
	case bool:
		if x {
			return "true"
		}
		return "false"
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}

// matches evaluates one filter operator on a model value, the way SQL
// does: null matches nothing but isNull=true.
func matches(f *ir.Field, op string, v any, arg []any) bool {
	if op == "isNull" {
		return (v == nil) == (arg[0] == true)
	}
	if v == nil {
		return false
	}
	c := func(a any) int { return compareValues(f.Type, v, a) }
	switch op {
	case "eq":
		return c(arg[0]) == 0
	case "ne":
		return c(arg[0]) != 0
	case "gt":
		return c(arg[0]) > 0
	case "gte":
		return c(arg[0]) >= 0
	case "lt":
		return c(arg[0]) < 0
	case "lte":
		return c(arg[0]) <= 0
	case "in":
		for _, a := range arg {
			if c(a) == 0 {
				return true
			}
		}
		return false
	case "contains":
		return strings.Contains(strings.ToLower(fmt.Sprint(v)), strings.ToLower(fmt.Sprint(arg[0])))
	}
	return false
}

// filterValues returns distinct non-null values of f in the model, in row order.
func filterValues(rows []map[string]any, f *ir.Field) []any {
	var out []any
	seen := map[string]bool{}
	for _, r := range rows {
		v := r[f.Name]
		if v == nil || seen[queryValue(v)] {
			continue
		}
		seen[queryValue(v)] = true
		out = append(out, v)
	}
	return out
}

func checkFilters(s *Suite, t *testing.T) {
	forEntity(s, t, func(t *testing.T, e *ir.Entity) {
		if len(e.List.Filters) == 0 {
			t.Skip("no filters")
		}
		u := s.fullLister(t, e)
		s.ensureRows(t, e, 4)
		// A value with % and _ for contains to take literally.
		for _, fl := range e.List.Filters {
			f := fl.Field
			if contains(fl.Ops, "contains") && f.Pattern == "" && hasOp(e, ir.OpCreate) != nil && f.Kind == ir.KindField {
				v := fmt.Sprint(s.Gen.Valid(f))
				if f.MaxLength == nil || len(v)+4 <= *f.MaxLength {
					s.createRow(t, e, map[string]any{f.Name: "A%b_" + v})
				}
			}
			if f.Optional && f.Kind == ir.KindField && hasOp(e, ir.OpCreate) != nil {
				s.createRow(t, e, map[string]any{f.Name: nil}) // a null to filter on
			}
			if f.Kind == ir.KindForeignKey && f.Optional && f.Relation != nil && hasOp(e, ir.OpCreate) != nil && inFields(e.Create, f) {
				// Optional keys are left unset elsewhere: give some rows one,
				// under two different parents.
				for range 2 {
					var parent map[string]any
					if auth := s.API.Auth; auth != nil && f.Relation.Target == auth.Entity {
						parent = s.register(t).Row
					} else if hasOp(f.Relation.Target, ir.OpCreate) != nil {
						parent = s.createRow(t, f.Relation.Target, nil)
					}
					if parent != nil {
						s.createRow(t, e, map[string]any{f.Name: parent["id"]})
						s.createRow(t, e, map[string]any{f.Name: parent["id"]})
					}
				}
			}
		}
		for _, fl := range e.List.Filters {
			fl := fl
			f := fl.Field
			t.Run(fl.Param, func(t *testing.T) {
				rows := s.Model.Rows(e)
				vals := filterValues(rows, f)
				if len(vals) == 0 {
					t.Skipf("no row has a value for %s", f.Name)
				}
				mid := vals[len(vals)/2]
				try := func(name string, param string, op string, arg []any) {
					t.Run(name, func(t *testing.T) {
						var want []map[string]any
						for _, r := range s.Model.Rows(e) {
							if matches(f, op, r[f.Name], arg) {
								want = append(want, r)
							}
						}
						var argText []string
						for _, a := range arg {
							argText = append(argText, queryValue(a))
						}
						got, ok := s.listAll(t, u, s.collection(e), param, strings.Join(argText, ","))
						if ok {
							sameSet(t, param+"="+strings.Join(argText, ","), got, want)
						}
					})
				}
				try("eq", fl.Param, "eq", []any{mid})
				for _, op := range fl.Ops {
					p := fl.Param + "[" + op + "]"
					switch op {
					case "ne", "gt", "gte", "lt", "lte":
						try(op, p, op, []any{mid})
					case "in":
						arg := vals[:min(2, len(vals))]
						try(op, p, op, arg)
					case "contains":
						sv := fmt.Sprint(mid)
						sub := strings.ToUpper(sv[len(sv)/3 : max(len(sv)/3+1, 2*len(sv)/3)])
						try(op, p, op, []any{sub})
						try("contains %", p, op, []any{"%"})
						try("contains _", p, op, []any{"_"})
					case "isNull":
						try("isNull=true", p, op, []any{true})
						try("isNull=false", p, op, []any{false})
					}
				}
				t.Run("bad values", func(t *testing.T) {
					for _, bad := range badFilterValues(f) {
						problem(t, s.do(u, "GET", s.collection(e)+query(fl.Param, bad), nil), 400)
					}
					for _, op := range fl.Ops {
						p := fl.Param + "[" + op + "]"
						switch op {
						case "isNull":
							problem(t, s.do(u, "GET", s.collection(e)+query(p, "maybe"), nil), 400)
						case "contains":
						case "in":
							for _, bad := range badFilterValues(f) {
								problem(t, s.do(u, "GET", s.collection(e)+query(p, queryValue(mid)+","+bad), nil), 400)
							}
						default:
							for _, bad := range badFilterValues(f) {
								problem(t, s.do(u, "GET", s.collection(e)+query(p, bad), nil), 400)
							}
						}
					}
					for _, op := range []string{"ne", "gt", "gte", "lt", "lte", "in", "contains", "isNull", "like"} {
						if !contains(fl.Ops, op) {
							problem(t, s.do(u, "GET", s.collection(e)+query(fl.Param+"["+op+"]", queryValue(mid)), nil), 400)
						}
					}
				})
			})
		}
	})
}

func inFields(fs []*ir.Field, f *ir.Field) bool {
	for _, g := range fs {
		if g == f {
			return true
		}
	}
	return false
}

// badFilterValues are query values that do not parse as f's type.
func badFilterValues(f *ir.Field) []string {
	t := f.Type
	if f.Kind == ir.KindForeignKey && f.Relation != nil {
		t = f.Relation.Target.IDType
	}
	switch t {
	case ir.Int:
		return []string{"abc", "1.5"}
	case ir.Float:
		return []string{"abc"}
	case ir.Decimal:
		return []string{"abc"}
	case ir.Bool:
		return []string{"maybe", "2"}
	case ir.Date:
		return []string{"2026-13-45", "yesterday"}
	case ir.DateTime:
		return []string{"not-a-time"}
	case ir.UUID:
		return []string{"zz"}
	case ir.Enum:
		return []string{"not-a-value"}
	}
	return nil
}

func checkSearch(s *Suite, t *testing.T) {
	forEntity(s, t, func(t *testing.T, e *ir.Entity) {
		if len(e.List.Search) == 0 {
			t.Skip("no search fields")
		}
		u := s.fullLister(t, e)
		s.ensureRows(t, e, 3)
		f := e.List.Search[0]
		if f.Pattern == "" && f.Kind == ir.KindField && f.Type != ir.Email && f.Type != ir.URL {
			v := fmt.Sprint(s.Gen.Valid(f))
			if f.MaxLength == nil || len(v)+4 <= *f.MaxLength {
				s.createRow(t, e, map[string]any{f.Name: "Q%x_" + v})
			}
		}
		rows := s.Model.Rows(e)
		vals := filterValues(rows, f)
		if len(vals) == 0 {
			t.Skip("no values to search")
		}
		sv := fmt.Sprint(vals[len(vals)-1])
		for _, q := range []string{strings.ToUpper(sv[1:max(2, len(sv)-1)]), "%", "_", "zzz-no-such-text"} {
			t.Run(q, func(t *testing.T) {
				var want []map[string]any
				for _, r := range s.Model.Rows(e) {
					for _, sf := range e.List.Search {
						if v := r[sf.Name]; v != nil && strings.Contains(strings.ToLower(fmt.Sprint(v)), strings.ToLower(q)) {
							want = append(want, r)
							break
						}
					}
				}
				got, ok := s.listAll(t, u, s.collection(e), "q", q)
				if ok {
					sameSet(t, "q="+q, got, want)
				}
			})
		}
	})
}

// detailNames checks a 400 whose detail must name a parameter.
func detailNames(t *testing.T, r *Resp, name string) {
	t.Helper()
	o := problem(t, r, 400)
	if o == nil {
		return
	}
	if d, _ := o["detail"].(string); !strings.Contains(d, name) {
		t.Errorf("detail %q does not name %q\n  %s", d, name, r)
	}
}

func checkListParams(s *Suite, t *testing.T) {
	forEntity(s, t, func(t *testing.T, e *ir.Entity) {
		u := s.fullLister(t, e)
		col := s.collection(e)
		get := func(q string) *Resp { return s.do(u, "GET", col+q, nil) }
		max := s.API.MaxLimit
		t.Run("limit", func(t *testing.T) {
			for _, v := range []string{"0", "-1", fmt.Sprint(max + 1), "abc", "1.5", ""} {
				problem(t, get(query("limit", v)), 400)
			}
			status(t, get(query("limit", fmt.Sprint(max))), 200)
			status(t, get(query("limit", "1")), 200)
		})
		t.Run("offset", func(t *testing.T) {
			for _, v := range []string{"-1", "abc", "1.5", "9223372036854775808", "99999999999999999999"} {
				problem(t, get(query("offset", v)), 400)
			}
		})
		t.Run("filter value out of range", func(t *testing.T) {
			for _, fl := range e.List.Filters {
				switch fl.Field.Type {
				case ir.Int:
					problem(t, get(query(fl.Param, "9223372036854775808")), 400)
				case ir.Decimal:
					problem(t, get(query(fl.Param, strings.Repeat("9", fl.Field.Precision+1))), 400)
				case ir.String, ir.Text, ir.Email, ir.URL:
					problem(t, get(query(fl.Param, "a\x00b")), 400)
					if slices.Contains(fl.Ops, "contains") {
						problem(t, get(query(fl.Param+"[contains]", "a\x00b")), 400)
					}
				}
			}
			if len(e.List.Search) > 0 {
				problem(t, get(query("q", "a\x00b")), 400)
			}
		})
		t.Run("unknown parameter", func(t *testing.T) {
			detailNames(t, get(query("zzUnknownParam", "1")), "zzUnknownParam")
			for _, f := range e.Fields {
				filterable := false
				for _, fl := range e.List.Filters {
					if fl.Field == f || fl.Param == f.Name {
						filterable = true
					}
				}
				if !filterable && f.Kind == ir.KindField && f.Type != ir.Password {
					detailNames(t, get(query(f.Name, "x")), f.Name)
					break
				}
			}
		})
		t.Run("duplicate parameter", func(t *testing.T) {
			detailNames(t, get("?limit=1&limit=2"), "limit")
			if len(e.List.Filters) > 0 {
				p := e.List.Filters[0].Param
				vals := filterValues(s.Model.Rows(e), e.List.Filters[0].Field)
				if len(vals) > 0 {
					v := queryValue(vals[0])
					detailNames(t, get(query(p, v, p, v)), p)
				}
			}
		})
		t.Run("sort", func(t *testing.T) {
			problem(t, get(query("sort", "zzNoSuchField")), 400)
			problem(t, get(query("sort", "-zzNoSuchField")), 400)
			for _, f := range e.Fields {
				if f.Kind == ir.KindField && !contains(e.List.SortNames, f.Name) {
					problem(t, get(query("sort", f.Name)), 400)
					break
				}
			}
			status(t, get(query("sort", "-id")), 200)
			if e.Timestamps {
				status(t, get(query("sort", "createdAt")), 200)
			}
		})
	})
}
