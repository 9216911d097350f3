package golang

import (
	"github.com/dave/jennifer/jen"

	"github.com/bgen-dev/bgen/ir"
)

// route is one registered route.
type route struct {
	method, path, handler string
}

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
	var routes []route
	for _, e := range g.api.Entities {
		routes = append(routes, g.entityHandler(e)...)
	}
	if g.api.Auth != nil {
		routes = append(routes, g.authHandler()...)
	} else {
		f := g.newFile("handler")
		f.Comment("CreateUser is the create-user command; this API has no auth block.")
		f.Func().Id("CreateUser").Params(ctxParam(), jen.Id("svc").Op("*").Qual(g.pkg("service"), "Service"), jen.Id("raw").Index().Byte()).Params(jen.Index().Byte(), jen.Error()).Block(
			jen.Return(jen.Nil(), jen.Qual(g.pkg("apierr"), "BadRequest").Call(jen.Lit("this API has no auth entity"))),
		)
		g.goFile("internal/handler/cli.go", f)
	}
	routes = append(routes, g.endpointHandlers()...)
	g.router(routes)
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

func (g *gen) router(routes []route) {
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
		jen.Id("rt").Dot("handle").Call(jen.Lit("GET"), jen.Lit("/health"), jen.Id("h").Dot("health")),
		jen.Id("rt").Dot("handle").Call(jen.Lit("GET"), jen.Lit("/ready"), jen.Id("h").Dot("ready")),
		jen.Id("rt").Dot("handle").Call(jen.Lit("GET"), jen.Lit("/openapi.json"), jen.Id("h").Dot("openAPIDocument")),
	}
	for _, rt := range routes {
		body = append(body, jen.Id("rt").Dot("handle").Call(jen.Lit(rt.method), jen.Lit(g.api.BasePath+rt.path), jen.Id("h").Dot(rt.handler)))
	}
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

func (g *gen) entityHandler(e *ir.Entity) []route {
	f := g.newFile("handler")
	name := entityName(e)
	plural := exported(e.Plural)
	d := &decoder{g: g, f: f, e: e, patterns: map[string]bool{}}
	var routes []route
	ok := jen.Qual("net/http", "StatusOK")
	if o := g.op(e, ir.OpList); o != nil {
		body := append(guard(o.Access), g.listQuery(e)...)
		body = append(body,
			jen.List(jen.Id("items"), jen.Id("total"), jen.Err()).Op(":=").Id("h").Dot("svc").Dot("List"+plural).Call(jen.Id("r").Dot("Context").Call(), jen.Id("q")),
			failed(), writePage(g, e))
		f.Commentf("%s is %s %s.", "list"+plural, "GET", g.api.BasePath+o.Path)
		f.Add(hm().Id("list" + plural).Params(hp()...).Block(body...))
		routes = append(routes, route{"GET", o.Path, "list" + plural})
	}
	if o := g.op(e, ir.OpGet); o != nil {
		body := append(guard(o.Access), g.parseID(e, "id", "id")...)
		body = append(body,
			jen.List(jen.Id("row"), jen.Err()).Op(":=").Id("h").Dot("svc").Dot("Get"+name).Call(jen.Id("r").Dot("Context").Call(), jen.Id("id")),
			failed(), jen.Id("writeJSON").Call(jen.Id("w"), ok, jen.Id("row")))
		f.Commentf("%s is %s %s.", "get"+name, "GET", g.api.BasePath+o.Path)
		f.Add(hm().Id("get" + name).Params(hp()...).Block(body...))
		routes = append(routes, route{"GET", o.Path, "get" + name})
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
		routes = append(routes, route{"POST", o.Path, "create" + name})
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
		f.Commentf("%s is %s %s.", "update"+name, "PATCH", g.api.BasePath+o.Path)
		f.Add(hm().Id("update" + name).Params(hp()...).Block(body...))
		routes = append(routes, route{"PATCH", o.Path, "update" + name})
	}
	if o := g.op(e, ir.OpDelete); o != nil {
		body := append(guard(o.Access), g.parseID(e, "id", "id")...)
		body = append(body,
			jen.If(jen.Err().Op(":=").Id("h").Dot("svc").Dot("Delete"+name).Call(jen.Id("r").Dot("Context").Call(), jen.Id("id")), jen.Err().Op("!=").Nil()).Block(
				jen.Id("h").Dot("fail").Call(jen.Id("w"), jen.Id("r"), jen.Err()), jen.Return()),
			jen.Id("w").Dot("WriteHeader").Call(jen.Qual("net/http", "StatusNoContent")))
		f.Commentf("%s is %s %s.", "delete"+name, "DELETE", g.api.BasePath+o.Path)
		f.Add(hm().Id("delete" + name).Params(hp()...).Block(body...))
		routes = append(routes, route{"DELETE", o.Path, "delete" + name})
	}
	if a := g.api.Auth; a != nil && a.Entity == e {
		d.createDecoder("decode"+name+"Register", "register", a.Register)
		if g.op(e, ir.OpCreate) == nil {
			d.createDecoder("decode"+name+"Create", "create", e.Create)
		}
	}
	for _, r := range e.Relations {
		routes = append(routes, g.relationHandler(f, e, r)...)
	}
	g.goFile("internal/handler/"+e.Name.Snake()+".go", f)
	return routes
}

func (g *gen) relationHandler(f *jen.File, e *ir.Entity, r *ir.Relation) []route {
	if !routed(r) {
		return nil
	}
	name := entityName(e) + exported(r.Ident)
	t := r.Target
	var routes []route
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
		routes = append(routes, route{"GET", r.Path, "list" + name})
	case ir.HasOne:
		body := append(guard(rule), g.parseID(e, "id", "id")...)
		body = append(body,
			jen.List(jen.Id("row"), jen.Err()).Op(":=").Id("h").Dot("svc").Dot("Get"+name).Call(jen.Id("r").Dot("Context").Call(), jen.Id("id")),
			failed(), jen.Id("writeJSON").Call(jen.Id("w"), jen.Qual("net/http", "StatusOK"), jen.Id("row")))
		f.Commentf("%s is %s %s.", "get"+name, "GET", g.api.BasePath+r.Path)
		f.Add(hm().Id("get" + name).Params(hp()...).Block(body...))
		routes = append(routes, route{"GET", r.Path, "get" + name})
	}
	if r.Kind == ir.ManyToMany && r.LinkAccess != nil {
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
			f.Commentf("%s is %s %s.", fn, method, g.api.BasePath+r.Path+"/{"+r.LinkParam+"}")
			f.Add(hm().Id(fn).Params(hp()...).Block(body...))
			routes = append(routes, route{method, r.Path + "/{" + r.LinkParam + "}", fn})
		}
	}
	return routes
}
