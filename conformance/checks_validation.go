package conformance

import (
	"fmt"
	"sort"
	"sync"
	"testing"

	"github.com/bgen-dev/bgen/ir"
)

// creatorFor returns who creates rows of e for a validation test, skipping
// when nobody can.
func (s *Suite) validationCaller(t *testing.T, e *ir.Entity) *User {
	t.Helper()
	needOps(t, e, ir.OpCreate)
	u, ok := s.creator(e)
	if !ok {
		t.Skip("no caller can create")
	}
	if e.Owner != nil && ownerKeyUnique(e) {
		u = s.register(t)
	}
	return u
}

func checkRequired(s *Suite, t *testing.T) {
	forEntity(s, t, func(t *testing.T, e *ir.Entity) {
		var req []*ir.Field
		for _, f := range e.Create {
			if f.Required {
				req = append(req, f)
			}
		}
		if len(req) == 0 {
			t.Skip("no required create field")
		}
		u := s.validationCaller(t, e)
		for _, f := range req {
			t.Run(f.Name, func(t *testing.T) {
				b := s.body(t, e, nil)
				delete(b, f.Name)
				fieldErrors(t, s.do(u, "POST", s.collection(e), b), 422, FieldErr{f.Name, "required"})
			})
		}
		t.Run("all", func(t *testing.T) {
			var want []FieldErr
			for _, f := range req {
				want = append(want, FieldErr{f.Name, "required"})
			}
			fieldErrors(t, s.do(u, "POST", s.collection(e), map[string]any{}), 422, want...)
		})
	})
}

// checkNull: JSON null is accepted only for optional fields. A null for
// any other field is a value of the wrong type, so its code is "type"
// (the first check that fails in docs/conventions.md's order once the
// field is present).
func checkNull(s *Suite, t *testing.T) {
	forEntity(s, t, func(t *testing.T, e *ir.Entity) {
		u := s.validationCaller(t, e)
		for _, f := range e.Create {
			t.Run(f.Name, func(t *testing.T) {
				b := s.body(t, e, nil)
				b[f.Name] = nil
				if f.Optional && ownerKeyUnique(e) {
					u = s.register(t) // this create succeeds: one row per owner
				}
				r := s.do(u, "POST", s.collection(e), rawNull(b, f.Name))
				if f.Optional {
					if status(t, r, 201) {
						if v, ok := r.Obj()[f.Name]; f.Type != ir.Password && (!ok || v != nil) {
							t.Errorf("%s: sent null, got %v\n  %s", f.Name, v, r)
						}
					}
					return
				}
				fieldErrors(t, r, 422, FieldErr{f.Name, "type"})
			})
		}
	})
}

// rawNull marshals b with key set to JSON null.
func rawNull(b map[string]any, key string) []byte {
	c := copyRow(b)
	c[key] = nil
	return []byte(mustJSON(c))
}

// checkInvalid returns the rule for one validation code: every create field
// gets every bad value of that code.
func checkInvalid(code string) func(s *Suite, t *testing.T) {
	return func(s *Suite, t *testing.T) {
		forEntity(s, t, func(t *testing.T, e *ir.Entity) {
			type c struct {
				f   *ir.Field
				inv Invalid
			}
			var cases []c
			for _, f := range e.Create {
				if f.Kind != ir.KindField {
					continue
				}
				for _, inv := range s.Gen.Invalids(f) {
					if inv.Code == code || (inv.Name == "maxLength" && code == "maxLength") {
						cases = append(cases, c{f, inv})
					}
				}
			}
			if len(cases) == 0 {
				t.Skipf("no field of %s can fail %q", entName(e), code)
			}
			u := s.validationCaller(t, e)
			for _, tc := range cases {
				t.Run(tc.f.Name+"/"+tc.inv.Name, func(t *testing.T) {
					b := s.body(t, e, nil)
					b[tc.f.Name] = tc.inv.Value
					fieldErrors(t, s.do(u, "POST", s.collection(e), b), 422, FieldErr{tc.f.Name, tc.inv.Code})
				})
			}
		})
	}
}

func checkUnknown(s *Suite, t *testing.T) {
	forEntity(s, t, func(t *testing.T, e *ir.Entity) {
		u := s.validationCaller(t, e)
		b := s.body(t, e, map[string]any{"zzNotAField": 1, "aaNotAField": "x"})
		fieldErrors(t, s.do(u, "POST", s.collection(e), b), 422, FieldErr{"aaNotAField", "unknown"}, FieldErr{"zzNotAField", "unknown"})
		if hasOp(e, ir.OpUpdate) != nil {
			row := s.createRow(t, e, nil)
			g, _ := s.actor(e, ir.OpUpdate, row)
			fieldErrors(t, s.do(g, "PATCH", s.item(e, row["id"]), map[string]any{"zzNotAField": 1}), 422, FieldErr{"zzNotAField", "unknown"})
		}
	})
}

// readOnlyFields are the fields never accepted in a body of e: readOnly
// fields, id, timestamps and the owner key.
func readOnlyFields(e *ir.Entity) []*ir.Field {
	var out []*ir.Field
	for _, f := range e.Fields {
		if f.Type == ir.Password {
			continue
		}
		if f.ReadOnly || f.Kind == ir.KindID || f.Kind == ir.KindTimestamp || (e.Owner != nil && f == e.Owner.Key) {
			out = append(out, f)
		}
	}
	return out
}

// sampleValue is a well-typed value for f (for fields the suite may not
// send, such as readOnly ones).
func (s *Suite) sampleValue(f *ir.Field, row map[string]any) any {
	if v, ok := row[f.Name]; ok && v != nil {
		return v
	}
	if f.Kind == ir.KindTimestamp {
		return "2026-01-01T00:00:00.000Z"
	}
	if f.Kind == ir.KindID {
		return 1
	}
	return s.Gen.Valid(f)
}

func checkReadOnly(s *Suite, t *testing.T) {
	forEntity(s, t, func(t *testing.T, e *ir.Entity) {
		u := s.validationCaller(t, e)
		row := s.createRow(t, e, nil)
		for _, f := range readOnlyFields(e) {
			t.Run(f.Name, func(t *testing.T) {
				b := s.body(t, e, nil)
				b[f.Name] = s.sampleValue(f, row)
				fieldErrors(t, s.do(u, "POST", s.collection(e), b), 422, FieldErr{f.Name, "readOnly"})
				// readOnly is checked before the type.
				b[f.Name] = []any{"wrong type"}
				fieldErrors(t, s.do(u, "POST", s.collection(e), b), 422, FieldErr{f.Name, "readOnly"})
				if hasOp(e, ir.OpUpdate) != nil {
					g, _ := s.actor(e, ir.OpUpdate, row)
					fieldErrors(t, s.do(g, "PATCH", s.item(e, row["id"]), map[string]any{f.Name: s.sampleValue(f, row)}), 422, FieldErr{f.Name, "readOnly"})
				}
			})
		}
	})
}

func checkImmutable(s *Suite, t *testing.T) {
	forEntity(s, t, func(t *testing.T, e *ir.Entity) {
		needOps(t, e, ir.OpCreate, ir.OpUpdate)
		var imm []*ir.Field
		for _, f := range e.Create {
			if f.Immutable {
				imm = append(imm, f)
			}
		}
		if len(imm) == 0 {
			t.Skip("no immutable field")
		}
		row := s.createRow(t, e, nil)
		g, _ := s.actor(e, ir.OpUpdate, row)
		for _, f := range imm {
			t.Run(f.Name, func(t *testing.T) {
				fieldErrors(t, s.do(g, "PATCH", s.item(e, row["id"]), map[string]any{f.Name: s.Gen.Valid(f)}), 422, FieldErr{f.Name, "immutable"})
				// Even the same value, and before its type is looked at.
				fieldErrors(t, s.do(g, "PATCH", s.item(e, row["id"]), map[string]any{f.Name: row[f.Name]}), 422, FieldErr{f.Name, "immutable"})
				fieldErrors(t, s.do(g, "PATCH", s.item(e, row["id"]), map[string]any{f.Name: 12345}), 422, FieldErr{f.Name, "immutable"})
			})
		}
	})
}

// checkUpdateValidation: a PATCH body is validated like a create body,
// without required.
func checkUpdateValidation(s *Suite, t *testing.T) {
	forEntity(s, t, func(t *testing.T, e *ir.Entity) {
		needOps(t, e, ir.OpCreate, ir.OpUpdate)
		row := s.createRow(t, e, nil)
		g, _ := s.actor(e, ir.OpUpdate, row)
		n := 0
		for _, f := range e.Update {
			if f.Kind != ir.KindField {
				continue
			}
			for _, inv := range s.Gen.Invalids(f) {
				n++
				t.Run(f.Name+"/"+inv.Name, func(t *testing.T) {
					fieldErrors(t, s.do(g, "PATCH", s.item(e, row["id"]), map[string]any{f.Name: inv.Value}), 422, FieldErr{f.Name, inv.Code})
				})
			}
			if !f.Optional {
				t.Run(f.Name+"/null", func(t *testing.T) {
					fieldErrors(t, s.do(g, "PATCH", s.item(e, row["id"]), []byte(`{"`+f.Name+`":null}`)), 422, FieldErr{f.Name, "type"})
				})
			}
		}
		// Nothing of the failed updates was kept.
		if gu, ok := s.actor(e, ir.OpGet, row); ok {
			r := s.do(gu, "GET", s.item(e, row["id"]), nil)
			if status(t, r, 200) {
				got := r.Obj()
				for _, f := range e.Read {
					if !sameJSON(got[f.Name], row[f.Name]) {
						t.Errorf("a failed update changed %s: %v -> %v", f.Name, row[f.Name], got[f.Name])
					}
				}
			}
		}
		if n == 0 {
			t.Skip("no update field can fail")
		}
	})
}

// checkSeveral: all failing fields at once, known fields in resource
// order, then unknown names sorted by code point.
func checkSeveral(s *Suite, t *testing.T) {
	forEntity(s, t, func(t *testing.T, e *ir.Entity) {
		u := s.validationCaller(t, e)
		b := s.body(t, e, nil)
		var want []FieldErr
		// Walk fields in resource order, giving each the first bad value it
		// has, or dropping it when required.
		for _, f := range e.Fields {
			inCreate := false
			for _, c := range e.Create {
				if c == f {
					inCreate = true
				}
			}
			switch {
			case !inCreate && (f.ReadOnly || f.Kind == ir.KindTimestamp) && f.Type != ir.Password:
				if f.Kind == ir.KindTimestamp && f.Name == "updatedAt" {
					b[f.Name] = "x"
					want = append(want, FieldErr{f.Name, "readOnly"})
				}
			case inCreate && f.Kind == ir.KindField:
				inv := s.Gen.Invalids(f)
				if len(inv) > 0 {
					b[f.Name] = inv[len(inv)-1].Value
					want = append(want, FieldErr{f.Name, inv[len(inv)-1].Code})
				} else if f.Required {
					delete(b, f.Name)
					want = append(want, FieldErr{f.Name, "required"})
				}
			}
		}
		b["Zeta"] = 1
		b["alpha"] = 2
		b["_x"] = 3
		unknown := []string{"Zeta", "_x", "alpha"}
		sort.Strings(unknown)
		for _, k := range unknown {
			want = append(want, FieldErr{k, "unknown"})
		}
		fieldErrors(t, s.do(u, "POST", s.collection(e), b), 422, want...)
	})
}

func checkUnique(s *Suite, t *testing.T) {
	forEntity(s, t, func(t *testing.T, e *ir.Entity) {
		var uniq []*ir.Field
		for _, f := range e.Create {
			if f.Unique && f.Kind == ir.KindField {
				uniq = append(uniq, f)
			}
		}
		if len(uniq) == 0 {
			t.Skip("no unique create field")
		}
		u := s.validationCaller(t, e)
		row := s.createRow(t, e, nil)
		for _, f := range uniq {
			t.Run(f.Name, func(t *testing.T) {
				if e.Owner != nil && ownerKeyUnique(e) {
					u = s.register(t)
				}
				b := s.body(t, e, map[string]any{f.Name: row[f.Name]})
				fieldErrors(t, s.do(u, "POST", s.collection(e), b), 409, FieldErr{f.Name, "unique"})
				if hasOp(e, ir.OpUpdate) != nil && !f.Immutable {
					other := s.createRow(t, e, nil)
					g, _ := s.actor(e, ir.OpUpdate, other)
					fieldErrors(t, s.do(g, "PATCH", s.item(e, other["id"]), map[string]any{f.Name: row[f.Name]}), 409, FieldErr{f.Name, "unique"})
					// Setting a row's own value again is no conflict.
					status(t, s.do(g, "PATCH", s.item(e, other["id"]), map[string]any{f.Name: other[f.Name]}), 200)
				}
			})
		}
	})
}

func checkCompositeUnique(s *Suite, t *testing.T) {
	forEntity(s, t, func(t *testing.T, e *ir.Entity) {
		var sets [][]*ir.Field
		for _, set := range e.Unique {
			if len(set) > 1 {
				sets = append(sets, set)
			}
		}
		if len(sets) == 0 {
			t.Skip("no composite unique constraint")
		}
		u := s.validationCaller(t, e)
		for _, set := range sets {
			var names []string
			for _, f := range set {
				names = append(names, f.Name)
			}
			t.Run(joinStrs(names), func(t *testing.T) {
				row := s.createRow(t, e, nil)
				over := map[string]any{}
				var want []FieldErr
				for _, f := range e.Fields {
					for _, g := range set {
						if g == f {
							over[f.Name] = row[f.Name]
							want = append(want, FieldErr{f.Name, "unique"})
						}
					}
				}
				fieldErrors(t, s.do(u, "POST", s.collection(e), s.body(t, e, over)), 409, want...)
				// One part different: no conflict.
				over[set[0].Name] = s.Gen.Valid(set[0])
				status(t, s.do(u, "POST", s.collection(e), s.body(t, e, over)), 201)
			})
		}
	})
}

func checkConcurrentUnique(s *Suite, t *testing.T) {
	for _, e := range s.API.Entities {
		var f *ir.Field
		for _, c := range e.Create {
			if c.Unique && c.Kind == ir.KindField {
				f = c
				break
			}
		}
		if f == nil || hasOp(e, ir.OpCreate) == nil || ownerKeyUnique(e) {
			continue
		}
		u, ok := s.creator(e)
		if !ok {
			continue
		}
		t.Run(entName(e)+"."+f.Name, func(t *testing.T) {
			value := s.Gen.Valid(f)
			const n = 8
			resps := make([]*Resp, n)
			var wg sync.WaitGroup
			start := make(chan struct{})
			for i := range n {
				b := s.body(t, e, map[string]any{f.Name: value})
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					resps[i] = s.do(u, "POST", s.collection(e), b)
				}()
			}
			close(start)
			wg.Wait()
			created := 0
			for _, r := range resps {
				switch r.Status {
				case 201:
					created++
				case 409:
					fieldErrors(t, r, 409, FieldErr{f.Name, "unique"})
				default:
					t.Errorf("concurrent create: want 201 or 409\n  %s", r)
				}
			}
			if created != 1 {
				t.Errorf("%d of %d concurrent creates of the same %s succeeded, want exactly 1", created, n, f.Name)
			}
		})
		return
	}
	t.Skip("no entity with a unique field")
}

// missingID is an id of e's type that no row has.
func missingID(e *ir.Entity) any {
	if e.IDType == ir.UUID {
		return newUUID()
	}
	return 987654321
}

func checkReference(s *Suite, t *testing.T) {
	n := 0
	for _, e := range s.API.Entities {
		for _, f := range e.Create {
			if f.Kind != ir.KindForeignKey || f.Relation == nil {
				continue
			}
			n++
			t.Run(entName(e)+"."+f.Name, func(t *testing.T) {
				u := s.validationCaller(t, e)
				b := s.body(t, e, map[string]any{f.Name: missingID(f.Relation.Target)})
				fieldErrors(t, s.do(u, "POST", s.collection(e), b), 422, FieldErr{f.Name, "reference"})
				if hasOp(e, ir.OpUpdate) != nil && !f.Immutable {
					row := s.createRow(t, e, nil)
					g, _ := s.actor(e, ir.OpUpdate, row)
					fieldErrors(t, s.do(g, "PATCH", s.item(e, row["id"]), map[string]any{f.Name: missingID(f.Relation.Target)}), 422, FieldErr{f.Name, "reference"})
				}
				// A valid reference is kept.
				parent := s.parentFor(t, f.Relation)
				r := s.do(u, "POST", s.collection(e), s.body(t, e, map[string]any{f.Name: parent["id"]}))
				if status(t, r, 201) && idKey(r.Obj()[f.Name]) != idKey(parent["id"]) {
					t.Errorf("%s = %v, want %v\n  %s", f.Name, r.Obj()[f.Name], parent["id"], r)
				}
			})
		}
	}
	if n == 0 {
		t.Skip("no belongsTo key in a create body")
	}
}

// child creates a row of rel.Entity pointing at parent through rel, as
// someone allowed to, and returns it.
func (s *Suite) child(t *testing.T, rel *ir.Relation, parent map[string]any, owner *User) map[string]any {
	t.Helper()
	e := rel.Entity
	if e.Owner == rel {
		if owner == nil {
			t.Fatalf("%s: the owner relation needs a user", entName(e))
		}
		return s.createAs(t, e, owner, nil)
	}
	return s.createRow(t, e, map[string]any{rel.Key.Name: parent["id"]})
}

// parentRow makes a row of rel.Target to hang children on, and the user it
// stands for when the target is the auth entity.
func (s *Suite) parentRow(t *testing.T, rel *ir.Relation) (map[string]any, *User) {
	t.Helper()
	if auth := s.API.Auth; auth != nil && rel.Target == auth.Entity {
		u := s.register(t)
		return u.Row, u
	}
	return s.createRow(t, rel.Target, nil), nil
}

func belongsTos(s *Suite, action ir.OnDelete) []*ir.Relation {
	var out []*ir.Relation
	for _, e := range s.API.Entities {
		for _, rel := range e.Relations {
			if rel.Kind == ir.BelongsTo && rel.OnDelete == action {
				out = append(out, rel)
			}
		}
	}
	return out
}

func relName(rel *ir.Relation) string { return entName(rel.Entity) + "." + rel.Name }

func checkReferenced(s *Suite, t *testing.T) {
	rels := belongsTos(s, ir.Restrict)
	if len(rels) == 0 {
		t.Skip("no restrict relation")
	}
	for _, rel := range rels {
		t.Run(relName(rel), func(t *testing.T) {
			needOps(t, rel.Target, ir.OpDelete)
			if hasOp(rel.Entity, ir.OpCreate) == nil {
				t.Skip("no create on " + entName(rel.Entity))
			}
			parent, pu := s.parentRow(t, rel)
			c := s.child(t, rel, parent, pu)
			d, _ := s.actor(rel.Target, ir.OpDelete, parent)
			fieldErrors(t, s.do(d, "DELETE", s.item(rel.Target, parent["id"]), nil), 409, FieldErr{"id", "referenced"})
			if g, ok := s.actor(rel.Entity, ir.OpGet, c); ok {
				status(t, s.do(g, "GET", s.item(rel.Entity, c["id"]), nil), 200)
			}
			// Once the child is gone, the delete goes through.
			if hasOp(rel.Entity, ir.OpDelete) != nil {
				cd, _ := s.actor(rel.Entity, ir.OpDelete, c)
				if status(t, s.do(cd, "DELETE", s.item(rel.Entity, c["id"]), nil), 204) {
					status(t, s.do(d, "DELETE", s.item(rel.Target, parent["id"]), nil), 204)
				}
			}
		})
	}
}

func checkOnDelete(s *Suite, t *testing.T) {
	rels := append(belongsTos(s, ir.Cascade), belongsTos(s, ir.SetNull)...)
	if len(rels) == 0 {
		t.Skip("no cascade or setNull relation")
	}
	for _, rel := range rels {
		t.Run(relName(rel)+"/"+string(rel.OnDelete), func(t *testing.T) {
			needOps(t, rel.Target, ir.OpDelete)
			if hasOp(rel.Entity, ir.OpCreate) == nil {
				t.Skip("no create on " + entName(rel.Entity))
			}
			parent, pu := s.parentRow(t, rel)
			c := s.child(t, rel, parent, pu)
			if idKey(c[rel.Key.Name]) != idKey(parent["id"]) {
				t.Fatalf("child %s = %v, want %v", rel.Key.Name, c[rel.Key.Name], parent["id"])
			}
			d, ok := s.actor(rel.Target, ir.OpDelete, parent)
			if !ok {
				t.Skip("nobody may delete " + entName(rel.Target))
			}
			status(t, s.do(d, "DELETE", s.item(rel.Target, parent["id"]), nil), 204)
			g, ok := s.caller(hasOpRule(rel.Entity, ir.OpGet))
			if !ok {
				t.Skip("nobody may read " + entName(rel.Entity) + " fully")
			}
			r := s.do(g, "GET", s.item(rel.Entity, c["id"]), nil)
			switch rel.OnDelete {
			case ir.Cascade:
				problem(t, r, 404)
			case ir.SetNull:
				if status(t, r, 200) && r.Obj()[rel.Key.Name] != nil {
					t.Errorf("%s should be null after its row was deleted\n  %s", rel.Key.Name, r)
				}
			}
		})
	}
}

// hasOpRule returns op's rule, or a rule nobody meets.
func hasOpRule(e *ir.Entity, k ir.OpKind) ir.Rule {
	if op := hasOp(e, k); op != nil {
		return op.Access
	}
	return ir.Rule{Roles: []string{"\x00nobody"}}
}

var _ = fmt.Sprint
