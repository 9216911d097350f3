package lower

import (
	"sort"
	"strings"

	"github.com/bgen-dev/bgen/ir"
	"github.com/bgen-dev/bgen/naming"
	"github.com/bgen-dev/bgen/spec"
)

// lowerFieldsAndRelations builds e.Fields in resource order and
// e.Relations in spec order, with belongsTo keys and join tables.
func (l *lowerer) lowerFieldsAndRelations(e *ir.Entity, se *spec.Entity) {
	id := idField(e.IDType)
	id.Pos = e.Pos
	e.Fields = append(e.Fields, id)
	for _, sf := range se.Fields {
		where := "entities." + se.Name + ".fields"
		if sf != nil {
			where += "." + sf.Name
		}
		if f := l.lowerField(sf, where, true); f != nil {
			e.Fields = append(e.Fields, f)
		}
	}
	for _, sr := range se.Relations {
		if sr == nil {
			l.errf("entities.%s.relations: nil relation", se.Name)
			continue
		}
		r := l.lowerRelation(e, sr)
		if r == nil {
			continue
		}
		e.Relations = append(e.Relations, r)
		if r.Kind == ir.BelongsTo {
			key := foreignKeyField(r)
			key.Pos = r.Pos
			e.Fields = append(e.Fields, key)
		}
	}
	if e.Timestamps {
		created, updated := timestampField("createdAt"), timestampField("updatedAt")
		created.Pos, updated.Pos = e.Pos, e.Pos
		e.Fields = append(e.Fields, created, updated)
	}
}

func (l *lowerer) lowerRelation(e *ir.Entity, sr *spec.Relation) *ir.Relation {
	where := "entities." + e.Name.Pascal() + ".relations." + sr.Name
	target := l.byName[sr.Target]
	if target == nil {
		l.errf("%s: unknown entity %q", where, sr.Target)
		return nil
	}
	r := &ir.Relation{
		Name:       sr.Name,
		Ident:      naming.Split(sr.Name),
		Kind:       ir.RelationKind(sr.Kind),
		Entity:     e,
		Target:     target,
		TargetName: target.Name.Pascal(),
		Pos:        l.pos(sr.Pos),
	}
	base := e.Path + "/{id}/" + r.Ident.Kebab()
	switch r.Kind {
	case ir.BelongsTo:
		r.Optional = sr.Optional
		r.OnDelete = ir.Restrict
		switch sr.OnDelete {
		case "", "restrict":
		case "cascade":
			r.OnDelete = ir.Cascade
		case "setNull":
			r.OnDelete = ir.SetNull
		default:
			l.errf("%s.onDelete: unknown action %q", where, sr.OnDelete)
		}
	case ir.HasMany, ir.HasOne:
		r.Path = base
	case ir.ManyToMany:
		r.Path = base
		r.LinkParam = r.Ident.Singular().Camel() + "Id"
		r.Join = joinTable(e, r, sr.Through)
	default:
		l.errf("%s: unknown relation kind %q", where, sr.Kind)
		return nil
	}
	return r
}

// foreignKeyField is the <relation>Id field of a belongsTo.
func foreignKeyField(r *ir.Relation) *ir.Field {
	name := r.Ident.Camel() + "Id"
	f := &ir.Field{
		Name:         name,
		Ident:        naming.Split(name),
		Column:       r.Ident.Snake() + "_id",
		Kind:         ir.KindForeignKey,
		Type:         r.Target.IDType,
		Optional:     r.Optional,
		Required:     !r.Optional,
		Relation:     r,
		RelationName: r.Name,
	}
	r.Key = f
	return f
}

// joinTable is the table behind manyToMany r declared on e, seen from e:
// Left references e, Right references the target.
func joinTable(e *ir.Entity, r *ir.Relation, through string) *ir.JoinTable {
	j := &ir.JoinTable{
		Table:       through,
		Left:        e.Name.Snake() + "_id",
		Right:       r.Target.Name.Snake() + "_id",
		LeftEntity:  e.Name.Pascal(),
		RightEntity: r.Target.Name.Pascal(),
	}
	if j.Table == "" {
		names := []string{e.Table, r.Target.Table}
		sort.Strings(names)
		j.Table = strings.Join(names, "_")
	}
	if r.Target == e {
		j.Right = r.Ident.Singular().Snake() + "_id"
		if j.Right == j.Left {
			// A self-reference named after its own entity (Person.people).
			j.Right = "related_" + j.Right
		}
	}
	return j
}

// resolveInverses links hasMany and hasOne relations to the belongsTo they
// read through (via, or the only belongsTo pointing back), and that
// belongsTo back to them.
func (l *lowerer) resolveInverses(e *ir.Entity, se *spec.Entity) {
	for _, r := range e.Relations {
		if r.Kind != ir.HasMany && r.Kind != ir.HasOne {
			continue
		}
		where := "entities." + se.Name + ".relations." + r.Name
		via := ""
		for _, sr := range se.Relations {
			if sr != nil && sr.Name == r.Name {
				via = sr.Via
			}
		}
		var inv *ir.Relation
		if via != "" {
			inv = r.Target.RelationByName(via)
			if inv == nil || inv.Kind != ir.BelongsTo || inv.Target != e {
				l.errf("%s.via: %q is not a belongsTo of %s pointing to %s", where, via, r.TargetName, e.Name.Pascal())
				continue
			}
		} else {
			var found []*ir.Relation
			for _, b := range r.Target.Relations {
				if b.Kind == ir.BelongsTo && b.Target == e {
					found = append(found, b)
				}
			}
			if len(found) != 1 {
				l.errf("%s: %d belongsTo relations of %s point to %s; give via", where, len(found), r.TargetName, e.Name.Pascal())
				continue
			}
			inv = found[0]
		}
		r.Inverse, r.InverseName = inv, inv.Name
		if inv.Inverse == nil {
			inv.Inverse, inv.InverseName = r, r.Name
		}
	}
}

// pairManyToMany links the two sides of a mutual manyToMany: the relation
// on the target that points back through the same join table. The later
// side's JoinTable is the earlier one's, seen from the other end (Left and
// Right swapped), so the table is created once.
func (l *lowerer) pairManyToMany(e *ir.Entity) {
	for _, r := range e.Relations {
		if r.Kind != ir.ManyToMany || r.Inverse != nil {
			continue
		}
		var found []*ir.Relation
		for _, o := range r.Target.Relations {
			if o != r && o.Kind == ir.ManyToMany && o.Target == e && o.Inverse == nil && o.Join.Table == r.Join.Table {
				found = append(found, o)
			}
		}
		if len(found) == 0 {
			continue
		}
		if len(found) > 1 {
			l.errf("entities.%s.relations.%s: %d manyToMany relations of %s share its join table %q", e.Name.Pascal(), r.Name, len(found), r.TargetName, r.Join.Table)
			continue
		}
		o := found[0]
		r.Inverse, r.InverseName = o, o.Name
		o.Inverse, o.InverseName = r, r.Name
		o.Join = &ir.JoinTable{
			Table:       r.Join.Table,
			Left:        r.Join.Right,
			Right:       r.Join.Left,
			LeftEntity:  r.Join.RightEntity,
			RightEntity: r.Join.LeftEntity,
		}
	}
}

// checkNames reports fields and relations of e whose names collide after
// case conversion (a field authorId beside a relation author's key, or a
// field author beside the relation): they would share a column, an
// attribute or a query parameter.
func (l *lowerer) checkNames(e *ir.Entity) {
	scope := naming.NewScope()
	for _, f := range e.Fields {
		if clash, ok := scope.Add(f.Name, "field "+f.Name); !ok {
			l.errf("entities.%s: field %s collides with %s", e.Name.Pascal(), f.Name, clash)
		}
	}
	for _, r := range e.Relations {
		if clash, ok := scope.Add(r.Name, "relation "+r.Name); !ok {
			l.errf("entities.%s: relation %s collides with %s", e.Name.Pascal(), r.Name, clash)
		}
	}
}
