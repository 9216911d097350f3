package golang

import "github.com/dave/jennifer/jen"

// runtimeParams emits internal/handler/params.go: how custom endpoints read
// their query string and path parameters as JSON.
func (g *gen) runtimeParams() {
	f := g.newFile("handler")
	f.Comment("queryObject reads a custom endpoint's query string as JSON values, as")
	f.Comment("its body would carry them (numeric names unquoted). A repeated or")
	f.Comment("unknown parameter is a 400.")
	f.Func().Id("queryObject").Params(
		jen.Id("values").Qual("net/url", "Values"),
		jen.Id("known"),
		jen.Id("numeric").Index().String(),
	).Params(jen.Map(jen.String()).Qual("encoding/json", "RawMessage"), jen.Error()).Block(
		jen.Id("out").Op(":=").Map(jen.String()).Qual("encoding/json", "RawMessage").Values(),
		jen.Id("names").Op(":=").Make(jen.Index().String(), jen.Lit(0), jen.Len(jen.Id("values"))),
		jen.For(jen.Id("name").Op(":=").Range().Id("values")).Block(
			jen.Id("names").Op("=").Append(jen.Id("names"), jen.Id("name")),
		),
		jen.Qual("slices", "Sort").Call(jen.Id("names")),
		jen.For(jen.List(jen.Id("_"), jen.Id("name")).Op(":=").Range().Id("names")).Block(
			jen.Id("vs").Op(":=").Id("values").Index(jen.Id("name")),
			jen.Switch().Block(
				jen.Case(jen.Op("!").Qual("slices", "Contains").Call(jen.Id("known"), jen.Id("name"))).Block(
					jen.Return(jen.Nil(), g.badRequest(sprintf("unknown query parameter %q", jen.Id("name")))),
				),
				jen.Case(jen.Len(jen.Id("vs")).Op("!=").Lit(1)).Block(
					jen.Return(jen.Nil(), g.badRequest(sprintf("query parameter %q is given more than once", jen.Id("name")))),
				),
			),
			jen.Id("out").Index(jen.Id("name")).Op("=").Id("rawParam").Call(
				jen.Id("vs").Index(jen.Lit(0)),
				jen.Qual("slices", "Contains").Call(jen.Id("numeric"), jen.Id("name")),
			),
		),
		jen.Return(jen.Id("out"), jen.Nil()),
	)
	f.Comment("rawParam is a path or query value as JSON: as it is for numbers and")
	f.Comment("booleans, quoted otherwise.")
	f.Func().Id("rawParam").Params(jen.Id("s").String(), jen.Id("numeric").Bool()).Qual("encoding/json", "RawMessage").Block(
		jen.If(jen.Id("numeric")).Block(
			jen.Return(jen.Qual("encoding/json", "RawMessage").Call(jen.Id("s"))),
		),
		jen.List(jen.Id("b"), jen.Id("_")).Op(":=").Qual("encoding/json", "Marshal").Call(jen.Id("s")),
		jen.Return(jen.Id("b")),
	)
	g.goFile("internal/handler/params.go", f)
}
