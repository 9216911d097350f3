package apidiff

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/bgen-dev/bgen/ir"
)

// context is where a set of fields travels.
type context struct {
	name     string // a member of contexts
	response bool
	// partial: nothing is required (an update body).
	partial bool
	// presence: only which fields exist and which are required are
	// compared, not their constraints (the login body).
	presence bool
	// positional: fields are matched by position, not name, and their
	// types are not compared (path parameters: the route compares them).
	positional bool
}

var (
	inCreate   = context{name: "create"}
	inUpdate   = context{name: "update", partial: true}
	inRegister = context{name: "register"}
	inLogin    = context{name: "login", presence: true}
	inPath     = context{name: "path", positional: true}
	inQuery    = context{name: "query"}
	inBody     = context{name: "body"}
	inResponse = context{name: "response", response: true}
)

// matchEntity returns the entity of api that e of the other API is: same
// name, or renamed from it (either way).
func matchEntity(api *ir.API, e *ir.Entity) *ir.Entity {
	name := e.Name.Pascal()
	for _, x := range api.Entities {
		if x.Name.Pascal() == name {
			return x
		}
	}
	for _, x := range api.Entities {
		if x.RenamedFrom == name || e.RenamedFrom != "" && e.RenamedFrom == x.Name.Pascal() {
			return x
		}
	}
	return nil
}

func (d *differ) entities() {
	for _, n := range d.new.Entities {
		o := matchEntity(d.old, n)
		if o == nil {
			continue // its routes are new
		}
		name := n.Name.Pascal()
		if o.Operation(ir.OpCreate) != nil && n.Operation(ir.OpCreate) != nil {
			d.fields(name, inCreate, o.Create, n.Create)
		}
		if o.Operation(ir.OpUpdate) != nil && n.Operation(ir.OpUpdate) != nil {
			d.fields(name, inUpdate, o.Update, n.Update)
		}
		if isAuth(d.old, o) && isAuth(d.new, n) {
			d.fields(name, inRegister, d.old.Auth.Register, d.new.Auth.Register)
			d.fields(name, inLogin,
				[]*ir.Field{d.old.Auth.Identity, d.old.Auth.Password},
				[]*ir.Field{d.new.Auth.Identity, d.new.Auth.Password})
		}
		d.fields(name, inResponse, o.Read, n.Read)
		if o.Operation(ir.OpList) != nil && n.Operation(ir.OpList) != nil {
			d.list(d.new.BasePath+n.Path, o, n)
		}
	}
}

func isAuth(api *ir.API, e *ir.Entity) bool {
	return api.Auth != nil && api.Auth.Entity == e && api.Auth.Identity != nil && api.Auth.Password != nil
}

func (d *differ) endpoints() {
	oldBy := map[string]*ir.Endpoint{}
	for _, ep := range d.old.Endpoints {
		oldBy[routeKey(ep.Method, d.old.BasePath+ep.Path)] = ep
	}
	for _, n := range d.new.Endpoints {
		o := oldBy[routeKey(n.Method, d.new.BasePath+n.Path)]
		if o == nil {
			continue // its route is new
		}
		d.fields(n.Name, inPath, o.Params, n.Params)
		d.fields(n.Name, inQuery, o.Query, n.Query)
		d.fields(n.Name, inBody, o.Body, n.Body)
		from, to := d.response(d.old, o), d.response(d.new, n)
		if from != to {
			d.add(Breaking, ResponseChanged, n.Method+" "+d.new.BasePath+n.Path, "", fmt.Sprintf("the response changed from %s to %s", from, to))
			continue
		}
		if n.Response == ir.ResponseFields {
			d.fields(n.Name, inResponse, o.ResponseFields, n.ResponseFields)
		}
	}
}

// response says what an endpoint answers with, naming entities as the new
// API does.
func (d *differ) response(api *ir.API, ep *ir.Endpoint) string {
	entity := ""
	if ep.ResponseEntity != nil {
		entity = ep.ResponseEntity.Name.Pascal()
		if api == d.old {
			if n := matchEntity(d.new, ep.ResponseEntity); n != nil {
				entity = n.Name.Pascal()
			}
		}
	}
	switch ep.Response {
	case ir.ResponseNone:
		return "no body"
	case ir.ResponseEntity:
		return "one " + entity
	case ir.ResponseList:
		return "a list of " + entity
	}
	return "an object of fields"
}

// settings compares the API-wide limits clients meet.
func (d *differ) settings() {
	o, n := d.old, d.new
	switch {
	case n.MaxLimit < o.MaxLimit:
		d.add(Breaking, ConstraintNarrowed, "api.pagination.maxLimit", "", fmt.Sprintf("lowered from %d to %d: a larger limit is rejected (400)", o.MaxLimit, n.MaxLimit))
	case n.MaxLimit > o.MaxLimit:
		d.add(NonBreaking, ConstraintWidened, "api.pagination.maxLimit", "", fmt.Sprintf("raised from %d to %d", o.MaxLimit, n.MaxLimit))
	}
	if n.DefaultLimit != o.DefaultLimit {
		d.add(NonBreaking, DefaultChanged, "api.pagination.defaultLimit", "", fmt.Sprintf("changed from %d to %d", o.DefaultLimit, n.DefaultLimit))
	}
	switch {
	case n.MaxBodyBytes < o.MaxBodyBytes:
		d.add(Breaking, ConstraintNarrowed, "api.maxBodyBytes", "", fmt.Sprintf("lowered from %d to %d: a larger body is rejected (413)", o.MaxBodyBytes, n.MaxBodyBytes))
	case n.MaxBodyBytes > o.MaxBodyBytes:
		d.add(NonBreaking, ConstraintWidened, "api.maxBodyBytes", "", fmt.Sprintf("raised from %d to %d", o.MaxBodyBytes, n.MaxBodyBytes))
	}
}

// fields compares one set of fields of owner (an entity or an endpoint) in
// context c.
func (d *differ) fields(owner string, c context, old, new []*ir.Field) {
	if c.positional {
		for i := range min(len(old), len(new)) {
			d.field(owner+"."+new[i].Name, c, old[i], new[i])
		}
		return
	}
	find := func(fs []*ir.Field, name string) *ir.Field {
		for _, f := range fs {
			if f.Name == name {
				return f
			}
		}
		return nil
	}
	for _, o := range old {
		if find(new, o.Name) != nil {
			continue
		}
		subject := owner + "." + o.Name
		if c.response {
			d.add(Breaking, ResponseFieldRemoved, subject, c.name, "removed from responses")
		} else {
			d.add(Breaking, RequestFieldRemoved, subject, c.name, "no longer accepted: a request that sends it is rejected (422)")
		}
	}
	for _, n := range new {
		subject := owner + "." + n.Name
		o := find(old, n.Name)
		switch {
		case o != nil:
			d.field(subject, c, o, n)
		case c.response:
			d.add(NonBreaking, ResponseFieldAdded, subject, c.name, "added to responses")
		case required(c, n):
			d.add(Breaking, RequestFieldRequired, subject, c.name, "new required field")
		default:
			d.add(NonBreaking, RequestFieldAdded, subject, c.name, "new optional field")
		}
	}
}

func required(c context, f *ir.Field) bool { return !c.partial && f.Required }

// field compares a field present in both sets.
func (d *differ) field(subject string, c context, o, n *ir.Field) {
	typeChanged := o.Type != n.Type && !c.positional
	if typeChanged {
		d.add(Breaking, TypeChanged, subject, c.name, fmt.Sprintf("type changed from %s to %s", o.Type, n.Type))
	}
	if c.response {
		switch {
		case !o.Optional && n.Optional:
			d.add(Breaking, ResponseFieldNullable, subject, c.name, "may now be null")
		case o.Optional && !n.Optional:
			d.add(NonBreaking, ResponseFieldNonNullable, subject, c.name, "is never null now")
		}
		return
	}
	ro, rn := required(c, o), required(c, n)
	switch {
	case !ro && rn:
		d.add(Breaking, RequestFieldRequired, subject, c.name, "now required")
	case ro && !rn:
		d.add(NonBreaking, RequestFieldOptional, subject, c.name, "no longer required")
	case o.Optional && !n.Optional:
		d.add(Breaking, ConstraintNarrowed, subject, c.name, "null is no longer accepted")
	case !o.Optional && n.Optional:
		d.add(NonBreaking, ConstraintWidened, subject, c.name, "null is now accepted")
	}
	if c.presence || typeChanged {
		return
	}
	d.constraints(subject, c, o, n)
	if !c.partial && !c.positional && ro == rn && !reflect.DeepEqual(o.Default, n.Default) {
		d.add(NonBreaking, DefaultChanged, subject, c.name, fmt.Sprintf("default changed from %s to %s", defaultString(o.Default), defaultString(n.Default)))
	}
}

// constraints compares the constraints of a request field whose type did
// not change.
func (d *differ) constraints(subject string, c context, o, n *ir.Field) {
	narrowed := func(msg string) { d.add(Breaking, ConstraintNarrowed, subject, c.name, msg) }
	widened := func(msg string) { d.add(NonBreaking, ConstraintWidened, subject, c.name, msg) }
	bound := func(name string, o, n *float64, lower bool) {
		switch {
		case o == nil && n == nil:
		case o == nil:
			narrowed(fmt.Sprintf("%s %s added", name, num(*n)))
		case n == nil:
			widened(fmt.Sprintf("%s %s removed", name, num(*o)))
		case *o == *n:
		case (*n > *o) == lower:
			narrowed(fmt.Sprintf("%s %s from %s to %s", name, moved(*o, *n), num(*o), num(*n)))
		default:
			widened(fmt.Sprintf("%s %s from %s to %s", name, moved(*o, *n), num(*o), num(*n)))
		}
	}
	bound("min", o.Min, n.Min, true)
	bound("max", o.Max, n.Max, false)
	bound("minLength", float(o.MinLength), float(n.MinLength), true)
	bound("maxLength", float(o.MaxLength), float(n.MaxLength), false)
	if o.Type == ir.Decimal {
		bound("precision", float(&o.Precision), float(&n.Precision), false)
		bound("scale", float(&o.Scale), float(&n.Scale), false)
	}
	switch {
	case o.Pattern == n.Pattern:
	case o.Pattern == "":
		narrowed(fmt.Sprintf("pattern %s added", code(n.Pattern)))
	case n.Pattern == "":
		widened(fmt.Sprintf("pattern %s removed", code(o.Pattern)))
	default:
		narrowed(fmt.Sprintf("pattern changed from %s to %s", code(o.Pattern), code(n.Pattern)))
	}
	if gone := minus(o.Values, n.Values); len(gone) > 0 {
		narrowed(plural(len(gone), "enum value", "enum values") + " removed: " + codes(gone))
	}
	if added := minus(n.Values, o.Values); len(added) > 0 {
		widened(plural(len(added), "enum value", "enum values") + " added: " + codes(added))
	}
	if !c.positional && c.name != "query" && c.name != "body" {
		switch {
		case !o.Unique && n.Unique:
			narrowed("now unique: a value already taken is rejected (409)")
		case o.Unique && !n.Unique:
			widened("no longer unique")
		}
	}
}

func float(p *int) *float64 {
	if p == nil {
		return nil
	}
	f := float64(*p)
	return &f
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func moved(o, n float64) string {
	if n > o {
		return "raised"
	}
	return "lowered"
}

// minus returns the members of a not in b, in a's order.
func minus(a, b []string) []string {
	var out []string
	for _, v := range a {
		if !slices.Contains(b, v) {
			out = append(out, v)
		}
	}
	return out
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// code quotes s as Markdown code, which reads well in a terminal too.
func code(s string) string {
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		return fence + " " + s + " " + fence
	}
	return fence + s + fence
}

func codes(vs []string) string {
	q := make([]string, len(vs))
	for i, v := range vs {
		q[i] = code(v)
	}
	return strings.Join(q, ", ")
}

func defaultString(def *ir.Default) string {
	switch {
	case def == nil:
		return "none"
	case def.Kind != ir.DefaultLiteral:
		return string(def.Kind)
	}
	if s, ok := def.Value.(string); ok {
		return code(strconv.Quote(s))
	}
	return code(fmt.Sprint(def.Value))
}

// list compares the list options of an entity listed in both APIs.
func (d *differ) list(subject string, o, n *ir.Entity) {
	subject = "GET " + subject
	removed := func(msg string) { d.add(Breaking, ListOptionRemoved, subject, "", msg) }
	added := func(msg string) { d.add(NonBreaking, ListOptionAdded, subject, "", msg) }
	filter := func(fs []*ir.Filter, param string) *ir.Filter {
		for _, f := range fs {
			if f.Param == param {
				return f
			}
		}
		return nil
	}
	for _, of := range o.List.Filters {
		nf := filter(n.List.Filters, of.Param)
		if nf == nil {
			removed("filter " + code(of.Param) + " removed")
			continue
		}
		if gone := minus(of.Ops, nf.Ops); len(gone) > 0 {
			removed(fmt.Sprintf("%s of filter %s removed: %s", plural(len(gone), "operator", "operators"), code(of.Param), codes(gone)))
		}
		if more := minus(nf.Ops, of.Ops); len(more) > 0 {
			added(fmt.Sprintf("%s of filter %s added: %s", plural(len(more), "operator", "operators"), code(nf.Param), codes(more)))
		}
	}
	for _, nf := range n.List.Filters {
		if filter(o.List.Filters, nf.Param) == nil {
			added("filter " + code(nf.Param) + " added")
		}
	}
	if gone := minus(o.List.SortNames, n.List.SortNames); len(gone) > 0 {
		removed("sort by " + codes(gone) + " removed")
	}
	if more := minus(n.List.SortNames, o.List.SortNames); len(more) > 0 {
		added("sort by " + codes(more) + " added")
	}
	switch gone := minus(o.List.SearchNames, n.List.SearchNames); {
	case len(gone) > 0 && len(n.List.SearchNames) == 0:
		removed("search (`q`) removed")
	case len(gone) > 0:
		removed(fmt.Sprintf("search (`q`) no longer matches %s", codes(gone)))
	}
	switch more := minus(n.List.SearchNames, o.List.SearchNames); {
	case len(more) > 0 && len(o.List.SearchNames) == 0:
		added("search (`q`) added, matching " + codes(more))
	case len(more) > 0:
		added("search (`q`) also matches " + codes(more))
	}
	if from, to := sortString(o.List.DefaultSort), sortString(n.List.DefaultSort); from != to {
		d.add(NonBreaking, DefaultChanged, subject, "", fmt.Sprintf("default sort changed from %s to %s", code(from), code(to)))
	}
}

func sortString(keys []ir.SortKey) string {
	if len(keys) == 0 {
		return "id"
	}
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k.Field
		if k.Desc {
			parts[i] = "-" + k.Field
		}
	}
	return strings.Join(parts, ",")
}
