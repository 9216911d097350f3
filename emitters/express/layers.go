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

func rules(rs []ir.Rule) string {
	var out []string
	for _, r := range rs {
		out = append(out, rule(r))
	}
	return "[" + strings.Join(out, ", ") + "]"
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
			fmt.Fprintf(&consts, "\n/** The join table of %s.%s. */\nconst %s: %s = { table: %s, left: %s, right: %s };\n",
				n.pascal, rel.Name, joinVar(rel), join, ts.Str(rel.Join.Table), ts.Str(rel.Join.Left), ts.Str(rel.Join.Right))
		}
		if listed[rel] {
			cond := im.Type("../runtime/listing.js", "Condition")
			tmeta := t.metaVar(&im, "../")
			if rel.Kind == ir.ManyToMany {
				fmt.Fprintf(&body, "\n  /** The %s linked to the %s with id. */\n  %sOf(id: %s): %s {\n    return %s.linked(%s, %s, id);\n  }\n",
					rel.Name, n.camel, rel.Ident.Camel(), idType(e), cond, base, tmeta, joinVar(rel))
			} else {
				fmt.Fprintf(&body, "\n  /** The %s of the %s with id. */\n  %sOf(id: %s): %s {\n    return %s.where(%s, %s, id);\n  }\n",
					rel.Name, n.camel, rel.Ident.Camel(), idType(e), cond, base, tmeta, ts.Str(rel.Inverse.Key.Name))
			}
		}
		if linked[rel] {
			im.Type("../db.js", "Tx")
			fmt.Fprintf(&body, "\n  /** Links the %s with id to the %s with %sId. */\n  link%s(tx: Tx, id: %s, %sId: %s): Promise<void> {\n    return this.link(tx, %s, id, %sId);\n  }\n",
				n.camel, t.camel, t.camel, rel.Ident.Pascal(), idType(e), t.camel, idType(rel.Target), joinVar(rel), t.camel)
			fmt.Fprintf(&body, "\n  /** Unlinks them; false if they were not linked. */\n  unlink%s(tx: Tx, id: %s, %sId: %s): Promise<boolean> {\n    return this.unlink(tx, %s, id, %sId);\n  }\n",
				rel.Ident.Pascal(), idType(e), t.camel, idType(rel.Target), joinVar(rel), t.camel)
		}
	}
	var b strings.Builder
	b.WriteString(ts.Header + "\n" + im.String() + consts.String())
	fmt.Fprintf(&b, "\n/** %s rows (table %s). */\nexport class %s extends %s<%s> {\n", n.pascal, e.Table, n.repoClass, base, row)
	fmt.Fprintf(&b, "  constructor(db: Db) {\n    super(db, %s, %s);\n  }\n", meta, entity)
	b.WriteString(body.String())
	b.WriteString("}\n")
	return b.String()
}

// access renders the access check of a route's rules inside a
// transaction: ownerOnly is bound when one of the used rules has an owner
// alternative (owner says which), the caller when wantCaller or ownerOnly
// needs it.
func access(rs []ir.Rule, wantCaller bool, used ...int) (line string, owner []bool) {
	anyOwner := false
	for i, r := range rs {
		use := false
		for _, u := range used {
			use = use || u == i
		}
		owner = append(owner, r.Owner && use)
		anyOwner = anyOwner || r.Owner && use
	}
	call := fmt.Sprintf("await this.access.check(tx, subject, %s);", rules(rs))
	switch {
	case anyOwner:
		return "const { caller, ownerOnly } = " + call, owner
	case wantCaller:
		return "const { caller } = " + call, owner
	default:
		return call, owner
	}
}

// getArgs are the arguments of a repository get under rule i.
func getArgs(owner []bool, i int) string {
	if i < len(owner) && owner[i] {
		return fmt.Sprintf(", ownerOnly[%d], caller", i)
	}
	return ""
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
	method := func(r *ir.Route, sig string) {
		who := ruleSummary(r.Access)
		if r.Kind == ir.RouteRelation && len(r.Access) == 2 {
			who = fmt.Sprintf("the %s: %s; its %s: %s", n.camel, ruleSummary(r.Access[:1]), r.Relation.Name, ruleSummary(r.Access[1:]))
		}
		fmt.Fprintf(&b, "\n  /** %s %s (%s). */\n  %s {\n", r.Method, r.Path, who, sig)
	}
	// hashed opens a write method: its values are the input with password
	// fields hashed (before the transaction: a hash takes a while).
	hashed := func(input string) string {
		if !hasPassword(e) {
			return ""
		}
		return "    " + input + " = await " + im.Use("./passwords.js", "hashPasswords") + "(" + n.meta + ", " + input + ");\n"
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
	for _, r := range routesOf(api, e) {
		id := idType(e)
		switch {
		case r.Kind == ir.RouteOperation && r.Op.Kind == ir.OpList:
			page := im.Type("../repositories/repository.js", "Page")
			q := im.Type("../runtime/listing.js", "ListQuery")
			line, owner := access(r.Access, false, 0)
			method(r, fmt.Sprintf("list(subject: string | undefined, query: %s): Promise<%s<%s>>", q, page, row))
			fmt.Fprintf(&b, "    return this.db.read(async (tx) => {\n      %s\n", line)
			if owner[0] {
				fmt.Fprintf(&b, "      return %s.page(tx, query, ownerOnly[0] ? [%s.ownedBy(caller)] : []);\n", repo, repo)
			} else {
				fmt.Fprintf(&b, "      return %s.page(tx, query);\n", repo)
			}
			b.WriteString("    });\n  }\n")
		case r.Kind == ir.RouteOperation && r.Op.Kind == ir.OpGet:
			line, owner := access(r.Access, false, 0)
			method(r, fmt.Sprintf("get(subject: string | undefined, id: %s): Promise<%s>", id, row))
			fmt.Fprintf(&b, "    return this.db.read(async (tx) => {\n      %s\n      return %s.get(tx, id%s);\n    });\n  }\n", line, repo, getArgs(owner, 0))
		case r.Kind == ir.RouteOperation && r.Op.Kind == ir.OpCreate:
			in := im.Type(schemas, "Create"+n.pascal+"Input")
			line, _ := access(r.Access, true)
			method(r, fmt.Sprintf("%screate(subject: string | undefined, input: %s): Promise<%s>", async(), in, row))
			b.WriteString(hashed("input"))
			fmt.Fprintf(&b, "    return this.db.write(async (tx) => {\n      %s\n", line)
			b.WriteString("      const row = " + repo + ".withDefaults(input);\n")
			if e.Owner != nil && e.Owner.Key != nil {
				v := "caller.id"
				if e.Owner.Key.Type == ir.Int {
					v = "BigInt(caller.id)"
				}
				fmt.Fprintf(&b, "      if (caller !== undefined) row.%s = %s;\n", propName(e.Owner.Key.Name), v)
			}
			fmt.Fprintf(&b, "      return this.insert(tx, row, caller);\n    });\n  }\n")
		case r.Kind == ir.RouteOperation && r.Op.Kind == ir.OpUpdate:
			in := im.Type(schemas, "Update"+n.pascal+"Input")
			line, owner := access(r.Access, true, 0)
			method(r, fmt.Sprintf("%supdate(subject: string | undefined, id: %s, input: %s): Promise<%s>", async(), id, in, row))
			b.WriteString(hashed("input"))
			fmt.Fprintf(&b, "    return this.db.write(async (tx) => {\n      %s\n", line)
			fmt.Fprintf(&b, "      const current = await %s.get(tx, id%s);\n", repo, getArgs(owner, 0))
			fmt.Fprintf(&b, "      const row: %s = { ...current, ...input };\n", row)
			fmt.Fprintf(&b, "      await %s.beforeUpdate?.({ tx, caller }, row);\n", hooks)
			fmt.Fprintf(&b, "      const updated = await %s.update(tx, id, %s.changes(current, input, row));\n", repo, repo)
			fmt.Fprintf(&b, "      await %s.afterUpdate?.({ tx, caller }, updated);\n      return updated;\n    });\n  }\n", hooks)
		case r.Kind == ir.RouteOperation && r.Op.Kind == ir.OpDelete:
			line, owner := access(r.Access, true, 0)
			method(r, fmt.Sprintf("delete(subject: string | undefined, id: %s): Promise<void>", id))
			fmt.Fprintf(&b, "    return this.db.write(async (tx) => {\n      %s\n", line)
			fmt.Fprintf(&b, "      const current = await %s.get(tx, id%s);\n", repo, getArgs(owner, 0))
			fmt.Fprintf(&b, "      await %s.beforeDelete?.({ tx, caller }, current);\n", hooks)
			fmt.Fprintf(&b, "      await %s.delete(tx, id);\n", repo)
			fmt.Fprintf(&b, "      await %s.afterDelete?.({ tx, caller }, current);\n    });\n  }\n", hooks)
		case r.Kind == ir.RouteRelation:
			rel := r.Relation
			t := namesOf(rel.Target)
			trow := t.model(&im, "../")
			trepo := "this." + t.repoField
			line, owner := access(r.Access, false, 0, 1)
			if rel.Kind == ir.HasOne {
				nf := im.Use("../runtime/problem.js", "notFound")
				method(r, fmt.Sprintf("%s(subject: string | undefined, id: %s): Promise<%s>", relMethod(r), id, trow))
				fmt.Fprintf(&b, "    return this.db.read(async (tx) => {\n      %s\n      await %s.get(tx, id%s);\n", line, repo, getArgs(owner, 0))
				fmt.Fprintf(&b, "      const row = await %s.findBy(tx, %s, id);\n", trepo, ts.Str(rel.Inverse.Key.Name))
				if len(owner) > 1 && owner[1] {
					fmt.Fprintf(&b, "      if (row === null || (ownerOnly[1] && !%s.owns(caller, row))) throw %s();\n", trepo, nf)
				} else {
					fmt.Fprintf(&b, "      if (row === null) throw %s();\n", nf)
				}
				b.WriteString("      return row;\n    });\n  }\n")
				continue
			}
			page := im.Type("../repositories/repository.js", "Page")
			q := im.Type("../runtime/listing.js", "ListQuery")
			method(r, fmt.Sprintf("%s(subject: string | undefined, id: %s, query: %s): Promise<%s<%s>>", relMethod(r), id, q, page, trow))
			fmt.Fprintf(&b, "    return this.db.read(async (tx) => {\n      %s\n      await %s.get(tx, id%s);\n", line, repo, getArgs(owner, 0))
			cond := fmt.Sprintf("%s.%sOf(id)", repo, rel.Ident.Camel())
			if len(owner) > 1 && owner[1] {
				fmt.Fprintf(&b, "      return %s.page(tx, query, ownerOnly[1] ? [%s, %s.ownedBy(caller)] : [%s]);\n", trepo, cond, trepo, cond)
			} else {
				fmt.Fprintf(&b, "      return %s.page(tx, query, [%s]);\n", trepo, cond)
			}
			b.WriteString("    });\n  }\n")
		case r.Kind == ir.RouteLink || r.Kind == ir.RouteUnlink:
			rel := r.Relation
			t := namesOf(rel.Target)
			nf := im.Use("../runtime/problem.js", "notFound")
			line, owner := access(r.Access, false, 0)
			other := r.Params[1].Name
			method(r, fmt.Sprintf("%s(subject: string | undefined, id: %s, %s: %s): Promise<void>", relMethod(r), id, other, idType(rel.Target)))
			fmt.Fprintf(&b, "    return this.db.write(async (tx) => {\n      %s\n      await %s.get(tx, id%s);\n", line, repo, getArgs(owner, 0))
			fmt.Fprintf(&b, "      if (!(await this.%s.exists(tx, %s))) throw %s();\n", t.repoField, other, nf)
			if r.Kind == ir.RouteLink {
				fmt.Fprintf(&b, "      await %s.link%s(tx, id, %s);\n", repo, rel.Ident.Pascal(), other)
			} else {
				fmt.Fprintf(&b, "      if (!(await %s.unlink%s(tx, id, %s))) throw %s();\n", repo, rel.Ident.Pascal(), other, nf)
			}
			b.WriteString("    });\n  }\n")
		}
	}
	if a := api.Auth; a != nil && a.Entity == e {
		reg := im.Type("../schemas/auth.schema.js", "RegisterInput")
		cu := im.Type(schemas, "Create"+n.pascal+"Input")
		fmt.Fprintf(&b, "\n  /** POST %s/auth/register: a new %s, without a role. */\n  %sregister(input: %s): Promise<%s> {\n", api.BasePath, n.camel, async(), reg, row)
		fmt.Fprintf(&b, "%s    return this.db.write((tx) => this.insert(tx, %s.withDefaults(input), undefined));\n  }\n", hashed("input"), repo)
		fmt.Fprintf(&b, "\n  /** The create-user command: a new %s, its role included. */\n  %screateUser(input: %s): Promise<%s> {\n", n.camel, async(), cu, row)
		fmt.Fprintf(&b, "%s    return this.db.write((tx) => this.insert(tx, %s.withDefaults(input), undefined));\n  }\n", hashed("input"), repo)
	}
	if hasCreate(api, e) {
		im.Type("../db.js", "Tx")
		caller := im.Type("../runtime/auth.js", "Caller")
		fmt.Fprintf(&b, "\n  /** Inserts row between the create hooks. */\n  private async insert(tx: Tx, row: Partial<%s>, caller: %s | undefined): Promise<%s> {\n", row, caller, row)
		fmt.Fprintf(&b, "    await %s.beforeCreate?.({ tx, caller }, row);\n", hooks)
		fmt.Fprintf(&b, "    const created = await %s.create(tx, row);\n", repo)
		fmt.Fprintf(&b, "    await %s.afterCreate?.({ tx, caller }, created);\n    return created;\n  }\n", hooks)
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

// idsCheck is the ids middleware for r's entity id parameters, or "".
func idsCheck(im *ts.Imports, r *ir.Route) string {
	var parts []string
	for _, p := range r.Params {
		if p.Entity != nil {
			parts = append(parts, fmt.Sprintf("%s: %s", propName(p.Name), ts.Str(string(p.Entity.IDType))))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return im.Use("../middlewares/ids.middleware.js", "ids") + "({ " + strings.Join(parts, ", ") + " })"
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
	reqType := func(r *ir.Route, body string) string {
		if len(r.Params) == 0 && body == "" {
			return "Request"
		}
		var ps []string
		for _, p := range r.Params {
			ps = append(ps, propName(p.Name)+": string")
		}
		params := "{ " + strings.Join(ps, "; ") + " }"
		if len(ps) == 0 {
			params = "Record<string, never>"
		}
		if body == "" {
			return "Request<" + params + ">"
		}
		return "Request<" + params + ", unknown, " + body + ">"
	}
	idArg := func(ent *ir.Entity, name string) string {
		return im.Use("../utils/ids.js", idParser(ent)) + "(req.params." + name + ")"
	}
	handler := func(r *ir.Route, name, req string) {
		fmt.Fprintf(&b, "\n  /** %s %s */\n  %s = async (req: %s, res: Response): Promise<void> => {\n", r.Method, r.Path, name, req)
	}
	for _, r := range routesOf(api, e) {
		switch {
		case r.Kind == ir.RouteOperation && r.Op.Kind == ir.OpList:
			handler(r, "list", "Request")
			fmt.Fprintf(&b, "    const query = this.lists.parse(%s, req.queryParams);\n", n.metaVar(&im, "../"))
			fmt.Fprintf(&b, "    %s(res, 200, await %s.list(req.subject, query));\n  };\n", send, svc)
		case r.Kind == ir.RouteOperation && r.Op.Kind == ir.OpGet:
			handler(r, "get", reqType(r, ""))
			fmt.Fprintf(&b, "    %s(res, 200, await %s.get(req.subject, %s));\n  };\n", send, svc, idArg(e, "id"))
		case r.Kind == ir.RouteOperation && r.Op.Kind == ir.OpCreate:
			in := im.Type("../schemas/"+n.kebab+".schema.js", "Create"+n.pascal+"Input")
			handler(r, "create", reqType(r, in))
			fmt.Fprintf(&b, "    const %s = await %s.create(req.subject, req.body);\n", n.camel, svc)
			fmt.Fprintf(&b, "    res.setHeader(\"Location\", `%s%s/${String(%s.id)}`);\n", api.BasePath, e.Path, n.camel)
			fmt.Fprintf(&b, "    %s(res, 201, %s);\n  };\n", send, n.camel)
		case r.Kind == ir.RouteOperation && r.Op.Kind == ir.OpUpdate:
			in := im.Type("../schemas/"+n.kebab+".schema.js", "Update"+n.pascal+"Input")
			handler(r, "update", reqType(r, in))
			fmt.Fprintf(&b, "    %s(res, 200, await %s.update(req.subject, %s, req.body));\n  };\n", send, svc, idArg(e, "id"))
		case r.Kind == ir.RouteOperation && r.Op.Kind == ir.OpDelete:
			handler(r, "delete", reqType(r, ""))
			fmt.Fprintf(&b, "    await %s.delete(req.subject, %s);\n    %s(res, 204);\n  };\n", svc, idArg(e, "id"), send)
		case r.Kind == ir.RouteRelation && r.Relation.Kind == ir.HasOne:
			handler(r, relMethod(r), reqType(r, ""))
			fmt.Fprintf(&b, "    %s(res, 200, await %s.%s(req.subject, %s));\n  };\n", send, svc, relMethod(r), idArg(e, "id"))
		case r.Kind == ir.RouteRelation:
			handler(r, relMethod(r), reqType(r, ""))
			fmt.Fprintf(&b, "    const query = this.lists.parse(%s, req.queryParams);\n", namesOf(r.Relation.Target).metaVar(&im, "../"))
			fmt.Fprintf(&b, "    %s(res, 200, await %s.%s(req.subject, %s, query));\n  };\n", send, svc, relMethod(r), idArg(e, "id"))
		case r.Kind == ir.RouteLink || r.Kind == ir.RouteUnlink:
			other := r.Params[1]
			handler(r, relMethod(r), reqType(r, ""))
			fmt.Fprintf(&b, "    await %s.%s(req.subject, %s, %s);\n    %s(res, 204);\n  };\n", svc, relMethod(r), idArg(e, "id"), idArg(other.Entity, other.Name), send)
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
func middlewares(im *ts.Imports, r *ir.Route, schema string) []string {
	var out []string
	if takesToken(r) {
		out = append(out, im.Use("../middlewares/auth.middleware.js", "requireToken"))
	}
	if c := idsCheck(im, r); c != "" {
		out = append(out, c)
	}
	if schema != "" {
		settings := im.Use("../config/index.js", "settings")
		out = append(out, im.Use("../middlewares/body.middleware.js", "jsonBody")+"("+settings+".maxBodyBytes)")
		out = append(out, im.Use("../middlewares/validate.middleware.js", "validate")+"("+schema+")")
	}
	return out
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
		args := append([]string{ts.Str(expressPath(r.Path))}, middlewares(&im, r, schema)...)
		args = append(args, "controller."+name)
		fmt.Fprintf(&b, "  router.%s(%s);\n", strings.ToLower(r.Method), strings.Join(args, ", "))
	}
	opts := im.Use("./options.js", "routerOptions")
	var out strings.Builder
	out.WriteString(ts.Header + "\n" + im.String())
	fmt.Fprintf(&out, "\n/** %s's routes, each with its middlewares in the contract's order:\n * credentials, ids, body. */\n", n.pascal)
	fmt.Fprintf(&out, "export function %sRoutes(controller: %s): Router {\n  const router = %s(%s);\n", n.camel, n.controller, router, opts)
	out.WriteString(b.String())
	out.WriteString("  return router;\n}\n")
	return out.String()
}
