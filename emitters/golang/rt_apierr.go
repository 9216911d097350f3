package golang

import "github.com/dave/jennifer/jen"

// runtimeApierr emits internal/apierr: RFC 9457 problem details.
func (g *gen) runtimeApierr() {
	f := g.newFile("apierr")
	f.PackageComment("Package apierr writes RFC 9457 problem details.")
	f.Comment("FieldError is one failing field of a 409 or 422.")
	f.Type().Id("FieldError").Struct(
		jen.Id("Field").String().Tag(map[string]string{"json": "field"}),
		jen.Id("Code").String().Tag(map[string]string{"json": "code"}),
		jen.Id("Message").String().Tag(map[string]string{"json": "message"}),
	)
	f.Comment("Problem is a problem details body; it is also an error.")
	f.Type().Id("Problem").Struct(
		jen.Id("Type").String().Tag(map[string]string{"json": "type"}),
		jen.Id("Title").String().Tag(map[string]string{"json": "title"}),
		jen.Id("Status").Int().Tag(map[string]string{"json": "status"}),
		jen.Id("Detail").String().Tag(map[string]string{"json": "detail"}),
		jen.Id("Errors").Index().Id("FieldError").Tag(map[string]string{"json": "errors,omitempty"}),
		jen.Comment("Allow is sent as the Allow header of a 405."),
		jen.Id("Allow").String().Tag(map[string]string{"json": "-"}),
		jen.Comment("Challenge adds WWW-Authenticate: Bearer (401)."),
		jen.Id("Challenge").Bool().Tag(map[string]string{"json": "-"}),
	)
	f.Func().Params(jen.Id("p").Op("*").Id("Problem")).Id("Error").Params().String().Add(oneLine(jen.Return(sprintf("%d %s: %s", jen.Id("p").Dot("Status"), jen.Id("p").Dot("Title"), jen.Id("p").Dot("Detail")))))
	f.Comment("New returns a problem without field errors.")
	f.Func().Id("New").Params(jen.Id("status").Int(), jen.Id("detail").String()).Op("*").Id("Problem").Block(
		jen.Return(jen.Op("&").Id("Problem").Values(jen.Id("Type").Op(":").Lit("about:blank"), jen.Id("Title").Op(":").Id("Title").Call(jen.Id("status")), jen.Id("Status").Op(":").Id("status"), jen.Id("Detail").Op(":").Id("detail"))),
	)
	f.Comment("maxFieldErrors is how many entries a problem's errors lists at most.")
	f.Const().Id("maxFieldErrors").Op("=").Lit(100)
	f.Comment("Invalid is a 422 listing the failing fields, the first maxFieldErrors")
	f.Comment("of them; its detail counts them all.")
	f.Func().Id("Invalid").Params(jen.Id("errs").Index().Id("FieldError")).Op("*").Id("Problem").Block(
		jen.Id("p").Op(":=").Id("New").Call(jen.Qual("net/http", "StatusUnprocessableEntity"), jen.Id("countDetail").Call(jen.Len(jen.Id("errs")))),
		jen.Id("p").Dot("Errors").Op("=").Id("errs").Index(jen.Empty(), jen.Min(jen.Len(jen.Id("errs")), jen.Id("maxFieldErrors"))),
		jen.Return(jen.Id("p")),
	)
	f.Comment("Conflict is a 409 listing the conflicting fields.")
	f.Func().Id("Conflict").Params(jen.Id("detail").String(), jen.Id("errs").Index().Id("FieldError")).Op("*").Id("Problem").Block(
		jen.Id("p").Op(":=").Id("New").Call(jen.Qual("net/http", "StatusConflict"), jen.Id("detail")),
		jen.Id("p").Dot("Errors").Op("=").Id("errs"),
		jen.Return(jen.Id("p")),
	)
	f.Comment("NotFound is a 404.")
	f.Func().Id("NotFound").Params().Op("*").Id("Problem").Add(oneLine(jen.Return(jen.Id("New").Call(jen.Qual("net/http", "StatusNotFound"), jen.Lit("the resource does not exist")))))
	f.Comment("Unauthorized is a 401 with the Bearer challenge.")
	f.Func().Id("Unauthorized").Params(jen.Id("detail").String()).Op("*").Id("Problem").Block(
		jen.Id("p").Op(":=").Id("New").Call(jen.Qual("net/http", "StatusUnauthorized"), jen.Id("detail")),
		jen.Id("p").Dot("Challenge").Op("=").True(),
		jen.Return(jen.Id("p")),
	)
	f.Comment("Forbidden is a 403.")
	f.Func().Id("Forbidden").Params().Op("*").Id("Problem").Add(oneLine(jen.Return(jen.Id("New").Call(jen.Qual("net/http", "StatusForbidden"), jen.Lit("you may not do this")))))
	f.Comment("BadRequest is a 400.")
	f.Func().Id("BadRequest").Params(jen.Id("detail").String()).Op("*").Id("Problem").Add(oneLine(jen.Return(jen.Id("New").Call(jen.Qual("net/http", "StatusBadRequest"), jen.Id("detail")))))
	f.Line()
	f.Func().Id("countDetail").Params(jen.Id("n").Int()).String().Block(
		jen.If(jen.Id("n").Op("==").Lit(1)).Block(
			jen.Return(jen.Lit("1 field is invalid")),
		),
		jen.Return(sprintf("%d fields are invalid", jen.Id("n"))),
	)
	f.Comment("Title is the RFC 9110 reason phrase of status.")
	f.Func().Id("Title").Params(jen.Id("status").Int()).String().Block(
		jen.Switch(jen.Id("status")).Block(
			jen.Case(jen.Qual("net/http", "StatusRequestEntityTooLarge")).Block(
				jen.Return(jen.Lit("Content Too Large")),
			),
			jen.Case(jen.Qual("net/http", "StatusRequestURITooLong")).Block(
				jen.Return(jen.Lit("URI Too Long")),
			),
			jen.Case(jen.Qual("net/http", "StatusUnprocessableEntity")).Block(
				jen.Return(jen.Lit("Unprocessable Content")),
			),
		),
		jen.Return(jen.Qual("net/http", "StatusText").Call(jen.Id("status"))),
	)
	f.Comment("From turns any error into a problem; errors that are not problems are a")
	f.Comment("500 whose body says nothing about their cause.")
	f.Func().Id("From").Params(jen.Err().Error()).Op("*").Id("Problem").Block(
		jen.Var().Id("p").Op("*").Id("Problem"),
		jen.If(jen.Qual("errors", "As").Call(jen.Err(), jen.Op("&").Id("p"))).Block(
			jen.Return(jen.Id("p")),
		),
		jen.Return(jen.Id("New").Call(jen.Qual("net/http", "StatusInternalServerError"), jen.Lit("an unexpected error occurred"))),
	)
	f.Comment("Write sends p.")
	f.Func().Id("Write").Params(jen.Id("w").Qual("net/http", "ResponseWriter"), jen.Id("p").Op("*").Id("Problem")).Block(
		jen.If(jen.Id("p").Dot("Allow").Op("!=").Lit("")).Block(
			jen.Id("w").Dot("Header").Call().Dot("Set").Call(jen.Lit("Allow"), jen.Id("p").Dot("Allow")),
		),
		jen.If(jen.Id("p").Dot("Challenge")).Block(
			jen.Id("w").Dot("Header").Call().Dot("Set").Call(jen.Lit("WWW-Authenticate"), jen.Lit("Bearer")),
		),
		jen.Id("w").Dot("Header").Call().Dot("Set").Call(jen.Lit("Content-Type"), jen.Lit("application/problem+json")),
		jen.Id("w").Dot("WriteHeader").Call(jen.Id("p").Dot("Status")),
		jen.Id("_").Op("=").Qual("encoding/json", "NewEncoder").Call(jen.Id("w")).Dot("Encode").Call(jen.Id("p")),
	)
	g.goFile("internal/apierr/apierr.go", f)
}
