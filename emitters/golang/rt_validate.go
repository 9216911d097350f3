package golang

import "github.com/dave/jennifer/jen"

// runtimeValidate emits internal/validate: the typed field checks that the
// generated request decoders call.
func (g *gen) runtimeValidate() {
	f := g.newFile("validate")
	// check is the parameter list of a check: the errors so far, the
	// field's name and its raw JSON value, then extra.
	check := func(extra ...jen.Code) []jen.Code {
		return append([]jen.Code{jen.Id("e").Op("*").Id("Errors"), jen.Id("field").String(), jen.Id("raw").Qual("encoding/json", "RawMessage")}, extra...)
	}
	// add records that the field fails code.
	add := func(code string, message jen.Code) jen.Code {
		return jen.Id("e").Dot("Add").Call(jen.Id("field"), jen.Lit(code), message)
	}
	// readString reads raw into s, returning zero when it is no string.
	readString := func(zero jen.Code) jen.Code {
		return jen.List(jen.Id("s"), jen.Id("ok")).Op(":=").Id("str").Call(jen.Id("e"), jen.Id("field"), jen.Id("raw")).Line().
			If(jen.Op("!").Id("ok")).Block(jen.Return(zero, jen.False()))
	}
	f.PackageComment("Package validate holds the typed checks that generated request decoders")
	f.PackageComment("call, one per field, in the order of docs/conventions.md: type, enum,")
	f.PackageComment("format, min, max, minLength, maxLength, pattern.")
	f.Comment("Errors collects failing fields in the order they are found.")
	f.Type().Id("Errors").Index().Qual(g.pkg("apierr"), "FieldError")
	f.Comment("Add records one failing field.")
	f.Func().Params(jen.Id("e").Op("*").Id("Errors")).Id("Add").Params(jen.Id("field"), jen.Id("code"), jen.Id("message").String()).Block(
		jen.Op("*").Id("e").Op("=").Append(
			jen.Op("*").Id("e"),
			jen.Qual(g.pkg("apierr"), "FieldError").Values(jen.Id("Field").Op(":").Id("field"), jen.Id("Code").Op(":").Id("code"), jen.Id("Message").Op(":").Id("message")),
		),
	)
	f.Comment("IsNull reports whether raw is JSON null.")
	f.Func().Id("IsNull").Params(jen.Id("raw").Qual("encoding/json", "RawMessage")).Bool().Add(oneLine(jen.Return(jen.Qual("bytes", "Equal").Call(jen.Qual("bytes", "TrimSpace").Call(jen.Id("raw")), jen.Index().Byte().Call(jen.Lit("null"))))))
	f.Comment("Bounds are the min and max of a number.")
	f.Type().Id("Bounds").Struct(
		jen.List(jen.Id("Min"), jen.Id("Max")).Float64(),
		jen.List(jen.Id("HasMin"), jen.Id("HasMax")).Bool(),
	)
	f.Comment("StringRule constrains a string-like value.")
	f.Type().Id("StringRule").Struct(
		jen.List(jen.Id("Email"), jen.Id("URL")).Bool(),
		jen.List(jen.Id("MinLength"), jen.Id("MaxLength")).Int().Comment("0: none"),
		jen.Id("Pattern").Op("*").Qual("regexp", "Regexp"),
	)
	f.Func().Id("str").Params(check()...).Params(jen.String(), jen.Bool()).Block(
		jen.Var().Id("s").String(),
		jen.If(jen.Len(jen.Id("raw")).Op("==").Lit(0).Op("||").
			Id("raw").Index(jen.Lit(0)).Op("!=").LitRune('"').Op("||").
			Qual("encoding/json", "Unmarshal").Call(jen.Id("raw"), jen.Op("&").Id("s")).Op("!=").Nil()).Block(
			add("type", jen.Lit("must be a string")),
			jen.Return(jen.Lit(""), jen.False()),
		),
		jen.Return(jen.Id("s"), jen.True()),
	)
	f.Comment("String checks a string, text, email, url or password value.")
	f.Func().Id("String").Params(check(jen.Id("r").Id("StringRule"))...).Params(jen.String(), jen.Bool()).Block(
		readString(jen.Lit("")),
		jen.Id("n").Op(":=").Qual("unicode/utf8", "RuneCountInString").Call(jen.Id("s")),
		jen.Switch().Block(
			jen.Case(jen.Qual("strings", "ContainsRune").Call(jen.Id("s"), jen.Lit(0))).Block(
				jen.Comment("PostgreSQL's text cannot hold U+0000, so no target takes it."),
				add("format", jen.Lit("must not contain the NUL character")),
			),
			jen.Case(jen.Id("r").Dot("Email").Op("&&").Op("!").Id("IsEmail").Call(jen.Id("s"))).Block(
				add("format", jen.Lit("must be an email address")),
			),
			jen.Case(jen.Id("r").Dot("URL").Op("&&").Op("!").Id("IsURL").Call(jen.Id("s"))).Block(
				add("format", jen.Lit("must be an http or https URL")),
			),
			jen.Case(jen.Id("r").Dot("MinLength").Op(">").Lit(0).Op("&&").Id("n").Op("<").Id("r").Dot("MinLength")).Block(
				add("minLength", sprintf("must be at least %d characters", jen.Id("r").Dot("MinLength"))),
			),
			jen.Case(jen.Id("r").Dot("MaxLength").Op(">").Lit(0).Op("&&").Id("n").Op(">").Id("r").Dot("MaxLength")).Block(
				add("maxLength", sprintf("must be at most %d characters", jen.Id("r").Dot("MaxLength"))),
			),
			jen.Case(jen.Id("r").Dot("Pattern").Op("!=").Nil().Op("&&").Op("!").Id("r").Dot("Pattern").Dot("MatchString").Call(jen.Id("s"))).Block(
				add("pattern", jen.Lit("must match ").Op("+").Id("r").Dot("Pattern").Dot("String").Call()),
			),
			jen.Default().Block(
				jen.Return(jen.Id("s"), jen.True()),
			),
		),
		jen.Return(jen.Lit(""), jen.False()),
	)
	f.Comment("Enum checks an enum value.")
	f.Func().Id("Enum").Params(check(jen.Id("values").Index().String())...).Params(jen.String(), jen.Bool()).Block(
		readString(jen.Lit("")),
		jen.For(jen.List(jen.Id("_"), jen.Id("v")).Op(":=").Range().Id("values")).Block(
			jen.If(jen.Id("v").Op("==").Id("s")).Block(
				jen.Return(jen.Id("s"), jen.True()),
			),
		),
		add("enum", jen.Lit("must be one of ").Op("+").Qual("strings", "Join").Call(jen.Id("values"), jen.Lit(", "))),
		jen.Return(jen.Lit(""), jen.False()),
	)
	f.Line()
	f.Func().Id("bounds").Params(jen.Id("e").Op("*").Id("Errors"), jen.Id("field").String(), jen.Id("v").Float64(), jen.Id("b").Id("Bounds")).Bool().Block(
		jen.Switch().Block(
			jen.Case(jen.Id("b").Dot("HasMin").Op("&&").Id("v").Op("<").Id("b").Dot("Min")).Block(
				add("min", sprintf("must be at least %v", jen.Id("b").Dot("Min"))),
			),
			jen.Case(jen.Id("b").Dot("HasMax").Op("&&").Id("v").Op(">").Id("b").Dot("Max")).Block(
				add("max", sprintf("must be at most %v", jen.Id("b").Dot("Max"))),
			),
			jen.Default().Block(
				jen.Return(jen.True()),
			),
		),
		jen.Return(jen.False()),
	)
	f.Comment("Int checks an integer; 1.0 is taken as 1, 1.5 is not an integer.")
	f.Func().Id("Int").Params(check(jen.Id("b").Id("Bounds"))...).Params(jen.Int64(), jen.Bool()).Block(
		jen.Var().Id("n").Qual("encoding/json", "Number"),
		jen.If(jen.Len(jen.Id("raw")).Op("==").Lit(0).Op("||").
			Id("raw").Index(jen.Lit(0)).Op("==").LitRune('"').Op("||").
			Qual("encoding/json", "Unmarshal").Call(jen.Id("raw"), jen.Op("&").Id("n")).Op("!=").Nil()).Block(
			add("type", jen.Lit("must be an integer")),
			jen.Return(jen.Lit(0), jen.False()),
		),
		jen.List(jen.Id("v"), jen.Err()).Op(":=").Id("n").Dot("Int64").Call(),
		jen.If(jen.Err().Op("!=").Nil()).Block(
			jen.List(jen.Id("r"), jen.Id("ok")).Op(":=").New(jen.Qual("math/big", "Rat")).Dot("SetString").Call(jen.Id("n").Dot("String").Call()),
			jen.If(jen.Op("!").Id("ok").Op("||").Op("!").Id("r").Dot("IsInt").Call().Op("||").Op("!").Id("r").Dot("Num").Call().Dot("IsInt64").Call()).Block(
				add("type", jen.Lit("must be an integer")),
				jen.Return(jen.Lit(0), jen.False()),
			),
			jen.Id("v").Op("=").Id("r").Dot("Num").Call().Dot("Int64").Call(),
		),
		jen.Return(jen.Id("v"), jen.Id("bounds").Call(jen.Id("e"), jen.Id("field"), jen.Float64().Call(jen.Id("v")), jen.Id("b"))),
	)
	f.Comment("Float checks a number.")
	f.Func().Id("Float").Params(check(jen.Id("b").Id("Bounds"))...).Params(jen.Float64(), jen.Bool()).Block(
		jen.Var().Id("n").Qual("encoding/json", "Number"),
		jen.If(jen.Len(jen.Id("raw")).Op("==").Lit(0).Op("||").
			Id("raw").Index(jen.Lit(0)).Op("==").LitRune('"').Op("||").
			Qual("encoding/json", "Unmarshal").Call(jen.Id("raw"), jen.Op("&").Id("n")).Op("!=").Nil()).Block(
			add("type", jen.Lit("must be a number")),
			jen.Return(jen.Lit(0), jen.False()),
		),
		jen.List(jen.Id("v"), jen.Err()).Op(":=").Id("n").Dot("Float64").Call(),
		jen.If(jen.Err().Op("!=").Nil()).Block(
			add("type", jen.Lit("must be a number")),
			jen.Return(jen.Lit(0), jen.False()),
		),
		jen.Return(jen.Id("v"), jen.Id("bounds").Call(jen.Id("e"), jen.Id("field"), jen.Id("v"), jen.Id("b"))),
	)
	f.Comment("Bool checks a boolean.")
	f.Func().Id("Bool").Params(check()...).Params(jen.Bool(), jen.Bool()).Block(
		jen.Switch(jen.String().Call(jen.Qual("bytes", "TrimSpace").Call(jen.Id("raw")))).Block(
			jen.Case(jen.Lit("true")).Block(
				jen.Return(jen.True(), jen.True()),
			),
			jen.Case(jen.Lit("false")).Block(
				jen.Return(jen.False(), jen.True()),
			),
		),
		add("type", jen.Lit("must be a boolean")),
		jen.Return(jen.False(), jen.False()),
	)
	f.Comment("Decimal checks a decimal string with at most scale decimals and at most")
	f.Comment("precision digits, and returns it with exactly scale decimals.")
	f.Func().Id("Decimal").Params(check(jen.Id("precision"), jen.Id("scale").Int(), jen.Id("b").Id("Bounds"))...).Params(
		jen.Qual(g.pkg("model"), "Decimal"),
		jen.Bool(),
	).Block(
		readString(jen.Lit("")),
		jen.List(jen.Id("d"), jen.Id("ok")).Op(":=").Id("ParseDecimal").Call(jen.Id("s"), jen.Id("precision"), jen.Id("scale")),
		jen.If(jen.Op("!").Id("ok")).Block(
			add("format", sprintf("must be a decimal string with at most %d decimals", jen.Id("scale"))),
			jen.Return(jen.Lit(""), jen.False()),
		),
		jen.List(jen.Id("r"), jen.Id("_")).Op(":=").New(jen.Qual("math/big", "Rat")).Dot("SetString").Call(jen.String().Call(jen.Id("d"))),
		jen.Switch().Block(
			jen.Case(jen.Id("b").Dot("HasMin").Op("&&").
				Id("r").Dot("Cmp").Call(jen.New(jen.Qual("math/big", "Rat")).Dot("SetFloat64").Call(jen.Id("b").Dot("Min"))).Op("<").Lit(0)).Block(
				add("min", sprintf("must be at least %v", jen.Id("b").Dot("Min"))),
			),
			jen.Case(jen.Id("b").Dot("HasMax").Op("&&").
				Id("r").Dot("Cmp").Call(jen.New(jen.Qual("math/big", "Rat")).Dot("SetFloat64").Call(jen.Id("b").Dot("Max"))).Op(">").Lit(0)).Block(
				add("max", sprintf("must be at most %v", jen.Id("b").Dot("Max"))),
			),
			jen.Default().Block(
				jen.Return(jen.Id("d"), jen.True()),
			),
		),
		jen.Return(jen.Lit(""), jen.False()),
	)
	f.Var().Id("decimalSyntax").Op("=").Qual("regexp", "MustCompile").Call(rawLit(`^-?[0-9]+(\.[0-9]+)?$`))
	f.Comment("ParseDecimal returns s in canonical form: optional \"-\", no leading")
	f.Comment("zeros but one, exactly scale decimals.")
	f.Func().Id("ParseDecimal").Params(jen.Id("s").String(), jen.Id("precision"), jen.Id("scale").Int()).Params(jen.Qual(g.pkg("model"), "Decimal"), jen.Bool()).Block(
		jen.If(jen.Op("!").Id("decimalSyntax").Dot("MatchString").Call(jen.Id("s"))).Block(
			jen.Return(jen.Lit(""), jen.False()),
		),
		jen.Id("neg").Op(":=").Qual("strings", "HasPrefix").Call(jen.Id("s"), jen.Lit("-")),
		jen.Id("s").Op("=").Qual("strings", "TrimPrefix").Call(jen.Id("s"), jen.Lit("-")),
		jen.List(jen.Id("whole"), jen.Id("frac"), jen.Id("_")).Op(":=").Qual("strings", "Cut").Call(jen.Id("s"), jen.Lit(".")),
		jen.If(jen.Len(jen.Id("frac")).Op(">").Id("scale")).Block(
			jen.Return(jen.Lit(""), jen.False()),
		),
		jen.Id("whole").Op("=").Qual("strings", "TrimLeft").Call(jen.Id("whole"), jen.Lit("0")),
		jen.If(jen.Len(jen.Id("whole")).Op("+").Id("scale").Op(">").Id("precision")).Block(
			jen.Return(jen.Lit(""), jen.False()),
		),
		jen.If(jen.Id("whole").Op("==").Lit("")).Block(
			jen.Id("whole").Op("=").Lit("0"),
		),
		jen.Id("frac").Op("+=").Qual("strings", "Repeat").Call(jen.Lit("0"), jen.Id("scale").Op("-").Len(jen.Id("frac"))),
		jen.Id("out").Op(":=").Id("whole"),
		jen.If(jen.Id("scale").Op(">").Lit(0)).Block(
			jen.Id("out").Op("+=").Lit(".").Op("+").Id("frac"),
		),
		jen.If(jen.Id("neg").Op("&&").Qual("strings", "Trim").Call(jen.Id("out"), jen.Lit("0.")).Op("!=").Lit("")).Block(
			jen.Id("out").Op("=").Lit("-").Op("+").Id("out"),
		),
		jen.Return(jen.Qual(g.pkg("model"), "Decimal").Call(jen.Id("out")), jen.True()),
	)
	f.Comment("Date checks a YYYY-MM-DD calendar day.")
	f.Func().Id("Date").Params(check()...).Params(jen.Qual(g.pkg("model"), "Date"), jen.Bool()).Block(
		readString(jen.Lit("")),
		jen.List(jen.Id("d"), jen.Id("ok")).Op(":=").Id("ParseDate").Call(jen.Id("s")),
		jen.If(jen.Op("!").Id("ok")).Block(
			add("format", jen.Lit("must be a date (YYYY-MM-DD)")),
		),
		jen.Return(jen.Id("d"), jen.Id("ok")),
	)
	f.Comment("ParseDate parses a YYYY-MM-DD calendar day.")
	f.Func().Id("ParseDate").Params(jen.Id("s").String()).Params(jen.Qual(g.pkg("model"), "Date"), jen.Bool()).Block(
		jen.If(
			jen.List(jen.Id("_"), jen.Err()).Op(":=").Qual("time", "Parse").Call(jen.Lit("2006-01-02"), jen.Id("s")),
			jen.Err().Op("!=").Nil().Op("||").Len(jen.Id("s")).Op("!=").Lit(10),
		).Block(
			jen.Return(jen.Lit(""), jen.False()),
		),
		jen.Return(jen.Qual(g.pkg("model"), "Date").Call(jen.Id("s")), jen.True()),
	)
	f.Comment("DateTime checks an RFC 3339 datetime with Z or an offset.")
	f.Func().Id("DateTime").Params(check()...).Params(jen.Qual(g.pkg("model"), "DateTime"), jen.Bool()).Block(
		readString(jen.Qual(g.pkg("model"), "DateTime").Values()),
		jen.List(jen.Id("d"), jen.Id("ok")).Op(":=").Id("ParseDateTime").Call(jen.Id("s")),
		jen.If(jen.Op("!").Id("ok")).Block(
			add("format", jen.Lit("must be an RFC 3339 datetime")),
		),
		jen.Return(jen.Id("d"), jen.Id("ok")),
	)
	f.Comment("ParseDateTime parses RFC 3339 with Z or an offset, converted to UTC.")
	f.Func().Id("ParseDateTime").Params(jen.Id("s").String()).Params(jen.Qual(g.pkg("model"), "DateTime"), jen.Bool()).Block(
		jen.List(jen.Id("t"), jen.Err()).Op(":=").Qual("time", "Parse").Call(jen.Qual("time", "RFC3339Nano"), jen.Id("s")),
		jen.If(jen.Err().Op("!=").Nil()).Block(
			jen.Return(jen.Qual(g.pkg("model"), "DateTime").Values(), jen.False()),
		),
		jen.Return(jen.Qual(g.pkg("model"), "NewDateTime").Call(jen.Id("t")), jen.True()),
	)
	f.Comment("UUID checks an 8-4-4-4-12 hex UUID.")
	f.Func().Id("UUID").Params(check()...).Params(jen.Qual(g.pkg("model"), "UUID"), jen.Bool()).Block(
		readString(jen.Lit("")),
		jen.List(jen.Id("u"), jen.Id("ok")).Op(":=").Id("ParseUUID").Call(jen.Id("s")),
		jen.If(jen.Op("!").Id("ok")).Block(
			add("format", jen.Lit("must be a UUID")),
		),
		jen.Return(jen.Id("u"), jen.Id("ok")),
	)
	f.Var().Id("uuidSyntax").Op("=").Qual("regexp", "MustCompile").Call(rawLit(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`))
	f.Comment("ParseUUID parses a UUID in any case and returns it lower-case.")
	f.Func().Id("ParseUUID").Params(jen.Id("s").String()).Params(jen.Qual(g.pkg("model"), "UUID"), jen.Bool()).Block(
		jen.If(jen.Op("!").Id("uuidSyntax").Dot("MatchString").Call(jen.Id("s"))).Block(
			jen.Return(jen.Lit(""), jen.False()),
		),
		jen.Return(jen.Qual(g.pkg("model"), "UUID").Call(jen.Qual("strings", "ToLower").Call(jen.Id("s"))), jen.True()),
	)
	f.Comment("JSON takes any JSON value, compacted. A lone UTF-16 surrogate escape")
	f.Comment("(\\ud800) becomes U+FFFD, as the decoder reads it: PostgreSQL's jsonb")
	f.Comment("refuses the escape. U+0000 in a string is a format error: jsonb cannot")
	f.Comment("hold it.")
	f.Func().Id("JSON").Params(check()...).Params(jen.Qual(g.pkg("model"), "JSON"), jen.Bool()).Block(
		jen.Var().Id("buf").Qual("bytes", "Buffer"),
		jen.If(jen.Err().Op(":=").Qual("encoding/json", "Compact").Call(jen.Op("&").Id("buf"), jen.Id("raw")), jen.Err().Op("!=").Nil()).Block(
			add("type", jen.Lit("must be JSON")),
			jen.Return(jen.Nil(), jen.False()),
		),
		jen.Id("dec").Op(":=").Qual("encoding/json", "NewDecoder").Call(jen.Qual("bytes", "NewReader").Call(jen.Id("raw"))),
		jen.Id("dec").Dot("UseNumber").Call(),
		jen.Var().Id("v").Any(),
		jen.If(jen.Id("dec").Dot("Decode").Call(jen.Op("&").Id("v")).Op("!=").Nil().Op("||").Id("holdsNUL").Call(jen.Id("v"))).Block(
			add("format", jen.Lit("must not contain the NUL character")),
			jen.Return(jen.Nil(), jen.False()),
		),
		jen.If(jen.Op("!").Id("surrogateEscape").Dot("Match").Call(jen.Id("buf").Dot("Bytes").Call())).Block(
			jen.Return(jen.Id("buf").Dot("Bytes").Call(), jen.True()),
		),
		jen.Var().Id("out").Qual("bytes", "Buffer"),
		jen.Id("enc").Op(":=").Qual("encoding/json", "NewEncoder").Call(jen.Op("&").Id("out")),
		jen.Id("enc").Dot("SetEscapeHTML").Call(jen.False()),
		jen.If(jen.Id("enc").Dot("Encode").Call(jen.Id("v")).Op("!=").Nil()).Block(
			add("type", jen.Lit("must be JSON")),
			jen.Return(jen.Nil(), jen.False()),
		),
		jen.Return(jen.Qual("bytes", "TrimSuffix").Call(jen.Id("out").Dot("Bytes").Call(), jen.Index().Byte().Call(jen.Lit("\n"))), jen.True()),
	)
	f.Var().Id("surrogateEscape").Op("=").Qual("regexp", "MustCompile").Call(rawLit(`\\u[dD][89a-fA-F][0-9a-fA-F]{2}`))
	f.Comment("holdsNUL reports whether a decoded JSON value has U+0000 in a string or")
	f.Comment("a key.")
	f.Func().Id("holdsNUL").Params(jen.Id("v").Any()).Bool().Block(
		jen.Switch(jen.Id("v").Op(":=").Id("v").Assert(jen.Type())).Block(
			jen.Case(jen.String()).Block(
				jen.Return(jen.Qual("strings", "ContainsRune").Call(jen.Id("v"), jen.Lit(0))),
			),
			jen.Case(jen.Index().Any()).Block(
				jen.Return(jen.Qual("slices", "ContainsFunc").Call(jen.Id("v"), jen.Id("holdsNUL"))),
			),
			jen.Case(jen.Map(jen.String()).Any()).Block(
				jen.For(jen.List(jen.Id("k"), jen.Id("x")).Op(":=").Range().Id("v")).Block(
					jen.If(jen.Qual("strings", "ContainsRune").Call(jen.Id("k"), jen.Lit(0)).Op("||").Id("holdsNUL").Call(jen.Id("x"))).Block(
						jen.Return(jen.True()),
					),
				),
			),
		),
		jen.Return(jen.False()),
	)
	f.Comment("IsEmail: one @, a non-empty local part, a domain with a dot, no spaces,")
	f.Comment("at most 254 characters.")
	f.Func().Id("IsEmail").Params(jen.Id("s").String()).Bool().Block(
		jen.If(jen.Len(jen.Id("s")).Op(">").Lit(254).Op("||").
			Qual("strings", "ContainsAny").Call(jen.Id("s"), jen.Lit(" \t\r\n")).Op("||").
			Qual("strings", "Count").Call(jen.Id("s"), jen.Lit("@")).Op("!=").Lit(1)).Block(
			jen.Return(jen.False()),
		),
		jen.List(jen.Id("local"), jen.Id("domain"), jen.Id("_")).Op(":=").Qual("strings", "Cut").Call(jen.Id("s"), jen.Lit("@")),
		jen.Return(jen.Id("local").Op("!=").Lit("").Op("&&").
			Qual("strings", "Contains").Call(jen.Id("domain"), jen.Lit(".")).Op("&&").
			Op("!").Qual("strings", "HasPrefix").Call(jen.Id("domain"), jen.Lit(".")).Op("&&").
			Op("!").Qual("strings", "HasSuffix").Call(jen.Id("domain"), jen.Lit("."))),
	)
	f.Comment("IsURL: an absolute http or https URL with a host.")
	f.Func().Id("IsURL").Params(jen.Id("s").String()).Bool().Block(
		jen.List(jen.Id("u"), jen.Err()).Op(":=").Qual("net/url", "Parse").Call(jen.Id("s")),
		jen.Return(jen.Err().Op("==").Nil().Op("&&").
			Parens(jen.Id("u").Dot("Scheme").Op("==").Lit("http").Op("||").
				Id("u").Dot("Scheme").Op("==").Lit("https")).Op("&&").
			Id("u").Dot("Host").Op("!=").Lit("").Op("&&").
			Op("!").Qual("strings", "ContainsAny").Call(jen.Id("s"), jen.Lit(" \t\r\n"))),
	)
	g.goFile("internal/validate/validate.go", f)
}
