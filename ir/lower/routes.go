package lower

import "github.com/bgen-dev/bgen/ir"

// Routes lists every route api's server answers, in the order
// ir.API.Routes documents, from its entities' operations and relations,
// its auth block and its endpoints. Lower sets API.Routes with it; tests
// that build an IR by hand call it too.
func Routes(api *ir.API) []*ir.Route {
	var routes []*ir.Route
	idParam := func(name string, e *ir.Entity) ir.PathParam {
		return ir.PathParam{Name: name, Type: e.IDType, Entity: e, EntityName: e.Name.Pascal()}
	}
	for _, e := range api.Entities {
		for _, op := range e.Operations {
			rt := &ir.Route{Kind: ir.RouteOperation, Method: op.Method, Path: api.BasePath + op.Path,
				Name: string(op.Kind), Access: []ir.Rule{op.Access}, Status: opStatus(op.Kind), Entity: e, Op: op}
			if op.Kind != ir.OpList && op.Kind != ir.OpCreate {
				rt.Params = []ir.PathParam{idParam("id", e)}
			}
			routes = append(routes, rt)
		}
		for _, r := range e.Relations {
			if r.Readable() {
				routes = append(routes, &ir.Route{Kind: ir.RouteRelation, Method: "GET", Path: api.BasePath + r.Path,
					Name: r.Name, Params: []ir.PathParam{idParam("id", e)},
					Access: []ir.Rule{*r.ParentAccess, *r.TargetAccess}, Status: 200, Entity: e, Relation: r})
			}
			if r.Linkable() {
				params := []ir.PathParam{idParam("id", e), idParam(r.LinkParam, r.Target)}
				for _, k := range []struct {
					kind   ir.RouteKind
					method string
				}{{ir.RouteLink, "PUT"}, {ir.RouteUnlink, "DELETE"}} {
					routes = append(routes, &ir.Route{Kind: k.kind, Method: k.method, Path: api.BasePath + r.LinkPath(),
						Name: r.Name, Params: params, Access: []ir.Rule{*r.LinkAccess}, Status: 204, Entity: e, Relation: r})
				}
			}
		}
	}
	if a := api.Auth; a != nil {
		for _, s := range ir.AuthShapes() {
			rt := &ir.Route{Kind: ir.RouteAuth, Method: s.Method, Path: api.BasePath + s.Path, Name: s.Name,
				Status: s.Status, Entity: a.Entity}
			if s.Name == "me" {
				rt.Access = []ir.Rule{{Authenticated: true}}
			}
			routes = append(routes, rt)
		}
	}
	for _, ep := range api.Endpoints {
		rt := &ir.Route{Kind: ir.RouteEndpoint, Method: ep.Method, Path: api.BasePath + ep.Path, Name: ep.Name,
			Access: []ir.Rule{ep.Access}, Status: ep.Status, Entity: ep.Entity, Endpoint: ep}
		for _, p := range ep.Params {
			rt.Params = append(rt.Params, ir.PathParam{Name: p.Name, Type: p.Type, Field: p})
		}
		routes = append(routes, rt)
	}
	for _, rt := range routes {
		if rt.Entity != nil {
			rt.EntityName = rt.Entity.Name.Pascal()
		}
	}
	for _, s := range ir.SystemShapes() {
		routes = append(routes, &ir.Route{Kind: ir.RouteSystem, Method: s.Method, Path: s.Path, Name: s.Name, Status: s.Status})
	}
	return routes
}

func opStatus(k ir.OpKind) int {
	switch k {
	case ir.OpCreate:
		return 201
	case ir.OpDelete:
		return 204
	}
	return 200
}
