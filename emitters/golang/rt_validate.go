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
		jen.List(jen.Id("MinLength"), jen.Id("MaxLength")).Int().Comment("characters; 0: none"),
		jen.Id("MaxBytes").Int().Comment("UTF-8 bytes (a password: bcrypt reads 72); 0: none"),
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
	f.Comment("String checks a string, text, email, url or password value; an email")
	f.Comment("comes back with its ASCII letters lower-cased.")
	f.Func().Id("String").Params(check(jen.Id("r").Id("StringRule"))...).Params(jen.String(), jen.Bool()).Block(
		readString(jen.Lit("")),
		jen.If(jen.Id("r").Dot("Email")).Block(
			jen.Id("s").Op("=").Id("FoldEmail").Call(jen.Id("s")),
		),
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
			jen.Case(jen.Id("r").Dot("MaxBytes").Op(">").Lit(0).Op("&&").Len(jen.Id("s")).Op(">").Id("r").Dot("MaxBytes")).Block(
				add("maxLength", sprintf("must be at most %d bytes in UTF-8", jen.Id("r").Dot("MaxBytes"))),
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
			add("format", jen.Lit("must be a date (YYYY-MM-DD) from 0001-01-01 to 9999-12-31")),
		),
		jen.Return(jen.Id("d"), jen.Id("ok")),
	)
	f.Comment("ParseDate parses a YYYY-MM-DD calendar day from 0001-01-01 to 9999-12-31.")
	f.Func().Id("ParseDate").Params(jen.Id("s").String()).Params(jen.Qual(g.pkg("model"), "Date"), jen.Bool()).Block(
		jen.If(
			jen.List(jen.Id("t"), jen.Err()).Op(":=").Qual("time", "Parse").Call(jen.Lit("2006-01-02"), jen.Id("s")),
			jen.Err().Op("!=").Nil().Op("||").Len(jen.Id("s")).Op("!=").Lit(10).Op("||").Op("!").Id("inYears").Call(jen.Id("t")),
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
			add("format", jen.Lit("must be an RFC 3339 datetime from 0001-01-01 to 9999-12-31 in UTC")),
		),
		jen.Return(jen.Id("d"), jen.Id("ok")),
	)
	f.Comment("ParseDateTime parses RFC 3339 with Z or an offset, converted to UTC, in")
	f.Comment("0001-01-01 .. 9999-12-31; fraction digits past milliseconds are cut off.")
	f.Func().Id("ParseDateTime").Params(jen.Id("s").String()).Params(jen.Qual(g.pkg("model"), "DateTime"), jen.Bool()).Block(
		jen.List(jen.Id("t"), jen.Err()).Op(":=").Qual("time", "Parse").Call(jen.Qual("time", "RFC3339Nano"), jen.Id("s")),
		jen.If(jen.Err().Op("!=").Nil().Op("||").Op("!").Id("inYears").Call(jen.Id("t"))).Block(
			jen.Return(jen.Qual(g.pkg("model"), "DateTime").Values(), jen.False()),
		),
		jen.Return(jen.Qual(g.pkg("model"), "NewDateTime").Call(jen.Id("t")), jen.True()),
	)
	f.Comment("inYears reports whether t, in UTC, lies in the years 1 to 9999: every")
	f.Comment("target and database can write those.")
	f.Func().Id("inYears").Params(jen.Id("t").Qual("time", "Time")).Bool().Block(
		jen.Id("y").Op(":=").Id("t").Dot("UTC").Call().Dot("Year").Call(),
		jen.Return(jen.Id("y").Op(">=").Lit(1).Op("&&").Id("y").Op("<=").Lit(9999)),
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
	f.Comment("JSON takes a json field's value as I-JSON (RFC 7493) and writes it")
	f.Comment("compactly. A member name given twice in one object, a number beyond the")
	f.Comment("range of a double, or U+0000 in a string or a name (jsonb cannot hold")
	f.Comment("it) is a format error. A number with a fraction or an exponent is")
	f.Comment("written as the nearest double, an integer with every digit. A lone")
	f.Comment("UTF-16 surrogate escape (\\ud800) becomes U+FFFD, as the decoder reads")
	f.Comment("it: PostgreSQL's jsonb refuses the escape.")
	f.Func().Id("JSON").Params(check()...).Params(jen.Qual(g.pkg("model"), "JSON"), jen.Bool()).Block(
		jen.Id("c").Op(":=").Id("jsonCopier").Values(jen.Id("dec").Op(":").Qual("encoding/json", "NewDecoder").Call(jen.Qual("bytes", "NewReader").Call(jen.Id("raw")))),
		jen.Id("c").Dot("dec").Dot("UseNumber").Call(),
		jen.Id("c").Dot("enc").Op("=").Qual("encoding/json", "NewEncoder").Call(jen.Op("&").Id("c").Dot("out")),
		jen.Id("c").Dot("enc").Dot("SetEscapeHTML").Call(jen.False()),
		jen.If(jen.Id("msg").Op(":=").Id("c").Dot("value").Call(), jen.Id("msg").Op("!=").Lit("")).Block(
			add("format", jen.Id("msg")),
			jen.Return(jen.Nil(), jen.False()),
		),
		jen.Return(jen.Id("c").Dot("out").Dot("Bytes").Call(), jen.True()),
	)
	f.Comment("jsonCopier copies one JSON value token by token.")
	f.Type().Id("jsonCopier").Struct(
		jen.Id("dec").Op("*").Qual("encoding/json", "Decoder"),
		jen.Id("out").Qual("bytes", "Buffer"),
		jen.Id("enc").Op("*").Qual("encoding/json", "Encoder").Comment("writes scalars to out, HTML characters as they are"),
	)
	f.Comment("value copies the next value; it returns why the value is not I-JSON, or \"\".")
	f.Func().Params(jen.Id("c").Op("*").Id("jsonCopier")).Id("value").Params().String().Block(
		jen.List(jen.Id("tok"), jen.Err()).Op(":=").Id("c").Dot("dec").Dot("Token").Call(),
		jen.If(jen.Err().Op("!=").Nil()).Block(
			jen.Return(jen.Lit("must be JSON")),
		),
		jen.Switch(jen.Id("v").Op(":=").Id("tok").Assert(jen.Type())).Block(
			jen.Case(jen.Qual("encoding/json", "Delim")).Block(
				jen.Return(jen.Id("c").Dot("container").Call(jen.Id("v"))),
			),
			jen.Case(jen.String()).Block(
				jen.If(jen.Qual("strings", "ContainsRune").Call(jen.Id("v"), jen.Lit(0))).Block(
					jen.Return(jen.Lit("must not contain the NUL character")),
				),
				jen.Id("c").Dot("scalar").Call(jen.Id("v")),
			),
			jen.Case(jen.Qual("encoding/json", "Number")).Block(
				jen.If(jen.Op("!").Qual("strings", "ContainsAny").Call(jen.String().Call(jen.Id("v")), jen.Lit(".eE"))).Block(
					jen.Id("c").Dot("out").Dot("WriteString").Call(jen.String().Call(jen.Id("v"))),
					jen.Return(jen.Lit("")),
				),
				jen.List(jen.Id("d"), jen.Err()).Op(":=").Id("v").Dot("Float64").Call(),
				jen.If(jen.Err().Op("!=").Nil()).Block(
					jen.Return(jen.Lit("must hold numbers within the range of a double")),
				),
				jen.Id("c").Dot("scalar").Call(jen.Id("d")),
			),
			jen.Default().Block(
				jen.Comment("true, false or null"),
				jen.Id("c").Dot("scalar").Call(jen.Id("v")),
			),
		),
		jen.Return(jen.Lit("")),
	)
	f.Comment("container copies the array or object that open began.")
	f.Func().Params(jen.Id("c").Op("*").Id("jsonCopier")).Id("container").Params(jen.Id("open").Qual("encoding/json", "Delim")).String().Block(
		jen.Id("c").Dot("out").Dot("WriteString").Call(jen.Id("open").Dot("String").Call()),
		jen.Id("names").Op(":=").Map(jen.String()).Bool().Values(),
		jen.For(jen.Id("i").Op(":=").Lit(0), jen.Id("c").Dot("dec").Dot("More").Call(), jen.Id("i").Op("++")).Block(
			jen.If(jen.Id("i").Op(">").Lit(0)).Block(
				jen.Id("c").Dot("out").Dot("WriteByte").Call(jen.LitRune(',')),
			),
			jen.If(jen.Id("open").Op("==").LitRune('{')).Block(
				jen.List(jen.Id("tok"), jen.Err()).Op(":=").Id("c").Dot("dec").Dot("Token").Call(),
				jen.List(jen.Id("name"), jen.Id("ok")).Op(":=").Id("tok").Assert(jen.String()),
				jen.Switch().Block(
					jen.Case(jen.Err().Op("!=").Nil().Op("||").Op("!").Id("ok")).Block(
						jen.Return(jen.Lit("must be JSON")),
					),
					jen.Case(jen.Id("names").Index(jen.Id("name"))).Block(
						jen.Return(jen.Lit("must not name a member twice in one object")),
					),
					jen.Case(jen.Qual("strings", "ContainsRune").Call(jen.Id("name"), jen.Lit(0))).Block(
						jen.Return(jen.Lit("must not contain the NUL character")),
					),
				),
				jen.Id("names").Index(jen.Id("name")).Op("=").True(),
				jen.Id("c").Dot("scalar").Call(jen.Id("name")),
				jen.Id("c").Dot("out").Dot("WriteByte").Call(jen.LitRune(':')),
			),
			jen.If(jen.Id("msg").Op(":=").Id("c").Dot("value").Call(), jen.Id("msg").Op("!=").Lit("")).Block(
				jen.Return(jen.Id("msg")),
			),
		),
		jen.List(jen.Id("end"), jen.Err()).Op(":=").Id("c").Dot("dec").Dot("Token").Call(),
		jen.List(jen.Id("closing"), jen.Id("ok")).Op(":=").Id("end").Assert(jen.Qual("encoding/json", "Delim")),
		jen.If(jen.Err().Op("!=").Nil().Op("||").Op("!").Id("ok")).Block(
			jen.Return(jen.Lit("must be JSON")),
		),
		jen.Id("c").Dot("out").Dot("WriteString").Call(jen.Id("closing").Dot("String").Call()),
		jen.Return(jen.Lit("")),
	)
	f.Comment("scalar writes a string, a number, true, false or null.")
	f.Func().Params(jen.Id("c").Op("*").Id("jsonCopier")).Id("scalar").Params(jen.Id("v").Any()).Block(
		jen.Comment("Encode cannot fail on these, and ends what it writes with a newline."),
		jen.Id("_").Op("=").Id("c").Dot("enc").Dot("Encode").Call(jen.Id("v")),
		jen.Id("c").Dot("out").Dot("Truncate").Call(jen.Id("c").Dot("out").Dot("Len").Call().Op("-").Lit(1)),
	)
	f.Comment("FoldEmail lower-cases the ASCII letters of an email address, so that")
	f.Comment("LIB@example.com and lib@example.com are one address; other characters")
	f.Comment("are kept.")
	f.Func().Id("FoldEmail").Params(jen.Id("s").String()).String().Block(
		jen.Return(jen.Qual("strings", "Map").Call(jen.Func().Params(jen.Id("r").Rune()).Rune().Block(
			jen.If(jen.Id("r").Op(">=").LitRune('A').Op("&&").Id("r").Op("<=").LitRune('Z')).Block(
				jen.Return(jen.Id("r").Op("+").Parens(jen.LitRune('a').Op("-").LitRune('A'))),
			),
			jen.Return(jen.Id("r")),
		), jen.Id("s"))),
	)
	f.Comment("spaceOrControl reports whether s holds a control character (Unicode")
	f.Comment("category Cc) or a white-space character (Unicode's White_Space).")
	f.Func().Id("spaceOrControl").Params(jen.Id("s").String()).Bool().Block(
		jen.Return(jen.Qual("strings", "IndexFunc").Call(jen.Id("s"), jen.Func().Params(jen.Id("r").Rune()).Bool().Block(
			jen.Return(jen.Qual("unicode", "IsControl").Call(jen.Id("r")).Op("||").Qual("unicode", "IsSpace").Call(jen.Id("r"))),
		)).Op(">=").Lit(0)),
	)
	f.Comment("IsEmail: one @, a non-empty local part, a domain with a dot, no white")
	f.Comment("space or control character, at most 254 characters.")
	f.Func().Id("IsEmail").Params(jen.Id("s").String()).Bool().Block(
		jen.If(jen.Len(jen.Id("s")).Op(">").Lit(254).Op("||").
			Id("spaceOrControl").Call(jen.Id("s")).Op("||").
			Qual("strings", "Count").Call(jen.Id("s"), jen.Lit("@")).Op("!=").Lit(1)).Block(
			jen.Return(jen.False()),
		),
		jen.List(jen.Id("local"), jen.Id("domain"), jen.Id("_")).Op(":=").Qual("strings", "Cut").Call(jen.Id("s"), jen.Lit("@")),
		jen.Return(jen.Id("local").Op("!=").Lit("").Op("&&").
			Qual("strings", "Contains").Call(jen.Id("domain"), jen.Lit(".")).Op("&&").
			Op("!").Qual("strings", "HasPrefix").Call(jen.Id("domain"), jen.Lit(".")).Op("&&").
			Op("!").Qual("strings", "HasSuffix").Call(jen.Id("domain"), jen.Lit("."))),
	)
	f.Comment("IsURL: an absolute http or https URL with a host, without white space")
	f.Comment("or control characters.")
	f.Func().Id("IsURL").Params(jen.Id("s").String()).Bool().Block(
		jen.List(jen.Id("u"), jen.Err()).Op(":=").Qual("net/url", "Parse").Call(jen.Id("s")),
		jen.Return(jen.Err().Op("==").Nil().Op("&&").
			Parens(jen.Id("u").Dot("Scheme").Op("==").Lit("http").Op("||").
				Id("u").Dot("Scheme").Op("==").Lit("https")).Op("&&").
			Id("u").Dot("Host").Op("!=").Lit("").Op("&&").
			Op("!").Id("spaceOrControl").Call(jen.Id("s"))),
	)
	g.goFile("internal/validate/validate.go", f)
}
