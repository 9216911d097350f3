package golang

import "github.com/dave/jennifer/jen"

// runtimeTestServer emits internal/handler/setup_test.go: the test server and
// request helpers of the generated handler tests.
func (g *gen) runtimeTestServer() {
	f := g.newFile("handler")
	fatalIfErr := func() jen.Code {
		return jen.If(jen.Err().Op("!=").Nil()).Block(jen.Id("t").Dot("Fatal").Call(jen.Err()))
	}
	f.Comment("newTestServer serves the API on a fresh, migrated SQLite database.")
	f.Func().Id("newTestServer").Params(jen.Id("t").Op("*").Qual("testing", "T")).Params(
		jen.Op("*").Qual("net/http/httptest", "Server"),
		jen.Op("*").Qual(g.pkg("service"), "Service"),
	).Block(
		jen.Id("t").Dot("Helper").Call(),
		jen.List(jen.Id("db"), jen.Err()).Op(":=").Qual(g.pkg("database"), "Open").Call(
			jen.Lit("sqlite:///").Op("+").Qual("path/filepath", "Join").Call(jen.Id("t").Dot("TempDir").Call(), jen.Lit("test.db")),
		),
		fatalIfErr(),
		jen.If(jen.Err().Op(":=").Id("db").Dot("Migrate").Call(jen.Qual("context", "Background").Call()), jen.Err().Op("!=").Nil()).Block(
			jen.Id("t").Dot("Fatal").Call(jen.Err()),
		),
		jen.Id("svc").Op(":=").Op("&").Qual(g.pkg("service"), "Service").Values(
			jen.Id("DB").Op(":").Id("db"),
			jen.Id("Tokens").Op(":").Qual(g.pkg("auth"), "Tokens").Values(
				jen.Id("Secret").Op(":").Index().Byte().Call(jen.Lit("a test secret of at least 32 bytes!")),
				jen.Id("TTL").Op(":").Qual("time", "Hour"),
			),
		),
		jen.Id("srv").Op(":=").Qual("net/http/httptest", "NewServer").Call(jen.Id("New").Call(
			jen.Id("svc"),
			jen.Qual("log/slog", "New").Call(jen.Qual("log/slog", "NewJSONHandler").Call(jen.Qual("io", "Discard"), jen.Nil())),
			jen.Nil(),
			jen.Index().Byte().Call(jen.Lit("{}\n")),
		)),
		jen.Id("t").Dot("Cleanup").Call(jen.Func().Params().Block(
			jen.Id("srv").Dot("Close").Call(),
			jen.Id("_").Op("=").Id("db").Dot("Close").Call(),
		)),
		jen.Return(jen.Id("srv"), jen.Id("svc")),
	)
	f.Comment("call sends a request and decodes the JSON answer, if any.")
	f.Func().Id("call").Params(
		jen.Id("t").Op("*").Qual("testing", "T"),
		jen.Id("srv").Op("*").Qual("net/http/httptest", "Server"),
		jen.Id("method"),
		jen.Id("path"),
		jen.Id("token"),
		jen.Id("body").String(),
	).Params(jen.Int(), jen.Map(jen.String()).Any()).Block(
		jen.Id("t").Dot("Helper").Call(),
		jen.Var().Id("rd").Qual("io", "Reader"),
		jen.If(jen.Id("body").Op("!=").Lit("")).Block(
			jen.Id("rd").Op("=").Qual("bytes", "NewBufferString").Call(jen.Id("body")),
		),
		jen.List(jen.Id("req"), jen.Err()).Op(":=").Qual("net/http", "NewRequest").Call(jen.Id("method"), jen.Id("srv").Dot("URL").Op("+").Id("path"), jen.Id("rd")),
		fatalIfErr(),
		jen.If(jen.Id("body").Op("!=").Lit("")).Block(
			jen.Id("req").Dot("Header").Dot("Set").Call(jen.Lit("Content-Type"), jen.Lit("application/json")),
		),
		jen.If(jen.Id("token").Op("!=").Lit("")).Block(
			jen.Id("req").Dot("Header").Dot("Set").Call(jen.Lit("Authorization"), jen.Lit("Bearer ").Op("+").Id("token")),
		),
		jen.List(jen.Id("resp"), jen.Err()).Op(":=").Id("srv").Dot("Client").Call().Dot("Do").Call(jen.Id("req")),
		fatalIfErr(),
		jen.Defer().Id("resp").Dot("Body").Dot("Close").Call(),
		jen.List(jen.Id("data"), jen.Err()).Op(":=").Qual("io", "ReadAll").Call(jen.Id("resp").Dot("Body")),
		fatalIfErr(),
		jen.Var().Id("out").Map(jen.String()).Any(),
		jen.If(jen.Len(jen.Id("data")).Op(">").Lit(0)).Block(
			jen.If(jen.Err().Op(":=").Qual("encoding/json", "Unmarshal").Call(jen.Id("data"), jen.Op("&").Id("out")), jen.Err().Op("!=").Nil()).Block(
				jen.Id("t").Dot("Fatalf").Call(jen.Lit("%s %s: body is not a JSON object: %s"), jen.Id("method"), jen.Id("path"), jen.Id("data")),
			),
		),
		jen.Return(jen.Id("resp").Dot("StatusCode"), jen.Id("out")),
	)
	f.Comment("expect fails the test unless status is want.")
	f.Func().Id("expect").Params(
		jen.Id("t").Op("*").Qual("testing", "T"),
		jen.Id("what").String(),
		jen.Id("status"),
		jen.Id("want").Int(),
		jen.Id("body").Map(jen.String()).Any(),
	).Block(
		jen.Id("t").Dot("Helper").Call(),
		jen.If(jen.Id("status").Op("!=").Id("want")).Block(
			jen.Id("t").Dot("Fatalf").Call(jen.Lit("%s: status %d, want %d; body %v"), jen.Id("what"), jen.Id("status"), jen.Id("want"), jen.Id("body")),
		),
	)
	f.Comment("idPath is the id of a resource as it appears in a path.")
	f.Func().Id("idPath").Params(jen.Id("body").Map(jen.String()).Any()).String().Block(
		jen.List(jen.Id("b"), jen.Id("_")).Op(":=").Qual("encoding/json", "Marshal").Call(jen.Id("body").Index(jen.Lit("id"))),
		jen.Return(jen.String().Call(jen.Qual("bytes", "Trim").Call(jen.Id("b"), rawLit(`"`)))),
	)
	f.Comment("errorCodes lists the field/code pairs of a problem body.")
	f.Func().Id("errorCodes").Params(jen.Id("body").Map(jen.String()).Any()).Index().String().Block(
		jen.Var().Id("codes").Index().String(),
		jen.List(jen.Id("errs"), jen.Id("_")).Op(":=").Id("body").Index(jen.Lit("errors")).Assert(jen.Index().Any()),
		jen.For(jen.List(jen.Id("_"), jen.Id("e")).Op(":=").Range().Id("errs")).Block(
			jen.List(jen.Id("m"), jen.Id("_")).Op(":=").Id("e").Assert(jen.Map(jen.String()).Any()),
			jen.Id("codes").Op("=").Append(
				jen.Id("codes"),
				jen.Id("m").Index(jen.Lit("field")).Assert(jen.String()).Op("+").Lit(":").Op("+").Id("m").Index(jen.Lit("code")).Assert(jen.String()),
			),
		),
		jen.Return(jen.Id("codes")),
	)
	g.goFile("internal/handler/setup_test.go", f)
}
