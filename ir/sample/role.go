package sample

import "github.com/bgen-dev/bgen/ir"

// PrivilegedRole is the role a generated test gives its caller so that it
// passes the most access rules: the role named by the most rules of the
// CRUD operations and custom endpoints, the later one in the role field's
// values on a tie (roles are usually listed from least to most
// privileged), the last one when no rule names a role. It is "" without
// a role field.
func PrivilegedRole(api *ir.API) string {
	if api.Auth == nil || len(api.Auth.Roles) == 0 {
		return ""
	}
	count := map[string]int{}
	name := func(r ir.Rule) {
		for _, role := range r.Roles {
			count[role]++
		}
	}
	for _, e := range api.Entities {
		for _, op := range e.Operations {
			name(op.Access)
		}
	}
	for _, ep := range api.Endpoints {
		name(ep.Access)
	}
	best := ""
	for _, role := range api.Auth.Roles {
		if best == "" || count[role] >= count[best] {
			best = role
		}
	}
	return best
}
