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
	var fields, body, ret strings.Builder
	if a := api.Auth; a != nil {
		tokens := im.Use("./runtime/auth.js", "Tokens")
		settings := im.Use("./config/index.js", "settings")
		fmt.Fprintf(&fields, "  /** Issues and verifies tokens (made on first use: JWT_SECRET is checked at start). */\n  readonly tokens: () => %s;\n", tokens)
		fmt.Fprintf(&body, "  let issuer: %s | undefined;\n  const tokens = (): %s => (issuer ??= new %s(config.jwtSecret(), %s.tokenTtlSeconds));\n", tokens, tokens, tokens, settings)
		n := namesOf(a.Entity)
		role := ""
		if a.RoleField != nil {
			role = ", roleField: " + ts.Str(a.RoleFieldName)
		}
		fmt.Fprintf(&body, "  const access = new %s({ meta: %s%s });\n", access, n.metaVar(&im, "./"), role)
		ret.WriteString("    tokens,\n")
	} else {
		im.Type("./runtime/auth.js", "Tokens")
		fields.WriteString("  readonly tokens?: () => Tokens;\n")
		fmt.Fprintf(&body, "  const access = new %s(undefined);\n", access)
	}
	for _, e := range api.Entities {
		n := namesOf(e)
		fmt.Fprintf(&body, "  const %s = new %s(db);\n", n.repoField, im.Use("./repositories/"+n.kebab+".repository.js", n.repoClass))
	}
	for _, e := range api.Entities {
		n := namesOf(e)
		args := []string{"db", "access", n.repoField}
		for _, t := range relatedEntities(api, e) {
			args = append(args, namesOf(t).repoField)
		}
		svc := im.Use("./services/"+n.kebab+".service.js", n.service)
		fmt.Fprintf(&fields, "  readonly %s: %s;\n", n.camel, svc)
		fmt.Fprintf(&body, "  const %sService = new %s(%s);\n", n.camel, svc, strings.Join(args, ", "))
		fmt.Fprintf(&ret, "    %s: %sService,\n", n.camel, n.camel)
	}
	if a := api.Auth; a != nil {
		n := namesOf(a.Entity)
		auth := im.Use("./services/auth.service.js", "AuthService")
		fmt.Fprintf(&fields, "  readonly auth: %s;\n", auth)
		fmt.Fprintf(&ret, "    auth: new %s(db, access, %s, %sService, tokens),\n", auth, n.repoField, n.camel)
		im.Type("./runtime/json.js", "JsonObject")
		fields.WriteString("  /** The create-user command: a user from a JSON body, role included. */\n  readonly createUser?: (body: JsonObject) => Promise<object>;\n")
		parse := im.Use("./runtime/schema.js", "parse")
		schema := im.Use("./schemas/"+n.kebab+".schema.js", "create"+n.pascal+"Schema")
		fmt.Fprintf(&ret, "    createUser: (body) => %sService.createUser(%s(%s, body)),\n", n.camel, parse, schema)
	} else {
		im.Type("./runtime/json.js", "JsonObject")
		fields.WriteString("  readonly createUser?: (body: JsonObject) => Promise<object>;\n")
	}
	if len(api.Endpoints) > 0 {
		svc := im.Use("./services/endpoints.service.js", "EndpointsService")
		fmt.Fprintf(&fields, "  readonly endpoints: %s;\n", svc)
		args := []string{"db", "access"}
		for _, e := range endpointEntities(api) {
			args = append(args, namesOf(e).repoField)
		}
		fmt.Fprintf(&ret, "    endpoints: new %s(%s),\n", svc, strings.Join(args, ", "))
	}
	var b strings.Builder
	b.WriteString(ts.Header + "\n" + im.String())
	b.WriteString("\n/** The services of one process. */\nexport interface Services {\n" + fields.String() + "}\n")
	b.WriteString("\nexport function createServices(db: Db, config: Config): Services {\n")
	if api.Auth == nil {
		b.WriteString("  void config;\n")
	}
	b.WriteString(body.String())
	b.WriteString("  return {\n" + ret.String() + "  };\n}\n")
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
	fmt.Fprintf(&b, "export const routeTable: readonly %s[] = [\n", entry)
	for _, r := range api.Routes {
		fmt.Fprintf(&b, "  { method: %s, path: %s },\n", ts.Str(r.Method), ts.Str(r.Path))
	}
	b.WriteString("];\n\n")
	b.WriteString("/** The API's routers. */\nexport function apiRouter(services: Services, lists: ListParser): Router {\n")
	fmt.Fprintf(&b, "  const router = %s(%s);\n", router, opts)
	if len(api.Endpoints) > 0 {
		fmt.Fprintf(&b, "  router.use(%s(new %s(services.endpoints)));\n",
			im.Use("./endpoints.routes.js", "endpointRoutes"), im.Use("../controllers/endpoints.controller.js", "EndpointsController"))
	}
	if api.Auth != nil {
		fmt.Fprintf(&b, "  router.use(%s(new %s(services.auth)));\n",
			im.Use("./auth.routes.js", "authRoutes"), im.Use("../controllers/auth.controller.js", "AuthController"))
	}
	for _, e := range api.Entities {
		n := namesOf(e)
		fmt.Fprintf(&b, "  router.use(%s(new %s(services.%s, lists)));\n",
			im.Use("./"+n.kebab+".routes.js", n.camel+"Routes"), im.Use("../controllers/"+n.kebab+".controller.js", n.controller), n.camel)
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
	identity := "input." + propName(a.IdentityName)
	if a.Identity.Type == ir.Email {
		identity = im.Use("../runtime/validation.js", "foldEmail") + "(" + identity + ")"
	}
	role := ""
	if a.RoleField != nil {
		role = fmt.Sprintf(", String(row[%s])", ts.Str(a.RoleFieldName))
	}
	callerID := "caller.id"
	if a.Entity.IDType == ir.Int {
		callerID = "BigInt(caller.id)"
	}
	me := authRoute(api, "me")
	var b strings.Builder
	b.WriteString(ts.Header + "\n" + im.String())
	b.WriteString("\n/** The answer to a login (docs/contract.md \"Authentication\"). */\nexport interface TokenResponse {\n  accessToken: string;\n  tokenType: \"bearer\";\n  expiresIn: number;\n}\n")
	fmt.Fprintf(&b, "\n/** Registration, login and the caller's own %s. */\nexport class AuthService {\n", n.camel)
	fmt.Fprintf(&b, "  constructor(\n    private readonly db: Db,\n    private readonly access: AccessService,\n    private readonly %s: %s,\n    private readonly %sService: %s,\n    private readonly tokens: () => %s,\n  ) {}\n",
		n.repoField, n.repoClass, n.camel, n.service, tokens)
	fmt.Fprintf(&b, "\n  register(input: %s): Promise<%s> {\n    return this.%sService.register(input);\n  }\n", reg, row, n.camel)
	fmt.Fprintf(&b, "\n  /** A token for the %s whose %s and password match; a wrong one and an\n   * unknown one cost the same. */\n", n.camel, a.IdentityName)
	fmt.Fprintf(&b, "  async login(input: %s): Promise<TokenResponse> {\n", login)
	fmt.Fprintf(&b, "    const row = await this.db.read((tx) => %s.findStored(tx, %s, %s));\n", repo, ts.Str(a.IdentityName), identity)
	fmt.Fprintf(&b, "    const hash = row === null ? undefined : String(row[%s]);\n", ts.Str(a.PasswordName))
	fmt.Fprintf(&b, "    if (!(await %s(hash, input.%s)) || row === null) throw %s(%s);\n", check, propName(a.PasswordName), unauth, ts.Str("wrong "+a.IdentityName+" or password"))
	fmt.Fprintf(&b, "    return { accessToken: this.tokens().issue(String(row[\"id\"])%s), tokenType: \"bearer\", expiresIn: %d };\n  }\n", role, a.TokenTTLSeconds)
	fmt.Fprintf(&b, "\n  /** %s %s: the caller's own %s. */\n  me(subject: string | undefined): Promise<%s> {\n", me.Method, me.Path, n.camel, row)
	fmt.Fprintf(&b, "    return this.db.read(async (tx) => {\n      const { caller } = await this.access.check(tx, subject, %s);\n", rules(me.Access))
	fmt.Fprintf(&b, "      const %s = caller === undefined ? null : await %s.find(tx, %s);\n", n.camel, repo, callerID)
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
	fmt.Fprintf(&b, "\n  /** %s %s */\n  register = async (req: Request<Record<string, string>, unknown, %s>, res: Response): Promise<void> => {\n", r.Method, r.Path, reg)
	fmt.Fprintf(&b, "    const %s = await this.authService.register(req.body);\n", n.camel)
	fmt.Fprintf(&b, "    res.setHeader(\"Location\", `%s%s/${String(%s.id)}`);\n    %s(res, 201, %s);\n  };\n", api.BasePath, a.Entity.Path, n.camel, send, n.camel)
	r = authRoute(api, "login")
	fmt.Fprintf(&b, "\n  /** %s %s */\n  login = async (req: Request<Record<string, string>, unknown, %s>, res: Response): Promise<void> => {\n", r.Method, r.Path, login)
	fmt.Fprintf(&b, "    %s(res, 200, await this.authService.login(req.body));\n  };\n", send)
	r = authRoute(api, "me")
	fmt.Fprintf(&b, "\n  /** %s %s */\n  me = async (req: Request, res: Response): Promise<void> => {\n", r.Method, r.Path)
	fmt.Fprintf(&b, "    %s(res, 200, await this.authService.me(req.subject));\n  };\n}\n", send)
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
		args := append([]string{ts.Str(expressPath(r.Path))}, middlewares(&im, r, schema)...)
		fmt.Fprintf(&b, "  router.%s(%s);\n", strings.ToLower(r.Method), strings.Join(append(args, "controller."+name), ", "))
	}
	var out strings.Builder
	out.WriteString(ts.Header + "\n" + im.String())
	fmt.Fprintf(&out, "\n/** Registration, login and the caller's own row. */\nexport function authRoutes(controller: AuthController): Router {\n  const router = %s(%s);\n", router, opts)
	out.WriteString(b.String() + "  return router;\n}\n")
	return out.String()
}
