package spec

import (
	"slices"
	"strings"

	"github.com/bgen-dev/bgen/naming"
)

var reservedFields = map[string]string{
	"id":         "every entity has an id",
	"created_at": "it is a timestamp of the entity",
	"updated_at": "it is a timestamp of the entity",
}

func (c *checker) entity(e *Entity) {
	l := c.entityLoc(e)
	if c.unknown(l) {
		return
	}
	if e.ID != "" && e.ID != "int" && e.ID != "uuid" {
		c.errorf(l.key("id"), "id must be \"int\" or \"uuid\", got %q", e.ID)
	}
	if l.has("table") && !tableRE.MatchString(e.Table) {
		c.errorf(l.key("table"), "%q is not a valid table name: want lower case letters, digits and _, starting with a letter", e.Table)
	}
	if l.has("path") && !entityPathRE.MatchString(e.Path) {
		c.errorf(l.key("path"), "%q is not a valid entity path: want one segment like /blog-posts (lower case letters, digits and -)", e.Path)
	}
	if l.has("renamedFrom") && !entityNameRE.MatchString(e.RenamedFrom) {
		c.errorf(l.key("renamedFrom"), "%q is not a valid entity name", e.RenamedFrom)
	}
	if c.s.Auth != nil && entityPath(e) == "/auth" {
		c.errorf(l.key("path"), "the path /auth is taken by the auth routes")
	}

	fields := l.key("fields")
	// names in use on this entity, by snake_case form
	used := map[string]string{}
	for _, f := range e.Fields {
		fl := fields.node(f.Name, f.V, f.Pos)
		c.field(f, fl, fieldEntity)
		if !memberNameRE.MatchString(f.Name) || c.typeUnknown(fl) {
			continue
		}
		sn := snake(f.Name)
		if why, ok := reservedFields[sn]; ok {
			c.errorf(fl, "the name %s is reserved: %s", f.Name, why)
			continue
		}
		if r := c.keyOwner(e, f.Name); r != nil {
			c.errorf(fl, "field %s collides with the key of relation %s (%sId)", f.Name, r.Name, r.Name)
			continue
		}
		if other, ok := used[sn]; ok {
			c.errorf(fl, "field %s collides with field %s after case conversion (both are column %s)", f.Name, other, sn)
			continue
		}
		used[sn] = f.Name
	}
	rels := l.key("relations")
	relSnake := map[string]string{}
	for _, r := range e.Relations {
		rl := rels.node(r.Name, r.V, r.Pos)
		c.relation(e, r, rl)
		if !memberNameRE.MatchString(r.Name) {
			continue
		}
		sn := snake(r.Name)
		if other, ok := used[sn]; ok {
			if other == r.Name {
				c.errorf(rl, "relation %s has the same name as a field", r.Name)
			} else {
				c.errorf(rl, "relation %s collides with field %s after case conversion (both are %s)", r.Name, other, sn)
			}
			continue
		}
		if other, ok := relSnake[sn]; ok {
			c.errorf(rl, "relation %s collides with relation %s after case conversion (both are %s)", r.Name, other, sn)
			continue
		}
		if why, ok := reservedFields[sn]; ok {
			c.errorf(rl, "the name %s is reserved: %s", r.Name, why)
			continue
		}
		if r.Kind == "belongsTo" && !c.relationUnknown(e, r) {
			key := snake(r.Name + "Id")
			if other, ok := used[key]; ok {
				c.errorf(rl, "the key of relation %s (%sId) collides with field %s", r.Name, r.Name, other)
				continue
			}
			if why, ok := reservedFields[key]; ok {
				c.errorf(rl, "the key of relation %s (%sId) is reserved: %s", r.Name, r.Name, why)
				continue
			}
			used[key] = r.Name + "Id"
		}
		relSnake[sn] = r.Name
	}
	c.constraints(e, l, "indexes", e.Indexes)
	c.constraints(e, l, "unique", e.Unique)
	ops := l.key("operations")
	seen := map[string]bool{}
	for i, op := range e.Operations {
		switch {
		case !slices.Contains(operations, op):
			c.errorf(ops.idx(i), "unknown operation %q: want one of %s", op, strings.Join(operations, ", "))
		case seen[op]:
			c.errorf(ops.idx(i), "operation %q is listed twice", op)
		}
		seen[op] = true
	}
	if e.List != nil {
		c.list(e, l.key("list"))
	}
}

// keyOwner is the relation of e whose key field (<relation>Id) is name.
// Relations of unknown kind own no key.
func (c *checker) keyOwner(e *Entity, name string) *Relation {
	for _, r := range e.Relations {
		if c.relationUnknown(e, r) {
			continue
		}
		if name == r.Name+"Id" || (snake(name) == snake(r.Name+"Id") && r.Kind == "belongsTo") {
			return r
		}
	}
	return nil
}

// constraints checks `indexes` or `unique`: lists of field or belongsTo
// names.
func (c *checker) constraints(e *Entity, l loc, key string, lists [][]string) {
	kl := l.key(key)
	for i, names := range lists {
		il := kl.idx(i)
		if len(names) == 0 {
			c.errorf(il, "an empty list: name at least one field or belongsTo relation")
			continue
		}
		seen := map[string]bool{}
		for j, n := range names {
			nl := il.idx(j)
			if seen[n] {
				c.errorf(nl, "%s is listed twice", n)
				continue
			}
			seen[n] = true
			if f := e.field(n); f != nil {
				if (f.Type == "json" || f.Type == "password") && !c.typeUnknown(c.fieldLoc(e, f)) {
					c.errorf(nl, "field %s of type %s cannot be in %s", n, f.Type, key)
				}
				continue
			}
			if r := e.relation(n); r != nil {
				if r.Kind != "belongsTo" && !c.relationUnknown(e, r) {
					c.errorf(nl, "relation %s is a %s; only fields and belongsTo relations can be in %s", n, r.Kind, key)
				}
				continue
			}
			if !c.mayBeField(e, n) && !c.mayBeRelation(e, n) {
				c.errorf(nl, "%s is not a field or belongsTo relation of %s", n, e.Name)
			}
		}
	}
}

var searchable = []string{"string", "text", "email", "url", "enum"}

func (c *checker) list(e *Entity, l loc) {
	fl := l.key("filter")
	seen := map[string]bool{}
	for i, n := range e.List.Filter {
		nl := fl.idx(i)
		if seen[n] {
			c.errorf(nl, "%s is listed twice", n)
			continue
		}
		seen[n] = true
		if f := e.field(n); f != nil {
			if (f.Type == "json" || f.Type == "password") && !c.typeUnknown(c.fieldLoc(e, f)) {
				c.errorf(nl, "cannot filter on field %s of type %s", n, f.Type)
			}
			continue
		}
		if r := e.relation(n); r != nil {
			if r.Kind != "belongsTo" && !c.relationUnknown(e, r) {
				c.errorf(nl, "cannot filter on relation %s: only belongsTo relations are filters", n)
			}
			continue
		}
		if n == "id" || (timestamps(e) && (n == "createdAt" || n == "updatedAt")) {
			continue
		}
		if !c.mayBeField(e, n) && !c.mayBeRelation(e, n) && !c.unsure(c.entityLoc(e), "timestamps") {
			c.errorf(nl, "unknown filter %s: not a field or belongsTo relation of %s", n, e.Name)
		}
	}
	sl := l.key("sort")
	seen = map[string]bool{}
	for i, n := range e.List.Sort {
		nl := sl.idx(i)
		if seen[n] {
			c.errorf(nl, "%s is listed twice", n)
			continue
		}
		seen[n] = true
		if f := e.field(n); f != nil {
			if (f.Type == "json" || f.Type == "password") && !c.typeUnknown(c.fieldLoc(e, f)) {
				c.errorf(nl, "cannot sort on field %s of type %s", n, f.Type)
			}
			continue
		}
		if n == "id" || (timestamps(e) && (n == "createdAt" || n == "updatedAt")) {
			continue
		}
		if !c.mayBeField(e, n) && !c.unsure(c.entityLoc(e), "timestamps") {
			c.errorf(nl, "unknown sort field %s: not a field of %s", n, e.Name)
		}
	}
	ql := l.key("search")
	seen = map[string]bool{}
	for i, n := range e.List.Search {
		nl := ql.idx(i)
		if seen[n] {
			c.errorf(nl, "%s is listed twice", n)
			continue
		}
		seen[n] = true
		f := e.field(n)
		switch {
		case f == nil && c.mayBeField(e, n):
		case f == nil:
			c.errorf(nl, "unknown search field %s: not a field of %s", n, e.Name)
		case c.typeUnknown(c.fieldLoc(e, f)):
		case !slices.Contains(searchable, f.Type):
			c.errorf(nl, "cannot search field %s of type %s: want one of %s", n, f.Type, strings.Join(searchable, ", "))
		}
	}
	if (l.has("defaultSort") || e.List.DefaultSort != "") && !c.unsure(l, "sort") && !c.unsure(c.entityLoc(e), "timestamps") {
		n := strings.TrimPrefix(e.List.DefaultSort, "-")
		ok := n == "id" || (timestamps(e) && n == "createdAt") || slices.Contains(e.List.Sort, n)
		if !ok {
			c.errorf(l.key("defaultSort"), "defaultSort %q must be id%s or a name in sort, optionally after -", e.List.DefaultSort, map[bool]string{true: ", createdAt", false: ""}[timestamps(e)])
		}
	}
}

// relationLoc is the place of relation r of e.
func (c *checker) relationLoc(e *Entity, r *Relation) loc {
	return c.entityLoc(e).key("relations").node(r.Name, r.V, r.Pos)
}

var relationOptions = map[string][]string{
	"optional": {"belongsTo"},
	"onDelete": {"belongsTo"},
	"via":      {"hasMany", "hasOne"},
	"through":  {"manyToMany"},
}

func (c *checker) relation(e *Entity, r *Relation, l loc) {
	if !memberNameRE.MatchString(r.Name) {
		c.errorf(l, "%q is not a valid relation name: want camelCase (like author)", r.Name)
	}
	if c.unknown(l) {
		return
	}
	var kinds []string
	for _, k := range relationKinds {
		if l.has(k) {
			kinds = append(kinds, k)
		}
	}
	if !l.v.Exists() && r.Kind != "" {
		kinds = []string{r.Kind}
	}
	switch len(kinds) {
	case 0:
		if !c.unsure(l, relationKinds[:]...) {
			c.errorf(l, "a relation needs one of belongsTo, hasMany, hasOne, manyToMany")
		}
		return
	case 1:
	default:
		for _, k := range kinds[1:] {
			c.errorf(l.key(k), "a relation has exactly one of belongsTo, hasMany, hasOne, manyToMany; this one already has %s", kinds[0])
		}
	}
	kl := l.key(r.Kind)
	target := c.entities[r.Target]
	if target == nil {
		c.errorf(kl, "unknown entity %q", r.Target)
	}
	for _, opt := range []string{"optional", "onDelete", "via", "through"} {
		if l.has(opt) && !slices.Contains(relationOptions[opt], r.Kind) {
			c.errorf(l.key(opt), "%s is not allowed on a %s relation (only on %s)", opt, r.Kind, strings.Join(relationOptions[opt], " and "))
		}
	}
	switch r.Kind {
	case "belongsTo":
		switch r.OnDelete {
		case "", "restrict", "cascade":
		case "setNull":
			if !r.Optional && !c.unsure(l, "optional") {
				c.errorf(l.key("onDelete"), "onDelete setNull needs optional: true")
			}
		default:
			c.errorf(l.key("onDelete"), "onDelete must be one of restrict, cascade, setNull, got %q", r.OnDelete)
		}
	case "hasMany", "hasOne":
		if target == nil || c.entityUnknown(target) || c.relationsUnsure(target) {
			return
		}
		var back []string
		for _, b := range target.Relations {
			if b.Kind == "belongsTo" && b.Target == e.Name {
				back = append(back, b.Name)
			}
		}
		if l.has("via") || r.Via != "" {
			b := target.relation(r.Via)
			switch {
			case b == nil:
				c.errorf(l.key("via"), "%s has no relation %q", target.Name, r.Via)
			case b.Kind != "belongsTo" || b.Target != e.Name:
				c.errorf(l.key("via"), "%s.%s is not a belongsTo pointing back to %s", target.Name, r.Via, e.Name)
			}
		} else if !c.unsure(l, "via") {
			switch len(back) {
			case 0:
				c.errorf(kl, "no belongsTo on %s points back to %s", target.Name, e.Name)
			case 1:
			default:
				c.errorf(kl, "ambiguous via: give one of %s", strings.Join(back, ", "))
			}
		}
		if r.Kind == "hasOne" {
			via := c.viaOf(e, r)
			for _, o := range e.Relations {
				if o == r {
					break
				}
				if o.Kind == "hasOne" && o.Target == r.Target && via != "" && c.viaOf(e, o) == via {
					c.errorf(l, "relations %s and %s are both hasOne over %s.%s", o.Name, r.Name, target.Name, via)
				}
			}
		}
	case "manyToMany":
		if l.has("through") || r.Through != "" {
			if !tableRE.MatchString(r.Through) {
				c.errorf(l.key("through"), "%q is not a valid table name: want lower case letters, digits and _, starting with a letter", r.Through)
			}
		}
		if target == e && snake(e.Name) == naming.Split(r.Name).Singular().Snake() {
			c.errorf(l, "self-referencing manyToMany %s needs a name whose singular differs from %s: both join columns would be %s_id", r.Name, e.Name, snake(e.Name))
		}
	}
}

// viaOf is the belongsTo on the target that hasMany/hasOne r reads through,
// or "" when it cannot be resolved.
func (c *checker) viaOf(e *Entity, r *Relation) string {
	if r.Via != "" {
		return r.Via
	}
	t := c.entities[r.Target]
	if t == nil {
		return ""
	}
	var back []string
	for _, b := range t.Relations {
		if b.Kind == "belongsTo" && b.Target == e.Name {
			back = append(back, b.Name)
		}
	}
	if len(back) == 1 {
		return back[0]
	}
	return ""
}
