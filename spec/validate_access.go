package spec

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/bgen-dev/bgen/ir"
)

// roles are the values of the auth role field's enum, nil without one.
func (c *checker) roles() []string {
	a := c.s.Auth
	if a == nil || a.RoleField == "" {
		return nil
	}
	e := c.entities[a.Entity]
	if e == nil {
		return nil
	}
	if f := e.field(a.RoleField); f != nil && f.Type == "enum" {
		return f.Values
	}
	return nil
}

func (c *checker) auth(root loc) {
	a := c.s.Auth
	if a == nil {
		return
	}
	l := root.node("auth", a.V, a.Pos)
	if c.unknown(l) {
		return
	}
	e := c.entities[a.Entity]
	switch {
	case e == nil:
		if c.noEntity(a.Entity) {
			c.errorf(l.key("entity"), "unknown entity %q", a.Entity)
		}
	case c.entityUnknown(e):
	default:
		// fieldSure: f's type and the options named are known
		fieldSure := func(f *Field, opts ...string) bool {
			fl := c.fieldLoc(e, f)
			return !c.typeUnknown(fl) && !c.unsure(fl, opts...)
		}
		if f := e.field(a.Identity); f == nil {
			if !c.mayBeField(e, a.Identity) {
				c.errorf(l.key("identity"), "%s has no field %q", e.Name, a.Identity)
			}
		} else if ((f.Type != "string" && f.Type != "email") || !f.Unique || f.Optional) && fieldSure(f, "unique", "optional") {
			c.errorf(l.key("identity"), "identity %s must be a unique, non-optional field of type string or email", a.Identity)
		}
		if f := e.field(a.Password); f == nil {
			if !c.mayBeField(e, a.Password) {
				c.errorf(l.key("password"), "%s has no field %q", e.Name, a.Password)
			}
		} else if !fieldSure(f, "optional") {
		} else if f.Type != "password" {
			c.errorf(l.key("password"), "field %s must be of type password, not %s", a.Password, f.Type)
		} else if f.Optional {
			c.errorf(l.key("password"), "field %s must not be optional: it is needed to log in", a.Password)
		}
		if l.has("roleField") || a.RoleField != "" {
			if f := e.field(a.RoleField); f == nil {
				if !c.mayBeField(e, a.RoleField) {
					c.errorf(l.key("roleField"), "%s has no field %q", e.Name, a.RoleField)
				}
			} else if !fieldSure(f, "default", "values") {
			} else if f.Type != "enum" || f.Default == nil {
				c.errorf(l.key("roleField"), "roleField %s must be an enum field with a default (the role of a new user)", a.RoleField)
			} else {
				fl := c.entityLoc(e).key("fields").node(f.Name, f.V, f.Pos).key("values")
				for i, v := range f.Values {
					if v == "public" || v == "authenticated" || v == "owner" {
						c.errorf(fl.idx(i), "the role %q would read as the access rule of the same name; rename it", v)
					}
				}
			}
		}
	}
	if l.has("tokenTTL") || a.TokenTTL != "" {
		d, err := time.ParseDuration(a.TokenTTL)
		switch {
		case err != nil:
			c.errorf(l.key("tokenTTL"), "%q is not a duration (like \"24h\" or \"30m\")", a.TokenTTL)
		case d < time.Second:
			c.errorf(l.key("tokenTTL"), "tokenTTL must be at least 1s, got %s", a.TokenTTL)
		}
	}
}

// access checks an entity's access rules and owner.
func (c *checker) access(e *Entity) {
	l := c.entityLoc(e)
	if c.unknown(l) {
		return
	}
	auth := c.s.Auth
	if e.Owner != "" || l.has("owner") {
		r := e.relation(e.Owner)
		switch {
		case c.authUnsure():
		case auth == nil:
			c.errorf(l.key("owner"), "owner needs an auth block")
		case r == nil && c.mayBeRelation(e, e.Owner):
		case r == nil:
			c.errorf(l.key("owner"), "%s has no relation %q", e.Name, e.Owner)
		case c.relationUnknown(e, r) || c.unsure(rootLoc(c.s).node("auth", auth.V, auth.Pos), "entity"):
		case r.Kind != "belongsTo" || r.Target != auth.Entity:
			c.errorf(l.key("owner"), "owner %s must be a belongsTo relation to the auth entity %s", e.Owner, auth.Entity)
		}
	}
	al := l.key("access")
	if auth == nil {
		if len(e.Access) > 0 && !c.authUnsure() {
			c.errorf(al, "access needs an auth block: without one every operation is public")
		}
		return
	}
	if c.unknown(rootLoc(c.s), "auth") {
		return
	}
	ownable := e.Owner != "" || e.Name == auth.Entity
	ownerSure := !c.unsure(l, "owner") && !c.unsure(rootLoc(c.s).node("auth", auth.V, auth.Pos), "entity")
	for _, a := range e.Access {
		ol := al.key(a.Operation)
		if a.Pos.IsValid() {
			ol.pos = a.Pos
		}
		if !slices.Contains(operations, a.Operation) {
			c.errorf(ol, "unknown operation %q: want one of %s", a.Operation, strings.Join(operations, ", "))
			continue
		}
		if !hasOp(e, a.Operation) && !c.unsure(l, "operations") {
			c.errorf(ol, "%s has no %s operation (see operations)", e.Name, a.Operation)
			continue
		}
		c.rules(a.Rules, ol)
		for i, r := range a.Rules {
			rl := ruleLoc(ol, a.Rules, i)
			switch {
			case r == "owner" && a.Operation == "create":
				c.errorf(rl, "owner cannot be a create rule: the row does not exist yet (use authenticated)")
			case r == "owner" && !ownable && ownerSure:
				c.errorf(rl, "owner needs %s to have an owner relation (or to be the auth entity)", e.Name)
			case r == "public" && a.Operation == "create" && e.Owner != "":
				c.errorf(rl, "create cannot be public on %s: create sets the owner %s to the caller", e.Name, e.Owner)
			}
		}
	}
}

// ruleLoc is the place of rule i, whether rules were written as one string
// or as a list.
func ruleLoc(l loc, rules []string, i int) loc {
	if l.v.Exists() && l.v.LookupPath(cuePathIndex(0)).Exists() {
		return l.idx(i)
	}
	return l
}

// rules checks each rule names public, authenticated, owner or a role.
func (c *checker) rules(rules []string, l loc) {
	if len(rules) == 0 {
		c.errorf(l, "an access rule list must not be empty")
		return
	}
	roles := c.roles()
	seen := map[string]bool{}
	for i, r := range rules {
		rl := ruleLoc(l, rules, i)
		switch {
		case seen[r]:
			c.errorf(rl, "rule %q is listed twice", r)
		case r == "public" || r == "authenticated" || r == "owner" || slices.Contains(roles, r):
		case c.rolesUnsure():
		case roles == nil:
			c.errorf(rl, "unknown rule %q: want public, authenticated or owner (auth has no roleField, so there are no roles)", r)
		default:
			c.errorf(rl, "unknown rule %q: want public, authenticated, owner or a role (%s)", r, strings.Join(roles, ", "))
		}
		seen[r] = true
	}
}

func (c *checker) endpoints(root loc) {
	el := root.key("endpoints")
	bySnake := map[string]string{}
	for _, ep := range c.s.Endpoints {
		l := el.node(ep.Name, ep.V, ep.Pos)
		if !memberNameRE.MatchString(ep.Name) {
			c.errorf(l, "%q is not a valid endpoint name: want camelCase (like publishPost)", ep.Name)
		} else if other, ok := bySnake[snake(ep.Name)]; ok {
			c.errorf(l, "endpoint %s collides with endpoint %s after case conversion (both are %s)", ep.Name, other, snake(ep.Name))
		} else {
			bySnake[snake(ep.Name)] = ep.Name
		}
		c.endpoint(ep, l)
	}
}

func (c *checker) endpoint(ep *Endpoint, l loc) {
	if c.unknown(l) {
		return
	}
	if !slices.Contains(methods, ep.Method) {
		c.errorf(l.key("method"), "unknown method %q: want one of %s", ep.Method, strings.Join(methods, ", "))
	}
	pathParams, ok := c.endpointPath(ep, l.key("path"))
	pl := l.key("params")
	for _, p := range ep.Params {
		fl := pl.node(p.Name, p.V, p.Pos)
		c.field(p, fl, fieldParam)
		if ok && !slices.Contains(pathParams, p.Name) {
			c.errorf(fl, "parameter %s is not in the path %q", p.Name, ep.Path)
		}
	}
	if ok && !c.unsure(l, "params") {
		for _, name := range pathParams {
			if endpointField(ep.Params, name) == nil {
				c.errorf(l.key("path"), "{%s} has no type: add it to params (like params: %s: \"int\")", name, name)
			}
		}
	}
	c.endpointFields(ep.Query, l.key("query"), fieldQuery)
	if (ep.Method == "GET" || ep.Method == "DELETE") && (l.has("body") || ep.Body != nil) {
		c.errorf(l.key("body"), "a %s endpoint takes no body", ep.Method)
	}
	c.endpointFields(ep.Body, l.key("body"), fieldBody)

	rl := l.key("response")
	if r := ep.Response; r != nil && !c.unknown(rl) {
		if r.Pos.IsValid() {
			rl.pos = r.Pos
		}
		var kinds []string
		for _, k := range []string{"entity", "list", "fields"} {
			if rl.has(k) || (!rl.v.Exists() && ((k == "entity" && r.Entity != "") || (k == "list" && r.List != "") || (k == "fields" && r.Fields != nil))) {
				kinds = append(kinds, k)
			}
		}
		switch len(kinds) {
		case 0:
			if !c.unsure(rl, "entity", "list", "fields") {
				c.errorf(rl, "a response needs one of entity, list, fields (or leave response out for none)")
			}
		case 1:
		default:
			for _, k := range kinds[1:] {
				c.errorf(rl.key(k), "a response has exactly one of entity, list, fields; this one already has %s", kinds[0])
			}
		}
		if slices.Contains(kinds, "entity") && c.noEntity(r.Entity) {
			c.errorf(rl.key("entity"), "unknown entity %q", r.Entity)
		}
		if slices.Contains(kinds, "list") && c.noEntity(r.List) {
			c.errorf(rl.key("list"), "unknown entity %q", r.List)
		}
		c.endpointFields(r.Fields, rl.key("fields"), fieldResponse)
	}
	if ep.Status != nil {
		s := *ep.Status
		switch {
		case s < 200 || s > 299:
			c.errorf(l.key("status"), "status must be a success status (200 to 299), got %d", s)
		case s == 204 && ep.Response != nil:
			c.errorf(l.key("status"), "status 204 has no body, but the endpoint has a response")
		}
	}
	var target *Entity
	if l.has("entity") || ep.Entity != "" {
		target = c.entities[ep.Entity]
		if c.noEntity(ep.Entity) {
			c.errorf(l.key("entity"), "unknown entity %q", ep.Entity)
		}
	}
	if ep.Access == nil {
		return
	}
	al := l.key("access")
	if ep.Access.Pos.IsValid() {
		al.pos = ep.Access.Pos
	}
	if c.s.Auth == nil {
		if !c.authUnsure() {
			c.errorf(al, "access needs an auth block: without one every endpoint is public")
		}
		return
	}
	c.rules(ep.Access.Rules, al)
	i := slices.Index(ep.Access.Rules, "owner")
	if i < 0 {
		return
	}
	ol := ruleLoc(al, ep.Access.Rules, i)
	authLoc := rootLoc(c.s).node("auth", c.s.Auth.V, c.s.Auth.Pos)
	switch {
	case ep.Entity == "" && !l.has("entity"):
		if !c.unsure(l, "entity") {
			c.errorf(ol, "owner needs entity: the entity whose row {id} names")
		}
	case target == nil || c.entityUnknown(target):
	case target.Owner == "" && target.Name != c.s.Auth.Entity:
		if c.unsure(c.entityLoc(target), "owner") || c.unsure(authLoc, "entity") {
			break
		}
		c.errorf(ol, "owner needs %s to have an owner relation (or to be the auth entity)", target.Name)
	default:
		id := endpointField(ep.Params, "id")
		want := target.ID
		if want == "" {
			want = "int"
		}
		switch {
		case id == nil && c.unsure(l, "params"):
		case c.unsure(l, "path"):
		case id == nil || !slices.Contains(pathParams, "id"):
			c.errorf(ol, "owner needs an {id} parameter in the path naming the %s", target.Name)
		case c.typeUnknown(pl.node("id", id.V, id.Pos)) || c.unsure(c.entityLoc(target), "id"):
		case id.Type != want:
			c.errorf(pl.node("id", id.V, id.Pos), "{id} names a %s, whose id is %s, not %s", target.Name, want, id.Type)
		}
	}
}

func endpointField(fs []*Field, name string) *Field {
	for _, f := range fs {
		if f.Name == name {
			return f
		}
	}
	return nil
}

func (c *checker) endpointFields(fs []*Field, l loc, ctx fieldContext) {
	bySnake := map[string]string{}
	for _, f := range fs {
		fl := l.node(f.Name, f.V, f.Pos)
		c.field(f, fl, ctx)
		sn := snake(f.Name)
		if other, ok := bySnake[sn]; ok && memberNameRE.MatchString(f.Name) {
			c.errorf(fl, "%s collides with %s after case conversion (both are %s)", f.Name, other, sn)
		}
		bySnake[sn] = f.Name
	}
}

// endpointPath checks a custom endpoint's path and returns its {params} in
// order; ok is false when the path is malformed.
func (c *checker) endpointPath(ep *Endpoint, l loc) (params []string, ok bool) {
	p := ep.Path
	if !strings.HasPrefix(p, "/") {
		c.errorf(l, "path %q must start with /", p)
		return nil, false
	}
	if p == "/" {
		return nil, true
	}
	seen := map[string]bool{}
	for _, seg := range strings.Split(p[1:], "/") {
		if name, isParam := strings.CutPrefix(seg, "{"); isParam {
			name, closed := strings.CutSuffix(name, "}")
			if !closed || !memberNameRE.MatchString(name) {
				c.errorf(l, "path %q: segment %q is not a parameter like {id}: want { name } with a camelCase name", p, seg)
				return nil, false
			}
			if seen[name] {
				c.errorf(l, "path %q: {%s} appears twice", p, name)
				return nil, false
			}
			seen[name] = true
			params = append(params, name)
			continue
		}
		if !segmentRE.MatchString(seg) {
			if seg == "" {
				c.errorf(l, "path %q has an empty segment (no // and no trailing /)", p)
			} else {
				c.errorf(l, "path %q: segment %q must be lower case letters, digits and . _ ~ -, or a {param}", p, seg)
			}
			return nil, false
		}
	}
	return params, true
}

// route is one method and path, parameters normalised to {}.
type route struct{ method, path string }

func normalise(path string) string {
	segs := strings.Split(path, "/")
	for i, s := range segs {
		if isParam(s) {
			segs[i] = "{}"
		}
	}
	return strings.Join(segs, "/")
}

// systemRoute says what each system route is, in errors.
var systemRoute = map[string]string{"health": "the health check", "ready": "the readiness check", "openapi": "the OpenAPI document"}

// routes checks that no custom endpoint (or generated route) shadows a
// generated route or another endpoint.
func (c *checker) routes(root loc) {
	taken := map[route]string{}
	var generated []namedRoute // in order, for the overlap checks
	add := func(method, path, what string) {
		r := route{method, normalise(path)}
		if _, ok := taken[r]; !ok {
			taken[r] = what
			generated = append(generated, namedRoute{method, path, what})
		}
	}
	s := c.s
	if s.API.BasePath != nil && *s.API.BasePath == "" {
		for _, r := range ir.SystemShapes() {
			add(r.Method, r.Path, systemRoute[r.Name])
		}
	}
	if s.Auth != nil {
		for _, r := range ir.AuthShapes() {
			add(r.Method, r.Path, "the auth "+r.Name+" route")
		}
	}
	seenPath := map[string]bool{}
	for _, e := range s.Entities {
		p := entityPath(e)
		if !entityPathRE.MatchString(p) || seenPath[p] {
			continue // reported by entity and tables
		}
		if c.unsure(c.entityLoc(e), "path", "operations") {
			continue // its routes are not known
		}
		seenPath[p] = true
		l := c.entityLoc(e)
		check := func(method, path, what string) {
			r := route{method, normalise(path)}
			if prev, ok := taken[r]; ok {
				c.errorf(l.key("path"), "%s %s (%s) conflicts with %s", method, path, what, prev)
				return
			}
			taken[r] = what
			generated = append(generated, namedRoute{method, path, what})
		}
		for _, op := range ir.CRUDShapes() {
			path := p
			if op.Item {
				path += "/{id}"
			}
			if hasOp(e, string(op.Kind)) {
				check(op.Method, path, fmt.Sprintf("the generated %s of %s", op.Kind, e.Name))
			}
		}
		for _, r := range e.Relations {
			t := c.entities[r.Target]
			if r.Kind == "belongsTo" || t == nil || !memberNameRE.MatchString(r.Name) || c.relationUnknown(e, r) {
				continue
			}
			sub := p + "/{id}/" + kebab(r.Name)
			what := fmt.Sprintf("the relation route %s.%s", e.Name, r.Name)
			add("GET", sub, what)
			if r.Kind == "manyToMany" {
				add("PUT", sub+"/{x}", what)
				add("DELETE", sub+"/{x}", what)
			}
		}
	}
	el := root.key("endpoints")
	var custom []namedRoute
	for _, ep := range s.Endpoints {
		if !slices.Contains(methods, ep.Method) || !strings.HasPrefix(ep.Path, "/") {
			continue
		}
		l := el.node(ep.Name, ep.V, ep.Pos)
		r := route{ep.Method, normalise(ep.Path)}
		if prev, ok := taken[r]; ok {
			c.errorf(l.key("path"), "%s %s conflicts with %s", ep.Method, ep.Path, prev)
			continue
		}
		taken[r] = "endpoint " + ep.Name
		if msg := overlap(namedRoute{ep.Method, ep.Path, ""}, generated, custom); msg != "" {
			c.errorf(l.key("path"), "%s", msg)
		}
		custom = append(custom, namedRoute{ep.Method, ep.Path, "endpoint " + ep.Name})
	}
}

// namedRoute is a route with its path as written and what it is.
type namedRoute struct{ method, path, what string }

// overlap explains why custom route ep may not share requests with a
// generated route or an earlier custom one, or returns "". Routers differ
// in how they pick among overlapping routes (Go's ServeMux takes the more
// specific one and refuses ambiguous pairs; FastAPI takes the first one
// registered), so only one overlap is allowed: a custom route that is more
// specific than a generated one (GET /posts/featured beside GET
// /posts/{id}), which every target routes to the custom endpoint.
func overlap(ep namedRoute, generated, custom []namedRoute) string {
	for _, g := range generated {
		if g.method != ep.method || !overlaps(ep.path, g.path) || moreSpecific(ep.path, g.path) {
			continue
		}
		return fmt.Sprintf("%s %s overlaps %s %s (%s): both match %s; a custom path may overlap a generated one only with a fixed segment where the generated one has a parameter",
			ep.method, ep.path, g.method, g.path, g.what, sharedPath(ep.path, g.path))
	}
	for _, o := range custom {
		if o.method == ep.method && overlaps(ep.path, o.path) {
			return fmt.Sprintf("%s %s overlaps %s %s (%s): both match %s",
				ep.method, ep.path, o.method, o.path, o.what, sharedPath(ep.path, o.path))
		}
	}
	return ""
}

func isParam(seg string) bool { return strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") }

// overlaps says whether some request path matches both a and b.
func overlaps(a, b string) bool {
	as, bs := strings.Split(a, "/"), strings.Split(b, "/")
	if len(as) != len(bs) {
		return false
	}
	for i := range as {
		if as[i] != bs[i] && !isParam(as[i]) && !isParam(bs[i]) {
			return false
		}
	}
	return true
}

// moreSpecific says whether overlapping a has a fixed segment wherever the
// two differ in kind, and so matches a subset of b's requests.
func moreSpecific(a, b string) bool {
	as, bs := strings.Split(a, "/"), strings.Split(b, "/")
	for i := range as {
		if isParam(as[i]) && !isParam(bs[i]) {
			return false
		}
	}
	return true
}

// sharedPath is a request path both overlapping routes match.
func sharedPath(a, b string) string {
	as, bs := strings.Split(a, "/"), strings.Split(b, "/")
	for i := range as {
		if isParam(as[i]) {
			as[i] = bs[i]
		}
	}
	return strings.Join(as, "/")
}
