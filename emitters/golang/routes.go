package golang

import (
	"github.com/dave/jennifer/jen"

	"github.com/bgen-dev/bgen/ir"
)

func hp() []jen.Code {
	return []jen.Code{jen.Id("w").Qual("net/http", "ResponseWriter"), jen.Id("r").Op("*").Qual("net/http", "Request")}
}

func hm() *jen.Statement { return jen.Func().Params(jen.Id("h").Op("*").Id("Handler")) }

// failed is `if err != nil { h.fail(w, r, err); return }`.
func failed() jen.Code {
	return jen.If(jen.Err().Op("!=").Nil()).Block(jen.Id("h").Dot("fail").Call(jen.Id("w"), jen.Id("r"), jen.Err()), jen.Return())
}

// parseID reads path value param as e's id into v; a bad one is a 404.
func (g *gen) parseID(e *ir.Entity, v, param string) []jen.Code {
	apierrPkg := g.pkg("apierr")
	fn := "parseIntID"
	if e.IDType == ir.UUID {
		fn = "parseUUIDID"
	}
	return []jen.Code{
		jen.List(jen.Id(v), jen.Id("ok")).Op(":=").Id(fn).Call(jen.Id("r").Dot("PathValue").Call(jen.Lit(param))),
		jen.If(jen.Op("!").Id("ok")).Block(jen.Qual(apierrPkg, "Write").Call(jen.Id("w"), jen.Qual(apierrPkg, "NotFound").Call()), jen.Return()),
	}
}

func guard(rule ir.Rule) []jen.Code {
	if rule.Public {
		return nil
	}
	return []jen.Code{jen.If(jen.Op("!").Id("requireCredential").Call(jen.Id("w"), jen.Id("r"))).Block(jen.Return())}
}

func (g *gen) readBody() []jen.Code {
	return []jen.Code{
		jen.List(jen.Id("body"), jen.Err()).Op(":=").Id("h").Dot("readObject").Call(jen.Id("w"), jen.Id("r")),
		failed(),
	}
}

func (g *gen) listQuery(e *ir.Entity) []jen.Code {
	return []jen.Code{
		jen.List(jen.Id("q"), jen.Err()).Op(":=").Qual(g.pkg("repository"), "ParseList").Call(jen.Id("r").Dot("URL").Dot("Query").Call(),
			g.repo(entityName(e)+"ListSpec").Call(), jen.Id("defaultLimit"), jen.Id("maxLimit")),
		failed(),
	}
}

func writePage(g *gen, e *ir.Entity) jen.Code {
	return jen.Id("writeJSON").Call(jen.Id("w"), jen.Qual("net/http", "StatusOK"), jen.Id("page").Types(g.mdl(entityName(e))).Values(jen.Dict{
		jen.Id("Items"): jen.Id("items"), jen.Id("Total"): jen.Id("total"), jen.Id("Limit"): jen.Id("q").Dot("Limit"), jen.Id("Offset"): jen.Id("q").Dot("Offset"),
	}))
}

func (g *gen) location(e *ir.Entity) jen.Code {
	return jen.Id("w").Dot("Header").Call().Dot("Set").Call(jen.Lit("Location"), jen.Lit(g.api.BasePath+e.Path+"/").Op("+").Add(idString(e, jen.Id("row").Dot("ID"))))
}

func (g *gen) handlers() {
	for _, e := range g.api.Entities {
		g.entityHandler(e)
	}
	if g.api.Auth != nil {
		g.authHandler()
	} else {
		f := g.newFile("handler")
		f.Comment("CreateUser is the create-user command; this API has no auth block.")
		f.Func().Id("CreateUser").Params(ctxParam(), jen.Id("svc").Op("*").Qual(g.pkg("service"), "Service"), jen.Id("raw").Index().Byte()).Params(jen.Index().Byte(), jen.Error()).Block(
			jen.Return(jen.Nil(), jen.Qual(g.pkg("apierr"), "BadRequest").Call(jen.Lit("this API has no auth entity"))),
		)
		g.goFile("internal/handler/cli.go", f)
	}
	g.endpointHandlers()
	g.router()
	g.idParsers()
}

// idParsers writes the path id parsers the routes use: an id that does not
// parse as the entity's id type is a 404.
func (g *gen) idParsers() {
	f := g.newFile("handler")
	ints, uuids := false, false
	for _, e := range g.api.Entities {
		ints = ints || e.IDType != ir.UUID
		uuids = uuids || e.IDType == ir.UUID
	}
	if ints {
		f.Comment("parseIntID reads an int id path value.")
		f.Func().Id("parseIntID").Params(jen.Id("s").String()).Params(jen.Int64(), jen.Bool()).Block(
			jen.List(jen.Id("n"), jen.Err()).Op(":=").Qual("strconv", "ParseInt").Call(jen.Id("s"), jen.Lit(10), jen.Lit(64)),
			jen.Return(jen.Id("n"), jen.Err().Op("==").Nil().Op("&&").Id("n").Op(">").Lit(0).Op("&&").Qual("strconv", "FormatInt").Call(jen.Id("n"), jen.Lit(10)).Op("==").Id("s")),
		)
	}
	if uuids {
		f.Comment("parseUUIDID reads a uuid id path value, in any case.")
		f.Func().Id("parseUUIDID").Params(jen.Id("s").String()).Params(g.mdl("UUID"), jen.Bool()).Block(
			jen.Return(jen.Qual(g.pkg("validate"), "ParseUUID").Call(jen.Id("s"))),
		)
	}
	g.goFile("internal/handler/ids.go", f)
}

// handlerName is the Handler method that serves rt.
func handlerName(rt *ir.Route) string {
	switch rt.Kind {
	case ir.RouteOperation:
		if rt.Op.Kind == ir.OpList {
			return "list" + exported(rt.Entity.Plural)
		}
		return string(rt.Op.Kind) + entityName(rt.Entity)
	case ir.RouteRelation:
		if rt.Relation.Kind == ir.HasOne {
			return "get" + relationName(rt.Relation)
		}
		return "list" + relationName(rt.Relation)
	case ir.RouteLink, ir.RouteUnlink:
		return string(rt.Kind) + relationName(rt.Relation)
	case ir.RouteEndpoint:
		return endpointHandler(rt.Endpoint)
	case ir.RouteSystem:
		if rt.Name == "openapi" {
			return "openAPIDocument"
		}
	}
	return rt.Name // auth: register, login, me; system: health, ready
}

// endpointHandler is the Handler method of a custom endpoint.
func endpointHandler(ep *ir.Endpoint) string { return ep.Ident.GoUnexported() + "Endpoint" }

// relationName is the Go name of r in its entity's handler, service and
// repository functions: "PostTags".
func relationName(r *ir.Relation) string { return entityName(r.Entity) + exported(r.Ident) }

func (g *gen) router() {
	f := g.newFile("handler")
	f.PackageComment("Package handler holds the HTTP handlers: request decoding, validation and responses.")
	f.Const().Defs(
		jen.Id("defaultLimit").Op("=").Lit(g.api.DefaultLimit),
		jen.Id("maxLimit").Op("=").Lit(g.api.MaxLimit),
		jen.Id("maxBodyBytes").Op("=").Lit(g.api.MaxBodyBytes),
	)
	body := []jen.Code{
		jen.Id("h").Op(":=").Op("&").Id("Handler").Values(jen.Dict{
			jen.Id("svc"): jen.Id("svc"), jen.Id("log"): jen.Id("log"), jen.Id("maxBodyBytes"): jen.Id("maxBodyBytes"), jen.Id("openAPI"): jen.Id("openAPI"),
		}),
		jen.Id("rt").Op(":=").Id("newRouter").Call(),
	}
	// The system routes first, then the API's in their IR order.
	var system, api []jen.Code
	for _, rt := range g.api.Routes {
		call := jen.Id("rt").Dot("handle").Call(jen.Lit(rt.Method), jen.Lit(rt.Path), jen.Id("h").Dot(handlerName(rt)))
		if rt.Kind == ir.RouteSystem {
			system = append(system, call)
		} else {
			api = append(api, call)
		}
	}
	body = append(append(body, system...), api...)
	mw := g.pkg("middleware")
	body = append(body, jen.Return(jen.Qual(mw, "Chain").Call(jen.Id("rt").Dot("handler").Call(),
		jen.Qual(mw, "RequestID"),
		jen.Qual(mw, "SecurityHeaders"),
		jen.Qual(mw, "AccessLog").Call(jen.Id("log")),
		jen.Qual(mw, "Recover").Call(jen.Id("log")),
		jen.Qual(mw, "CORS").Call(jen.Id("corsOrigins")),
		jen.Qual(mw, "Limits"),
		jen.Qual(mw, "Detach"),
		jen.Qual(mw, "Authenticate").Call(jen.Id("svc").Dot("Tokens")),
	)))
	f.Comment("New returns the API's handler with every route and middleware.")
	f.Func().Id("New").Params(
		jen.Id("svc").Op("*").Qual(g.pkg("service"), "Service"),
		jen.Id("log").Op("*").Qual("log/slog", "Logger"),
		jen.Id("corsOrigins").Index().String(),
		jen.Id("openAPI").Index().Byte(),
	).Qual("net/http", "Handler").Block(body...)
	g.goFile("internal/handler/router.go", f)
}

func (g *gen) entityHandler(e *ir.Entity) {
	f := g.newFile("handler")
	name := entityName(e)
	plural := exported(e.Plural)
	d := &decoder{g: g, f: f, e: e, patterns: map[string]bool{}}
	ok := jen.Qual("net/http", "StatusOK")
	if o := g.op(e, ir.OpList); o != nil {
		body := append(guard(o.Access), g.listQuery(e)...)
		body = append(body,
			jen.List(jen.Id("items"), jen.Id("total"), jen.Err()).Op(":=").Id("h").Dot("svc").Dot("List"+plural).Call(jen.Id("r").Dot("Context").Call(), jen.Id("q")),
			failed(), writePage(g, e))
		f.Commentf("%s is %s %s.", "list"+plural, "GET", g.api.BasePath+o.Path)
		f.Add(hm().Id("list" + plural).Params(hp()...).Block(body...))
	}
	if o := g.op(e, ir.OpGet); o != nil {
		body := append(guard(o.Access), g.parseID(e, "id", "id")...)
		body = append(body,
			jen.List(jen.Id("row"), jen.Err()).Op(":=").Id("h").Dot("svc").Dot("Get"+name).Call(jen.Id("r").Dot("Context").Call(), jen.Id("id")),
			failed(), jen.Id("writeJSON").Call(jen.Id("w"), ok, jen.Id("row")))
		f.Commentf("%s is %s %s.", "get"+name, "GET", g.api.BasePath+o.Path)
		f.Add(hm().Id("get" + name).Params(hp()...).Block(body...))
	}
	if o := g.op(e, ir.OpCreate); o != nil {
		d.createDecoder("decode"+name+"Create", "create", e.Create)
		body := append(guard(o.Access), g.readBody()...)
		body = append(body,
			jen.List(jen.Id("row"), jen.Err()).Op(":=").Id("decode"+name+"Create").Call(jen.Id("body")),
			failed(),
			jen.List(jen.Id("row"), jen.Err()).Op("=").Id("h").Dot("svc").Dot("Create"+name).Call(jen.Id("r").Dot("Context").Call(), jen.Id("row")),
			failed(), g.location(e), jen.Id("writeJSON").Call(jen.Id("w"), jen.Qual("net/http", "StatusCreated"), jen.Id("row")))
		f.Commentf("%s is %s %s.", "create"+name, "POST", g.api.BasePath+o.Path)
		f.Add(hm().Id("create" + name).Params(hp()...).Block(body...))
	}
	if o := g.op(e, ir.OpUpdate); o != nil {
		d.updateDecoder()
		body := append(guard(o.Access), g.parseID(e, "id", "id")...)
		body = append(body, g.readBody()...)
		body = append(body,
			jen.List(jen.Id("p"), jen.Err()).Op(":=").Id("decode"+name+"Update").Call(jen.Id("body")),
			failed(),
			jen.List(jen.Id("row"), jen.Err()).Op(":=").Id("h").Dot("svc").Dot("Update"+name).Call(jen.Id("r").Dot("Context").Call(), jen.Id("id"), jen.Id("p")),
			failed(), jen.Id("writeJSON").Call(jen.Id("w"), ok, jen.Id("row")))
		f.Commentf("%s is %s %s.", "update"+name, o.Method, g.api.BasePath+o.Path)
		f.Add(hm().Id("update" + name).Params(hp()...).Block(body...))
	}
	if o := g.op(e, ir.OpDelete); o != nil {
		body := append(guard(o.Access), g.parseID(e, "id", "id")...)
		body = append(body,
			jen.If(jen.Err().Op(":=").Id("h").Dot("svc").Dot("Delete"+name).Call(jen.Id("r").Dot("Context").Call(), jen.Id("id")), jen.Err().Op("!=").Nil()).Block(
				jen.Id("h").Dot("fail").Call(jen.Id("w"), jen.Id("r"), jen.Err()), jen.Return()),
			jen.Id("w").Dot("WriteHeader").Call(jen.Qual("net/http", "StatusNoContent")))
		f.Commentf("%s is %s %s.", "delete"+name, "DELETE", g.api.BasePath+o.Path)
		f.Add(hm().Id("delete" + name).Params(hp()...).Block(body...))
	}
	if a := g.api.Auth; a != nil && a.Entity == e {
		d.createDecoder("decode"+name+"Register", "register", a.Register)
		if g.op(e, ir.OpCreate) == nil {
			d.createDecoder("decode"+name+"Create", "create", e.Create)
		}
	}
	for _, r := range e.Relations {
		g.relationHandler(f, e, r)
	}
	g.goFile("internal/handler/"+e.Name.Snake()+".go", f)
}

func (g *gen) relationHandler(f *jen.File, e *ir.Entity, r *ir.Relation) {
	name := relationName(r)
	t := r.Target
	if r.Readable() {
		rule := ir.Rule{Public: r.ParentAccess.Public && r.TargetAccess.Public}
		switch r.Kind {
		case ir.HasMany, ir.ManyToMany:
			body := append(guard(rule), g.parseID(e, "id", "id")...)
			body = append(body, g.listQuery(t)...)
			body = append(body,
				jen.List(jen.Id("items"), jen.Id("total"), jen.Err()).Op(":=").Id("h").Dot("svc").Dot("List"+name).Call(jen.Id("r").Dot("Context").Call(), jen.Id("id"), jen.Id("q")),
				failed(), writePage(g, t))
			f.Commentf("%s is %s %s.", "list"+name, "GET", g.api.BasePath+r.Path)
			f.Add(hm().Id("list" + name).Params(hp()...).Block(body...))
		case ir.HasOne:
			body := append(guard(rule), g.parseID(e, "id", "id")...)
			body = append(body,
				jen.List(jen.Id("row"), jen.Err()).Op(":=").Id("h").Dot("svc").Dot("Get"+name).Call(jen.Id("r").Dot("Context").Call(), jen.Id("id")),
				failed(), jen.Id("writeJSON").Call(jen.Id("w"), jen.Qual("net/http", "StatusOK"), jen.Id("row")))
			f.Commentf("%s is %s %s.", "get"+name, "GET", g.api.BasePath+r.Path)
			f.Add(hm().Id("get" + name).Params(hp()...).Block(body...))
		}
	}
	if r.Linkable() {
		for _, verb := range []string{"Link", "Unlink"} {
			body := append(guard(*r.LinkAccess), g.parseID(e, "id", "id")...)
			body = append(body, g.parseID(t, "other", r.LinkParam)...)
			body = append(body,
				jen.If(jen.Err().Op(":=").Id("h").Dot("svc").Dot(verb+name).Call(jen.Id("r").Dot("Context").Call(), jen.Id("id"), jen.Id("other")), jen.Err().Op("!=").Nil()).Block(
					jen.Id("h").Dot("fail").Call(jen.Id("w"), jen.Id("r"), jen.Err()), jen.Return()),
				jen.Id("w").Dot("WriteHeader").Call(jen.Qual("net/http", "StatusNoContent")))
			method := "PUT"
			if verb == "Unlink" {
				method = "DELETE"
			}
			fn := map[string]string{"Link": "link", "Unlink": "unlink"}[verb] + name
			f.Commentf("%s is %s %s.", fn, method, g.api.BasePath+r.LinkPath())
			f.Add(hm().Id(fn).Params(hp()...).Block(body...))
		}
	}
}
