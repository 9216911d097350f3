package lower

import (
	"strings"

	"github.com/bgen-dev/bgen/ir"
	"github.com/bgen-dev/bgen/spec"
)

// lowerOwner resolves `owner`. The owner's key is set by the server on
// create, so it is readOnly and never required in a body.
func (l *lowerer) lowerOwner(e *ir.Entity, se *spec.Entity) {
	if se.Owner == "" {
		return
	}
	r := e.RelationByName(se.Owner)
	if r == nil || r.Kind != ir.BelongsTo {
		l.errf("entities.%s.owner: %q is not a belongsTo relation", se.Name, se.Owner)
		return
	}
	if l.api.Auth != nil && l.api.Auth.Entity != nil && r.Target != l.api.Auth.Entity {
		l.errf("entities.%s.owner: %q does not point to the auth entity", se.Name, se.Owner)
		return
	}
	e.Owner, e.OwnerName = r, r.Name
	r.Key.ReadOnly = true
	r.Key.Required = false
}

// lowerBodies computes the Create, Update and Read field sets.
func (l *lowerer) lowerBodies(e *ir.Entity) {
	for _, f := range e.Fields {
		if f.Type != ir.Password {
			e.Read = append(e.Read, f)
		}
		if f.Kind == ir.KindID || f.Kind == ir.KindTimestamp || f.ReadOnly {
			continue
		}
		if e.Owner != nil && f == e.Owner.Key {
			continue
		}
		e.Create = append(e.Create, f)
		if !f.Immutable {
			e.Update = append(e.Update, f)
		}
	}
}

var opOrder = ir.CRUDShapes()

func knownOp(name string) bool {
	for _, o := range opOrder {
		if string(o.Kind) == name {
			return true
		}
	}
	return false
}

func (l *lowerer) lowerOperations(e *ir.Entity, se *spec.Entity) {
	enabled := map[string]bool{}
	if se.Operations == nil {
		for _, o := range opOrder {
			enabled[string(o.Kind)] = true
		}
	}
	for _, name := range se.Operations {
		if !knownOp(name) {
			l.errf("entities.%s.operations: unknown operation %q", se.Name, name)
		}
		enabled[name] = true
	}
	access := map[string][]string{}
	for _, a := range se.Access {
		if a == nil {
			continue
		}
		if !knownOp(a.Operation) {
			l.errf("entities.%s.access: unknown operation %q", se.Name, a.Operation)
		}
		access[a.Operation] = a.Rules
	}
	for _, o := range opOrder {
		if !enabled[string(o.Kind)] {
			continue
		}
		path := e.Path
		if o.Item {
			path += "/{id}"
		}
		rules := access[string(o.Kind)]
		e.Operations = append(e.Operations, &ir.Operation{
			Kind:   o.Kind,
			Method: o.Method,
			Path:   path,
			Access: l.lowerRule(rules, "entities."+se.Name+".access."+string(o.Kind)),
		})
	}
}

// lowerRule turns access strings into a Rule; no strings gives the default
// (public without auth, authenticated with it). Roles keep the order of
// the role field's values.
func (l *lowerer) lowerRule(rules []string, where string) ir.Rule {
	var r ir.Rule
	if len(rules) == 0 {
		if l.api.Auth == nil {
			r.Public = true
		} else {
			r.Authenticated = true
		}
		return r
	}
	roles := map[string]bool{}
	for _, s := range rules {
		switch s {
		case "public":
			r.Public = true
		case "authenticated":
			r.Authenticated = true
		case "owner":
			r.Owner = true
		default:
			roles[s] = true
		}
	}
	if len(roles) == 0 {
		return r
	}
	if l.api.Auth == nil || l.api.Auth.RoleField == nil {
		l.errf("%s: unknown rule %q (no auth roleField)", where, strings.Join(rules, ", "))
		return r
	}
	for _, v := range l.api.Auth.RoleField.Values {
		if roles[v] {
			r.Roles = append(r.Roles, v)
			delete(roles, v)
		}
	}
	for _, s := range rules {
		if roles[s] {
			l.errf("%s: unknown role %q", where, s)
			delete(roles, s)
		}
	}
	return r
}

// filterOps are the operators besides equality for f, in the documented
// order: ne, gt, gte, lt, lte, in, contains, isNull.
func filterOps(f *ir.Field) []string {
	ops := []string{}
	eq := f.Type != ir.JSON && f.Type != ir.Password
	ordered := false
	switch f.Type {
	case ir.Int, ir.Float, ir.Decimal, ir.Date, ir.DateTime:
		ordered = true
	}
	if eq {
		ops = append(ops, "ne")
	}
	if ordered {
		ops = append(ops, "gt", "gte", "lt", "lte")
	}
	if eq {
		ops = append(ops, "in")
	}
	switch f.Type {
	case ir.String, ir.Text, ir.Email, ir.URL:
		ops = append(ops, "contains")
	}
	if f.Optional {
		ops = append(ops, "isNull")
	}
	return ops
}

func (l *lowerer) lowerList(e *ir.Entity, se *spec.Entity) {
	where := "entities." + se.Name + ".list"
	lst := &e.List
	var sl spec.List
	if se.List != nil {
		sl = *se.List
	}
	for _, name := range sl.Filter {
		f := resolveField(e, name)
		if f == nil {
			l.errf("%s.filter: unknown field or belongsTo %q", where, name)
			continue
		}
		lst.Filters = append(lst.Filters, &ir.Filter{Param: name, Field: f, FieldName: f.Name, Ops: filterOps(f)})
	}
	addSort := func(f *ir.Field) {
		if f == nil {
			return
		}
		for _, g := range lst.Sort {
			if g == f {
				return
			}
		}
		lst.Sort = append(lst.Sort, f)
		lst.SortNames = append(lst.SortNames, f.Name)
	}
	addSort(e.ID())
	if e.Timestamps {
		addSort(e.FieldByName("createdAt"))
	}
	for _, name := range sl.Sort {
		f := resolveField(e, name)
		if f == nil {
			l.errf("%s.sort: unknown field %q", where, name)
			continue
		}
		addSort(f)
	}
	for _, name := range sl.Search {
		f := e.FieldByName(name)
		if f == nil || !f.Type.IsString() || f.Type == ir.Password {
			l.errf("%s.search: %q is not a string field", where, name)
			continue
		}
		lst.Search = append(lst.Search, f)
		lst.SearchNames = append(lst.SearchNames, f.Name)
	}
	if sl.DefaultSort == "" {
		lst.DefaultSort = []ir.SortKey{{Field: "id"}}
		return
	}
	for _, term := range strings.Split(sl.DefaultSort, ",") {
		term = strings.TrimSpace(term)
		desc := strings.HasPrefix(term, "-")
		name := strings.TrimPrefix(strings.TrimPrefix(term, "-"), "+")
		f := resolveField(e, name)
		if f == nil {
			l.errf("%s.defaultSort: unknown field %q", where, name)
			continue
		}
		lst.DefaultSort = append(lst.DefaultSort, ir.SortKey{Field: f.Name, Desc: desc})
	}
}

// lowerComposite resolves composite indexes and uniques to fields.
func (l *lowerer) lowerComposite(e *ir.Entity, se *spec.Entity) {
	resolve := func(names []string, what string) []*ir.Field {
		var fs []*ir.Field
		for _, n := range names {
			f := resolveField(e, n)
			if f == nil {
				l.errf("entities.%s.%s: unknown field or belongsTo %q", se.Name, what, n)
				return nil
			}
			fs = append(fs, f)
		}
		return fs
	}
	for _, names := range se.Indexes {
		if fs := resolve(names, "indexes"); len(fs) > 0 {
			e.Indexes = append(e.Indexes, fs)
		}
	}
	for _, names := range se.Unique {
		if fs := resolve(names, "unique"); len(fs) > 0 {
			e.Unique = append(e.Unique, fs)
		}
	}
}

// lowerRelationAccess sets the access rules of sub-resource routes.
func (l *lowerer) lowerRelationAccess(e *ir.Entity) {
	rule := func(x *ir.Entity, k ir.OpKind) *ir.Rule {
		if op := x.Operation(k); op != nil {
			r := op.Access
			r.Roles = append([]string(nil), r.Roles...)
			return &r
		}
		return nil
	}
	for _, r := range e.Relations {
		switch r.Kind {
		case ir.HasMany, ir.ManyToMany:
			r.ParentAccess = rule(e, ir.OpGet)
			r.TargetAccess = rule(r.Target, ir.OpList)
			if r.Kind == ir.ManyToMany {
				r.LinkAccess = rule(e, ir.OpUpdate)
			}
		case ir.HasOne:
			r.ParentAccess = rule(e, ir.OpGet)
			r.TargetAccess = rule(r.Target, ir.OpGet)
		}
	}
}

func (l *lowerer) lowerAuthShell(sa *spec.Auth) *ir.Auth {
	a := &ir.Auth{
		EntityName:    sa.Entity,
		IdentityName:  sa.Identity,
		PasswordName:  sa.Password,
		RoleFieldName: sa.RoleField,
	}
	e := l.byName[sa.Entity]
	if e == nil {
		l.errf("auth.entity: unknown entity %q", sa.Entity)
		return a
	}
	a.Entity = e
	if a.Identity = e.FieldByName(sa.Identity); a.Identity == nil {
		l.errf("auth.identity: %s has no field %q", sa.Entity, sa.Identity)
	}
	if a.Password = e.FieldByName(sa.Password); a.Password == nil || a.Password.Type != ir.Password {
		l.errf("auth.password: %q is not a password field of %s", sa.Password, sa.Entity)
	}
	if sa.RoleField != "" {
		a.RoleField = e.FieldByName(sa.RoleField)
		if a.RoleField == nil || a.RoleField.Type != ir.Enum {
			l.errf("auth.roleField: %q is not an enum field of %s", sa.RoleField, sa.Entity)
			a.RoleField = nil
		} else {
			a.Roles = append([]string(nil), a.RoleField.Values...)
		}
	}
	ttl, err := parseTTL(sa.TokenTTL)
	if err != nil {
		l.errf("auth.tokenTTL: %v", err)
	}
	a.TokenTTLSeconds = ttl
	return a
}

// finishAuth computes what needs the auth entity's bodies.
func (l *lowerer) finishAuth(a *ir.Auth) {
	if a.Entity == nil {
		return
	}
	for _, f := range a.Entity.Create {
		if f != a.RoleField {
			a.Register = append(a.Register, f)
		}
	}
}

// resolveField finds a field by JSON name, or a belongsTo relation by name
// and returns its key field.
func resolveField(e *ir.Entity, name string) *ir.Field {
	if f := e.FieldByName(name); f != nil {
		return f
	}
	if r := e.RelationByName(name); r != nil && r.Kind == ir.BelongsTo {
		return r.Key
	}
	return nil
}
