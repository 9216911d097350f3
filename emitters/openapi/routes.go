// The routes: every operation the targets serve, derived from the IR.

package openapi

import (
	"fmt"
	"slices"
	"strings"

	"github.com/bgen-dev/bgen/ir"
)

// listParams are the query parameters of e's list, also used by every
// sub-resource list whose target is e.
func (b *builder) listParams(e *ir.Entity) []any {
	if ps, ok := b.listParam[e]; ok {
		return ps
	}
	ps := []any{
		obj("$ref", "#/components/parameters/limit"),
		obj("$ref", "#/components/parameters/offset"),
	}
	if len(e.List.SortNames) > 0 {
		s := obj("type", "string", "pattern", sortPattern(e.List.SortNames))
		if len(e.List.DefaultSort) > 0 {
			var terms []string
			for _, k := range e.List.DefaultSort {
				t := k.Field
				if k.Desc {
					t = "-" + t
				}
				terms = append(terms, t)
			}
			s.set("default", strings.Join(terms, ","))
		}
		ps = append(ps, queryParam("sort",
			"Comma-separated names, each optionally prefixed by - for descending: "+
				strings.Join(e.List.SortNames, ", ")+". Ties are broken by id ascending.",
			false, s))
	}
	if len(e.List.SearchNames) > 0 {
		ps = append(ps, queryParam("q",
			"Case-insensitive substring of any of: "+strings.Join(e.List.SearchNames, ", ")+".",
			false, obj("type", "string")))
	}
	for _, f := range e.List.Filters {
		field := f.Field
		if field == nil {
			continue
		}
		ps = append(ps, queryParam(f.Param, "Equal to.", false, fieldSchema(field, modeFilter, false)))
		for _, op := range f.Ops {
			name := f.Param + "[" + op + "]"
			switch op {
			case "in":
				ps = append(ps, queryParam(name, "Equal to one of these comma-separated values.",
					false, obj("type", "string", "minLength", 1)))
			case "contains":
				ps = append(ps, queryParam(name, "Contains, case-insensitive.", false, obj("type", "string")))
			case "isNull":
				ps = append(ps, queryParam(name, "Is null (true) or not (false).", false, obj("type", "boolean")))
			default:
				desc := map[string]string{
					"ne": "Not equal to.", "gt": "Greater than.", "gte": "Greater than or equal to.",
					"lt": "Less than.", "lte": "Less than or equal to.",
				}[op]
				ps = append(ps, queryParam(name, desc, false, fieldSchema(field, modeFilter, false)))
			}
		}
	}
	b.listParam[e] = ps
	return ps
}

// canConflict reports whether a write of e can violate a unique
// constraint (409). A create can violate any of them, also through a key
// the server sets (the owner of a hasOne's target); an update only one
// that covers a field the update body may hold.
func canConflict(e *ir.Entity, op ir.OpKind) bool {
	var uniques [][]string // columns; nil Schema: the fields' own flags
	if e.Schema != nil {
		for _, c := range e.Schema.Uniques {
			uniques = append(uniques, c.Columns)
		}
	} else {
		for _, f := range e.Fields {
			if f.Unique && f.Kind != ir.KindID {
				uniques = append(uniques, []string{f.Column})
			}
		}
		for _, group := range e.Unique {
			var cols []string
			for _, f := range group {
				cols = append(cols, f.Column)
			}
			uniques = append(uniques, cols)
		}
	}
	if op != ir.OpUpdate {
		return len(uniques) > 0
	}
	for _, cols := range uniques {
		for _, f := range e.Update {
			if slices.Contains(cols, f.Column) {
				return true
			}
		}
	}
	return false
}

// restricted reports whether a belongsTo with onDelete restrict points at
// e, so that deleting a row of e can be refused.
func restricted(api *ir.API, e *ir.Entity) bool {
	for _, other := range api.Entities {
		for _, r := range other.Relations {
			if r.Kind == ir.BelongsTo && r.Target == e && (r.OnDelete == ir.Restrict || r.OnDelete == "") {
				return true
			}
		}
	}
	return false
}

// route adds the operation of one IR route.
func (b *builder) route(rt *ir.Route) error {
	switch rt.Kind {
	case ir.RouteOperation:
		return b.operation(rt)
	case ir.RouteRelation:
		return b.relationRead(rt)
	case ir.RouteLink, ir.RouteUnlink:
		return b.link(rt)
	case ir.RouteAuth:
		return b.authRoute(rt)
	case ir.RouteEndpoint:
		return b.endpoint(rt)
	case ir.RouteSystem:
		return b.system(rt)
	}
	return fmt.Errorf("openapi: %s %s: unknown route kind %q", rt.Method, rt.Path, rt.Kind)
}

// rules are a route's access rules as the builder takes them.
func rules(rt *ir.Route) []*ir.Rule {
	out := make([]*ir.Rule, len(rt.Access))
	for i := range rt.Access {
		out[i] = &rt.Access[i]
	}
	return out
}

// params are a route's path parameters.
func params(rt *ir.Route) []any {
	var out []any
	for _, p := range rt.Params {
		if p.Entity != nil {
			out = append(out, pathParam(p.Name, idSchema(p.Entity)))
		} else {
			out = append(out, pathParam(p.Name, fieldSchema(p.Field, modeParam, false)))
		}
	}
	return out
}

func (b *builder) operation(rt *ir.Route) error {
	e := rt.Entity
	name := e.Name.Pascal()
	plural := e.Plural.Pascal()
	one, many := words(e.Name), words(e.Plural)
	d := opDef{method: rt.Method, path: rt.Path, tag: name, rules: rules(rt), params: params(rt), status: rt.Status}
	switch rt.Op.Kind {
	case ir.OpList:
		b.pages[e] = true
		d.id, d.summary, d.listing = "list"+plural, "List "+many, true
		d.params = b.listParams(e)
		d.success = okResponse("A page of "+many+".", ref(name+"Page"))
		d.errors = []int{400}
	case ir.OpGet:
		d.id, d.summary = "get"+name, "Get "+one
		d.success = okResponse("The "+one+".", ref(name))
		d.errors = []int{404}
	case ir.OpCreate:
		d.id, d.summary = "create"+name, "Create "+one
		d.body = ref(name + "Create")
		d.success = b.createdResponse("The created "+one+".", e)
		if canConflict(e, ir.OpCreate) {
			d.errors = []int{409}
		}
	case ir.OpUpdate:
		d.id, d.summary = "update"+name, "Update "+one
		d.body = ref(name + "Update")
		d.success = okResponse("The updated "+one+".", ref(name))
		d.errors = []int{404}
		if canConflict(e, ir.OpUpdate) {
			d.errors = append(d.errors, 409)
		}
	case ir.OpDelete:
		d.id, d.summary = "delete"+name, "Delete "+one
		d.success = noContent("Deleted.")
		d.errors = []int{404}
		if restricted(b.api, e) {
			d.errors = append(d.errors, 409)
		}
	default:
		return fmt.Errorf("openapi: entity %s: unknown operation %q", name, rt.Op.Kind)
	}
	return b.add(d)
}

func (b *builder) relationRead(rt *ir.Route) error {
	e, r := rt.Entity, rt.Relation
	t := r.Target
	if t == nil {
		return fmt.Errorf("openapi: relation %s.%s has no target", e.Name.Pascal(), r.Name)
	}
	name := e.Name.Pascal()
	rel := r.Ident.Pascal()
	d := opDef{method: rt.Method, path: rt.Path, tag: name, rules: rules(rt), params: params(rt), status: rt.Status}
	switch r.Kind {
	case ir.HasMany, ir.ManyToMany:
		b.pages[t] = true
		d.id = "list" + name + rel
		d.listing = true
		d.summary = "List the " + words(r.Ident) + " of " + words(e.Name)
		d.params = append(d.params, b.listParams(t)...)
		d.success = okResponse("A page of "+words(t.Plural)+".", ref(t.Name.Pascal()+"Page"))
		d.errors = []int{400, 404}
	case ir.HasOne:
		d.id = "get" + name + rel
		d.summary = "Get the " + words(r.Ident) + " of " + words(e.Name)
		d.success = okResponse("The "+words(t.Name)+".", ref(t.Name.Pascal()))
		d.errors = []int{404}
	default:
		return fmt.Errorf("openapi: relation %s.%s: unknown kind %q", name, r.Name, r.Kind)
	}
	return b.add(d)
}

func (b *builder) link(rt *ir.Route) error {
	e, r := rt.Entity, rt.Relation
	t := r.Target
	name := e.Name.Pascal()
	d := opDef{method: rt.Method, path: rt.Path, tag: name, rules: rules(rt), params: params(rt),
		status: rt.Status, success: noContent("Done."), errors: []int{404}}
	single := r.Ident.Singular().Pascal()
	if rt.Kind == ir.RouteLink {
		d.id, d.summary = "link"+name+single, "Link "+words(t.Name)+" to "+words(e.Name)
	} else {
		d.id, d.summary = "unlink"+name+single, "Unlink "+words(t.Name)+" from "+words(e.Name)
	}
	return b.add(d)
}

func (b *builder) authRoute(rt *ir.Route) error {
	a := b.api.Auth
	if a == nil || a.Entity == nil {
		return fmt.Errorf("openapi: auth has no entity")
	}
	b.tag("auth", "Registration, login and the current user.")
	user := a.Entity.Name.Pascal()
	d := opDef{method: rt.Method, path: rt.Path, tag: "auth", rules: rules(rt), status: rt.Status}
	switch rt.Name {
	case "register":
		d.summary, d.id, d.body = "Register", "authRegister", ref(user+"Register")
		d.success = b.createdResponse("The registered "+words(a.Entity.Name)+".", a.Entity)
		d.errors = []int{}
		if canConflict(a.Entity, ir.OpCreate) {
			d.errors = append(d.errors, 409)
		}
	case "login":
		d.summary, d.id, d.body = "Log in", "authLogin", ref("LoginRequest")
		d.success, d.errors = okResponse("An access token.", ref("Token")), []int{401}
	case "me":
		d.summary, d.id = "The current user", "authMe"
		d.success = okResponse("The caller's "+words(a.Entity.Name)+".", ref(user))
	default:
		return fmt.Errorf("openapi: unknown auth route %q", rt.Name)
	}
	if len(d.rules) == 0 {
		d.rules = []*ir.Rule{{Public: true}}
	}
	return b.add(d)
}

func (b *builder) endpoint(rt *ir.Route) error {
	ep := rt.Endpoint
	tag := "custom"
	if ep.Entity != nil {
		tag = ep.Entity.Name.Pascal()
	} else if ep.ResponseEntity != nil {
		tag = ep.ResponseEntity.Name.Pascal()
	}
	b.tag(tag, "")
	d := opDef{method: rt.Method, path: rt.Path, tag: tag, summary: ep.Summary,
		id: ep.Name, rules: rules(rt), status: rt.Status, custom: true, params: params(rt)}
	errs := []int{501}
	for _, q := range ep.Query {
		d.params = append(d.params, queryParam(q.Name, q.Description, q.Required, fieldSchema(q, modeParam, false)))
	}
	if len(ep.Params) > 0 || len(ep.Query) > 0 {
		errs = append(errs, 422)
	}
	if len(ep.Query) > 0 {
		errs = append(errs, 400)
	}
	if len(ep.Params) > 0 || ep.Entity != nil {
		errs = append(errs, 404)
	}
	if ep.Body != nil {
		d.body = ref(ep.Ident.Pascal() + "Request")
	}
	switch ep.Response {
	case ir.ResponseNone, "":
		d.success = noContent("Done.")
	case ir.ResponseEntity:
		if ep.ResponseEntity == nil {
			return fmt.Errorf("openapi: endpoint %s: response entity missing", ep.Name)
		}
		d.success = okResponse("The "+words(ep.ResponseEntity.Name)+".", ref(ep.ResponseEntity.Name.Pascal()))
	case ir.ResponseList:
		if ep.ResponseEntity == nil {
			return fmt.Errorf("openapi: endpoint %s: response entity missing", ep.Name)
		}
		d.success = okResponse("A list of "+words(ep.ResponseEntity.Plural)+".",
			obj("type", "array", "items", ref(ep.ResponseEntity.Name.Pascal())))
	case ir.ResponseFields:
		d.success = okResponse("The result.", ref(ep.Ident.Pascal()+"Response"))
	default:
		return fmt.Errorf("openapi: endpoint %s: unknown response kind %q", ep.Name, ep.Response)
	}
	d.errors = errs
	return b.add(d)
}

func (b *builder) system(rt *ir.Route) error {
	b.tag("operations", "Health, readiness and this document.")
	d := opDef{method: rt.Method, path: rt.Path, tag: "operations", id: rt.Name, status: rt.Status}
	switch rt.Name {
	case "health":
		d.summary, d.success = "Liveness", okResponse("The process is up.", ref("Health"))
	case "ready":
		d.summary, d.success = "Readiness: the database answers", okResponse("The database answers.", ref("Health"))
		d.errors = []int{503}
	case "openapi":
		d.summary, d.success = "This OpenAPI document", okResponse("The OpenAPI 3.1 document.", obj("type", "object"))
	default:
		return fmt.Errorf("openapi: unknown system route %q", rt.Name)
	}
	return b.add(d)
}
