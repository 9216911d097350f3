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
		var args, ctx []string
		for _, part := range []struct{ name, typ string }{{"params", in.params}, {"query", in.query}, {"body", in.body}} {
			switch {
			case part.typ != "":
				args = append(args, part.name+": "+im.Type("../schemas/endpoints.schema.js", part.typ))
				ctx = append(ctx, part.name)
			case part.name == "body":
				ctx = append(ctx, "body: undefined")
			default:
				ctx = append(ctx, part.name+": {}")
			}
		}
		line, owner := access(r.Access, true, 0)
		fmt.Fprintf(&b, "\n  /** %s %s%s (%s). */\n", r.Method, r.Path, summary(ep.Summary), ruleSummary(r.Access))
		fmt.Fprintf(&b, "  %s(%s): Promise<unknown> {\n", ts.Ident(ep.Ident.Camel()), strings.Join(append([]string{"subject: string | undefined"}, args...), ", "))
		fmt.Fprintf(&b, "    return this.db.write(async (tx) => {\n      %s\n", line)
		if owner[0] && ep.Entity != nil && ep.EntityParam != nil {
			n := namesOf(ep.Entity)
			pid := im.Use("../utils/ids.js", "pathId")
			fmt.Fprintf(&b, "      if (ownerOnly[0]) await this.%s.get(tx, %s(%s, String(params.%s)), true, caller);\n", n.repoField, pid, n.metaVar(&im, "../"), propName(ep.EntityParam.Name))
		}
		fmt.Fprintf(&b, "      return %s({ %s, caller, tx });\n    });\n  }\n", fn, strings.Join(ctx, ", "))
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
		req := "Request"
		if len(ep.Params) > 0 {
			var ps []string
			for _, p := range ep.Params {
				ps = append(ps, propName(p.Name)+": string")
			}
			req = "Request<{ " + strings.Join(ps, "; ") + " }>"
		}
		fmt.Fprintf(&b, "\n  /** %s %s%s */\n  %s = async (req: %s, res: Response): Promise<void> => {\n", r.Method, r.Path, summary(ep.Summary), ts.Ident(camel), req)
		if in.checksQuery {
			var known []string
			for _, f := range ep.Query {
				known = append(known, ts.Str(f.Name))
			}
			check := im.Use("./inputs.js", "knownParams") + "(req.queryParams, [" + strings.Join(known, ", ") + "])"
			if in.query != "" {
				check = "const given = " + check
			}
			fmt.Fprintf(&b, "    %s;\n", check)
		}
		var parts, args []string
		add := func(typ, name, schema, input string) {
			if typ != "" {
				parts = append(parts, "["+im.Use("../schemas/endpoints.schema.js", schema)+", "+input+"]")
				args = append(args, name)
			}
		}
		add(in.params, "params", camel+"ParamsSchema", "req.params")
		add(in.query, "query", camel+"QuerySchema", "given")
		add(in.body, "body", camel+"BodySchema", "req.body")
		if len(parts) > 0 {
			fmt.Fprintf(&b, "    const [%s] = %s(%s);\n", strings.Join(args, ", "), im.Use("./inputs.js", "parseAll"), strings.Join(parts, ", "))
		}
		fmt.Fprintf(&b, "    const result = await this.endpointsService.%s(%s);\n", ts.Ident(camel), strings.Join(append([]string{"req.subject"}, args...), ", "))
		fmt.Fprintf(&b, "    if (result === undefined) throw %s(%s);\n", im.Use("../runtime/problem.js", "notImplemented"), ts.Str(ep.Name))
		if r.Status == 204 {
			fmt.Fprintf(&b, "    %s(res, 204);\n  };\n", send)
		} else {
			fmt.Fprintf(&b, "    %s(res, %d, result);\n  };\n", send, r.Status)
		}
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
		args := []string{ts.Str(expressPath(r.Path))}
		if takesToken(r) {
			args = append(args, im.Use("../middlewares/auth.middleware.js", "requireToken"))
		}
		if ep.Body != nil {
			settings := im.Use("../config/index.js", "settings")
			args = append(args, im.Use("../middlewares/body.middleware.js", "jsonBody")+"("+settings+".maxBodyBytes)")
		}
		args = append(args, "controller."+ts.Ident(ep.Ident.Camel()))
		fmt.Fprintf(&b, "  router.%s(%s);\n", strings.ToLower(r.Method), strings.Join(args, ", "))
	}
	var out strings.Builder
	out.WriteString(ts.Header + "\n" + im.String())
	fmt.Fprintf(&out, "\n/** The custom endpoints' routes. */\nexport function endpointRoutes(controller: EndpointsController): Router {\n  const router = %s(%s);\n", router, opts)
	out.WriteString(b.String() + "  return router;\n}\n")
	return out.String()
}
