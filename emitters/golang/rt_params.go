package golang

import "github.com/dave/jennifer/jen"

// runtimeParams emits internal/handler/params.go: how custom endpoints read
// their query string and path parameters as JSON.
func (g *gen) runtimeParams() {
	f := g.newFile("handler")
	f.Comment("paramType says how a path or query parameter's text becomes the JSON")
	f.Comment("a body would carry.")
	f.Type().Id("paramType").Int()
	f.Comment("Numbers and booleans travel as JSON literals, everything else as strings.")
	f.Const().Defs(
		jen.Id("stringParam").Id("paramType").Op("=").Iota(),
		jen.Id("intParam"),
		jen.Id("numberParam"),
		jen.Id("boolParam"),
	)
	f.Comment("numberSyntax is a JSON number.")
	f.Var().Id("numberSyntax").Op("=").Qual("regexp", "MustCompile").Call(rawLit(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$`))
	f.Comment("queryObject reads a custom endpoint's query string as the JSON object")
	f.Comment("its body would carry. A repeated or unknown parameter is a 400.")
	f.Func().Id("queryObject").Params(
		jen.Id("values").Qual("net/url", "Values"),
		jen.Id("params").Map(jen.String()).Id("paramType"),
	).Params(jen.Map(jen.String()).Qual("encoding/json", "RawMessage"), jen.Error()).Block(
		jen.Id("out").Op(":=").Map(jen.String()).Qual("encoding/json", "RawMessage").Values(),
		jen.Id("names").Op(":=").Make(jen.Index().String(), jen.Lit(0), jen.Len(jen.Id("values"))),
		jen.For(jen.Id("name").Op(":=").Range().Id("values")).Block(
			jen.Id("names").Op("=").Append(jen.Id("names"), jen.Id("name")),
		),
		jen.Qual("slices", "Sort").Call(jen.Id("names")),
		jen.For(jen.List(jen.Id("_"), jen.Id("name")).Op(":=").Range().Id("names")).Block(
			jen.Id("vs").Op(":=").Id("values").Index(jen.Id("name")),
			jen.List(jen.Id("t"), jen.Id("known")).Op(":=").Id("params").Index(jen.Id("name")),
			jen.Switch().Block(
				jen.Case(jen.Op("!").Id("known")).Block(
					jen.Return(jen.Nil(), g.badRequest(sprintf("unknown query parameter %q", jen.Id("name")))),
				),
				jen.Case(jen.Len(jen.Id("vs")).Op("!=").Lit(1)).Block(
					jen.Return(jen.Nil(), g.badRequest(sprintf("query parameter %q is given more than once", jen.Id("name")))),
				),
			),
			jen.Id("out").Index(jen.Id("name")).Op("=").Id("rawParam").Call(jen.Id("vs").Index(jen.Lit(0)), jen.Id("t")),
		),
		jen.Return(jen.Id("out"), jen.Nil()),
	)
	f.Comment("rawParam is a path or query value as JSON: an int (-?[0-9]+, leading")
	f.Comment("zeros dropped), a number or a boolean as its literal when the parameter")
	f.Comment("has that type, anything else as a string, so that a malformed number")
	f.Comment("fails the type check.")
	f.Func().Id("rawParam").Params(jen.Id("s").String(), jen.Id("t").Id("paramType")).Qual("encoding/json", "RawMessage").Block(
		jen.Switch(jen.Id("t")).Block(
			jen.Case(jen.Id("intParam")).Block(
				jen.If(
					jen.List(jen.Id("n"), jen.Id("ok")).Op(":=").New(jen.Qual("math/big", "Int")).Dot("SetString").Call(jen.Id("s"), jen.Lit(10)),
					jen.Id("ok").Op("&&").Op("!").Qual("strings", "HasPrefix").Call(jen.Id("s"), jen.Lit("+")),
				).Block(
					jen.Return(jen.Qual("encoding/json", "RawMessage").Call(jen.Id("n").Dot("String").Call())),
				),
			),
			jen.Case(jen.Id("numberParam")).Block(
				jen.If(jen.Id("numberSyntax").Dot("MatchString").Call(jen.Id("s"))).Block(
					jen.Return(jen.Qual("encoding/json", "RawMessage").Call(jen.Id("s"))),
				),
			),
			jen.Case(jen.Id("boolParam")).Block(
				jen.If(jen.Id("s").Op("==").Lit("true").Op("||").Id("s").Op("==").Lit("false")).Block(
					jen.Return(jen.Qual("encoding/json", "RawMessage").Call(jen.Id("s"))),
				),
			),
		),
		jen.List(jen.Id("b"), jen.Id("_")).Op(":=").Qual("encoding/json", "Marshal").Call(jen.Id("s")),
		jen.Return(jen.Id("b")),
	)
	g.goFile("internal/handler/params.go", f)
}
