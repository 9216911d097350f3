package express

import (
	"fmt"
	"strings"

	"github.com/bgen-dev/bgen/emitters/ts"
	"github.com/bgen-dev/bgen/ir"
)

// Custom endpoints: the user writes each one's body (src/custom/<name>.ts,
// written once); bgen writes the route, which checks credentials and reads
// the body, the controller, which validates the path, query and body with
// the endpoint's zod schemas (src/schemas/endpoints.schema.ts) into one
// 422, and the service, which runs the body in a write transaction under
// the endpoint's access rule.

// endpointRoute returns ep's route.
func endpointRoute(api *ir.API, ep *ir.Endpoint) *ir.Route {
	for _, r := range api.Routes {
		if r.Kind == ir.RouteEndpoint && r.Endpoint == ep {
			return r
		}
	}
	return nil
}

// endpointInputs names ep's input types (empty where ep has none of that
// part) and whether its query string is checked for unknown parameters.
type endpointInputs struct {
	params, query, body string
	checksQuery         bool
}

// schemaOf is the zod schema (src/schemas/endpoints.schema.ts) of the
// input whose type is typ ("CancelOrderParams": cancelOrderParamsSchema).
func schemaOf(typ string) string { return strings.ToLower(typ[:1]) + typ[1:] + "Schema" }

func inputsOf(ep *ir.Endpoint) endpointInputs {
	p := ep.Ident.Pascal()
	var in endpointInputs
	if len(ep.Params) > 0 {
		in.params = p + "Params"
	}
	if len(ep.Query) > 0 {
		in.query = p + "Query"
	}
	if ep.Body != nil {
		in.body = p + "Body"
	}
	in.checksQuery = len(ep.Query) > 0 || ep.Method == "GET" || ep.Method == "DELETE"
	return in
}

const emptyInput = "Record<string, never>"

// contextTypeArgs is the endpoint's EndpointContext and its type
// arguments.
func contextTypeArgs(im *ts.Imports, from string, ep *ir.Endpoint) (string, []string) {
	in := inputsOf(ep)
	ctx := im.Type(from+"api-types.js", "EndpointContext")
	typ := func(name string) string {
		if name == "" {
			return emptyInput
		}
		return im.Type(from+"schemas/endpoints.schema.js", name)
	}
	body := "undefined"
	if in.body != "" {
		body = typ(in.body)
	}
	return ctx, []string{typ(in.params), typ(in.query), body}
}

// endpointsServiceFile is src/services/endpoints.service.ts.
func endpointsServiceFile(api *ir.API) string {
	var im ts.Imports
	im.Type("../db.js", "Db")
	im.Type("./access.service.js", "AccessService")
	deps := []string{"private readonly db: Db", "private readonly access: AccessService"}
	for _, e := range endpointEntities(api) {
		n := namesOf(e)
		im.Type("../repositories/"+n.kebab+".repository.js", n.repoClass)
		deps = append(deps, "private readonly "+n.repoField+": "+n.repoClass)
	}
	var b strings.Builder
	for _, ep := range api.Endpoints {
		r := endpointRoute(api, ep)
		in := inputsOf(ep)
		fn := im.Use("../custom/"+ep.Ident.Kebab()+".js", ts.Ident(ep.Ident.Camel()))
		params := []string{"subject: string | undefined"}
		var ctx ts.Obj
		for _, part := range []struct{ name, typ string }{{"params", in.params}, {"query", in.query}, {"body", in.body}} {
			switch {
			case part.typ != "":
				params = append(params, part.name+": "+im.Type("../schemas/endpoints.schema.js", part.typ))
				ctx = append(ctx, ts.Prop{Key: part.name})
			case part.name == "body":
				ctx = append(ctx, ts.Prop{Key: "body", Val: ts.Raw("undefined")})
			default:
				ctx = append(ctx, ts.Prop{Key: part.name, Val: ts.Raw("{}")})
			}
		}
		ctx = append(ctx, ts.Prop{Key: "caller"}, ts.Prop{Key: "tx"})
		check, owner := access(3, r.Access, true, 0)
		fmt.Fprintf(&b, "\n  /** %s %s%s (%s). */\n", r.Method, r.Path, summary(ep.Summary), ruleSummary(r.Access))
		b.WriteString(signature(ts.Ident(ep.Ident.Camel()), params, "Promise<unknown>"))
		b.WriteString("    return this.db.write(async (tx) => {\n" + check)
		if owner[0] && ep.Entity != nil && ep.EntityParam != nil {
			n := namesOf(ep.Entity)
			pid := ts.CallOf(ts.Raw(im.Use("../utils/ids.js", "pathId")), ts.Raw(n.metaVar(&im, "../")), ts.Raw("String(params."+propName(ep.EntityParam.Name)+")"))
			get := ts.Method(ts.Raw("this."+n.repoField), "get", ts.Raw("tx"), pid, ts.Raw("true"), ts.Raw("caller"))
			b.WriteString(line(3, func() any { return ts.If("ownerOnly[0]", ts.Docs{"await ", ts.ExprDoc(get), ";"}) }))
		}
		b.WriteString(returns(3, ts.CallOf(ts.Raw(fn), ctx)) + "    });\n  }\n")
	}
	var out strings.Builder
	out.WriteString(ts.Header + "\n" + im.String())
	out.WriteString("\n/** The custom endpoints (src/custom): each body runs in one write\n * transaction (it is the user's code, and may write even on a GET) under\n * its access rule. */\n")
	out.WriteString("export class EndpointsService {\n  constructor(\n")
	for _, d := range deps {
		out.WriteString("    " + d + ",\n")
	}
	out.WriteString("  ) {}\n" + b.String() + "}\n")
	return out.String()
}

// endpointsControllerFile is src/controllers/endpoints.controller.ts.
func endpointsControllerFile(api *ir.API) string {
	var im ts.Imports
	im.Type("express", "Request")
	im.Type("express", "Response")
	im.Type("../services/endpoints.service.js", "EndpointsService")
	send := im.Use("../utils/http.js", "sendJson")
	var b strings.Builder
	for _, ep := range api.Endpoints {
		r := endpointRoute(api, ep)
		in := inputsOf(ep)
		camel := ep.Ident.Camel()
		var ps []string
		for _, p := range ep.Params {
			ps = append(ps, propName(p.Name)+": string")
		}
		open, lv := arrowHandler(ts.Ident(camel), requestType(ps, ""))
		fmt.Fprintf(&b, "\n  /** %s %s%s */\n%s", r.Method, r.Path, summary(ep.Summary), open)
		if in.checksQuery {
			known := ts.Arr{}
			for _, f := range ep.Query {
				known = append(known, ts.Lit(f.Name))
			}
			check := ts.CallOf(ts.Raw(im.Use("./inputs.js", "knownParams")), ts.Raw("req.queryParams"), known)
			if in.query != "" {
				b.WriteString(line(lv, func() any { return ts.Decl("const given", check) }))
			} else {
				b.WriteString(stmt(lv, check))
			}
		}
		var parts []ts.Expr
		var args []string
		add := func(typ, name, input string) {
			if typ != "" {
				parts = append(parts, ts.Arr{ts.Raw(im.Use("../schemas/endpoints.schema.js", schemaOf(typ))), ts.Raw(input)})
				args = append(args, name)
			}
		}
		add(in.params, "params", "req.params")
		add(in.query, "query", "given")
		add(in.body, "body", "req.body")
		if len(parts) > 0 {
			parse := ts.CallOf(ts.Raw(im.Use("./inputs.js", "parseAll")), parts...)
			b.WriteString(line(lv, func() any { return ts.Decl("const ["+strings.Join(args, ", ")+"]", parse) }))
		}
		callArgs := []ts.Expr{ts.Raw("req.subject")}
		for _, a := range args {
			callArgs = append(callArgs, ts.Raw(a))
		}
		result := ts.Prefix{Op: "await ", X: ts.Method(ts.Raw("this.endpointsService"), ts.Ident(camel), callArgs...)}
		b.WriteString(line(lv, func() any { return ts.Decl("const result", result) }))
		fail := ts.CallOf(ts.Raw(im.Use("../runtime/problem.js", "notImplemented")), ts.Lit(ep.Name))
		b.WriteString(line(lv, func() any { return ts.If("result === undefined", ts.Docs{"throw ", ts.ExprDoc(fail), ";"}) }))
		answer := []ts.Expr{ts.Raw("res"), ts.Raw(fmt.Sprint(r.Status))}
		if r.Status != 204 {
			answer = append(answer, ts.Raw("result"))
		}
		b.WriteString(stmt(lv, ts.CallOf(ts.Raw(send), answer...)) + strings.Repeat("  ", lv-1) + "};\n")
	}
	var out strings.Builder
	out.WriteString(ts.Header + "\n" + im.String())
	out.WriteString("\n/** The HTTP side of the custom endpoints: path, query and body are\n * validated together, every failing field in one 422. */\n")
	out.WriteString("export class EndpointsController {\n  constructor(private readonly endpointsService: EndpointsService) {}\n" + b.String() + "}\n")
	return out.String()
}

// endpointsRoutesFile is src/routes/endpoints.routes.ts.
func endpointsRoutesFile(api *ir.API) string {
	var im ts.Imports
	router := im.Use("express", "Router")
	im.Type("../controllers/endpoints.controller.js", "EndpointsController")
	opts := im.Use("./options.js", "routerOptions")
	var b strings.Builder
	for _, ep := range api.Endpoints {
		r := endpointRoute(api, ep)
		var mws []ts.Expr
		if takesToken(r) {
			mws = append(mws, ts.Raw(im.Use("../middlewares/auth.middleware.js", "requireToken")))
		}
		if ep.Body != nil {
			mws = append(mws, jsonBody(&im))
		}
		b.WriteString(routeStmt(r, mws, "controller."+ts.Ident(ep.Ident.Camel())))
	}
	var out strings.Builder
	out.WriteString(ts.Header + "\n" + im.String())
	out.WriteString("\n/** The custom endpoints' routes. */\n" + routerOpen("endpointRoutes", "EndpointsController", router, opts))
	out.WriteString(b.String() + "  return router;\n}\n")
	return out.String()
}
