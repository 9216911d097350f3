package express

import (
	"fmt"
	"strings"

	"github.com/bgen-dev/bgen/emitters/ts"
	"github.com/bgen-dev/bgen/ir"
)

// The project's spec-dependent wiring: the settings the spec fixes
// (src/config/index.ts), the entity registry (src/models/index.ts), the
// services built once per process (src/container.ts), the route table and
// the router that mounts every entity's (src/routes/index.ts), and the
// auth routes.

// configFile is src/config/index.ts.
func configFile(api *ir.API) string {
	var b strings.Builder
	b.WriteString(ts.Header + "\nimport { loadConfig as loadEnvironment } from \"../runtime/config.js\";\nimport type { Config } from \"../runtime/config.js\";\n\n")
	b.WriteString("/** What the spec fixes; the environment configures the rest (loadConfig). */\nexport const settings = {\n")
	fmt.Fprintf(&b, "  name: %s,\n  version: %s,\n  basePath: %s,\n  defaultLimit: %d,\n  maxLimit: %d,\n  maxBodyBytes: %d,\n",
		ts.Str(api.Name), ts.Str(api.Version), ts.Str(api.BasePath), api.DefaultLimit, api.MaxLimit, api.MaxBodyBytes)
	fmt.Fprintf(&b, "  /** The default of CORS_ORIGINS. */\n  corsOrigins: %s as readonly string[],\n", strList(api.CORSOrigins))
	if a := api.Auth; a != nil {
		fmt.Fprintf(&b, "  auth: true,\n  tokenTtlSeconds: %d,\n", a.TokenTTLSeconds)
	} else {
		b.WriteString("  auth: false,\n")
	}
	if len(api.Entities) > 0 {
		fmt.Fprintf(&b, "  /** A table of the schema, for SQLite's write lock (src/db.ts). */\n  lockTable: %s,\n", ts.Str(api.Entities[0].Table))
	}
	b.WriteString("} as const;\n\n")
	b.WriteString("/** The configuration from the environment and .env (docs/contract.md). */\nexport function loadConfig(): Config {\n  return loadEnvironment(settings.corsOrigins);\n}\n")
	return b.String()
}

// modelsIndex is src/models/index.ts: every entity's description by name.
func modelsIndex(api *ir.API) string {
	var im ts.Imports
	meta := im.Type("../runtime/meta.js", "EntityMeta")
	var b strings.Builder
	pairs := ts.Arr{}
	for _, e := range api.Entities {
		pairs = append(pairs, ts.Arr{ts.Lit(e.Name.Pascal()), ts.Raw(im.Use("./"+e.Name.Kebab()+".js", metaVar(e)))})
	}
	b.WriteString("\n" + ts.Print(func() any {
		return ts.Decl("const entities: ReadonlyMap<string, "+meta+">", ts.CallOf(ts.Raw("new Map"), pairs))
	}) + "\n")
	b.WriteString("\n/** The description of the entity named name. */\n")
	fmt.Fprintf(&b, "export function entity(name: string): %s {\n  const e = entities.get(name);\n  if (e === undefined) throw new Error(`no entity ${name}`);\n  return e;\n}\n", meta)
	return ts.Header + "\n" + im.String() + b.String()
}

// containerFile is src/container.ts: the services of one process, built
// once from the database and the configuration.
func containerFile(api *ir.API) string {
	var im ts.Imports
	im.Type("./db.js", "Db")
	im.Type("./runtime/config.js", "Config")
	access := im.Use("./services/access.service.js", "AccessService")
	var fields, body strings.Builder
	var ret ts.BrokenObj
	if a := api.Auth; a != nil {
		tokens := im.Use("./runtime/auth.js", "Tokens")
		settings := im.Use("./config/index.js", "settings")
		fmt.Fprintf(&fields, "  /** Issues and verifies tokens (made on first use: JWT_SECRET is checked at start). */\n  readonly tokens: () => %s;\n", tokens)
		fmt.Fprintf(&body, "  let issuer: %s | undefined;\n", tokens)
		issue := ts.Arrow{Params: "(): " + tokens, Body: ts.Raw(fmt.Sprintf("(issuer ??= new %s(config.jwtSecret(), %s.tokenTtlSeconds))", tokens, settings))}
		body.WriteString(line(1, func() any { return ts.Docs{"const tokens = ", ts.ExprDoc(issue), ";"} }))
		n := namesOf(a.Entity)
		role := ""
		if a.RoleField != nil {
			role = ", roleField: " + ts.Str(a.RoleFieldName)
		}
		fmt.Fprintf(&body, "  const access = new %s({ meta: %s%s });\n", access, n.metaVar(&im, "./"), role)
		ret = append(ret, ts.Prop{Key: "tokens"})
	} else {
		im.Type("./runtime/auth.js", "Tokens")
		fields.WriteString("  readonly tokens?: () => Tokens;\n")
		fmt.Fprintf(&body, "  const access = new %s(undefined);\n", access)
	}
	for _, e := range api.Entities {
		n := namesOf(e)
		repo := ts.CallOf(ts.Raw("new "+im.Use("./repositories/"+n.kebab+".repository.js", n.repoClass)), ts.Raw("db"))
		body.WriteString(line(1, func() any { return ts.Decl("const "+n.repoField, repo) }))
	}
	for _, e := range api.Entities {
		n := namesOf(e)
		args := []ts.Expr{ts.Raw("db"), ts.Raw("access"), ts.Raw(n.repoField)}
		for _, t := range relatedEntities(api, e) {
			args = append(args, ts.Raw(namesOf(t).repoField))
		}
		svc := im.Use("./services/"+n.kebab+".service.js", n.service)
		fmt.Fprintf(&fields, "  readonly %s: %s;\n", n.camel, svc)
		body.WriteString(line(1, func() any { return ts.Decl("const "+n.camel+"Service", ts.CallOf(ts.Raw("new "+svc), args...)) }))
		ret = append(ret, ts.Prop{Key: n.camel, Val: ts.Raw(n.camel + "Service")})
	}
	if a := api.Auth; a != nil {
		n := namesOf(a.Entity)
		auth := im.Use("./services/auth.service.js", "AuthService")
		fmt.Fprintf(&fields, "  readonly auth: %s;\n", auth)
		ret = append(ret, ts.Prop{Key: "auth", Val: ts.CallOf(ts.Raw("new "+auth), ts.Raw("db"), ts.Raw("access"), ts.Raw(n.repoField), ts.Raw(n.camel+"Service"), ts.Raw("tokens"))})
		im.Type("./runtime/json.js", "JsonObject")
		fields.WriteString("  /** The create-user command: a user from a JSON body, role included. */\n  readonly createUser?: (body: JsonObject) => Promise<object>;\n")
		parse := im.Use("./runtime/schema.js", "parse")
		schema := im.Use("./schemas/"+n.kebab+".schema.js", "create"+n.pascal+"Schema")
		ret = append(ret, ts.Prop{Key: "createUser", Val: ts.Arrow{Params: "(body)",
			Body: ts.Method(ts.Raw(n.camel+"Service"), "createUser", ts.CallOf(ts.Raw(parse), ts.Raw(schema), ts.Raw("body")))}})
	} else {
		im.Type("./runtime/json.js", "JsonObject")
		fields.WriteString("  readonly createUser?: (body: JsonObject) => Promise<object>;\n")
	}
	if len(api.Endpoints) > 0 {
		svc := im.Use("./services/endpoints.service.js", "EndpointsService")
		fmt.Fprintf(&fields, "  readonly endpoints: %s;\n", svc)
		args := []ts.Expr{ts.Raw("db"), ts.Raw("access")}
		for _, e := range endpointEntities(api) {
			args = append(args, ts.Raw(namesOf(e).repoField))
		}
		ret = append(ret, ts.Prop{Key: "endpoints", Val: ts.CallOf(ts.Raw("new "+svc), args...)})
	}
	var b strings.Builder
	b.WriteString(ts.Header + "\n" + im.String())
	b.WriteString("\n/** The services of one process. */\nexport interface Services {\n" + fields.String() + "}\n")
	b.WriteString("\nexport function createServices(db: Db, config: Config): Services {\n")
	if api.Auth == nil {
		b.WriteString("  void config;\n")
	}
	b.WriteString(body.String())
	b.WriteString(returns(1, ret) + "}\n")
	return b.String()
}

// endpointEntities are the entities whose rows custom endpoints' owner
// rules check, in order of first use.
func endpointEntities(api *ir.API) []*ir.Entity {
	var out []*ir.Entity
	seen := map[*ir.Entity]bool{}
	for _, ep := range api.Endpoints {
		if ep.Access.Owner && ep.Entity != nil && ep.EntityParam != nil && !seen[ep.Entity] {
			seen[ep.Entity] = true
			out = append(out, ep.Entity)
		}
	}
	return out
}

// routesIndex is src/routes/index.ts: the route table for 404 and 405, and
// the router that mounts the custom endpoints' (whose static paths must
// win over an entity's /{id}), the auth routes and every entity's.
func routesIndex(api *ir.API) string {
	var im ts.Imports
	router := im.Use("express", "Router")
	entry := im.Type("../middlewares/routing.middleware.js", "RouteEntry")
	im.Type("../container.js", "Services")
	im.Type("../controllers/list-parser.js", "ListParser")
	opts := im.Use("./options.js", "routerOptions")
	var b strings.Builder
	b.WriteString("\n/** Every route's method and path (src/middlewares/routing.middleware.ts). */\n")
	table := ts.Arr{}
	for _, r := range api.Routes {
		table = append(table, ts.Obj{{Key: "method", Val: ts.Lit(r.Method)}, {Key: "path", Val: ts.Lit(r.Path)}})
	}
	b.WriteString(line(0, func() any { return ts.Decl("export const routeTable: readonly "+entry+"[]", table) }) + "\n")
	b.WriteString("/** The API's routers. */\nexport function apiRouter(services: Services, lists: ListParser): Router {\n")
	fmt.Fprintf(&b, "  const router = %s(%s);\n", router, opts)
	// mount is `router.use(routes(new controller(args)));`.
	mount := func(routes, controller string, args ...string) {
		var as []ts.Expr
		for _, a := range args {
			as = append(as, ts.Raw(a))
		}
		b.WriteString(stmt(1, ts.Method(ts.Raw("router"), "use", ts.CallOf(ts.Raw(routes), ts.CallOf(ts.Raw("new "+controller), as...)))))
	}
	if len(api.Endpoints) > 0 {
		mount(im.Use("./endpoints.routes.js", "endpointRoutes"), im.Use("../controllers/endpoints.controller.js", "EndpointsController"), "services.endpoints")
	}
	if api.Auth != nil {
		mount(im.Use("./auth.routes.js", "authRoutes"), im.Use("../controllers/auth.controller.js", "AuthController"), "services.auth")
	}
	for _, e := range api.Entities {
		n := namesOf(e)
		mount(im.Use("./"+n.kebab+".routes.js", n.camel+"Routes"), im.Use("../controllers/"+n.kebab+".controller.js", n.controller), "services."+n.camel, "lists")
	}
	b.WriteString("  return router;\n}\n")
	return ts.Header + "\n" + im.String() + b.String()
}

// authRoute returns the route of the auth operation name.
func authRoute(api *ir.API, name string) *ir.Route {
	for _, r := range api.Routes {
		if r.Kind == ir.RouteAuth && r.Name == name {
			return r
		}
	}
	return nil
}

// authServiceFile is src/services/auth.service.ts.
func authServiceFile(api *ir.API) string {
	a := api.Auth
	n := namesOf(a.Entity)
	var im ts.Imports
	im.Type("../db.js", "Db")
	row := n.model(&im, "../")
	im.Type("../repositories/"+n.kebab+".repository.js", n.repoClass)
	im.Type("./"+n.kebab+".service.js", n.service)
	im.Type("./access.service.js", "AccessService")
	tokens := im.Type("../runtime/auth.js", "Tokens")
	reg := im.Type("../schemas/auth.schema.js", "RegisterInput")
	login := im.Type("../schemas/auth.schema.js", "LoginInput")
	check := im.Use("../runtime/auth.js", "checkPassword")
	unauth := im.Use("../runtime/problem.js", "unauthorized")
	repo := "this." + n.repoField
	var identity ts.Expr = ts.Raw("input." + propName(a.IdentityName))
	if a.Identity.Type == ir.Email {
		identity = ts.CallOf(ts.Raw(im.Use("../runtime/validation.js", "foldEmail")), identity)
	}
	issue := []ts.Expr{ts.Raw(`String(row["id"])`)}
	if a.RoleField != nil {
		issue = append(issue, ts.Raw("String(row["+ts.Str(a.RoleFieldName)+"])"))
	}
	var callerID ts.Expr = ts.Raw("caller.id")
	if a.Entity.IDType == ir.Int {
		callerID = ts.Raw("BigInt(caller.id)")
	}
	me := authRoute(api, "me")
	var b strings.Builder
	b.WriteString(ts.Header + "\n" + im.String())
	b.WriteString("\n/** The answer to a login (docs/contract.md \"Authentication\"). */\nexport interface TokenResponse {\n  accessToken: string;\n  tokenType: \"bearer\";\n  expiresIn: number;\n}\n")
	fmt.Fprintf(&b, "\n/** Registration, login and the caller's own %s. */\nexport class AuthService {\n", n.camel)
	fmt.Fprintf(&b, "  constructor(\n    private readonly db: Db,\n    private readonly access: AccessService,\n    private readonly %s: %s,\n    private readonly %sService: %s,\n    private readonly tokens: () => %s,\n  ) {}\n",
		n.repoField, n.repoClass, n.camel, n.service, tokens)
	fmt.Fprintf(&b, "\n%s", signature("register", []string{"input: " + reg}, "Promise<"+row+">"))
	b.WriteString(returns(2, ts.Method(ts.Raw("this."+n.camel+"Service"), "register", ts.Raw("input"))) + "  }\n")
	fmt.Fprintf(&b, "\n  /** A token for the %s whose %s and password match; a wrong one and an\n   * unknown one cost the same. */\n", n.camel, a.IdentityName)
	b.WriteString(signature("async login", []string{"input: " + login}, "Promise<TokenResponse>"))
	find := ts.Arrow{Params: "(tx)", Body: ts.Method(ts.Raw(repo), "findStored", ts.Raw("tx"), ts.Lit(a.IdentityName), identity)}
	b.WriteString(line(2, func() any {
		return ts.Decl("const row", ts.Prefix{Op: "await ", X: ts.Method(ts.Raw("this.db"), "read", find)})
	}))
	hash := ts.Ternary{Test: ts.Binary{L: ts.Raw("row"), Op: "===", R: ts.Raw("null")}, Then: ts.Raw("undefined"), Else: ts.Raw("String(row[" + ts.Str(a.PasswordName) + "])")}
	b.WriteString(line(2, func() any { return ts.Decl("const hash", hash) }))
	checked := ts.CallOf(ts.Raw(check), ts.Raw("hash"), ts.Raw("input."+propName(a.PasswordName)))
	refuse := ts.CallOf(ts.Raw(unauth), ts.Lit("wrong "+a.IdentityName+" or password"))
	b.WriteString(line(2, func() any {
		return ts.If(ts.Docs{"!(await ", ts.ExprDoc(checked), ") ||", ts.Line, "row === null"}, ts.Docs{"throw ", ts.ExprDoc(refuse), ";"})
	}))
	b.WriteString(returns(2, ts.Obj{
		{Key: "accessToken", Val: ts.Method(ts.CallOf(ts.Raw("this.tokens")), "issue", issue...)},
		{Key: "tokenType", Val: ts.Lit("bearer")},
		{Key: "expiresIn", Val: ts.Raw(fmt.Sprint(a.TokenTTLSeconds))},
	}) + "  }\n")
	fmt.Fprintf(&b, "\n  /** %s %s: the caller's own %s. */\n%s", me.Method, me.Path, n.camel, signature("me", []string{"subject: string | undefined"}, "Promise<"+row+">"))
	checkMe, _ := access(3, me.Access, true)
	b.WriteString("    return this.db.read(async (tx) => {\n" + checkMe)
	found := ts.Ternary{Test: ts.Binary{L: ts.Raw("caller"), Op: "===", R: ts.Raw("undefined")}, Then: ts.Raw("null"),
		Else: ts.Prefix{Op: "await ", X: ts.Method(ts.Raw(repo), "find", ts.Raw("tx"), callerID)}}
	b.WriteString(line(3, func() any { return ts.Decl("const "+n.camel, found) }))
	fmt.Fprintf(&b, "      if (%s === null) throw %s();\n      return %s;\n    });\n  }\n}\n", n.camel, unauth, n.camel)
	return b.String()
}

// authControllerFile is src/controllers/auth.controller.ts.
func authControllerFile(api *ir.API) string {
	a := api.Auth
	n := namesOf(a.Entity)
	var im ts.Imports
	im.Type("express", "Request")
	im.Type("express", "Response")
	im.Type("../services/auth.service.js", "AuthService")
	reg := im.Type("../schemas/auth.schema.js", "RegisterInput")
	login := im.Type("../schemas/auth.schema.js", "LoginInput")
	send := im.Use("../utils/http.js", "sendJson")
	var b strings.Builder
	b.WriteString(ts.Header + "\n" + im.String())
	b.WriteString("\n/** The HTTP side of authentication (src/routes/auth.routes.ts). */\nexport class AuthController {\n  constructor(private readonly authService: AuthService) {}\n")
	r := authRoute(api, "register")
	// The handlers' names are short: their bodies are at level 2.
	handlerOpen := func(name string, req any) string {
		open, _ := arrowHandler(name, req)
		return open
	}
	answer := func(call ts.Expr) string {
		return stmt(2, ts.CallOf(ts.Raw(send), ts.Raw("res"), ts.Raw("200"), ts.Prefix{Op: "await ", X: call}))
	}
	fmt.Fprintf(&b, "\n  /** %s %s */\n%s", r.Method, r.Path, handlerOpen("register", ts.TypeArgs("Request", []string{"Record<string, string>", "unknown", reg})))
	b.WriteString(line(2, func() any {
		return ts.Decl("const "+n.camel, ts.Prefix{Op: "await ", X: ts.Method(ts.Raw("this.authService"), "register", ts.Raw("req.body"))})
	}))
	b.WriteString(stmt(2, ts.Method(ts.Raw("res"), "setHeader", ts.Lit("Location"), ts.Raw(fmt.Sprintf("`%s%s/${String(%s.id)}`", api.BasePath, a.Entity.Path, n.camel)))))
	b.WriteString(stmt(2, ts.CallOf(ts.Raw(send), ts.Raw("res"), ts.Raw("201"), ts.Raw(n.camel))) + "  };\n")
	r = authRoute(api, "login")
	fmt.Fprintf(&b, "\n  /** %s %s */\n%s", r.Method, r.Path, handlerOpen("login", ts.TypeArgs("Request", []string{"Record<string, string>", "unknown", login})))
	b.WriteString(answer(ts.Method(ts.Raw("this.authService"), "login", ts.Raw("req.body"))) + "  };\n")
	r = authRoute(api, "me")
	fmt.Fprintf(&b, "\n  /** %s %s */\n%s", r.Method, r.Path, handlerOpen("me", "Request"))
	b.WriteString(answer(ts.Method(ts.Raw("this.authService"), "me", ts.Raw("req.subject"))) + "  };\n}\n")
	return b.String()
}

// authRoutesFile is src/routes/auth.routes.ts.
func authRoutesFile(api *ir.API) string {
	var im ts.Imports
	router := im.Use("express", "Router")
	im.Type("../controllers/auth.controller.js", "AuthController")
	opts := im.Use("./options.js", "routerOptions")
	var b strings.Builder
	for _, name := range []string{"register", "login", "me"} {
		r := authRoute(api, name)
		schema := ""
		switch name {
		case "register":
			schema = im.Use("../schemas/auth.schema.js", "registerSchema")
		case "login":
			schema = im.Use("../schemas/auth.schema.js", "loginSchema")
		}
		b.WriteString(routeStmt(r, middlewares(&im, r, schema), "controller."+name))
	}
	var out strings.Builder
	out.WriteString(ts.Header + "\n" + im.String())
	out.WriteString("\n/** Registration, login and the caller's own row. */\n" + routerOpen("authRoutes", "AuthController", router, opts))
	out.WriteString(b.String() + "  return router;\n}\n")
	return out.String()
}
