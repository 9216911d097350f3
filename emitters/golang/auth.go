package golang

import (
	"github.com/dave/jennifer/jen"

	"github.com/bgen-dev/bgen/emitters"
	"github.com/bgen-dev/bgen/ir"
)

func (g *gen) authHandler() {
	a := g.api.Auth
	e := a.Entity
	name := entityName(e)
	f := g.newFile("handler")
	f.Comment("tokenResponse is the body of a successful login.")
	f.Type().Id("tokenResponse").Struct(
		jen.Id("AccessToken").String().Tag(map[string]string{"json": "accessToken"}),
		jen.Id("TokenType").String().Tag(map[string]string{"json": "tokenType"}),
		jen.Id("ExpiresIn").Int64().Tag(map[string]string{"json": "expiresIn"}),
	)
	ctx := jen.Id("r").Dot("Context").Call()
	f.Commentf("register is POST %s/auth/register.", g.api.BasePath)
	f.Add(hm().Id("register").Params(hp()...).Block(append(g.readBody(),
		jen.List(jen.Id("row"), jen.Err()).Op(":=").Id("decode"+name+"Register").Call(jen.Id("body")),
		failed(),
		jen.List(jen.Id("row"), jen.Err()).Op("=").Id("h").Dot("svc").Dot("Register").Call(ctx, jen.Id("row")),
		failed(), g.location(e), jen.Id("writeJSON").Call(jen.Id("w"), jen.Qual("net/http", "StatusCreated"), jen.Id("row")))...))

	idn, pwn := a.Identity.Name, a.Password.Name
	var identity jen.Code = jen.Id(idn + "Value")
	if a.Identity.Type == ir.Email {
		identity = jen.Qual(g.pkg("validate"), "FoldEmail").Call(identity)
	}
	str := func(field string) jen.Code {
		return jen.If(jen.List(jen.Id("raw"), jen.Id("ok")).Op(":=").Id("body").Index(jen.Lit(field)), jen.Op("!").Id("ok")).Block(
			jen.Id("errs").Dot("Add").Call(jen.Lit(field), jen.Lit("required"), jen.Lit("is required")),
		).Else().If(jen.Err().Op(":=").Qual("encoding/json", "Unmarshal").Call(jen.Id("raw"), jen.Op("&").Id(field+"Value")), jen.Err().Op("!=").Nil().Op("||").Id("raw").Index(jen.Lit(0)).Op("!=").LitRune('"')).Block(
			jen.Id("errs").Dot("Add").Call(jen.Lit(field), jen.Lit("type"), jen.Lit("must be a string")),
		).Else().If(jen.Qual("strings", "ContainsRune").Call(jen.Id(field+"Value"), jen.Lit(0))).Block(
			jen.Id("errs").Dot("Add").Call(jen.Lit(field), jen.Lit("format"), jen.Lit("must not contain the NUL character")),
		)
	}
	f.Commentf("login is POST %s/auth/login.", g.api.BasePath)
	f.Add(hm().Id("login").Params(hp()...).Block(append(g.readBody(),
		jen.Var().Id("errs").Qual(g.pkg("validate"), "Errors"),
		jen.Var().List(jen.Id(idn+"Value"), jen.Id(pwn+"Value")).String(),
		str(idn), str(pwn),
		jen.Id("errs").Op("=").Append(jen.Id("errs"), jen.Id("unknownFields").Call(jen.Id("body"), strs([]string{idn, pwn})).Op("...")),
		jen.If(jen.Len(jen.Id("errs")).Op(">").Lit(0)).Block(
			jen.Qual(g.pkg("apierr"), "Write").Call(jen.Id("w"), jen.Qual(g.pkg("apierr"), "Invalid").Call(jen.Index().Qual(g.pkg("apierr"), "FieldError").Call(jen.Id("errs")))),
			jen.Return()),
		jen.List(jen.Id("token"), jen.Err()).Op(":=").Id("h").Dot("svc").Dot("Login").Call(ctx, identity, jen.Id(pwn+"Value")),
		failed(),
		jen.Id("writeJSON").Call(jen.Id("w"), jen.Qual("net/http", "StatusOK"), jen.Id("tokenResponse").Values(jen.Dict{
			jen.Id("AccessToken"): jen.Id("token"), jen.Id("TokenType"): jen.Lit("bearer"),
			jen.Id("ExpiresIn"): jen.Int64().Call(jen.Qual(g.pkg("service"), "TokenTTL").Dot("Seconds").Call()),
		})))...))

	f.Commentf("me is GET %s/auth/me.", g.api.BasePath)
	f.Add(hm().Id("me").Params(hp()...).Block(
		jen.If(jen.Op("!").Id("requireCredential").Call(jen.Id("w"), jen.Id("r"))).Block(jen.Return()),
		jen.List(jen.Id("row"), jen.Err()).Op(":=").Id("h").Dot("svc").Dot("Me").Call(ctx),
		failed(),
		jen.Id("writeJSON").Call(jen.Id("w"), jen.Qual("net/http", "StatusOK"), jen.Id("row"))))

	f.Comment("CreateUser is the create-user command: raw is a create body, role allowed.")
	f.Func().Id("CreateUser").Params(ctxParam(), jen.Id("svc").Op("*").Qual(g.pkg("service"), "Service"), jen.Id("raw").Index().Byte()).Params(jen.Index().Byte(), jen.Error()).Block(
		jen.List(jen.Id("body"), jen.Err()).Op(":=").Id("decodeObject").Call(jen.Id("raw")),
		ifErr(jen.Nil()),
		jen.List(jen.Id("row"), jen.Err()).Op(":=").Id("decode"+name+"Create").Call(jen.Id("body")),
		ifErr(jen.Nil()),
		jen.If(jen.List(jen.Id("row"), jen.Err()).Op("=").Id("svc").Dot("Register").Call(jen.Id("ctx"), jen.Id("row")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
		jen.Return(jen.Qual("encoding/json", "Marshal").Call(jen.Id("row"))),
	)
	g.goFile("internal/handler/auth.go", f)
}

func (g *gen) userFiles() {
	for _, e := range g.api.Entities {
		name := entityName(e)
		f := g.newFile("hooks")
		f.HeaderComment("This file is yours: bgen created it once and never overwrites it.")
		if e == g.api.Entities[0] {
			f.PackageComment("Package hooks holds your service hooks; they run inside the request's transaction.")
		}
		f.Commentf("%s holds the hooks of %s; an error returned aborts the request.", name, name)
		f.Type().Id(name).Struct()
		row := jen.Id("row").Op("*").Qual(g.pkg("model"), name)
		f.Comment("BeforeCreate runs before a row is inserted.")
		f.Func().Params(jen.Id(name)).Id("BeforeCreate").Params(jen.Id("ctx").Qual("context", "Context"), row.Clone()).Error().Block(jen.Return(jen.Nil()))
		f.Comment("BeforeUpdate runs before a row is written back.")
		f.Func().Params(jen.Id(name)).Id("BeforeUpdate").Params(jen.Id("ctx").Qual("context", "Context"), row.Clone()).Error().Block(jen.Return(jen.Nil()))
		f.Comment("BeforeDelete runs before a row is deleted.")
		f.Func().Params(jen.Id(name)).Id("BeforeDelete").Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("row").Qual(g.pkg("model"), name)).Error().Block(jen.Return(jen.Nil()))
		g.goData("internal/hooks/"+e.Name.Snake()+".go", f, emitters.User)
	}
}
