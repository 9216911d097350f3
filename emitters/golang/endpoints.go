package golang

import (
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/bgen-dev/bgen/emitters"
	"github.com/bgen-dev/bgen/ir"
)

// endpointFields is every input field of ep: params, query, then body.
func endpointFields(ep *ir.Endpoint) []*ir.Field {
	var fs []*ir.Field
	fs = append(fs, ep.Params...)
	fs = append(fs, ep.Query...)
	return append(fs, ep.Body...)
}

// paramType names the handler's paramType of a parameter of type t.
func paramType(t ir.Type) string {
	switch t {
	case ir.Int:
		return "intParam"
	case ir.Float:
		return "numberParam"
	case ir.Bool:
		return "boolParam"
	}
	return "stringParam"
}

// endpointOutput is the Go type a custom endpoint body returns, or nil.
func (g *gen) endpointOutput(ep *ir.Endpoint) *jen.Statement {
	switch ep.Response {
	case ir.ResponseEntity:
		return g.mdl(entityName(ep.ResponseEntity))
	case ir.ResponseList:
		return jen.Index().Add(g.mdl(entityName(ep.ResponseEntity)))
	case ir.ResponseFields:
		return jen.Qual(g.pkg("custom"), exported(ep.Ident)+"Output")
	}
	return nil
}

func (g *gen) endpointHandlers() {
	if len(g.api.Endpoints) == 0 {
		return
	}
	g.customPackage()
	hf := g.newFile("handler")
	sf := g.newFile("service")
	taken := g.serviceMethods()
	for _, ep := range g.api.Endpoints {
		name := exported(ep.Ident)
		method := name
		if taken[method] {
			method += "Endpoint"
		}
		fn := endpointHandler(ep)
		in := jen.Qual(g.pkg("custom"), name+"Input")
		out := g.endpointOutput(ep)

		// handler
		d := &decoder{g: g, f: hf, patterns: map[string]bool{}}
		body := guard(ep.Access)
		if ep.Body != nil {
			body = append(body, g.readBody()...)
		}
		body = append(body, jen.Var().Id("in").Add(in.Clone()), jen.Var().Id("errs").Qual(g.pkg("validate"), "Errors"))
		if len(ep.Params) > 0 {
			dict := jen.Dict{}
			for _, p := range ep.Params {
				dict[jen.Lit(p.Name)] = jen.Id("rawParam").Call(jen.Id("r").Dot("PathValue").Call(jen.Lit(p.Name)), jen.Id(paramType(p.Type)))
			}
			body = append(body, jen.Block(append([]jen.Code{
				jen.Id("body").Op(":=").Map(jen.String()).Qual("encoding/json", "RawMessage").Values(dict),
			}, d.fields(ep.Ident.GoUnexported(), ep.Params)...)...))
		}
		if len(ep.Query) > 0 || ep.Method == "GET" || ep.Method == "DELETE" {
			params := jen.Dict{}
			for _, q := range ep.Query {
				params[jen.Lit(q.Name)] = jen.Id(paramType(q.Type))
			}
			qs := []jen.Code{
				jen.List(jen.Id("body"), jen.Err()).Op(":=").Id("queryObject").Call(jen.Id("r").Dot("URL").Dot("Query").Call(), jen.Map(jen.String()).Id("paramType").Values(params)),
				failed(),
			}
			if len(ep.Query) == 0 {
				qs[0] = jen.List(jen.Id("_"), jen.Err()).Op(":=").Id("queryObject").Call(jen.Id("r").Dot("URL").Dot("Query").Call(), jen.Nil())
			}
			body = append(body, jen.Block(append(qs, d.fields(ep.Ident.GoUnexported(), ep.Query)...)...))
		}
		if ep.Body != nil {
			var names []string
			for _, b := range ep.Body {
				names = append(names, b.Name)
			}
			body = append(body, d.fields(ep.Ident.GoUnexported(), ep.Body)...)
			body = append(body, jen.Id("errs").Op("=").Append(jen.Id("errs"), jen.Id("unknownFields").Call(jen.Id("body"), strs(names)).Op("...")))
		}
		body = append(body, jen.If(jen.Len(jen.Id("errs")).Op(">").Lit(0)).Block(
			jen.Qual(g.pkg("apierr"), "Write").Call(jen.Id("w"), jen.Qual(g.pkg("apierr"), "Invalid").Call(jen.Index().Qual(g.pkg("apierr"), "FieldError").Call(jen.Id("errs")))),
			jen.Return()))
		call := jen.Id("h").Dot("svc").Dot(method).Call(jen.Id("r").Dot("Context").Call(), jen.Id("in"))
		if out == nil {
			body = append(body,
				jen.If(jen.Err().Op(":=").Add(call), jen.Err().Op("!=").Nil()).Block(jen.Id("h").Dot("fail").Call(jen.Id("w"), jen.Id("r"), jen.Err()), jen.Return()),
				jen.Id("w").Dot("WriteHeader").Call(jen.Lit(ep.Status)))
		} else {
			body = append(body, jen.List(jen.Id("out"), jen.Err()).Op(":=").Add(call), failed())
			if ep.Response == ir.ResponseList {
				body = append(body, jen.If(jen.Id("out").Op("==").Nil()).Block(jen.Id("out").Op("=").Add(out.Clone()).Values()))
			}
			body = append(body, jen.Id("writeJSON").Call(jen.Id("w"), jen.Lit(ep.Status), jen.Id("out")))
		}
		hf.Commentf("%s is %s %s%s.", fn, ep.Method, g.api.BasePath, ep.Path)
		hf.Add(hm().Id(fn).Params(hp()...).Block(body...))

		// service
		results := []jen.Code{jen.Err().Error()}
		if out != nil {
			results = []jen.Code{jen.Id("out").Add(out.Clone()), jen.Err().Error()}
		}
		var ownerCheck []jen.Code
		if e, idf := ep.Entity, ep.EntityParam; idf != nil && ep.Access.Owner && g.ownable(e) {
			ownerCheck = []jen.Code{jen.If(jen.Id("ownerOnly")).Block(
				jen.List(jen.Id("row"), jen.Id("found"), jen.Err()).Op(":=").Add(g.repo("Get"+entityName(e))).Call(jen.Id("ctx"), jen.Id("tx"), jen.Id("in").Dot(fieldName(idf))),
				ifErr(),
				jen.If(jen.Op("!").Id("found").Op("||").Op("!").Parens(g.owned(e, "row"))).Block(jen.Return(jen.Qual(g.pkg("apierr"), "NotFound").Call())),
			)}
		}
		var callerV jen.Code = jen.Id("caller")
		deps := jen.Qual(g.pkg("custom"), "Deps").Values(jen.Dict{jen.Id("Tx"): jen.Id("tx"), jen.Id("Caller"): callerV})
		invoke := jen.Qual(g.pkg("custom"), name).Call(jen.Id("ctx"), deps, jen.Id("in"))
		var tail jen.Code
		if out != nil {
			tail = jen.List(jen.Id("out"), jen.Err()).Op("=").Add(invoke).Line().Return(jen.Err())
		} else {
			tail = jen.Return(invoke)
		}
		ownerOnly := jen.Id("_")
		if len(ownerCheck) > 0 {
			ownerOnly = jen.Id("ownerOnly")
		}
		txBody := append([]jen.Code{
			jen.List(jen.Id("caller"), ownerOnly, jen.Err()).Op(":=").Id("s").Dot("authorize").Call(jen.Id("ctx"), jen.Id("tx"), g.ruleCode(ep.Access)),
			ifErr(),
		}, ownerCheck...)
		txBody = append(txBody, tail)
		sf.Commentf("%s runs the custom endpoint %s in one transaction, under its access rule.", method, ep.Name)
		sf.Func().Params(jen.Id("s").Op("*").Id("Service")).Id(method).Params(ctxParam(), jen.Id("in").Add(in.Clone())).Params(results...).Block(
			g.inTx(txBody...), jen.Return(),
		)
	}
	g.goFile("internal/handler/endpoints.go", hf)
	g.goFile("internal/service/endpoints.go", sf)
}

// fields decodes fs from body into in.
func (d *decoder) fields(prefix string, fs []*ir.Field) []jen.Code {
	var out []jen.Code
	for _, fd := range fs {
		out = append(out, d.field(prefix, fd, "in", false, fd.Required))
	}
	return out
}

// customPackage writes the inputs and outputs of the custom endpoints
// (bgen's) and one file per endpoint body (the user's).
func (g *gen) customPackage() {
	f := g.newFile("custom")
	f.PackageComment("Package custom holds the bodies of the custom endpoints, one file per\nendpoint; those files are yours, this one is bgen's.")
	f.Comment("Deps is what an endpoint body may use: the request's transaction and")
	f.Comment("the caller (nil when not authenticated).")
	f.Type().Id("Deps").Struct(
		jen.Id("Tx").Op("*").Qual(g.pkg("database"), "Tx"),
		jen.Id("Caller").Op("*").Qual(g.pkg("auth"), "Caller"),
	)
	f.Comment("NotImplemented is the error of an endpoint whose body is not written yet: a 501.")
	f.Func().Id("NotImplemented").Params().Error().Block(
		jen.Return(jen.Qual(g.pkg("apierr"), "New").Call(jen.Qual("net/http", "StatusNotImplemented"), jen.Lit("this endpoint is not implemented yet"))),
	)
	for _, ep := range g.api.Endpoints {
		name := exported(ep.Ident)
		var fields []jen.Code
		for _, fd := range endpointFields(ep) {
			fields = append(fields, jen.Id(fieldName(fd)).Add(g.fieldType(nil, fd)))
		}
		f.Commentf("%sInput is the validated input of %s.", name, ep.Name)
		f.Type().Id(name + "Input").Struct(fields...)
		if ep.Response == ir.ResponseFields {
			var outs []jen.Code
			for _, fd := range ep.ResponseFields {
				outs = append(outs, jen.Id(fieldName(fd)).Add(g.fieldType(nil, fd)).Tag(map[string]string{"json": fd.Name}))
			}
			f.Commentf("%sOutput is the response of %s.", name, ep.Name)
			f.Type().Id(name + "Output").Struct(outs...)
		}

		u := g.newFile("custom")
		u.HeaderComment("This file is yours: bgen created it once and never overwrites it.")
		results := []jen.Code{jen.Error()}
		ret := []jen.Code{jen.Id("NotImplemented").Call()}
		if out := g.endpointOutput(ep); out != nil {
			results = []jen.Code{out, jen.Error()}
			var zero jen.Code = jen.Nil()
			if ep.Response != ir.ResponseList {
				zero = g.endpointOutput(ep).Values()
			}
			ret = []jen.Code{zero, jen.Id("NotImplemented").Call()}
		}
		summary := ep.Summary
		if summary == "" {
			summary = ep.Name
		}
		u.Commentf("%s answers %s %s%s: %s.", name, ep.Method, g.api.BasePath, ep.Path, strings.TrimSuffix(summary, "."))
		u.Comment("Replace the body; it runs inside the request's transaction (d.Tx).")
		u.Func().Id(name).Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("d").Id("Deps"), jen.Id("in").Id(name+"Input")).Params(results...).Block(
			jen.Return(ret...),
		)
		g.goData("internal/custom/"+ep.Ident.Snake()+".go", u, emitters.User)
	}
	g.goFile("internal/custom/custom.go", f)
}

// serviceMethods are the names of the generated CRUD, relation and auth
// methods of service.Service, which a custom endpoint's method must not
// take.
func (g *gen) serviceMethods() map[string]bool {
	taken := map[string]bool{"Register": true, "Login": true, "Me": true}
	for _, e := range g.api.Entities {
		name := entityName(e)
		for _, m := range []string{"List" + exported(e.Plural), "Get" + name, "Create" + name, "Update" + name, "Delete" + name} {
			taken[m] = true
		}
		for _, r := range e.Relations {
			rel := name + exported(r.Ident)
			for _, m := range []string{"List", "Get", "Link", "Unlink"} {
				taken[m+rel] = true
			}
		}
	}
	return taken
}
