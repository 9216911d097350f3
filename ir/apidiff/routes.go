package apidiff

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/bgen-dev/bgen/ir"
)

// paramRe matches a path parameter.
var paramRe = regexp.MustCompile(`\{[^}]*\}`)

// routeKey is what identifies a route to a client: its method and its path
// with the parameters' names left out.
func routeKey(method, path string) string {
	return method + " " + paramRe.ReplaceAllString(path, "{}")
}

func routeName(r *ir.Route) string { return r.Method + " " + r.Path }

// describe says what a route serves, for messages.
func describe(r *ir.Route) string {
	switch r.Kind {
	case ir.RouteOperation:
		return fmt.Sprintf("the %s operation of %s", r.Name, r.EntityName)
	case ir.RouteRelation:
		return fmt.Sprintf("the %s sub-resource of %s", r.Name, r.EntityName)
	case ir.RouteLink:
		return fmt.Sprintf("linking %s.%s", r.EntityName, r.Name)
	case ir.RouteUnlink:
		return fmt.Sprintf("unlinking %s.%s", r.EntityName, r.Name)
	case ir.RouteAuth:
		return "auth " + r.Name
	case ir.RouteEndpoint:
		return "the custom endpoint " + r.Name
	}
	return "the " + r.Name + " route"
}

func (d *differ) routes() {
	oldBy := map[string]*ir.Route{}
	for _, r := range d.old.Routes {
		oldBy[routeKey(r.Method, r.Path)] = r
	}
	newBy := map[string]*ir.Route{}
	for _, r := range d.new.Routes {
		newBy[routeKey(r.Method, r.Path)] = r
	}
	for _, o := range d.old.Routes {
		if newBy[routeKey(o.Method, o.Path)] != nil {
			continue
		}
		kind := RouteRemoved
		if o.Kind == ir.RouteOperation {
			kind = OperationRemoved
		}
		d.add(Breaking, kind, routeName(o), "", describe(o)+" was removed")
	}
	for _, n := range d.new.Routes {
		o := oldBy[routeKey(n.Method, n.Path)]
		if o == nil {
			kind := RouteAdded
			if n.Kind == ir.RouteOperation {
				kind = OperationAdded
			}
			d.add(NonBreaking, kind, routeName(n), "", describe(n)+" was added")
			continue
		}
		d.route(o, n)
	}
}

// route compares one route present in both APIs.
func (d *differ) route(o, n *ir.Route) {
	subject := routeName(n)
	if o.Status != n.Status {
		d.add(Breaking, StatusChanged, subject, "", fmt.Sprintf("success status changed from %d to %d", o.Status, n.Status))
	}
	for i := range min(len(o.Params), len(n.Params)) {
		op, np := o.Params[i], n.Params[i]
		if op.Type != np.Type {
			d.add(Breaking, PathParamChanged, subject, "", fmt.Sprintf("path parameter {%s} changed from %s to %s", np.Name, op.Type, np.Type))
		}
	}
	tight, loose := compareAccess(o.Access, n.Access, d.roles())
	from, to := accessString(o), accessString(n)
	switch {
	case tight:
		d.add(Breaking, AccessTightened, subject, "", fmt.Sprintf("access tightened from %s to %s", from, to))
	case loose:
		d.add(NonBreaking, AccessLoosened, subject, "", fmt.Sprintf("access loosened from %s to %s", from, to))
	}
}

// roles are the roles of either API.
func (d *differ) roles() []string {
	var rs []string
	for _, a := range []*ir.API{d.old, d.new} {
		if a.Auth != nil {
			for _, r := range a.Auth.Roles {
				if !slices.Contains(rs, r) {
					rs = append(rs, r)
				}
			}
		}
	}
	return rs
}

// caller is one kind of caller, as access rules tell callers apart.
type caller struct {
	anonymous bool
	role      string // "" for none of the rules' roles
	owner     bool   // owns the row (or the rows listed)
}

// grants reports whether a caller passes every rule of a route's access.
func grants(rules []ir.Rule, c caller) bool {
	for _, r := range rules {
		ok := r.Public ||
			!c.anonymous && (r.Authenticated || r.Owner && c.owner || c.role != "" && slices.Contains(r.Roles, c.role))
		if !ok {
			return false
		}
	}
	return true
}

// compareAccess reports whether some caller old grants is refused by new
// (tight) and whether some caller old refuses is granted by new (loose).
// Every kind of caller is tried: anonymous, and signed in with each role
// (of the APIs or of the rules) or none, owning the row or not.
func compareAccess(old, new []ir.Rule, apiRoles []string) (tight, loose bool) {
	roles := append([]string{""}, apiRoles...)
	for _, rules := range [][]ir.Rule{old, new} {
		for _, r := range rules {
			for _, role := range r.Roles {
				if !slices.Contains(roles, role) {
					roles = append(roles, role)
				}
			}
		}
	}
	callers := []caller{{anonymous: true}}
	for _, role := range roles {
		callers = append(callers, caller{role: role}, caller{role: role, owner: true})
	}
	for _, c := range callers {
		o, n := grants(old, c), grants(new, c)
		tight = tight || o && !n
		loose = loose || !o && n
	}
	return tight, loose
}

// ruleString renders one rule as the spec writes it: its alternatives
// joined by "or".
func ruleString(r ir.Rule) string {
	var alts []string
	if r.Public {
		alts = append(alts, "public")
	}
	if r.Authenticated {
		alts = append(alts, "authenticated")
	}
	if r.Owner {
		alts = append(alts, "owner")
	}
	alts = append(alts, r.Roles...)
	if len(alts) == 0 {
		return "nobody"
	}
	return strings.Join(alts, " or ")
}

// accessString renders a route's access.
func accessString(r *ir.Route) string {
	switch {
	case len(r.Access) == 0:
		return "public"
	case len(r.Access) == 1:
		return ruleString(r.Access[0])
	case len(r.Access) == 2 && r.Kind == ir.RouteRelation:
		return fmt.Sprintf("(parent: %s; target: %s)", ruleString(r.Access[0]), ruleString(r.Access[1]))
	}
	var parts []string
	for _, a := range r.Access {
		parts = append(parts, "("+ruleString(a)+")")
	}
	return strings.Join(parts, " and ")
}
