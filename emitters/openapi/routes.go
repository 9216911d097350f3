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

func (b *builder) entity(e *ir.Entity) error {
	name := e.Name.Pascal()
	plural := e.Plural.Pascal()
	tag := name
	b.tag(tag, e.Description)
	one, many := words(e.Name), words(e.Plural)
	idParam := pathParam("id", idSchema(e))

	for _, op := range e.Operations {
		rule := op.Access
		d := opDef{method: op.Method, path: b.full(op.Path), tag: tag, rules: []*ir.Rule{&rule}}
		switch op.Kind {
		case ir.OpList:
			b.pages[e] = true
			d.id, d.summary, d.listing = "list"+plural, "List "+many, true
			d.params = b.listParams(e)
			d.status, d.success = 200, okResponse("A page of "+many+".", ref(name+"Page"))
			d.errors = []int{400}
		case ir.OpGet:
			d.id, d.summary = "get"+name, "Get "+one
			d.params = []any{idParam}
			d.status, d.success = 200, okResponse("The "+one+".", ref(name))
			d.errors = []int{404}
		case ir.OpCreate:
			d.id, d.summary = "create"+name, "Create "+one
			d.body = ref(name + "Create")
			d.status, d.success = 201, b.createdResponse("The created "+one+".", e)
			if canConflict(e, ir.OpCreate) {
				d.errors = []int{409}
			}
		case ir.OpUpdate:
			d.id, d.summary = "update"+name, "Update "+one
			d.params = []any{idParam}
			d.body = ref(name + "Update")
			d.status, d.success = 200, okResponse("The updated "+one+".", ref(name))
			d.errors = []int{404}
			if canConflict(e, ir.OpUpdate) {
				d.errors = append(d.errors, 409)
			}
		case ir.OpDelete:
			d.id, d.summary = "delete"+name, "Delete "+one
			d.params = []any{idParam}
			d.status, d.success = 204, noContent("Deleted.")
			d.errors = []int{404}
			if restricted(b.api, e) {
				d.errors = append(d.errors, 409)
			}
		default:
			return fmt.Errorf("openapi: entity %s: unknown operation %q", name, op.Kind)
		}
		if err := b.add(d); err != nil {
			return err
		}
	}

	for _, r := range e.Relations {
		if err := b.relation(e, r, tag, idParam); err != nil {
			return err
		}
	}
	return nil
}

func (b *builder) relation(e *ir.Entity, r *ir.Relation, tag string, idParam *object) error {
	if r.Kind == ir.BelongsTo || r.Path == "" {
		return nil
	}
	t := r.Target
	if t == nil {
		return fmt.Errorf("openapi: relation %s.%s has no target", e.Name.Pascal(), r.Name)
	}
	name := e.Name.Pascal()
	rel := r.Ident.Pascal()
	if r.ParentAccess != nil && r.TargetAccess != nil {
		d := opDef{method: "GET", path: b.full(r.Path), tag: tag,
			rules: []*ir.Rule{r.ParentAccess, r.TargetAccess}}
		switch r.Kind {
		case ir.HasMany, ir.ManyToMany:
			b.pages[t] = true
			d.id = "list" + name + rel
			d.listing = true
			d.summary = "List the " + words(r.Ident) + " of " + words(e.Name)
			d.params = append([]any{idParam}, b.listParams(t)...)
			d.status, d.success = 200, okResponse("A page of "+words(t.Plural)+".", ref(t.Name.Pascal()+"Page"))
			d.errors = []int{400, 404}
		case ir.HasOne:
			d.id = "get" + name + rel
			d.summary = "Get the " + words(r.Ident) + " of " + words(e.Name)
			d.params = []any{idParam}
			d.status, d.success = 200, okResponse("The "+words(t.Name)+".", ref(t.Name.Pascal()))
			d.errors = []int{404}
		default:
			return fmt.Errorf("openapi: relation %s.%s: unknown kind %q", name, r.Name, r.Kind)
		}
		if err := b.add(d); err != nil {
			return err
		}
	}
	if r.Kind == ir.ManyToMany && r.LinkAccess != nil {
		linkPath := b.full(r.Path + "/{" + r.LinkParam + "}")
		params := []any{idParam, pathParam(r.LinkParam, idSchema(t))}
		single := r.Ident.Singular().Pascal()
		for _, m := range []struct{ method, verb, summary string }{
			{"PUT", "link", "Link " + words(t.Name) + " to " + words(e.Name)},
			{"DELETE", "unlink", "Unlink " + words(t.Name) + " from " + words(e.Name)},
		} {
			d := opDef{method: m.method, path: linkPath, tag: tag, summary: m.summary,
				id: m.verb + name + single, rules: []*ir.Rule{r.LinkAccess}, params: params,
				status: 204, success: noContent("Done."), errors: []int{404}}
			if err := b.add(d); err != nil {
				return err
			}
		}
	}
	return nil
}

func (b *builder) auth(a *ir.Auth) error {
	if a.Entity == nil {
		return fmt.Errorf("openapi: auth has no entity")
	}
	b.tag("auth", "Registration, login and the current user.")
	user := a.Entity.Name.Pascal()
	public := &ir.Rule{Public: true}
	registered := []int{}
	if canConflict(a.Entity, ir.OpCreate) {
		registered = append(registered, 409)
	}
	if err := b.add(opDef{method: "POST", path: b.full("/auth/register"), tag: "auth",
		summary: "Register", id: "authRegister", rules: []*ir.Rule{public},
		body: ref(user + "Register"), status: 201,
		success: b.createdResponse("The registered "+words(a.Entity.Name)+".", a.Entity), errors: registered,
	}); err != nil {
		return err
	}
	if err := b.add(opDef{method: "POST", path: b.full("/auth/login"), tag: "auth",
		summary: "Log in", id: "authLogin", rules: []*ir.Rule{public},
		body: ref("LoginRequest"), status: 200,
		success: okResponse("An access token.", ref("Token")), errors: []int{401},
	}); err != nil {
		return err
	}
	return b.add(opDef{method: "GET", path: b.full("/auth/me"), tag: "auth",
		summary: "The current user", id: "authMe", rules: []*ir.Rule{{Authenticated: true}},
		status: 200, success: okResponse("The caller's "+words(a.Entity.Name)+".", ref(user)),
	})
}

func (b *builder) endpoint(ep *ir.Endpoint) error {
	tag := "custom"
	if ep.Entity != nil {
		tag = ep.Entity.Name.Pascal()
	} else if ep.ResponseEntity != nil {
		tag = ep.ResponseEntity.Name.Pascal()
	}
	b.tag(tag, "")
	rule := ep.Access
	d := opDef{method: ep.Method, path: b.full(ep.Path), tag: tag, summary: ep.Summary,
		id: ep.Name, rules: []*ir.Rule{&rule}, status: ep.Status, custom: true}
	errs := []int{501}
	for _, p := range ep.Params {
		d.params = append(d.params, pathParam(p.Name, fieldSchema(p, modeParam, false)))
	}
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
	if d.status == 0 {
		d.status = 200
		if ep.Response == ir.ResponseNone {
			d.status = 204
		}
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

func (b *builder) operations() error {
	b.tag("operations", "Health, readiness and this document.")
	health := okResponse("The process is up.", ref("Health"))
	if err := b.add(opDef{method: "GET", path: "/health", tag: "operations",
		summary: "Liveness", id: "health", status: 200, success: health}); err != nil {
		return err
	}
	if err := b.add(opDef{method: "GET", path: "/ready", tag: "operations",
		summary: "Readiness: the database answers", id: "ready", status: 200,
		success: okResponse("The database answers.", ref("Health")), errors: []int{503}}); err != nil {
		return err
	}
	return b.add(opDef{method: "GET", path: "/openapi.json", tag: "operations",
		summary: "This OpenAPI document", id: "openapi", status: 200,
		success: okResponse("The OpenAPI 3.1 document.", obj("type", "object"))})
}
