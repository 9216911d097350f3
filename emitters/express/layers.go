package express

import (
	"fmt"
	"strings"

	"github.com/bgen-dev/bgen/emitters/ts"
	"github.com/bgen-dev/bgen/ir"
)

// The layers of an entity, as an Express developer lays them out: a
// router per entity (src/routes) naming its middlewares route by route, a
// controller (src/controllers) that reads the request and answers, a
// service (src/services) that runs each operation in one transaction
// under its access rules and the user's hooks, and a repository
// (src/repositories) over the entity's Prisma model. The generic work
// (SQL for lists, the database's errors, ownership) is the runtime's
// Repository and AccessService; what these files say is the spec's: the
// routes, their rules, the relations and the types.

// names of one entity's generated symbols.
type entityNames struct {
	e                          *ir.Entity
	pascal, camel, kebab       string
	meta, repoClass, repoField string
	service, controller        string
}

func namesOf(e *ir.Entity) entityNames {
	p, c := e.Name.Pascal(), e.Name.Camel()
	return entityNames{
		e: e, pascal: p, camel: c, kebab: e.Name.Kebab(),
		meta: c + "Meta", repoClass: p + "Repository", repoField: c + "Repository",
		service: p + "Service", controller: p + "Controller",
	}
}

func (n entityNames) model(im *ts.Imports, from string) string {
	return im.Type(from+"models/"+n.kebab+".js", n.pascal)
}

func (n entityNames) metaVar(im *ts.Imports, from string) string {
	return im.Use(from+"models/"+n.kebab+".js", n.meta)
}

// idType is the TypeScript type of e's id.
func idType(e *ir.Entity) string {
	if e.IDType == ir.UUID {
		return "string"
	}
	return "bigint"
}

// idParser is the utils/ids.ts function that reads e's id from a path.
func idParser(e *ir.Entity) string {
	if e.IDType == ir.UUID {
		return "uuidId"
	}
	return "intId"
}

// expressPath is an IR path ("/api/posts/{id}") in Express's syntax.
func expressPath(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		if strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") {
			segs[i] = ":" + s[1:len(s)-1]
		}
	}
	return strings.Join(segs, "/")
}

// rules is the array of a route's access rules, as AccessService.check
// takes them.
func rules(rs []ir.Rule) ts.Expr {
	out := ts.Arr{}
	for _, r := range rs {
		var o ts.Obj
		if r.Public {
			o = append(o, ts.Prop{Key: "public", Val: ts.Raw("true")})
		}
		if r.Authenticated {
			o = append(o, ts.Prop{Key: "authenticated", Val: ts.Raw("true")})
		}
		if r.Owner {
			o = append(o, ts.Prop{Key: "owner", Val: ts.Raw("true")})
		}
		if len(r.Roles) > 0 {
			o = append(o, ts.Prop{Key: "roles", Val: litArr(r.Roles)})
		}
		out = append(out, o)
	}
	return out
}

// ruleSummary says a route's rules in words, for doc comments.
func ruleSummary(rs []ir.Rule) string {
	if len(rs) == 0 {
		return "anyone"
	}
	var out []string
	for _, r := range rs {
		var alts []string
		if r.Public {
			alts = append(alts, "public")
		}
		if r.Authenticated {
			alts = append(alts, "authenticated")
		}
		if len(r.Roles) > 0 {
			alts = append(alts, "roles "+strings.Join(r.Roles, ", "))
		}
		if r.Owner {
			alts = append(alts, "owner")
		}
		out = append(out, strings.Join(alts, " or "))
	}
	return strings.Join(out, "; then ")
}

// relMethod is the service and controller method of a relation route.
func relMethod(r *ir.Route) string {
	rel := r.Relation.Ident.Pascal()
	switch {
	case r.Kind == ir.RouteLink:
		return "link" + rel
	case r.Kind == ir.RouteUnlink:
		return "unlink" + rel
	case r.Relation.Kind == ir.HasOne:
		return "get" + rel
	default:
		return "list" + rel
	}
}

// routesOf returns e's operation and relation routes, in API.Routes order.
func routesOf(api *ir.API, e *ir.Entity) []*ir.Route {
	var out []*ir.Route
	for _, r := range api.Routes {
		switch r.Kind {
		case ir.RouteOperation, ir.RouteRelation, ir.RouteLink, ir.RouteUnlink:
			if r.Entity == e {
				out = append(out, r)
			}
		}
	}
	return out
}

// relatedEntities are the targets of e's relation routes other than e,
// in order of first use.
func relatedEntities(api *ir.API, e *ir.Entity) []*ir.Entity {
	var out []*ir.Entity
	seen := map[*ir.Entity]bool{e: true}
	for _, r := range routesOf(api, e) {
		if r.Relation != nil && !seen[r.Relation.Target] {
			seen[r.Relation.Target] = true
			out = append(out, r.Relation.Target)
		}
	}
	return out
}

func hasPassword(e *ir.Entity) bool {
	for _, f := range e.Fields {
		if f.Type == ir.Password {
			return true
		}
	}
	return false
}

// line is the statement build returns, laid out on lines indented by
// level two-space steps, with its newline.
func line(level int, build func() any) string { return ts.PrintIndented(level, build) + "\n" }

// stmt is the expression statement `e;` indented by level steps.
func stmt(level int, e ts.Expr) string {
	return line(level, func() any { return ts.Docs{ts.ExprDoc(e), ";"} })
}

// awaitStmt is `await e;` indented by level steps.
func awaitStmt(level int, e ts.Expr) string {
	return stmt(level, ts.Prefix{Op: "await ", X: e})
}

// returns is `return e;` indented by level steps.
func returns(level int, e ts.Expr) string {
	return line(level, func() any { return ts.Docs{"return ", ts.ExprDoc(e), ";"} })
}

// signature opens a class method: `head(params): result {`, its
// parameters one a line when they do not fit.
func signature(head string, params []string, result any) string {
	ps := make([]any, len(params))
	for i, p := range params {
		ps[i] = p
	}
	return line(1, func() any { return ts.Params(head, ps, ts.Docs{": ", result, " {"}) })
}

// arrowHandler opens a controller's handler, `name = async (req: req,
// res: Response): Promise<void> => {`, its parameters one a line when
// they do not fit; level is the indentation of its body. A name too long
// for `name = async (` on the line puts the function on the next line,
// and its body one step further (prettier's fluid assignment).
func arrowHandler(name string, req any) (open string, level int) {
	sig := func() any {
		return ts.Params("async ", []any{ts.Docs{"req: ", req}, "res: Response"}, ": Promise<void> => {")
	}
	if len("  "+name+" = async (") <= ts.PrintWidth {
		return line(1, func() any { return ts.Docs{name + " = ", sig()} }), 2
	}
	return line(1, func() any { return ts.Docs{name + " =", ts.Nest(ts.Docs{ts.Hardline, sig()})} }), 3
}

// requestType is the type of a handler's request: Request with its path
// parameters' type (the props, "name: string") and body's.
func requestType(props []string, body string) any {
	if len(props) == 0 && body == "" {
		return "Request"
	}
	if body == "" {
		return ts.ObjectTypeArg("Request", props)
	}
	params := "Record<string, never>"
	if len(props) > 0 {
		params = "{ " + strings.Join(props, "; ") + " }"
	}
	return ts.TypeArgs("Request", []string{params, "unknown", body})
}

// joinVar is the module constant of a many-to-many relation's join table.
func joinVar(rel *ir.Relation) string { return rel.Ident.Camel() + "Join" }

// repositoryFile is src/repositories/<entity>.repository.ts.
func repositoryFile(api *ir.API, e *ir.Entity) string {
	n := namesOf(e)
	var im ts.Imports
	row := n.model(&im, "../")
	meta := n.metaVar(&im, "../")
	im.Type("../db.js", "Db")
	entity := im.Use("../models/index.js", "entity")
	base := im.Use("./repository.js", "Repository")
	var consts, body strings.Builder
	if api.Auth != nil && api.Auth.Entity == e {
		im.Type("../runtime/meta.js", "FieldMeta")
		fieldOf := im.Use("../runtime/meta.js", "fieldOf")
		fmt.Fprintf(&body, "\n  /** A %s owns their own row. */\n  protected override ownerField(): FieldMeta {\n    return %s(this.meta, \"id\");\n  }\n", n.camel, fieldOf)
	}
	// Each relation's condition (for its list) and link methods, for the
	// routes it has, in order of first route.
	var rels []*ir.Relation
	listed, linked := map[*ir.Relation]bool{}, map[*ir.Relation]bool{}
	for _, r := range routesOf(api, e) {
		if r.Relation == nil || r.Relation.Kind == ir.HasOne {
			continue
		}
		if !listed[r.Relation] && !linked[r.Relation] {
			rels = append(rels, r.Relation)
		}
		if r.Kind == ir.RouteRelation {
			listed[r.Relation] = true
		} else {
			linked[r.Relation] = true
		}
	}
	for _, rel := range rels {
		t := namesOf(rel.Target)
		if rel.Kind == ir.ManyToMany {
			join := im.Type("./repository.js", "Join")
			fmt.Fprintf(&consts, "\n/** The join table of %s.%s. */\n", n.pascal, rel.Name)
			consts.WriteString(line(0, func() any {
				return ts.Decl("const "+joinVar(rel)+": "+join, ts.Obj{
					{Key: "table", Val: ts.Lit(rel.Join.Table)},
					{Key: "left", Val: ts.Lit(rel.Join.Left)},
					{Key: "right", Val: ts.Lit(rel.Join.Right)},
				})
			}))
		}
		if listed[rel] {
			cond := im.Type("../runtime/listing.js", "Condition")
			tmeta := t.metaVar(&im, "../")
			sig := signature(rel.Ident.Camel()+"Of", []string{"id: " + idType(e)}, cond)
			if rel.Kind == ir.ManyToMany {
				fmt.Fprintf(&body, "\n  /** The %s linked to the %s with id. */\n%s", rel.Name, n.camel, sig)
				body.WriteString(returns(2, ts.Method(ts.Raw(base), "linked", ts.Raw(tmeta), ts.Raw(joinVar(rel)), ts.Raw("id"))))
			} else {
				fmt.Fprintf(&body, "\n  /** The %s of the %s with id. */\n%s", rel.Name, n.camel, sig)
				body.WriteString(returns(2, ts.Method(ts.Raw(base), "where", ts.Raw(tmeta), ts.Lit(rel.Inverse.Key.Name), ts.Raw("id"))))
			}
			body.WriteString("  }\n")
		}
		if linked[rel] {
			im.Type("../db.js", "Tx")
			other := t.camel + "Id"
			params := []string{"tx: Tx", "id: " + idType(e), other + ": " + idType(rel.Target)}
			args := []ts.Expr{ts.Raw("tx"), ts.Raw(joinVar(rel)), ts.Raw("id"), ts.Raw(other)}
			fmt.Fprintf(&body, "\n  /** Links the %s with id to the %s with %s. */\n%s", n.camel, t.camel, other, signature("link"+rel.Ident.Pascal(), params, "Promise<void>"))
			body.WriteString(returns(2, ts.Method(ts.Raw("this"), "link", args...)) + "  }\n")
			fmt.Fprintf(&body, "\n  /** Unlinks them; false if they were not linked. */\n%s", signature("unlink"+rel.Ident.Pascal(), params, "Promise<boolean>"))
			body.WriteString(returns(2, ts.Method(ts.Raw("this"), "unlink", args...)) + "  }\n")
		}
	}
	var b strings.Builder
	b.WriteString(ts.Header + "\n" + im.String() + consts.String())
	fmt.Fprintf(&b, "\n/** %s rows (table %s). */\nexport class %s extends %s<%s> {\n", n.pascal, e.Table, n.repoClass, base, row)
	b.WriteString("  constructor(db: Db) {\n" + stmt(2, ts.CallOf(ts.Raw("super"), ts.Raw("db"), ts.Raw(meta), ts.Raw(entity))) + "  }\n")
	b.WriteString(body.String())
	b.WriteString("}\n")
	return b.String()
}

// access is the statement of the access check of a route's rules inside
// a transaction, indented by level steps: ownerOnly is bound when one of
// the used rules has an owner alternative (owner says which), the caller
// when wantCaller or ownerOnly needs it.
func access(level int, rs []ir.Rule, wantCaller bool, used ...int) (stmt string, owner []bool) {
	anyOwner := false
	for i, r := range rs {
		use := false
		for _, u := range used {
			use = use || u == i
		}
		owner = append(owner, r.Owner && use)
		anyOwner = anyOwner || r.Owner && use
	}
	check := ts.Method(ts.Raw("this.access"), "check", ts.Raw("tx"), ts.Raw("subject"), rules(rs))
	switch {
	case anyOwner:
		return line(level, func() any { return ts.Decl("const { caller, ownerOnly }", ts.Prefix{Op: "await ", X: check}) }), owner
	case wantCaller:
		return line(level, func() any { return ts.Decl("const { caller }", ts.Prefix{Op: "await ", X: check}) }), owner
	default:
		return awaitStmt(level, check), owner
	}
}

// getArgs are the arguments of a repository get under rule i.
func getArgs(owner []bool, i int, args ...ts.Expr) []ts.Expr {
	if i < len(owner) && owner[i] {
		return append(args, ts.Raw(fmt.Sprintf("ownerOnly[%d]", i)), ts.Raw("caller"))
	}
	return args
}

// serviceFile is src/services/<entity>.service.ts.
func serviceFile(api *ir.API, e *ir.Entity) string {
	n := namesOf(e)
	var im ts.Imports
	im.Type("../db.js", "Db")
	row := n.model(&im, "../")
	im.Type("../repositories/"+n.kebab+".repository.js", n.repoClass)
	im.Type("./access.service.js", "AccessService")
	hooks := im.Use("../hooks/"+n.kebab+".hooks.js", hooksVar(e))
	deps := []string{"private readonly db: Db", "private readonly access: AccessService", "private readonly " + n.repoField + ": " + n.repoClass}
	for _, t := range relatedEntities(api, e) {
		tn := namesOf(t)
		im.Type("../repositories/"+tn.kebab+".repository.js", tn.repoClass)
		deps = append(deps, "private readonly "+tn.repoField+": "+tn.repoClass)
	}
	repo := "this." + n.repoField
	schemas := "../schemas/" + n.kebab + ".schema.js"
	var b strings.Builder
	// method opens the method of route r; params follow the subject.
	method := func(r *ir.Route, name string, params []string, result any) {
		who := ruleSummary(r.Access)
		if r.Kind == ir.RouteRelation && len(r.Access) == 2 {
			who = fmt.Sprintf("the %s: %s; its %s: %s", n.camel, ruleSummary(r.Access[:1]), r.Relation.Name, ruleSummary(r.Access[1:]))
		}
		fmt.Fprintf(&b, "\n  /** %s %s (%s). */\n%s", r.Method, r.Path, who, signature(name, append([]string{"subject: string | undefined"}, params...), result))
	}
	// hashed opens a write method: its values are the input with password
	// fields hashed (before the transaction: a hash takes a while).
	hashed := func(input string) string {
		if !hasPassword(e) {
			return ""
		}
		hash := ts.CallOf(ts.Raw(im.Use("./passwords.js", "hashPasswords")), ts.Raw(n.meta), ts.Raw(input))
		return line(2, func() any { return ts.Docs{ts.Assign(input, " =", ts.Prefix{Op: "await ", X: hash}), ";"} })
	}
	async := func() string {
		if hasPassword(e) {
			return "async "
		}
		return ""
	}
	if hasPassword(e) {
		n.metaVar(&im, "../")
	}
	rcall := func(recv, name string, args ...ts.Expr) ts.Expr { return ts.Method(ts.Raw(recv), name, args...) }
	await := func(e ts.Expr) ts.Expr { return ts.Prefix{Op: "await ", X: e} }
	decl := func(left string, rhs ts.Expr) string { return line(3, func() any { return ts.Decl(left, rhs) }) }
	// hook calls the hook name with the context and arg.
	hook := func(level int, name, arg string) string {
		return awaitStmt(level, rcall(hooks, name+"?.", ts.Obj{{Key: "tx"}, {Key: "caller"}}, ts.Raw(arg)))
	}
	// throwIf is `if (test) throw nf();` with test's doc from build.
	throwIf := func(nf string, test func() any) string {
		return line(3, func() any { return ts.If(test(), "throw "+nf+"();") })
	}
	// notAwaited is the doc of `!(await e)`.
	notAwaited := func(e ts.Expr) func() any {
		return func() any { return ts.Docs{"!(await ", ts.ExprDoc(e), ")"} }
	}
	x := func(names ...string) []ts.Expr {
		var out []ts.Expr
		for _, s := range names {
			out = append(out, ts.Raw(s))
		}
		return out
	}
	for _, r := range routesOf(api, e) {
		id := idType(e)
		switch {
		case r.Kind == ir.RouteOperation && r.Op.Kind == ir.OpList:
			page := im.Type("../repositories/repository.js", "Page")
			q := im.Type("../runtime/listing.js", "ListQuery")
			check, owner := access(3, r.Access, false, 0)
			method(r, "list", []string{"query: " + q}, ts.TypeArgs("Promise", []string{page + "<" + row + ">"}))
			b.WriteString("    return this.db.read(async (tx) => {\n" + check)
			if owner[0] {
				b.WriteString(returns(3, rcall(repo, "page", ts.Raw("tx"), ts.Raw("query"),
					ts.Ternary{Test: ts.Raw("ownerOnly[0]"), Then: ts.Arr{rcall(repo, "ownedBy", ts.Raw("caller"))}, Else: ts.Arr{}})))
			} else {
				b.WriteString(returns(3, rcall(repo, "page", x("tx", "query")...)))
			}
			b.WriteString("    });\n  }\n")
		case r.Kind == ir.RouteOperation && r.Op.Kind == ir.OpGet:
			check, owner := access(3, r.Access, false, 0)
			method(r, "get", []string{"id: " + id}, "Promise<"+row+">")
			b.WriteString("    return this.db.read(async (tx) => {\n" + check)
			b.WriteString(returns(3, rcall(repo, "get", getArgs(owner, 0, x("tx", "id")...)...)) + "    });\n  }\n")
		case r.Kind == ir.RouteOperation && r.Op.Kind == ir.OpCreate:
			in := im.Type(schemas, "Create"+n.pascal+"Input")
			check, _ := access(3, r.Access, true)
			method(r, async()+"create", []string{"input: " + in}, "Promise<"+row+">")
			b.WriteString(hashed("input"))
			b.WriteString("    return this.db.write(async (tx) => {\n" + check)
			b.WriteString(decl("const row", rcall(repo, "withDefaults", ts.Raw("input"))))
			if e.Owner != nil && e.Owner.Key != nil {
				v := "caller.id"
				if e.Owner.Key.Type == ir.Int {
					v = "BigInt(caller.id)"
				}
				set := "row." + propName(e.Owner.Key.Name)
				b.WriteString(line(3, func() any {
					return ts.If("caller !== undefined", ts.Docs{ts.Assign(set, " =", ts.Raw(v)), ";"})
				}))
			}
			b.WriteString(returns(3, rcall("this", "insert", x("tx", "row", "caller")...)) + "    });\n  }\n")
		case r.Kind == ir.RouteOperation && r.Op.Kind == ir.OpUpdate:
			in := im.Type(schemas, "Update"+n.pascal+"Input")
			check, owner := access(3, r.Access, true, 0)
			method(r, async()+"update", []string{"id: " + id, "input: " + in}, "Promise<"+row+">")
			b.WriteString(hashed("input"))
			b.WriteString("    return this.db.write(async (tx) => {\n" + check)
			b.WriteString(decl("const current", await(rcall(repo, "get", getArgs(owner, 0, x("tx", "id")...)...))))
			b.WriteString(decl("const row: "+row, ts.Obj{{Key: "...current"}, {Key: "...input"}}))
			b.WriteString(hook(3, "beforeUpdate", "row"))
			b.WriteString(decl("const updated", await(rcall(repo, "update", ts.Raw("tx"), ts.Raw("id"), rcall(repo, "changes", x("current", "input", "row")...)))))
			b.WriteString(hook(3, "afterUpdate", "updated"))
			b.WriteString("      return updated;\n    });\n  }\n")
		case r.Kind == ir.RouteOperation && r.Op.Kind == ir.OpDelete:
			check, owner := access(3, r.Access, true, 0)
			method(r, "delete", []string{"id: " + id}, "Promise<void>")
			b.WriteString("    return this.db.write(async (tx) => {\n" + check)
			b.WriteString(decl("const current", await(rcall(repo, "get", getArgs(owner, 0, x("tx", "id")...)...))))
			b.WriteString(hook(3, "beforeDelete", "current"))
			b.WriteString(awaitStmt(3, rcall(repo, "delete", x("tx", "id")...)))
			b.WriteString(hook(3, "afterDelete", "current"))
			b.WriteString("    });\n  }\n")
		case r.Kind == ir.RouteRelation:
			rel := r.Relation
			t := namesOf(rel.Target)
			trow := t.model(&im, "../")
			trepo := "this." + t.repoField
			check, owner := access(3, r.Access, false, 0, 1)
			if rel.Kind == ir.HasOne {
				nf := im.Use("../runtime/problem.js", "notFound")
				method(r, relMethod(r), []string{"id: " + id}, "Promise<"+trow+">")
				b.WriteString("    return this.db.read(async (tx) => {\n" + check)
				b.WriteString(awaitStmt(3, rcall(repo, "get", getArgs(owner, 0, x("tx", "id")...)...)))
				b.WriteString(decl("const row", await(rcall(trepo, "findBy", ts.Raw("tx"), ts.Lit(rel.Inverse.Key.Name), ts.Raw("id")))))
				if len(owner) > 1 && owner[1] {
					// A logical test of an if breaks after its operator, unindented.
					b.WriteString(throwIf(nf, func() any {
						return ts.Docs{"row === null ||", ts.Line, "(ownerOnly[1] && !" + trepo + ".owns(caller, row))"}
					}))
				} else {
					b.WriteString(throwIf(nf, func() any { return "row === null" }))
				}
				b.WriteString("      return row;\n    });\n  }\n")
				continue
			}
			page := im.Type("../repositories/repository.js", "Page")
			q := im.Type("../runtime/listing.js", "ListQuery")
			method(r, relMethod(r), []string{"id: " + id, "query: " + q}, ts.TypeArgs("Promise", []string{page + "<" + trow + ">"}))
			b.WriteString("    return this.db.read(async (tx) => {\n" + check)
			b.WriteString(awaitStmt(3, rcall(repo, "get", getArgs(owner, 0, x("tx", "id")...)...)))
			cond := rcall(repo, rel.Ident.Camel()+"Of", ts.Raw("id"))
			if len(owner) > 1 && owner[1] {
				b.WriteString(returns(3, rcall(trepo, "page", ts.Raw("tx"), ts.Raw("query"),
					ts.Ternary{Test: ts.Raw("ownerOnly[1]"), Then: ts.Arr{cond, rcall(trepo, "ownedBy", ts.Raw("caller"))}, Else: ts.Arr{cond}})))
			} else {
				b.WriteString(returns(3, rcall(trepo, "page", ts.Raw("tx"), ts.Raw("query"), ts.Arr{cond})))
			}
			b.WriteString("    });\n  }\n")
		case r.Kind == ir.RouteLink || r.Kind == ir.RouteUnlink:
			rel := r.Relation
			t := namesOf(rel.Target)
			nf := im.Use("../runtime/problem.js", "notFound")
			check, owner := access(3, r.Access, false, 0)
			other := r.Params[1].Name
			method(r, relMethod(r), []string{"id: " + id, other + ": " + idType(rel.Target)}, "Promise<void>")
			b.WriteString("    return this.db.write(async (tx) => {\n" + check)
			b.WriteString(awaitStmt(3, rcall(repo, "get", getArgs(owner, 0, x("tx", "id")...)...)))
			b.WriteString(throwIf(nf, notAwaited(rcall("this."+t.repoField, "exists", x("tx", other)...))))
			if r.Kind == ir.RouteLink {
				b.WriteString(awaitStmt(3, rcall(repo, "link"+rel.Ident.Pascal(), x("tx", "id", other)...)))
			} else {
				b.WriteString(throwIf(nf, notAwaited(rcall(repo, "unlink"+rel.Ident.Pascal(), x("tx", "id", other)...))))
			}
			b.WriteString("    });\n  }\n")
		}
	}
	// insert is the body of register and createUser.
	insert := func() string {
		return returns(2, rcall("this.db", "write", ts.Arrow{Params: "(tx)", Body: rcall("this", "insert", ts.Raw("tx"), rcall(repo, "withDefaults", ts.Raw("input")), ts.Raw("undefined"))}))
	}
	if a := api.Auth; a != nil && a.Entity == e {
		reg := im.Type("../schemas/auth.schema.js", "RegisterInput")
		cu := im.Type(schemas, "Create"+n.pascal+"Input")
		fmt.Fprintf(&b, "\n  /** POST %s/auth/register: a new %s, without a role. */\n%s", api.BasePath, n.camel, signature(async()+"register", []string{"input: " + reg}, "Promise<"+row+">"))
		b.WriteString(hashed("input") + insert() + "  }\n")
		fmt.Fprintf(&b, "\n  /** The create-user command: a new %s, its role included. */\n%s", n.camel, signature(async()+"createUser", []string{"input: " + cu}, "Promise<"+row+">"))
		b.WriteString(hashed("input") + insert() + "  }\n")
	}
	if hasCreate(api, e) {
		im.Type("../db.js", "Tx")
		caller := im.Type("../runtime/auth.js", "Caller")
		fmt.Fprintf(&b, "\n  /** Inserts row between the create hooks. */\n%s", signature("private async insert", []string{"tx: Tx", "row: Partial<" + row + ">", "caller: " + caller + " | undefined"}, "Promise<"+row+">"))
		b.WriteString(hook(2, "beforeCreate", "row"))
		b.WriteString(line(2, func() any { return ts.Decl("const created", await(rcall(repo, "create", x("tx", "row")...))) }))
		b.WriteString(hook(2, "afterCreate", "created"))
		b.WriteString("    return created;\n  }\n")
	}
	var out strings.Builder
	out.WriteString(ts.Header + "\n" + im.String())
	fmt.Fprintf(&out, "\n/** %s's operations. Each runs in one transaction under its route's access\n * rules, and writes run the hooks of src/hooks/%s.hooks.ts. */\n", n.pascal, n.kebab)
	fmt.Fprintf(&out, "export class %s {\n  constructor(\n", n.service)
	for _, d := range deps {
		out.WriteString("    " + d + ",\n")
	}
	out.WriteString("  ) {}\n")
	out.WriteString(b.String())
	out.WriteString("}\n")
	return out.String()
}

// hasCreate reports whether e's service inserts rows: a create route, or
// registration for the auth entity.
func hasCreate(api *ir.API, e *ir.Entity) bool {
	if api.Auth != nil && api.Auth.Entity == e {
		return true
	}
	for _, r := range routesOf(api, e) {
		if r.Kind == ir.RouteOperation && r.Op.Kind == ir.OpCreate {
			return true
		}
	}
	return false
}

// takesToken reports whether a route refuses a request without a valid
// token: some rule is not public.
func takesToken(r *ir.Route) bool {
	for _, a := range r.Access {
		if !a.Public {
			return true
		}
	}
	return false
}

// idsCheck is the ids middleware for r's entity id parameters, or nil.
func idsCheck(im *ts.Imports, r *ir.Route) ts.Expr {
	var parts ts.Obj
	for _, p := range r.Params {
		if p.Entity != nil {
			parts = append(parts, ts.Prop{Key: p.Name, Val: ts.Lit(string(p.Entity.IDType))})
		}
	}
	if len(parts) == 0 {
		return nil
	}
	return ts.CallOf(ts.Raw(im.Use("../middlewares/ids.middleware.js", "ids")), parts)
}

// controllerFile is src/controllers/<entity>.controller.ts.
func controllerFile(api *ir.API, e *ir.Entity) string {
	n := namesOf(e)
	var im ts.Imports
	im.Type("express", "Request")
	im.Type("express", "Response")
	im.Type("../services/"+n.kebab+".service.js", n.service)
	lists := im.Type("./list-parser.js", "ListParser")
	send := im.Use("../utils/http.js", "sendJson")
	svc := "this." + n.camel + "Service"
	var b strings.Builder
	reqType := func(r *ir.Route, body string) any {
		var ps []string
		for _, p := range r.Params {
			ps = append(ps, propName(p.Name)+": string")
		}
		return requestType(ps, body)
	}
	idArg := func(ent *ir.Entity, name string) ts.Expr {
		return ts.CallOf(ts.Raw(im.Use("../utils/ids.js", idParser(ent))), ts.Raw("req.params."+name))
	}
	lv := 2 // the handler's body's indentation
	handler := func(r *ir.Route, name string, req any) {
		var open string
		open, lv = arrowHandler(name, req)
		fmt.Fprintf(&b, "\n  /** %s %s */\n%s", r.Method, r.Path, open)
	}
	end := func() { b.WriteString(strings.Repeat("  ", lv-1) + "};\n") }
	// call is the service's method called with the subject and args.
	call := func(method string, args ...ts.Expr) ts.Expr {
		return ts.Method(ts.Raw(svc), method, append([]ts.Expr{ts.Raw("req.subject")}, args...)...)
	}
	sendJson := func(args ...ts.Expr) {
		b.WriteString(stmt(lv, ts.CallOf(ts.Raw(send), append([]ts.Expr{ts.Raw("res")}, args...)...)))
	}
	// answer sends the awaited result of call with status.
	answer := func(status string, call ts.Expr) {
		sendJson(ts.Raw(status), ts.Prefix{Op: "await ", X: call})
		end()
	}
	parseQuery := func(meta string) {
		b.WriteString(line(lv, func() any {
			return ts.Decl("const query", ts.Method(ts.Raw("this.lists"), "parse", ts.Raw(meta), ts.Raw("req.queryParams")))
		}))
	}
	for _, r := range routesOf(api, e) {
		switch {
		case r.Kind == ir.RouteOperation && r.Op.Kind == ir.OpList:
			handler(r, "list", "Request")
			parseQuery(n.metaVar(&im, "../"))
			answer("200", call("list", ts.Raw("query")))
		case r.Kind == ir.RouteOperation && r.Op.Kind == ir.OpGet:
			handler(r, "get", reqType(r, ""))
			answer("200", call("get", idArg(e, "id")))
		case r.Kind == ir.RouteOperation && r.Op.Kind == ir.OpCreate:
			in := im.Type("../schemas/"+n.kebab+".schema.js", "Create"+n.pascal+"Input")
			handler(r, "create", reqType(r, in))
			b.WriteString(line(lv, func() any {
				return ts.Decl("const "+n.camel, ts.Prefix{Op: "await ", X: call("create", ts.Raw("req.body"))})
			}))
			b.WriteString(stmt(lv, ts.Method(ts.Raw("res"), "setHeader", ts.Lit("Location"), ts.Raw(fmt.Sprintf("`%s%s/${String(%s.id)}`", api.BasePath, e.Path, n.camel)))))
			sendJson(ts.Raw("201"), ts.Raw(n.camel))
			end()
		case r.Kind == ir.RouteOperation && r.Op.Kind == ir.OpUpdate:
			in := im.Type("../schemas/"+n.kebab+".schema.js", "Update"+n.pascal+"Input")
			handler(r, "update", reqType(r, in))
			answer("200", call("update", idArg(e, "id"), ts.Raw("req.body")))
		case r.Kind == ir.RouteOperation && r.Op.Kind == ir.OpDelete:
			handler(r, "delete", reqType(r, ""))
			b.WriteString(awaitStmt(lv, call("delete", idArg(e, "id"))))
			sendJson(ts.Raw("204"))
			end()
		case r.Kind == ir.RouteRelation && r.Relation.Kind == ir.HasOne:
			handler(r, relMethod(r), reqType(r, ""))
			answer("200", call(relMethod(r), idArg(e, "id")))
		case r.Kind == ir.RouteRelation:
			handler(r, relMethod(r), reqType(r, ""))
			parseQuery(namesOf(r.Relation.Target).metaVar(&im, "../"))
			answer("200", call(relMethod(r), idArg(e, "id"), ts.Raw("query")))
		case r.Kind == ir.RouteLink || r.Kind == ir.RouteUnlink:
			other := r.Params[1]
			handler(r, relMethod(r), reqType(r, ""))
			b.WriteString(awaitStmt(lv, call(relMethod(r), idArg(e, "id"), idArg(other.Entity, other.Name))))
			sendJson(ts.Raw("204"))
			end()
		}
	}
	var out strings.Builder
	out.WriteString(ts.Header + "\n" + im.String())
	fmt.Fprintf(&out, "\n/** The HTTP side of %s: each handler reads what its route's middlewares\n * checked (src/routes/%s.routes.ts), calls the service and answers. */\n", n.pascal, n.kebab)
	fmt.Fprintf(&out, "export class %s {\n  constructor(\n    private readonly %sService: %s,\n    private readonly lists: %s,\n  ) {}\n", n.controller, n.camel, n.service, lists)
	out.WriteString(b.String())
	out.WriteString("}\n")
	return out.String()
}

// middlewares are the route middlewares of r, in the contract's order:
// credentials, ids, body.
func middlewares(im *ts.Imports, r *ir.Route, schema string) []ts.Expr {
	var out []ts.Expr
	if takesToken(r) {
		out = append(out, ts.Raw(im.Use("../middlewares/auth.middleware.js", "requireToken")))
	}
	if c := idsCheck(im, r); c != nil {
		out = append(out, c)
	}
	if schema != "" {
		out = append(out, jsonBody(im))
		out = append(out, ts.CallOf(ts.Raw(im.Use("../middlewares/validate.middleware.js", "validate")), ts.Raw(schema)))
	}
	return out
}

// jsonBody is the middleware that reads a JSON body.
func jsonBody(im *ts.Imports) ts.Expr {
	settings := im.Use("../config/index.js", "settings")
	return ts.CallOf(ts.Raw(im.Use("../middlewares/body.middleware.js", "jsonBody")), ts.Raw(settings+".maxBodyBytes"))
}

// routeStmt is `router.<method>(path, middlewares..., handler);` in a
// router function's body.
func routeStmt(r *ir.Route, mws []ts.Expr, handler string) string {
	args := append([]ts.Expr{ts.Lit(expressPath(r.Path))}, mws...)
	args = append(args, ts.Raw(handler))
	return stmt(1, ts.Method(ts.Raw("router"), strings.ToLower(r.Method), args...))
}

// routerOpen opens the router function name of a controller's routes.
func routerOpen(name, controller, router, opts string) string {
	return ts.Print(func() any {
		return ts.Params("export function "+name, []any{"controller: " + controller}, ": Router {")
	}) + fmt.Sprintf("\n  const router = %s(%s);\n", router, opts)
}

// routesFile is src/routes/<entity>.routes.ts.
func routesFile(api *ir.API, e *ir.Entity) string {
	n := namesOf(e)
	var im ts.Imports
	router := im.Use("express", "Router")
	im.Type("../controllers/"+n.kebab+".controller.js", n.controller)
	var b strings.Builder
	for _, r := range routesOf(api, e) {
		var name, schema string
		switch r.Kind {
		case ir.RouteOperation:
			name = string(r.Op.Kind)
			switch r.Op.Kind {
			case ir.OpCreate:
				schema = im.Use("../schemas/"+n.kebab+".schema.js", "create"+n.pascal+"Schema")
			case ir.OpUpdate:
				schema = im.Use("../schemas/"+n.kebab+".schema.js", "update"+n.pascal+"Schema")
			}
		default:
			name = relMethod(r)
		}
		b.WriteString(routeStmt(r, middlewares(&im, r, schema), "controller."+name))
	}
	opts := im.Use("./options.js", "routerOptions")
	var out strings.Builder
	out.WriteString(ts.Header + "\n" + im.String())
	fmt.Fprintf(&out, "\n/** %s's routes, each with its middlewares in the contract's order:\n * credentials, ids, body. */\n", n.pascal)
	out.WriteString(routerOpen(n.camel+"Routes", n.controller, router, opts))
	out.WriteString(b.String())
	out.WriteString("  return router;\n}\n")
	return out.String()
}
