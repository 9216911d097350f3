package golang

import "github.com/dave/jennifer/jen"

// runtimePage emits internal/handler/page.go: the body of every list
// response.
func (g *gen) runtimePage() {
	f := g.newFile("handler")
	f.Comment("page is a list response.")
	f.Type().Id("page").Types(jen.Id("T").Any()).Struct(
		jen.Id("Items").Index().Id("T").Tag(map[string]string{"json": "items"}),
		jen.Id("Total").Int64().Tag(map[string]string{"json": "total"}),
		jen.Id("Limit").Int().Tag(map[string]string{"json": "limit"}),
		jen.Id("Offset").Int().Tag(map[string]string{"json": "offset"}),
	)
	g.goFile("internal/handler/page.go", f)
}
