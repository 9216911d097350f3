package golang

import (
	"strings"

	"github.com/dave/jennifer/jen"
)

// runtimeList emits internal/repository/list.go: list query parsing (limit,
// offset, sort, q, filters), its SQL, and unique-violation mapping.
func (g *gen) runtimeList() {
	f := g.newFile("repository")
	// appendTo is `name = append(name, values...)`; name may be a field
	// path such as "q.order".
	appendTo := func(name string, values ...jen.Code) jen.Code {
		ref := func() *jen.Statement {
			path := strings.Split(name, ".")
			s := jen.Id(path[0])
			for _, field := range path[1:] {
				s = s.Dot(field)
			}
			return s
		}
		return ref().Op("=").Append(append([]jen.Code{ref()}, values...)...)
	}
	f.PackageComment("Package repository holds all database access; its queries are")
	f.PackageComment("parameterised and use ? placeholders in both dialects.")
	f.Comment("FieldType is how a list parameter's value is parsed and compared.")
	f.Type().Id("FieldType").Int()
	f.Comment("The types a filter or sort key may have.")
	f.Const().Defs(
		jen.Id("TypeString").Id("FieldType").Op("=").Iota(),
		jen.Id("TypeEmail"),
		jen.Id("TypeInt"),
		jen.Id("TypeFloat"),
		jen.Id("TypeDecimal"),
		jen.Id("TypeBool"),
		jen.Id("TypeDate"),
		jen.Id("TypeDateTime"),
		jen.Id("TypeUUID"),
		jen.Id("TypeEnum"),
	)
	f.Comment("Filter is one filterable name of a list.")
	f.Type().Id("Filter").Struct(
		jen.List(jen.Id("Param"), jen.Id("Column")).String(),
		jen.Id("Type").Id("FieldType"),
		jen.Id("Ops").Index().String().Comment("besides equality"),
		jen.Id("Values").Index().String().Comment("enum"),
		jen.List(jen.Id("Precision"), jen.Id("Scale")).Int().Comment("decimal"),
	)
	f.Comment("SortField is one name a list may be sorted by.")
	f.Type().Id("SortField").Struct(
		jen.List(jen.Id("Name"), jen.Id("Column")).String(),
		jen.Id("Type").Id("FieldType"),
		jen.Id("Nullable").Bool(),
	)
	f.Comment("SortTerm is one term of a sort.")
	f.Type().Id("SortTerm").Struct(
		jen.Id("Name").String(),
		jen.Id("Desc").Bool(),
	)
	f.Comment("ListSpec is what an entity's list accepts.")
	f.Type().Id("ListSpec").Struct(
		jen.Id("Filters").Index().Id("Filter"),
		jen.Id("Sort").Index().Id("SortField"),
		jen.Id("Search").Index().String().Comment("columns ?q= matches"),
		jen.Id("DefaultSort").Index().Id("SortTerm"),
	)
	f.Line()
	f.Type().Id("condition").Struct(
		jen.Id("column").String(),
		jen.Id("typ").Id("FieldType"),
		jen.Id("op").String(),
		jen.Id("args").Index().Any(),
	)
	f.Line()
	f.Type().Id("orderTerm").Struct(
		jen.Id("field").Id("SortField"),
		jen.Id("desc").Bool(),
	)
	f.Comment("ListQuery is a parsed list request plus the conditions the server adds.")
	f.Type().Id("ListQuery").Struct(
		jen.List(jen.Id("Limit"), jen.Id("Offset")).Int(),
		jen.Id("conds").Index().Id("condition"),
		jen.Id("search").Index().String(),
		jen.Id("needle").String(),
		jen.Id("order").Index().Id("orderTerm"),
		jen.Id("extra").Index().String(),
		jen.Id("extraArgs").Index().Any(),
	)
	f.Comment("Where adds a condition written in SQL with ? placeholders.")
	f.Func().Params(jen.Id("q").Op("*").Id("ListQuery")).Id("Where").Params(jen.Id("cond").String(), jen.Id("args").Op("...").Any()).Block(
		appendTo("q.extra", jen.Id("cond")),
		appendTo("q.extraArgs", jen.Id("args").Op("...")),
	)
	f.Comment("ParseList reads limit, offset, sort, q and the filters of spec. Any")
	f.Comment("other, repeated or malformed parameter is a 400.")
	f.Func().Id("ParseList").Params(
		jen.Id("values").Qual("net/url", "Values"),
		jen.Id("spec").Id("ListSpec"),
		jen.Id("defaultLimit"),
		jen.Id("maxLimit").Int(),
	).Params(jen.Id("ListQuery"), jen.Error()).Block(
		jen.Id("q").Op(":=").Id("ListQuery").Values(jen.Id("Limit").Op(":").Id("defaultLimit")),
		jen.Id("names").Op(":=").Make(jen.Index().String(), jen.Lit(0), jen.Len(jen.Id("values"))),
		jen.For(jen.Id("name").Op(":=").Range().Id("values")).Block(
			appendTo("names", jen.Id("name")),
		),
		jen.Qual("slices", "Sort").Call(jen.Id("names")),
		jen.Id("terms").Op(":=").Id("spec").Dot("DefaultSort"),
		jen.For(jen.List(jen.Id("_"), jen.Id("name")).Op(":=").Range().Id("names")).Block(
			jen.Id("vs").Op(":=").Id("values").Index(jen.Id("name")),
			jen.If(jen.Len(jen.Id("vs")).Op("!=").Lit(1)).Block(
				jen.Return(jen.Id("q"), g.badRequest(sprintf("query parameter %q is given more than once", jen.Id("name")))),
			),
			jen.Id("v").Op(":=").Id("vs").Index(jen.Lit(0)),
			jen.Switch(jen.Id("name")).Block(
				jen.Case(jen.Lit("limit")).Block(
					jen.List(jen.Id("n"), jen.Id("ok")).Op(":=").Id("parseInt").Call(jen.Id("v")),
					jen.If(jen.Op("!").Id("ok").Op("||").Id("n").Op("<").Lit(1).Op("||").Id("n").Op(">").Int64().Call(jen.Id("maxLimit"))).Block(
						jen.Return(jen.Id("q"), g.badRequest(sprintf("limit must be an integer from 1 to %d", jen.Id("maxLimit")))),
					),
					jen.Id("q").Dot("Limit").Op("=").Int().Call(jen.Id("n")),
					jen.Continue(),
				),
				jen.Case(jen.Lit("offset")).Block(
					jen.List(jen.Id("n"), jen.Id("ok")).Op(":=").Id("parseInt").Call(jen.Id("v")),
					jen.If(jen.Op("!").Id("ok").Op("||").Id("n").Op("<").Lit(0)).Block(
						jen.Return(jen.Id("q"), g.badRequest(jen.Lit("offset must be an integer >= 0"))),
					),
					jen.Id("q").Dot("Offset").Op("=").Int().Call(jen.Id("n")),
					jen.Continue(),
				),
				jen.Case(jen.Lit("sort")).Block(
					jen.Comment("An empty sort names no field: a 400 below."),
					jen.Id("terms").Op("=").Nil(),
					jen.For(jen.List(jen.Id("_"), jen.Id("t")).Op(":=").Range().Qual("strings", "Split").Call(jen.Id("v"), jen.Lit(","))).Block(
						jen.Id("desc").Op(":=").Qual("strings", "HasPrefix").Call(jen.Id("t"), jen.Lit("-")),
						appendTo("terms", jen.Id("SortTerm").Values(jen.Id("Name").Op(":").Qual("strings", "TrimPrefix").Call(jen.Id("t"), jen.Lit("-")), jen.Id("Desc").Op(":").Id("desc"))),
					),
					jen.Continue(),
				),
				jen.Case(jen.Lit("q")).Block(
					jen.If(jen.Len(jen.Id("spec").Dot("Search")).Op(">").Lit(0)).Block(
						jen.If(jen.Err().Op(":=").Id("freeText").Call(jen.Id("name"), jen.Id("v")), jen.Err().Op("!=").Nil()).Block(
							jen.Return(jen.Id("q"), jen.Err()),
						),
						jen.List(jen.Id("q").Dot("search"), jen.Id("q").Dot("needle")).Op("=").List(jen.Id("spec").Dot("Search"), jen.Id("v")),
						jen.Continue(),
					),
				),
			),
			jen.List(jen.Id("c"), jen.Err()).Op(":=").Id("parseFilter").Call(jen.Id("name"), jen.Id("v"), jen.Id("spec").Dot("Filters")),
			ifErr(jen.Id("q")),
			appendTo("q.conds", jen.Id("c")),
		),
		jen.Id("hasID").Op(":=").False(),
		jen.For(jen.List(jen.Id("_"), jen.Id("t")).Op(":=").Range().Id("terms")).Block(
			jen.Id("i").Op(":=").Qual("slices", "IndexFunc").Call(
				jen.Id("spec").Dot("Sort"),
				jen.Func().Params(jen.Id("f").Id("SortField")).Bool().Add(oneLine(jen.Return(jen.Id("f").Dot("Name").Op("==").Id("t").Dot("Name")))),
			),
			jen.If(jen.Id("i").Op("<").Lit(0)).Block(
				jen.Return(jen.Id("q"), g.badRequest(sprintf("cannot sort by %q", jen.Id("t").Dot("Name")))),
			),
			appendTo("q.order", jen.Id("orderTerm").Values(jen.Id("field").Op(":").Id("spec").Dot("Sort").Index(jen.Id("i")), jen.Id("desc").Op(":").Id("t").Dot("Desc"))),
			jen.Id("hasID").Op("=").Id("hasID").Op("||").Id("t").Dot("Name").Op("==").Lit("id"),
		),
		jen.If(jen.Op("!").Id("hasID")).Block(
			appendTo("q.order", jen.Id("orderTerm").Values(jen.Id("field").Op(":").Id("SortField").Values(jen.Id("Name").Op(":").Lit("id"), jen.Id("Column").Op(":").Lit("id")))),
		),
		jen.Return(jen.Id("q"), jen.Nil()),
	)
	f.Line()
	f.Func().Id("parseFilter").Params(jen.Id("param"), jen.Id("value").String(), jen.Id("filters").Index().Id("Filter")).Params(jen.Id("condition"), jen.Error()).Block(
		jen.List(jen.Id("name"), jen.Id("op")).Op(":=").List(jen.Id("param"), jen.Lit("eq")),
		jen.If(jen.Id("i").Op(":=").Qual("strings", "IndexByte").Call(jen.Id("param"), jen.LitRune('[')), jen.Id("i").Op(">").Lit(0).Op("&&").
			Qual("strings", "HasSuffix").Call(jen.Id("param"), jen.Lit("]"))).Block(
			jen.List(jen.Id("name"), jen.Id("op")).Op("=").List(
				jen.Id("param").Index(jen.Empty(), jen.Id("i")),
				jen.Id("param").Index(jen.Id("i").Op("+").Lit(1), jen.Len(jen.Id("param")).Op("-").Lit(1)),
			),
		),
		jen.Id("i").Op(":=").Qual("slices", "IndexFunc").Call(
			jen.Id("filters"),
			jen.Func().Params(jen.Id("f").Id("Filter")).Bool().Add(oneLine(jen.Return(jen.Id("f").Dot("Param").Op("==").Id("name")))),
		),
		jen.If(jen.Id("i").Op("<").Lit(0).Op("||").
			Parens(jen.Id("op").Op("!=").Lit("eq").Op("&&").
				Op("!").Qual("slices", "Contains").Call(jen.Id("filters").Index(jen.Id("i")).Dot("Ops"), jen.Id("op")))).Block(
			jen.Return(jen.Id("condition").Values(), g.badRequest(sprintf("unknown query parameter %q", jen.Id("param")))),
		),
		jen.Id("f").Op(":=").Id("filters").Index(jen.Id("i")),
		jen.Id("c").Op(":=").Id("condition").Values(jen.Id("column").Op(":").Id("f").Dot("Column"), jen.Id("typ").Op(":").Id("f").Dot("Type"), jen.Id("op").Op(":").Id("op")),
		jen.Switch(jen.Id("op")).Block(
			jen.Case(jen.Lit("isNull")).Block(
				jen.If(jen.Id("value").Op("!=").Lit("true").Op("&&").Id("value").Op("!=").Lit("false")).Block(
					jen.Return(jen.Id("c"), g.badRequest(sprintf("%s must be true or false", jen.Id("param")))),
				),
				jen.Id("c").Dot("args").Op("=").Index().Any().Values(jen.Id("value").Op("==").Lit("true")),
				jen.Return(jen.Id("c"), jen.Nil()),
			),
			jen.Case(jen.Lit("contains")).Block(
				jen.If(jen.Err().Op(":=").Id("freeText").Call(jen.Id("param"), jen.Id("value")), jen.Err().Op("!=").Nil()).Block(
					jen.Return(jen.Id("c"), jen.Err()),
				),
				jen.Id("c").Dot("args").Op("=").Index().Any().Values(jen.Id("likePattern").Call(jen.Id("value"))),
				jen.Return(jen.Id("c"), jen.Nil()),
			),
			jen.Case(jen.Lit("in")).Block(
				jen.Id("parts").Op(":=").Qual("strings", "Split").Call(jen.Id("value"), jen.Lit(",")),
				jen.If(jen.Len(jen.Id("parts")).Op(">").Id("maxInValues")).Block(
					jen.Return(jen.Id("c"), g.badRequest(sprintf("%s has more than %d values", jen.Id("param"), jen.Id("maxInValues")))),
				),
				jen.For(jen.List(jen.Id("_"), jen.Id("part")).Op(":=").Range().Id("parts")).Block(
					jen.List(jen.Id("v"), jen.Id("ok")).Op(":=").Id("parseValue").Call(jen.Id("part"), jen.Id("f")),
					jen.If(jen.Op("!").Id("ok")).Block(
						jen.Return(jen.Id("c"), g.badRequest(sprintf("%s has a malformed value", jen.Id("param")))),
					),
					appendTo("c.args", jen.Id("v")),
				),
				jen.Return(jen.Id("c"), jen.Nil()),
			),
		),
		jen.List(jen.Id("v"), jen.Id("ok")).Op(":=").Id("parseValue").Call(jen.Id("value"), jen.Id("f")),
		jen.If(jen.Op("!").Id("ok")).Block(
			jen.Return(jen.Id("c"), g.badRequest(sprintf("%s has a malformed value", jen.Id("param")))),
		),
		jen.Id("c").Dot("args").Op("=").Index().Any().Values(jen.Id("v")),
		jen.Return(jen.Id("c"), jen.Nil()),
	)
	f.Line()
	f.Func().Id("parseValue").Params(jen.Id("s").String(), jen.Id("f").Id("Filter")).Params(jen.Any(), jen.Bool()).Block(
		jen.Switch(jen.Id("f").Dot("Type")).Block(
			jen.Case(jen.Id("TypeInt")).Block(
				jen.Return(jen.Id("parseInt").Call(jen.Id("s"))),
			),
			jen.Case(jen.Id("TypeEmail")).Block(
				jen.Return(jen.Qual(g.pkg("validate"), "FoldEmail").Call(jen.Id("s")), jen.Op("!").Qual("strings", "ContainsRune").Call(jen.Id("s"), jen.Lit(0))),
			),
			jen.Case(jen.Id("TypeFloat")).Block(
				jen.List(jen.Id("n"), jen.Err()).Op(":=").Qual("strconv", "ParseFloat").Call(jen.Id("s"), jen.Lit(64)),
				jen.Return(
					jen.Id("n"),
					jen.Err().Op("==").Nil().Op("&&").Op("!").Qual("math", "IsNaN").Call(jen.Id("n")).Op("&&").Op("!").Qual("math", "IsInf").Call(jen.Id("n"), jen.Lit(0)),
				),
			),
			jen.Case(jen.Id("TypeDecimal")).Block(
				jen.Return(jen.Qual(g.pkg("validate"), "ParseDecimal").Call(jen.Id("s"), jen.Id("f").Dot("Precision"), jen.Id("f").Dot("Scale"))),
			),
			jen.Case(jen.Id("TypeBool")).Block(
				jen.List(jen.Id("b"), jen.Err()).Op(":=").Qual("strconv", "ParseBool").Call(jen.Id("s")),
				jen.Return(jen.Id("b"), jen.Err().Op("==").Nil().Op("&&").Parens(jen.Id("s").Op("==").Lit("true").Op("||").Id("s").Op("==").Lit("false"))),
			),
			jen.Case(jen.Id("TypeDate")).Block(
				jen.Return(jen.Qual(g.pkg("validate"), "ParseDate").Call(jen.Id("s"))),
			),
			jen.Case(jen.Id("TypeDateTime")).Block(
				jen.Return(jen.Qual(g.pkg("validate"), "ParseDateTime").Call(jen.Id("s"))),
			),
			jen.Case(jen.Id("TypeUUID")).Block(
				jen.Return(jen.Qual(g.pkg("validate"), "ParseUUID").Call(jen.Id("s"))),
			),
			jen.Case(jen.Id("TypeEnum")).Block(
				jen.Return(jen.Id("s"), jen.Qual("slices", "Contains").Call(jen.Id("f").Dot("Values"), jen.Id("s"))),
			),
		),
		jen.Comment("PostgreSQL's text cannot hold U+0000, so no target takes it."),
		jen.Return(jen.Id("s"), jen.Op("!").Qual("strings", "ContainsRune").Call(jen.Id("s"), jen.Lit(0))),
	)
	f.Comment("parseInt reads a query integer: -?[0-9]+ within 64 bits (ParseInt")
	f.Comment("alone would take a leading +).")
	f.Func().Id("parseInt").Params(jen.Id("s").String()).Params(jen.Int64(), jen.Bool()).Block(
		jen.List(jen.Id("n"), jen.Err()).Op(":=").Qual("strconv", "ParseInt").Call(jen.Id("s"), jen.Lit(10), jen.Lit(64)),
		jen.Return(jen.Id("n"), jen.Err().Op("==").Nil().Op("&&").Op("!").Qual("strings", "HasPrefix").Call(jen.Id("s"), jen.Lit("+"))),
	)
	f.Comment("The limits of docs/contract.md on list parameters.")
	f.Const().Defs(
		jen.Id("maxFreeText").Op("=").Lit(256).Comment("characters of q and of each contains"),
		jen.Id("maxInValues").Op("=").Lit(100),
	)
	f.Comment("freeText refuses a search or contains value that is too long or that")
	f.Comment("PostgreSQL's text cannot hold.")
	f.Func().Id("freeText").Params(jen.List(jen.Id("param"), jen.Id("v")).String()).Error().Block(
		jen.Switch().Block(
			jen.Case(jen.Qual("unicode/utf8", "RuneCountInString").Call(jen.Id("v")).Op(">").Id("maxFreeText")).Block(
				jen.Return(g.badRequest(sprintf("%s is longer than %d characters", jen.Id("param"), jen.Id("maxFreeText")))),
			),
			jen.Case(jen.Qual("strings", "ContainsRune").Call(jen.Id("v"), jen.Lit(0))).Block(
				jen.Return(g.badRequest(sprintf("%s must not contain NUL", jen.Id("param")))),
			),
		),
		jen.Return(jen.Nil()),
	)
	f.Comment("likePattern matches s anywhere, case-insensitively, with % and _ taken")
	f.Comment("literally.")
	f.Func().Id("likePattern").Params(jen.Id("s").String()).String().Block(
		jen.Id("r").Op(":=").Qual("strings", "NewReplacer").Call(rawLit(`\`), rawLit(`\\`), rawLit(`%`), rawLit(`\%`), rawLit(`_`), rawLit(`\_`)),
		jen.Return(jen.Lit("%").Op("+").Id("r").Dot("Replace").Call(jen.Qual("strings", "ToLower").Call(jen.Id("s"))).Op("+").Lit("%")),
	)
	f.Line()
	f.Func().Id("quote").Params(jen.Id("ident").String()).String().Add(oneLine(jen.Return(rawLit(`"`).Op("+").Qual("strings", "ReplaceAll").Call(jen.Id("ident"), rawLit(`"`), rawLit(`""`)).Op("+").Add(rawLit(`"`)))))
	f.Line()
	f.Func().Id("expr").Params(
		jen.Id("column").String(),
		jen.Id("typ").Id("FieldType"),
		jen.Id("d").Qual(g.pkg("database"), "Dialect"),
	).Params(jen.String(), jen.String()).Block(
		jen.If(jen.Id("typ").Op("==").Id("TypeDecimal").Op("&&").Id("d").Op("==").Qual(g.pkg("database"), "SQLite")).Block(
			jen.Return(jen.Lit("CAST(").Op("+").Id("quote").Call(jen.Id("column")).Op("+").Lit(" AS REAL)"), jen.Lit("CAST(? AS REAL)")),
		),
		jen.Return(jen.Id("quote").Call(jen.Id("column")), jen.Lit("?")),
	)
	f.Comment("render returns the WHERE clause (with its arguments) and ORDER BY.")
	f.Func().Params(jen.Id("q").Id("ListQuery")).Id("render").Params(jen.Id("d").Qual(g.pkg("database"), "Dialect")).Params(
		jen.String(),
		jen.Index().Any(),
		jen.String(),
	).Block(
		jen.Var().Id("where").Index().String(),
		jen.Var().Id("args").Index().Any(),
		jen.For(jen.List(jen.Id("_"), jen.Id("c")).Op(":=").Range().Id("q").Dot("conds")).Block(
			jen.List(jen.Id("col"), jen.Id("ph")).Op(":=").Id("expr").Call(jen.Id("c").Dot("column"), jen.Id("c").Dot("typ"), jen.Id("d")),
			jen.Switch(jen.Id("c").Dot("op")).Block(
				jen.Case(jen.Lit("isNull")).Block(
					jen.If(jen.Id("c").Dot("args").Index(jen.Lit(0)).Op("==").True()).Block(
						appendTo("where", jen.Id("col").Op("+").Lit(" IS NULL")),
					).Else().Block(
						appendTo("where", jen.Id("col").Op("+").Lit(" IS NOT NULL")),
					),
					jen.Continue(),
				),
				jen.Case(jen.Lit("contains")).Block(
					appendTo("where", jen.Lit("LOWER(").Op("+").Id("quote").Call(jen.Id("c").Dot("column")).Op("+").Add(rawLit(`) LIKE ? ESCAPE '\'`))),
				),
				jen.Case(jen.Lit("in")).Block(
					appendTo("where",
						jen.Id("col").Op("+").Lit(" IN (").Op("+").Qual("strings", "TrimSuffix").Call(
							jen.Qual("strings", "Repeat").Call(jen.Id("ph").Op("+").Lit(", "), jen.Len(jen.Id("c").Dot("args"))),
							jen.Lit(", "),
						).Op("+").Lit(")"),
					),
				),
				jen.Default().Block(
					jen.Id("sqlOp").Op(":=").Map(jen.String()).String().Values(
						jen.Lit("eq").Op(":").Lit("="),
						jen.Lit("ne").Op(":").Lit("<>"),
						jen.Lit("gt").Op(":").Lit(">"),
						jen.Lit("gte").Op(":").Lit(">="),
						jen.Lit("lt").Op(":").Lit("<"),
						jen.Lit("lte").Op(":").Lit("<="),
					).Index(jen.Id("c").Dot("op")),
					appendTo("where", jen.Id("col").Op("+").Lit(" ").Op("+").Id("sqlOp").Op("+").Lit(" ").Op("+").Id("ph")),
				),
			),
			appendTo("args", jen.Id("c").Dot("args").Op("...")),
		),
		jen.If(jen.Len(jen.Id("q").Dot("search")).Op(">").Lit(0)).Block(
			jen.Var().Id("alts").Index().String(),
			jen.For(jen.List(jen.Id("_"), jen.Id("col")).Op(":=").Range().Id("q").Dot("search")).Block(
				appendTo("alts", jen.Lit("LOWER(").Op("+").Id("quote").Call(jen.Id("col")).Op("+").Add(rawLit(`) LIKE ? ESCAPE '\'`))),
				appendTo("args", jen.Id("likePattern").Call(jen.Id("q").Dot("needle"))),
			),
			appendTo("where", jen.Lit("(").Op("+").Qual("strings", "Join").Call(jen.Id("alts"), jen.Lit(" OR ")).Op("+").Lit(")")),
		),
		appendTo("where", jen.Id("q").Dot("extra").Op("...")),
		appendTo("args", jen.Id("q").Dot("extraArgs").Op("...")),
		jen.Id("clause").Op(":=").Lit(""),
		jen.If(jen.Len(jen.Id("where")).Op(">").Lit(0)).Block(
			jen.Id("clause").Op("=").Lit(" WHERE ").Op("+").Qual("strings", "Join").Call(jen.Id("where"), jen.Lit(" AND ")),
		),
		jen.Var().Id("order").Index().String(),
		jen.For(jen.List(jen.Id("_"), jen.Id("t")).Op(":=").Range().Id("q").Dot("order")).Block(
			jen.List(jen.Id("col"), jen.Id("_")).Op(":=").Id("expr").Call(jen.Id("t").Dot("field").Dot("Column"), jen.Id("t").Dot("field").Dot("Type"), jen.Id("d")),
			jen.Switch().Block(
				jen.Case(jen.Id("t").Dot("desc").Op("&&").Id("t").Dot("field").Dot("Nullable")).Block(
					appendTo("order", jen.Id("col").Op("+").Lit(" DESC NULLS LAST")),
				),
				jen.Case(jen.Id("t").Dot("desc")).Block(
					appendTo("order", jen.Id("col").Op("+").Lit(" DESC")),
				),
				jen.Case(jen.Id("t").Dot("field").Dot("Nullable")).Block(
					appendTo("order", jen.Id("col").Op("+").Lit(" ASC NULLS FIRST")),
				),
				jen.Default().Block(
					appendTo("order", jen.Id("col").Op("+").Lit(" ASC")),
				),
			),
		),
		jen.Return(jen.Id("clause"), jen.Id("args"), jen.Lit(" ORDER BY ").Op("+").Qual("strings", "Join").Call(jen.Id("order"), jen.Lit(", "))),
	)
	f.Comment("rowScanner is *sql.Row or *sql.Rows.")
	f.Type().Id("rowScanner").Interface(jen.Id("Scan").Params(jen.Id("dest").Op("...").Any()).Error())
	f.Comment("listRows runs q against table and returns one page and the total.")
	f.Func().Id("listRows").Types(jen.Id("T").Any()).Params(
		ctxParam(),
		g.txParam(),
		jen.Id("table"),
		jen.Id("columns").String(),
		jen.Id("q").Id("ListQuery"),
		jen.Id("scan").Func().Params(jen.Id("rowScanner")).Params(jen.Id("T"), jen.Error()),
	).Params(jen.Index().Id("T"), jen.Int64(), jen.Error()).Block(
		jen.List(jen.Id("where"), jen.Id("args"), jen.Id("order")).Op(":=").Id("q").Dot("render").Call(jen.Id("tx").Dot("Dialect")),
		jen.Var().Id("total").Int64(),
		jen.If(
			jen.Err().Op(":=").Id("tx").Dot("QueryRow").Call(
				jen.Id("ctx"),
				jen.Lit("SELECT COUNT(*) FROM ").Op("+").Id("quote").Call(jen.Id("table")).Op("+").Id("where"),
				jen.Id("args").Op("..."),
			).Dot("Scan").Call(jen.Op("&").Id("total")),
			jen.Err().Op("!=").Nil(),
		).Block(
			jen.Return(jen.Nil(), jen.Lit(0), jen.Err()),
		),
		jen.List(jen.Id("rows"), jen.Err()).Op(":=").Id("tx").Dot("Query").Call(
			jen.Id("ctx"),
			jen.Lit("SELECT ").Op("+").Id("columns").Op("+").Lit(" FROM ").Op("+").Id("quote").Call(jen.Id("table")).Op("+").Id("where").Op("+").Id("order").Op("+").Lit(" LIMIT ? OFFSET ?"),
			jen.Append(jen.Id("args"), jen.Id("q").Dot("Limit"), jen.Id("q").Dot("Offset")).Op("..."),
		),
		ifErr(jen.Nil(), jen.Lit(0)),
		jen.Defer().Id("rows").Dot("Close").Call(),
		jen.Id("items").Op(":=").Index().Id("T").Values(),
		jen.For(jen.Id("rows").Dot("Next").Call()).Block(
			jen.List(jen.Id("item"), jen.Err()).Op(":=").Id("scan").Call(jen.Id("rows")),
			ifErr(jen.Nil(), jen.Lit(0)),
			appendTo("items", jen.Id("item")),
		),
		jen.Return(jen.Id("items"), jen.Id("total"), jen.Id("rows").Dot("Err").Call()),
	)
	f.Comment("UniqueFields maps a unique violation to the fields of its constraint,")
	f.Comment("by PostgreSQL's constraint name or SQLite's column list.")
	f.Type().Id("UniqueFields").Struct(
		jen.Id("Constraint").String(),
		jen.Id("Columns").Index().String(),
		jen.Id("Fields").Index().String(),
	)
	f.Comment("conflict turns err into a 409 if it is a unique violation of one of")
	f.Comment("uniques.")
	f.Func().Id("conflict").Params(jen.Err().Error(), jen.Id("uniques").Index().Id("UniqueFields")).Error().Block(
		jen.List(jen.Id("v"), jen.Id("ok")).Op(":=").Qual(g.pkg("database"), "Classify").Call(jen.Err()),
		jen.If(jen.Op("!").Id("ok").Op("||").Id("v").Dot("Kind").Op("!=").Qual(g.pkg("database"), "Unique")).Block(
			jen.Return(jen.Err()),
		),
		jen.For(jen.List(jen.Id("_"), jen.Id("u")).Op(":=").Range().Id("uniques")).Block(
			jen.If(jen.Id("u").Dot("Constraint").Op("==").Id("v").Dot("Constraint").Op("||").
				Parens(jen.Id("v").Dot("Constraint").Op("==").Lit("").Op("&&").
					Qual("slices", "Equal").Call(jen.Id("u").Dot("Columns"), jen.Id("v").Dot("Columns")))).Block(
				jen.Id("errs").Op(":=").Make(jen.Index().Qual(g.pkg("apierr"), "FieldError"), jen.Lit(0), jen.Len(jen.Id("u").Dot("Fields"))),
				jen.For(jen.List(jen.Id("_"), jen.Id("f")).Op(":=").Range().Id("u").Dot("Fields")).Block(
					appendTo("errs",
						jen.Qual(g.pkg("apierr"), "FieldError").Values(
							jen.Id("Field").Op(":").Id("f"),
							jen.Id("Code").Op(":").Lit("unique"),
							jen.Id("Message").Op(":").Lit("is already taken"),
						),
					),
				),
				jen.Return(jen.Qual(g.pkg("apierr"), "Conflict").Call(jen.Lit("a unique value is already taken"), jen.Id("errs"))),
			),
		),
		jen.Return(jen.Err()),
	)
	g.goFile("internal/repository/list.go", f)
}
