package express

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/bgen-dev/bgen/emitters/ts"
	"github.com/bgen-dev/bgen/ir"
	"github.com/bgen-dev/bgen/ir/sample"
)

// testFiles are the generated tests, by path.
func testFiles(api *ir.API) map[string]string {
	g := newTGen(api)
	out := map[string]string{
		"tests/tsconfig.json":  testsTSConfig,
		"tests/support.ts":     ts.Header + testSupport,
		"tests/system.test.ts": g.systemFile(),
	}
	if api.Auth != nil {
		out["tests/fixtures.ts"] = g.fixturesFile()
		if g.admin && g.plain {
			out["tests/auth.test.ts"] = g.authFile()
		}
	}
	if len(api.Endpoints) > 0 {
		out["tests/endpoints.test.ts"] = g.endpointsFile()
	}
	for _, e := range api.Entities {
		out["tests/entities/"+e.Name.Kebab()+".test.ts"] = g.entityFile(e)
	}
	for p, data := range out {
		if data == "" {
			delete(out, p) // nothing to test: no file (a harness without tests would not stop)
		}
	}
	return out
}

func (g *tgen) fixturesFile() string {
	var b strings.Builder
	b.WriteString(ts.Header)
	b.WriteString("// The callers of the generated tests, from bgen's value generator\n// (ir/sample): value number 0 of each field for the privileged caller,\n// 1 for the user who registers.\n")
	if g.admin {
		role := ""
		if g.adminRole != "" {
			role = " (role " + g.adminRole + ")"
		}
		fmt.Fprintf(&b, "\n/** The privileged caller%s, made as create-user makes users. */\n", role)
		fmt.Fprintf(&b, "export const ADMIN = {\n  body: %s,\n  login: %s,\n};\n", str(g.adminBody), g.adminLog)
	}
	if g.plain {
		body, _ := g.registerBody(1)
		login, _ := g.login(1, nil)
		fmt.Fprintf(&b, "\n/** A user who registers. */\nexport const PLAIN = {\n  body: %s,\n  login: %s,\n};\n", body, login)
	}
	return b.String()
}

// routedPaths are the request paths of the routes (parameters filled in)
// with their methods, sorted.
func (g *tgen) routedPaths() ([]string, map[string][]string) {
	methods := map[string][]string{}
	for _, r := range g.api.Routes {
		p := r.Path
		for _, prm := range r.Params {
			v := "x"
			switch {
			case prm.Type == ir.UUID:
				v = "00000000-0000-4000-8000-000000000000"
			case prm.Type == ir.Int, prm.Entity != nil && prm.Entity.IDType == ir.Int:
				v = "1"
			}
			p = strings.Replace(p, "{"+prm.Name+"}", v, 1)
		}
		methods[p] = append(methods[p], r.Method)
	}
	var paths []string
	for p := range methods {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	return paths, methods
}

func allow(methods []string) string {
	set := map[string]bool{}
	for _, m := range methods {
		set[m] = true
	}
	if set["GET"] {
		set["HEAD"] = true
	}
	var out []string
	for _, m := range []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"} {
		if set[m] {
			out = append(out, m)
		}
	}
	return strings.Join(out, ", ")
}

func (g *tgen) systemFile() string {
	f := g.newFile("./")
	f.p("\ntest(\"health, ready and the OpenAPI document\", async () => {")
	f.p("  assert.deepEqual(expectObject(await h.call(\"GET\", \"/health\", { token: null }), 200), { status: \"ok\" });")
	f.p("  assert.deepEqual(expectObject(await h.call(\"GET\", \"/ready\", { token: null }), 200), { status: \"ok\" });")
	f.p("  const doc = expectObject(await h.call(\"GET\", \"/openapi.json\", { token: null }), 200);")
	f.p("  assert.match(String(doc[\"openapi\"]), /^3\\.1\\./);")
	f.p("  assert.equal((doc[\"info\"] as Resource)[\"version\"], %s);", str(g.api.Version))
	f.p("  const head = await h.call(\"HEAD\", \"/health\");")
	f.p("  expectStatus(head, 200);")
	f.p("  assert.equal(head.text, \"\");")
	f.p("});")

	paths, methods := g.routedPaths()
	var cases []string
	for _, p := range paths {
		ms := methods[p]
		set := map[string]bool{}
		for _, m := range ms {
			set[m] = true
		}
		for _, m := range []string{"PUT", "PATCH", "DELETE", "POST", "GET"} {
			if !set[m] {
				cases = append(cases, fmt.Sprintf("[%s, %s, %s]", str(m), str(p), str(allow(ms))))
				break
			}
		}
	}
	missing := []string{g.api.BasePath + "/zz-no-such-path", "/zz-no-such-path", "/health/"}
	for _, e := range g.api.Entities {
		if e.Operation(ir.OpList) != nil || e.Operation(ir.OpCreate) != nil {
			missing = append(missing, collection(g, e)+"/", collection(g, e)+"%2F1", collection(g, e)+"%2f1")
			break
		}
	}
	f.p("\ntest(\"unknown paths are 404, other methods 405 with Allow\", async () => {")
	f.p("  for (const path of %s) expectProblem(await h.call(\"GET\", path), 404);", tsList(missing))
	f.p("  const cases: readonly (readonly [string, string, string])[] = [\n    %s,\n  ];", strings.Join(cases, ",\n    "))
	f.p("  for (const [method, path, allow] of cases) {")
	f.p("    const r = await h.call(method, path);")
	f.p("    expectProblem(r, 405);")
	f.p("    assert.equal(r.headers[\"allow\"], allow, `${method} ${path}: Allow`);")
	f.p("  }")
	f.p("});")

	f.p("\ntest(\"request ids and security headers\", async () => {")
	f.p("  const own = await h.call(\"GET\", \"/health\", { headers: { \"X-Request-ID\": \"Req-1._~\" } });")
	f.p("  assert.equal(own.headers[\"x-request-id\"], \"Req-1._~\");")
	f.p("  for (const given of [\"not ok\", \"x\".repeat(129)]) {")
	f.p("    const made = await h.call(\"GET\", \"/health\", { headers: { \"X-Request-ID\": given } });")
	f.p("    assert.match(made.headers[\"x-request-id\"] ?? \"\", /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);")
	f.p("  }")
	f.p("  for (const r of [own, await h.call(\"GET\", \"/zz-no-such-path\")]) {")
	f.p("    assert.ok(r.headers[\"x-request-id\"], \"X-Request-ID\");")
	f.p("    assert.equal(r.headers[\"x-content-type-options\"], \"nosniff\");")
	f.p("    assert.equal(r.headers[\"x-frame-options\"], \"DENY\");")
	f.p("    assert.equal(r.headers[\"referrer-policy\"], \"no-referrer\");")
	f.p("  }")
	f.p("});")

	f.p("\ntest(\"CORS only for the configured origins\", async () => {")
	if len(g.api.CORSOrigins) > 0 {
		o := g.api.CORSOrigins[0]
		f.p("  const allowed = await h.call(\"GET\", \"/health\", { headers: { Origin: %s } });", str(o))
		f.p("  assert.equal(allowed.headers[\"access-control-allow-origin\"], %s);", str(o))
	}
	f.p("  const other = await h.call(\"GET\", \"/health\", { headers: { Origin: \"https://zz-not-allowed.example\" } });")
	f.p("  assert.equal(other.headers[\"access-control-allow-origin\"], undefined);")
	f.p("});")

	// A route that takes a body, for the body rules.
	bodyRoute := ""
	if g.api.Auth != nil {
		bodyRoute = g.api.BasePath + "/auth/register"
	} else {
		for _, e := range g.api.Entities {
			if g.adminOn(e, ir.OpCreate) == allowed {
				bodyRoute = collection(g, e)
				break
			}
		}
	}
	if bodyRoute != "" {
		f.p("\ntest(\"request bodies: media type, JSON, objects, nesting and size\", async () => {")
		f.p("  const path = %s;", str(bodyRoute))
		f.p("  expectProblem(await h.call(\"POST\", path, { raw: \"{}\", headers: { \"Content-Type\": \"text/plain\" } }), 415);")
		f.p("  expectProblem(await h.call(\"POST\", path, { body: {}, headers: { \"Content-Type\": \"application/jsonx\" } }), 415);")
		f.p("  expectStatus(await h.call(\"POST\", path, { raw: \"{}\", headers: { \"Content-Type\": \"application/json; charset=utf-8\" } }), 422);")
		f.p("  for (const raw of [\"\", \"{\", \"[1]\", \"null\", \"1\", '\"x\"', '{\"a\":1,}']) {")
		f.p("    expectProblem(await h.call(\"POST\", path, { raw }), 400);")
		f.p("  }")
		f.p("  expectStatus(await h.call(\"POST\", path, { raw: `{\"zzUnknown\":${\"[\".repeat(62)}${\"]\".repeat(62)}}` }), 422);")
		f.p("  expectProblem(await h.call(\"POST\", path, { raw: `{\"zzUnknown\":${\"[\".repeat(64)}${\"]\".repeat(64)}}` }), 400);")
		f.p("  expectProblem(await h.call(\"POST\", path, { body: { zzUnknown: \"x\".repeat(%d) } }), 413);", g.api.MaxBodyBytes)
		f.p("});")
	}

	f.p("\ntest(\"request limits: target and header fields\", async () => {")
	f.p("  expectProblem(await h.call(\"GET\", `/health?${\"x\".repeat(8200)}`), 414);")
	f.p("  expectProblem(await h.call(\"GET\", \"/health\", { headers: { \"X-Pad\": \"x\".repeat(16400) } }), 431);")
	f.p("});")
	return f.String()
}

func (g *tgen) authFile() string {
	a := g.auth
	f := g.newFile("./")
	base := g.api.BasePath
	id, pw := str(a.Identity.Name), str(a.Password.Name)
	wrong, _ := g.login(1, "wrong-password-1234567")
	unknownUser, _ := g.login(7, nil)
	f.p("\ntest(\"register, log in and read me\", async () => {")
	f.p("  const r = await h.call(\"POST\", %s, { body: PLAIN.body, token: null });", str(base+"/auth/register"))
	f.p("  const user = expectObject(r, 201);")
	f.p("  assert.equal(r.headers[\"location\"], `%s/${String(user[\"id\"])}`);", base+a.Entity.Path)
	f.p("  for (const [k, v] of Object.entries(PLAIN.body)) {")
	f.p("    if (k !== %s) assert.deepEqual(user[k], v, k);", pw)
	f.p("  }")
	f.p("  assert.equal(%s in user, false, \"no password in resources\");", pw)
	if a.RoleField != nil && g.plainRole != "" {
		f.p("  assert.equal(user[%s], %s);", str(a.RoleField.Name), str(g.plainRole))
	}
	f.p("  expectErrors(await h.call(\"POST\", %s, { body: PLAIN.body, token: null }), 409, [[%s, \"unique\"]]);", str(base+"/auth/register"), id)
	f.p("  const login = expectObject(await h.call(\"POST\", %s, { body: PLAIN.login, token: null }), 200);", str(base+"/auth/login"))
	f.p("  assert.equal(typeof login[\"accessToken\"], \"string\");")
	f.p("  assert.equal(login[\"tokenType\"], \"bearer\");")
	f.p("  assert.equal(login[\"expiresIn\"], %d);", a.TokenTTLSeconds)
	f.p("  const token = String(login[\"accessToken\"]);")
	f.p("  assert.deepEqual(expectObject(await h.call(\"GET\", %s, { token }), 200), user);", str(base+"/auth/me"))
	f.p("  for (const body of [%s, %s]) {", wrong, unknownUser)
	f.p("    expectUnauthorized(await h.call(\"POST\", %s, { body, token: null }));", str(base+"/auth/login"))
	f.p("  }")
	f.p("  for (const bad of [null, \"not-a-token\", `${token}x`]) {")
	f.p("    expectUnauthorized(await h.call(\"GET\", %s, { token: bad }));", str(base+"/auth/me"))
	f.p("  }")
	f.p("});")

	// Register validation.
	var cases []invalidCase
	for _, fd := range a.Register {
		for _, inv := range sample.Invalids(fd) {
			cases = append(cases, invalidCase{fd.Name, inv.Name, rawJSON(inv.Value), inv.Code})
		}
	}
	reg := map[*ir.Field]bool{}
	for _, fd := range a.Register {
		reg[fd] = true
	}
	cases = append(cases, readOnlyCases(a.Entity, a.Register)...)
	var want [][2]string
	for _, fd := range a.Entity.Fields {
		if reg[fd] && fd.Required {
			want = append(want, [2]string{fd.Name, "required"})
		}
	}
	want = append(want, [2]string{"zzUnknown", "unknown"})
	f.p("\ntest(\"register refuses each invalid value with its code\", async (t) => {")
	f.p("  expectErrors(await h.call(\"POST\", %s, { body: { zzUnknown: 1 }, token: null }), 422, %s);", str(base+"/auth/register"), pairs(want))
	f.p("  const cases: readonly (readonly [string, string, string, string])[] = %s;", caseTable(cases))
	f.p("  for (const [field, label, raw, code] of cases) {")
	f.p("    await t.test(`${field}: ${label}`, async () => {")
	f.p("      expectErrors(await h.call(\"POST\", %s, { raw: withRaw(PLAIN.body, field, raw), token: null }), 422, [[field, code]]);", str(base+"/auth/register"))
	f.p("    });")
	f.p("  }")
	f.p("});")

	// Login validation: both fields in resource order.
	var loginWant [][2]string
	for _, fd := range a.Entity.Fields {
		if fd == a.Identity || fd == a.Password {
			loginWant = append(loginWant, [2]string{fd.Name, "required"})
		}
	}
	f.p("\ntest(\"login refuses missing and unknown fields\", async () => {")
	f.p("  expectErrors(await h.call(\"POST\", %s, { body: {}, token: null }), 422, %s);", str(base+"/auth/login"), pairs(loginWant))
	f.p("  expectErrors(await h.call(\"POST\", %s, { raw: withRaw(PLAIN.login, \"zzUnknown\", \"1\"), token: null }), 422, [[\"zzUnknown\", \"unknown\"]]);", str(base+"/auth/login"))
	f.p("  expectErrors(await h.call(\"POST\", %s, { raw: withRaw(PLAIN.login, %s, \"5\"), token: null }), 422, [[%s, \"type\"]]);", str(base+"/auth/login"), id, id)
	f.p("});")
	return f.String()
}

// queryValue is a sample value as a query string writes it.
func queryValue(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// paramCode is the code of a bad path or query parameter value.
func paramCode(f *ir.Field) string {
	switch f.Type {
	case ir.Int, ir.Float, ir.Bool:
		return "type"
	case ir.Enum:
		return "enum"
	}
	return "format"
}

func (g *tgen) endpointsFile() string {
	f := g.newFile("./")
	for _, ep := range g.api.Endpoints {
		var route *ir.Route
		for _, r := range g.api.Routes {
			if r.Endpoint == ep {
				route = r
			}
		}
		if route == nil {
			continue
		}
		// A valid call: path parameters, query and body.
		var setup []string
		pathVals := map[string]string{}
		ok := true
		for _, prm := range ep.Params {
			if prm == ep.EntityParam && ep.Entity != nil {
				if g.canCreate(ep.Entity) {
					setup = append(setup, fmt.Sprintf("  const row = await %s;", f.create(ep.Entity)))
					pathVals[prm.Name] = "${String(row[\"id\"])}"
				} else {
					pathVals[prm.Name] = missingIDPath(ep.Entity)
				}
				continue
			}
			v, good := values.At(prm, 0)
			if !good {
				ok = false
				break
			}
			pathVals[prm.Name] = strings.ReplaceAll(queryValue(v), "`", "\\`")
		}
		if !ok {
			continue
		}
		pathWith := func(name, v string) string {
			p := g.api.BasePath + ep.Path
			for _, prm := range ep.Params {
				x := pathVals[prm.Name]
				if prm.Name == name {
					x = v
				}
				p = strings.Replace(p, "{"+prm.Name+"}", x, 1)
			}
			return "`" + p + "`"
		}
		var qparts []string
		for _, q := range ep.Query {
			if !q.Required {
				continue
			}
			v, good := values.At(q, 0)
			if !good {
				ok = false
				break
			}
			qparts = append(qparts, str(q.Name)+": "+str(queryValue(v)))
		}
		var bparts []string
		for _, b := range ep.Body {
			if !b.Required {
				continue
			}
			v, good := g.value(b, 0)
			if !good {
				ok = false
				break
			}
			bparts = append(bparts, str(b.Name)+": "+v)
		}
		if !ok {
			continue
		}
		body := ""
		if ep.Body != nil {
			body = ", body"
		}
		// Checks.
		var lines []string
		add := func(format string, args ...any) { lines = append(lines, fmt.Sprintf(format, args...)) }
		if !ep.Access.Public && g.auth != nil {
			add("  expectUnauthorized(await h.call(%s, path + q, { token: null%s }));", str(ep.Method), body)
		}
		plainKnown := g.plain && (g.auth.RoleField == nil || g.plainRole != "")
		if g.auth != nil && plainKnown && outcome(ep.Access, false, g.plainRole, false) == forbidden {
			add("  const plain = await h.register(PLAIN.body, PLAIN.login);")
			add("  expectProblem(await h.call(%s, path + q, { token: plain.token%s }), 403);", str(ep.Method), body)
		}
		adminOK := g.auth == nil && ep.Access.Public || g.auth != nil && g.admin && outcome(ep.Access, false, g.adminRole, true) == allowed
		if adminOK {
			for _, prm := range ep.Params {
				for _, bad := range badFilterValues(prm) {
					add("  expectErrors(await h.call(%s, %s + q%s), 422, [[%s, %s]]);", str(ep.Method), pathWith(prm.Name, bad), map[bool]string{true: ", { body }", false: ""}[body != ""], str(prm.Name), str(paramCode(prm)))
				}
			}
			call := func(q string) string {
				opts := ""
				if body != "" {
					opts = ", { body }"
				}
				return fmt.Sprintf("await h.call(%s, path + %s%s)", str(ep.Method), q, opts)
			}
			for _, q := range ep.Query {
				others := func(name, v string, drop bool) string {
					var parts []string
					for _, p := range qparts {
						if !strings.HasPrefix(p, str(name)+":") {
							parts = append(parts, p)
						}
					}
					if !drop {
						parts = append(parts, str(name)+": "+str(v))
					}
					return "query(" + objectLiteral(parts) + ")"
				}
				if q.Required {
					add("  expectErrors(%s, 422, [[%s, \"required\"]]);", call(others(q.Name, "", true)), str(q.Name))
				}
				for _, bad := range badFilterValues(q) {
					add("  expectErrors(%s, 422, [[%s, %s]]);", call(others(q.Name, bad, false)), str(q.Name), str(paramCode(q)))
				}
				for _, inv := range sample.Invalids(q) {
					if inv.Code == "min" || inv.Code == "max" || inv.Code == "enum" {
						add("  expectErrors(%s, 422, [[%s, %s]]);", call(others(q.Name, queryValue(inv.Value), false)), str(q.Name), str(inv.Code))
					}
				}
			}
			if ep.Body != nil {
				var cases []invalidCase
				for _, b := range ep.Body {
					for _, inv := range sample.Invalids(b) {
						cases = append(cases, invalidCase{b.Name, inv.Name, rawJSON(inv.Value), inv.Code})
					}
				}
				cases = append(cases, invalidCase{"zzUnknown", "unknown", str("1"), "unknown"})
				add("  const cases: readonly (readonly [string, string, string, string])[] = %s;", caseTable(cases))
				add("  for (const [field, label, raw, code] of cases) {")
				add("    await t.test(`${field}: ${label}`, async () => {")
				add("      expectErrors(await h.call(%s, path + q, { raw: withRaw(body, field, raw) }), 422, [[field, code]]);", str(ep.Method))
				add("    });")
				add("  }")
				add("  expectProblem(await h.call(%s, path + q, { raw: \"[1]\" }), 400);", str(ep.Method))
			}
		}
		if len(lines) == 0 {
			continue
		}
		sig := "async () => {"
		if strings.Contains(strings.Join(lines, "\n"), "t.test(") {
			sig = "async (t) => {"
		}
		f.p("\ntest(%s, %s", str(fmt.Sprintf("%s (%s %s): access and parameters", ep.Name, ep.Method, ep.Path)), sig)
		for _, s := range setup {
			f.p("%s", s)
		}
		joined := strings.Join(lines, "\n")
		if strings.Contains(joined, "path +") {
			f.p("  const path = %s;", pathWith("", ""))
		}
		if strings.Contains(joined, "+ q") {
			f.p("  const q = query(%s);", objectLiteral(qparts))
		}
		if ep.Body != nil && strings.Contains(joined, "body") {
			f.p("  const body: Resource = %s;", objectLiteral(bparts))
		}
		for _, l := range lines {
			f.p("%s", l)
		}
		f.p("});")
	}
	return f.String()
}

// objectLiteral is a TypeScript object literal of "key: value" parts.
func objectLiteral(parts []string) string {
	if len(parts) == 0 {
		return "{}"
	}
	return "{ " + strings.Join(parts, ", ") + " }"
}
