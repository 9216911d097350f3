package conformance

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/bgen-dev/bgen/ir"
)

func checkHealth(s *Suite, t *testing.T) {
	r := s.Client.Do(Req{Method: "GET", Path: "/health"})
	if status(t, r, 200) {
		jsonOK(t, r)
		if strings.TrimSpace(string(r.Body)) != `{"status":"ok"}` && !sameJSON(r.Obj(), map[string]any{"status": "ok"}) {
			t.Errorf(`want {"status":"ok"}\n  %s`, r)
		}
	}
}

func checkReady(s *Suite, t *testing.T) {
	r := s.Client.Do(Req{Method: "GET", Path: "/ready"})
	if status(t, r, 200) {
		jsonOK(t, r)
		if !sameJSON(r.Obj(), map[string]any{"status": "ok"}) {
			t.Errorf(`want {"status":"ok"}\n  %s`, r)
		}
	}
}

func checkOpenAPIDocument(s *Suite, t *testing.T) {
	if len(s.Doc) == 0 {
		t.Fatal("bgen wrote no OpenAPI document to compare with")
	}
	r := s.Client.Do(Req{Method: "GET", Path: "/openapi.json"})
	if !status(t, r, 200) {
		return
	}
	jsonOK(t, r)
	if !bytes.Equal(r.Body, s.Doc) {
		i := 0
		for i < len(r.Body) && i < len(s.Doc) && r.Body[i] == s.Doc[i] {
			i++
		}
		t.Errorf("GET /openapi.json is not the document bgen wrote (%d vs %d bytes, first difference at byte %d: served %q, written %q)",
			len(r.Body), len(s.Doc), i, clip(string(r.Body[i:min(len(r.Body), i+80)]), 80), clip(string(s.Doc[i:min(len(s.Doc), i+80)]), 80))
	}
	if s.docErr != nil {
		t.Errorf("the document bgen wrote does not load as OpenAPI: %v", s.docErr)
	}
}

// forEntity runs f as a subtest per entity.
func forEntity(s *Suite, t *testing.T, f func(t *testing.T, e *ir.Entity)) {
	for _, e := range s.API.Entities {
		t.Run(entName(e), func(t *testing.T) { f(t, e) })
	}
}

// needOps skips unless e has every op.
func needOps(t *testing.T, e *ir.Entity, ks ...ir.OpKind) {
	t.Helper()
	for _, k := range ks {
		if hasOp(e, k) == nil {
			t.Skipf("%s has no %s operation", entName(e), k)
		}
	}
}

// wireEqual compares a value sent with the value the server returned,
// after the normalisation the contract requires.
func wireEqual(f *ir.Field, sent, got any) bool {
	if sent == nil || got == nil {
		return sent == nil && got == nil
	}
	switch f.Type {
	case ir.DateTime:
		a, err1 := time.Parse(time.RFC3339Nano, fmt.Sprint(sent))
		b, err2 := time.Parse(time.RFC3339Nano, fmt.Sprint(got))
		return err1 == nil && err2 == nil && a.Truncate(time.Millisecond).Equal(b)
	case ir.Decimal, ir.Int, ir.Float:
		x, y := toRat(sent), toRat(got)
		if f.Type == ir.Decimal {
			if _, ok := got.(string); !ok {
				return false
			}
		}
		return x != nil && y != nil && x.Cmp(y) == 0
	case ir.UUID:
		return strings.EqualFold(fmt.Sprint(sent), fmt.Sprint(got))
	case ir.JSON:
		return sameJSON(sent, got)
	}
	return sameJSON(sent, got)
}

// checkSent compares a resource with the body that made or changed it.
func checkSent(t *testing.T, e *ir.Entity, sent, got map[string]any, r *Resp) {
	t.Helper()
	for _, f := range e.Read {
		v, ok := sent[f.Name]
		if !ok {
			continue
		}
		if !wireEqual(f, v, got[f.Name]) {
			t.Errorf("field %s: sent %v, got %v\n  %s", f.Name, v, got[f.Name], r)
		}
	}
}

func checkCRUD(s *Suite, t *testing.T) {
	forEntity(s, t, func(t *testing.T, e *ir.Entity) {
		needOps(t, e, ir.OpCreate)
		u, ok := s.creator(e)
		if !ok {
			t.Skip("no caller can create")
		}
		if e.Owner != nil && ownerKeyUnique(e) {
			u = s.register(t)
		}
		body := s.body(t, e, nil)
		r := s.do(u, "POST", s.collection(e), body)
		if !status(t, r, 201) {
			return
		}
		jsonOK(t, r)
		row := r.Obj()
		if row == nil || row["id"] == nil {
			t.Fatalf("created resource has no id\n  %s", r)
		}
		if loc := r.Header.Get("Location"); loc != s.item(e, row["id"]) {
			t.Errorf("Location %q, want %q", loc, s.item(e, row["id"]))
		}
		checkSent(t, e, body, row, r)
		if e.Owner != nil && u != nil && idKey(row[e.Owner.Key.Name]) != idKey(u.ID) {
			t.Errorf("owner %s = %v, want the caller %v\n  %s", e.Owner.Key.Name, row[e.Owner.Key.Name], u.ID, r)
		}

		if hasOp(e, ir.OpGet) != nil {
			g, _ := s.actor(e, ir.OpGet, row)
			r := s.do(g, "GET", s.item(e, row["id"]), nil)
			if status(t, r, 200) {
				jsonOK(t, r)
				if !sameJSON(r.Obj(), row) {
					t.Errorf("get differs from create:\n  created %s\n  %s", mustJSON(row), r)
				}
			}
		}
		if hasOp(e, ir.OpUpdate) != nil {
			time.Sleep(5 * time.Millisecond)
			g, _ := s.actor(e, ir.OpUpdate, row)
			change := map[string]any{}
			for _, f := range e.Update {
				if f.Kind == ir.KindField {
					change[f.Name] = s.Gen.Valid(f)
					break
				}
			}
			r := s.do(g, "PATCH", s.item(e, row["id"]), change)
			if status(t, r, 200) {
				jsonOK(t, r)
				got := r.Obj()
				checkSent(t, e, change, got, r)
				for _, f := range e.Read {
					if _, changed := change[f.Name]; changed || f.Name == "updatedAt" {
						continue
					}
					if !sameJSON(got[f.Name], row[f.Name]) {
						t.Errorf("partial update changed %s: %v -> %v\n  %s", f.Name, row[f.Name], got[f.Name], r)
					}
				}
				if e.Timestamps {
					a, _ := time.Parse(time.RFC3339, fmt.Sprint(row["updatedAt"]))
					b, _ := time.Parse(time.RFC3339, fmt.Sprint(got["updatedAt"]))
					if !b.After(a) {
						t.Errorf("updatedAt did not move forward: %v -> %v", row["updatedAt"], got["updatedAt"])
					}
				}
				// An empty patch changes nothing and is still a 200.
				r2 := s.do(g, "PATCH", s.item(e, row["id"]), map[string]any{})
				if status(t, r2, 200) {
					checkSent(t, e, change, r2.Obj(), r2)
				}
			}
		}
		if hasOp(e, ir.OpDelete) != nil {
			g, _ := s.actor(e, ir.OpDelete, row)
			r := s.do(g, "DELETE", s.item(e, row["id"]), nil)
			if status(t, r, 204) && len(r.Body) != 0 {
				t.Errorf("204 with a body\n  %s", r)
			}
			if hasOp(e, ir.OpGet) != nil {
				g, _ := s.caller(hasOp(e, ir.OpGet).Access)
				if g == nil && s.API.Auth != nil {
					g = u
				}
				problem(t, s.do(g, "GET", s.item(e, row["id"]), nil), 404)
			}
			problem(t, s.do(g, "DELETE", s.item(e, row["id"]), nil), 404)
		}
	})
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// readNames is the key list of a resource of e.
func readNames(e *ir.Entity) []string {
	var names []string
	for _, f := range e.Read {
		names = append(names, f.Name)
	}
	return names
}

// checkResource checks one resource body: keys in order, no password,
// wire formats.
func checkResource(t *testing.T, e *ir.Entity, raw []byte, r *Resp) {
	t.Helper()
	keys, err := keyOrder(raw)
	if err != nil {
		t.Errorf("resource is not a JSON object: %v\n  %s", err, r)
		return
	}
	if joinStrs(keys) != joinStrs(readNames(e)) {
		t.Errorf("keys %v, want %v (in this order)\n  %s", keys, readNames(e), r)
	}
	var row map[string]any
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	_ = d.Decode(&row)
	for _, f := range e.Fields {
		if f.Type == ir.Password {
			if _, ok := row[f.Name]; ok {
				t.Errorf("password field %s is present\n  %s", f.Name, r)
			}
			continue
		}
		v, ok := row[f.Name]
		if !ok {
			continue
		}
		if v == nil {
			if !f.Optional {
				t.Errorf("%s is null but not optional\n  %s", f.Name, r)
			}
			continue
		}
		if msg := wireFormat(f, v); msg != "" {
			t.Errorf("%s = %s: %s\n  %s", f.Name, mustJSON(v), msg, r)
		}
	}
	for _, f := range e.Fields {
		if f.Type != ir.Password {
			continue
		}
		if bytes.Contains(raw, []byte("$2a$")) || bytes.Contains(raw, []byte("$2b$")) || bytes.Contains(raw, []byte("$2y$")) {
			t.Errorf("a bcrypt hash is in the resource\n  %s", r)
		}
	}
}

// wireFormat says what is wrong with v as f's wire value, or "".
func wireFormat(f *ir.Field, v any) string {
	str, isStr := v.(string)
	num, isNum := v.(json.Number)
	t := f.Type
	if f.Kind == ir.KindID || f.Kind == ir.KindForeignKey {
		if isNum {
			t = ir.Int
		} else {
			t = ir.UUID
		}
	}
	switch t {
	case ir.String, ir.Text, ir.Email, ir.URL:
		if !isStr {
			return "not a string"
		}
	case ir.Enum:
		if !isStr || !contains(f.Values, str) {
			return "not one of " + joinStrs(f.Values)
		}
	case ir.Int:
		if !isNum || strings.ContainsAny(num.String(), ".eE") {
			return "not an integer"
		}
	case ir.Float:
		if !isNum {
			return "not a number"
		}
	case ir.Decimal:
		if !isStr || !decimalRe(f.Scale).MatchString(str) {
			return fmt.Sprintf("not a decimal string with exactly %d decimals", f.Scale)
		}
	case ir.Bool:
		if _, ok := v.(bool); !ok {
			return "not a boolean"
		}
	case ir.Date:
		if !isStr || !dateRe.MatchString(str) {
			return "not YYYY-MM-DD"
		}
	case ir.DateTime:
		if !isStr || !datetimeRe.MatchString(str) {
			return "not YYYY-MM-DDTHH:MM:SS.sssZ"
		}
	case ir.UUID:
		if !isStr || !uuidRe.MatchString(str) {
			return "not a lower-case uuid"
		}
	}
	return ""
}

func checkShape(s *Suite, t *testing.T) {
	forEntity(s, t, func(t *testing.T, e *ir.Entity) {
		needOps(t, e, ir.OpCreate)
		// Only required fields: every optional one must come back as null.
		over := map[string]any{}
		for _, f := range e.Create {
			if f.Optional {
				over[f.Name] = nil
			}
		}
		row := s.createRow(t, e, over)
		raw, _ := json.Marshal(row)
		r := &Resp{Method: "POST", Path: s.collection(e), Status: 201, Body: raw}
		for _, f := range e.Read {
			if f.Optional && f.Default == nil {
				if v, ok := row[f.Name]; !ok || v != nil {
					t.Errorf("unset optional %s: want null, got %v (present %v)", f.Name, v, ok)
				}
			}
		}
		if g, ok := s.actor(e, ir.OpGet, row); ok {
			r = s.do(g, "GET", s.item(e, row["id"]), nil)
			if status(t, r, 200) {
				checkResource(t, e, r.Body, r)
			}
		}
		if l, ok := s.actor(e, ir.OpList, row); ok {
			r := s.do(l, "GET", s.collection(e)+query("limit", fmt.Sprint(s.API.MaxLimit)), nil)
			if status(t, r, 200) {
				var env struct{ Items []json.RawMessage }
				_ = json.Unmarshal(r.Body, &env)
				for _, it := range env.Items {
					checkResource(t, e, it, r)
				}
			}
		}
	})
}

func checkFormats(s *Suite, t *testing.T) {
	forEntity(s, t, func(t *testing.T, e *ir.Entity) {
		needOps(t, e, ir.OpCreate)
		// Inputs in other accepted spellings come back normalised.
		over := map[string]any{}
		want := map[string]string{}
		for _, f := range e.Create {
			switch f.Type {
			case ir.DateTime:
				over[f.Name] = "2026-03-04T10:11:12.5+02:00"
				want[f.Name] = "2026-03-04T08:11:12.500Z"
			case ir.UUID:
				if f.Kind == ir.KindField {
					u := newUUID()
					over[f.Name] = strings.ToUpper(u)
					want[f.Name] = u
				}
			case ir.Decimal:
				if f.Scale >= 1 && (f.Min == nil || *f.Min <= 7) && (f.Max == nil || *f.Max >= 7) {
					over[f.Name] = "7.5"
					want[f.Name] = "7.5" + strings.Repeat("0", f.Scale-1)
				}
			}
		}
		if len(over) == 0 {
			t.Skipf("%s has no field with a normalised input form", entName(e))
		}
		u, _ := s.creator(e)
		if e.Owner != nil && ownerKeyUnique(e) {
			u = s.register(t)
		}
		b := s.body(t, e, over)
		r := s.do(u, "POST", s.collection(e), b)
		if !status(t, r, 201) {
			return
		}
		checkResource(t, e, r.Body, r)
		got := r.Obj()
		for k, w := range want {
			if got[k] != w {
				t.Errorf("%s: sent %v, want %q back, got %v\n  %s", k, over[k], w, got[k], r)
			}
		}
	})
}

func checkDefaults(s *Suite, t *testing.T) {
	forEntity(s, t, func(t *testing.T, e *ir.Entity) {
		needOps(t, e, ir.OpCreate)
		var fields []*ir.Field
		over := map[string]any{}
		for _, f := range e.Fields {
			if f.Default != nil && f.Kind == ir.KindField {
				fields = append(fields, f)
				over[f.Name] = nil
			}
		}
		if len(fields) == 0 {
			t.Skipf("%s has no defaults", entName(e))
		}
		before := time.Now().Add(-2 * time.Second)
		row := s.createRow(t, e, over)
		for _, f := range fields {
			v := row[f.Name]
			switch f.Default.Kind {
			case ir.DefaultLiteral:
				if f.Type == ir.Password {
					continue
				}
				if !wireEqual(f, f.Default.Value, v) || (f.Type == ir.Decimal && v != f.Default.Value) {
					t.Errorf("%s: default %v not applied, got %v", f.Name, mustJSON(f.Default.Value), mustJSON(v))
				}
			case ir.DefaultNow:
				ts, err := time.Parse(time.RFC3339, fmt.Sprint(v))
				if err != nil || ts.Before(before) || ts.After(time.Now().Add(2*time.Second)) {
					t.Errorf("%s: default now, got %v", f.Name, v)
				}
			case ir.DefaultUUID:
				if !uuid4Re.MatchString(fmt.Sprint(v)) {
					t.Errorf("%s: default uuid (v4, lower-case), got %v", f.Name, v)
				}
			}
		}
	})
}
