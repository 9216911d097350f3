package conformance

import (
	"fmt"
	"strings"
	"testing"

	"github.com/bgen-dev/bgen/ir"
)

// relPath is a relation's concrete path for parent id.
func (s *Suite) relPath(rel *ir.Relation, parent any) string {
	return s.base() + strings.Replace(rel.Path, "{id}", idKey(parent), 1)
}

func relationsOf(s *Suite, kind ir.RelationKind) []*ir.Relation {
	var out []*ir.Relation
	for _, e := range s.API.Entities {
		for _, rel := range e.Relations {
			if rel.Kind == kind && rel.Path != "" && rel.ParentAccess != nil && rel.TargetAccess != nil {
				out = append(out, rel)
			}
		}
	}
	return out
}

// readerOf returns a caller who may read rel fully.
func (s *Suite) readerOf(t *testing.T, rel *ir.Relation) *User {
	t.Helper()
	u, ok := s.caller(*rel.ParentAccess, *rel.TargetAccess)
	if !ok {
		t.Skip("nobody meets both the parent's get and the target's list rule fully")
	}
	return u
}

func checkHasMany(s *Suite, t *testing.T) {
	rels := relationsOf(s, ir.HasMany)
	if len(rels) == 0 {
		t.Skip("no hasMany relation")
	}
	for _, rel := range rels {
		t.Run(relName(rel), func(t *testing.T) {
			u := s.readerOf(t, rel)
			inv := rel.Inverse
			if inv == nil || hasOp(rel.Target, ir.OpCreate) == nil {
				t.Skip("no way to make children")
			}
			parent, pu := s.parentRow(t, inv)
			for range 3 {
				s.child(t, inv, parent, pu)
			}
			other, opu := s.parentRow(t, inv)
			s.child(t, inv, other, opu)
			want := s.Model.Related(rel, parent["id"])
			sortRows(rel.Target, want, rel.Target.List.DefaultSort)
			got, ok := s.listAll(t, u, s.relPath(rel, parent["id"]))
			if ok {
				sameOrder(t, "children of "+idKey(parent["id"]), got, want)
			}
			r := s.do(u, "GET", s.relPath(rel, parent["id"])+query("limit", "1", "offset", "1"), nil)
			if status(t, r, 200) {
				if fmt.Sprint(r.Obj()["total"]) != fmt.Sprint(len(want)) {
					t.Errorf("total %v, want %d\n  %s", r.Obj()["total"], len(want), r)
				}
				sameOrder(t, "limit=1&offset=1", r.Items(), want[1:2])
				var env []string
				if k, err := keyOrder(r.Body); err == nil {
					env = k
				}
				if joinStrs(env) != "items,total,limit,offset" {
					t.Errorf("envelope keys %v\n  %s", env, r)
				}
			}
			if len(rel.Target.List.SortNames) > 0 {
				keys := []ir.SortKey{{Field: rel.Target.List.SortNames[len(rel.Target.List.SortNames)-1], Desc: true}}
				got, ok := s.listAll(t, u, s.relPath(rel, parent["id"]), "sort", sortParam(keys))
				if ok {
					w := append([]map[string]any(nil), want...)
					sortRows(rel.Target, w, keys)
					sameOrder(t, "sort="+sortParam(keys), got, w)
				}
			}
			if len(rel.Target.List.Filters) > 0 {
				fl := rel.Target.List.Filters[0]
				if vals := filterValues(want, fl.Field); len(vals) > 0 {
					var w []map[string]any
					for _, r := range want {
						if matches(fl.Field, "eq", r[fl.Field.Name], vals[:1]) {
							w = append(w, r)
						}
					}
					got, ok := s.listAll(t, u, s.relPath(rel, parent["id"]), fl.Param, queryValue(vals[0]))
					if ok {
						sameSet(t, fl.Param+" filter on the sub-list", got, w)
					}
				}
			}
			problem(t, s.do(u, "GET", s.relPath(rel, parent["id"])+query("zzUnknown", "1"), nil), 400)
			problem(t, s.do(u, "GET", s.relPath(rel, missingID(rel.Entity)), nil), 404)
		})
	}
}

func checkHasOne(s *Suite, t *testing.T) {
	rels := relationsOf(s, ir.HasOne)
	if len(rels) == 0 {
		t.Skip("no hasOne relation")
	}
	for _, rel := range rels {
		t.Run(relName(rel), func(t *testing.T) {
			u := s.readerOf(t, rel)
			inv := rel.Inverse
			if inv == nil || hasOp(rel.Target, ir.OpCreate) == nil {
				t.Skip("no way to make the child")
			}
			parent, pu := s.parentRow(t, inv)
			r := s.do(u, "GET", s.relPath(rel, parent["id"]), nil)
			problem(t, r, 404)
			c := s.child(t, inv, parent, pu)
			r = s.do(u, "GET", s.relPath(rel, parent["id"]), nil)
			if status(t, r, 200) {
				jsonOK(t, r)
				if !sameJSON(r.Obj(), c) {
					t.Errorf("hasOne gives a different resource:\n  created %s\n  %s", mustJSON(c), r)
				}
				checkResource(t, rel.Target, r.Body, r)
			}
			problem(t, s.do(u, "GET", s.relPath(rel, missingID(rel.Entity)), nil), 404)
		})
	}
}

func checkManyToMany(s *Suite, t *testing.T) {
	rels := relationsOf(s, ir.ManyToMany)
	if len(rels) == 0 {
		t.Skip("no manyToMany relation")
	}
	for _, rel := range rels {
		t.Run(relName(rel), func(t *testing.T) {
			u := s.readerOf(t, rel)
			if hasOp(rel.Entity, ir.OpCreate) == nil || hasOp(rel.Target, ir.OpCreate) == nil {
				t.Skip("rows cannot be made")
			}
			if rel.LinkAccess == nil {
				// No update on the declaring entity: link and unlink are not
				// routed here; links made from the other side are checked
				// to show up on this side there.
				t.Skipf("%s has no update operation, so no link routes", entName(rel.Entity))
			}
			parent := s.createRow(t, rel.Entity, nil)
			lu, ok := s.caller(*rel.LinkAccess)
			if !ok && rel.LinkAccess.Owner {
				lu = s.userByID(s.ownerOf(rel.Entity, parent))
			}
			a := s.createRow(t, rel.Target, nil)
			b := s.createRow(t, rel.Target, nil)
			link := func(target any) string {
				return s.relPath(rel, parent["id"]) + "/" + idKey(target)
			}
			r := s.do(lu, "PUT", link(a["id"]), nil)
			if status(t, r, 204) && len(r.Body) > 0 {
				t.Errorf("204 with a body\n  %s", r)
			}
			status(t, s.do(lu, "PUT", link(a["id"]), nil), 204) // idempotent
			status(t, s.do(lu, "PUT", link(b["id"]), nil), 204)
			want := s.Model.Related(rel, parent["id"])
			sortRows(rel.Target, want, rel.Target.List.DefaultSort)
			if len(want) != 2 {
				t.Fatalf("model has %d links, want 2", len(want))
			}
			got, ok := s.listAll(t, u, s.relPath(rel, parent["id"]))
			if ok {
				sameOrder(t, "linked rows", got, want)
			}
			// The inverse side sees the same links.
			if inv := rel.Inverse; inv != nil && inv.Path != "" && inv.ParentAccess != nil && inv.TargetAccess != nil {
				if iu, ok := s.caller(*inv.ParentAccess, *inv.TargetAccess); ok {
					got, ok := s.listAll(t, iu, s.relPath(inv, a["id"]))
					if ok {
						found := false
						for _, g := range got {
							if idKey(g["id"]) == idKey(parent["id"]) {
								found = true
							}
						}
						if !found {
							t.Errorf("%s of %v does not list %v", inv.Name, a["id"], parent["id"])
						}
					}
				}
			}
			problem(t, s.do(lu, "PUT", link(missingID(rel.Target)), nil), 404)
			problem(t, s.do(lu, "PUT", s.relPath(rel, missingID(rel.Entity))+"/"+idKey(a["id"]), nil), 404)
			status(t, s.do(lu, "DELETE", link(a["id"]), nil), 204)
			problem(t, s.do(lu, "DELETE", link(a["id"]), nil), 404) // not linked any more
			problem(t, s.do(lu, "DELETE", link(missingID(rel.Target)), nil), 404)
			got, ok = s.listAll(t, u, s.relPath(rel, parent["id"]))
			if ok {
				sameSet(t, "after unlink", got, s.Model.Related(rel, parent["id"]))
			}
			// Deleting a linked row removes its links.
			if d := hasOp(rel.Target, ir.OpDelete); d != nil {
				du, ok := s.actor(rel.Target, ir.OpDelete, b)
				if ok && status(t, s.do(du, "DELETE", s.item(rel.Target, b["id"]), nil), 204) {
					got, ok := s.listAll(t, u, s.relPath(rel, parent["id"]))
					if ok && len(got) != 0 {
						t.Errorf("a deleted row is still listed as linked: %v", ids(got))
					}
				}
			}
			if d := hasOp(rel.Entity, ir.OpDelete); d != nil {
				status(t, s.do(lu, "PUT", link(a["id"]), nil), 204)
				du, ok := s.actor(rel.Entity, ir.OpDelete, parent)
				if ok {
					status(t, s.do(du, "DELETE", s.item(rel.Entity, parent["id"]), nil), 204)
					problem(t, s.do(u, "GET", s.relPath(rel, parent["id"]), nil), 404)
				}
			}
		})
	}
}
