package golang

import "github.com/dave/jennifer/jen"

// runtimeConfig emits internal/config/config.go: the settings read from the
// environment and .env.
func (g *gen) runtimeConfig() {
	f := g.newFile("config")
	// fail returns no settings and the error message about one variable.
	fail := func(message string) jen.Code {
		return jen.Return(jen.Id("Config").Values(), jen.Qual("errors", "New").Call(jen.Lit(message)))
	}
	f.PackageComment("Package config reads the settings from the environment and a .env file.")
	f.Comment("Config is the server's settings.")
	f.Type().Id("Config").Struct(
		jen.Id("Host").String(),
		jen.Id("Port").Int(),
		jen.Id("DatabaseURL").String(),
		jen.Id("AppEnv").String(),
		jen.Id("LogLevel").Qual("log/slog", "Level"),
		jen.Id("JWTSecret").Index().Byte(),
		jen.Id("CORSOrigins").Index().String(),
		jen.Id("AutoMigrate").Bool(),
	)
	f.Comment("Load reads the settings. Variables already in the environment win over")
	f.Comment("the .env file. The error names the variable at fault.")
	f.Func().Id("Load").Params().Params(jen.Id("Config"), jen.Error()).Block(
		jen.List(jen.Id("env"), jen.Err()).Op(":=").Id("readDotEnv").Call(jen.Lit(".env")),
		ifErr(jen.Id("Config").Values()),
		jen.Id("get").Op(":=").Func().Params(jen.Id("name"), jen.Id("def").String()).String().Block(
			jen.If(jen.List(jen.Id("v"), jen.Id("ok")).Op(":=").Qual("os", "LookupEnv").Call(jen.Id("name")), jen.Id("ok")).Block(
				jen.Return(jen.Id("v")),
			),
			jen.If(jen.List(jen.Id("v"), jen.Id("ok")).Op(":=").Id("env").Index(jen.Id("name")), jen.Id("ok")).Block(
				jen.Return(jen.Id("v")),
			),
			jen.Return(jen.Id("def")),
		),
		jen.Id("c").Op(":=").Id("Config").Values(
			jen.Line().Id("Host").Op(":").Id("get").Call(jen.Lit("HOST"), jen.Lit("0.0.0.0")),
			jen.Line().Id("DatabaseURL").Op(":").Id("get").Call(jen.Lit("DATABASE_URL"), jen.Lit("sqlite:///./app.db")),
			jen.Line().Id("AppEnv").Op(":").Id("get").Call(jen.Lit("APP_ENV"), jen.Lit("development")),
			jen.Line(),
		),
		jen.Switch(jen.Id("c").Dot("AppEnv")).Block(
			jen.Case(jen.Lit("development"), jen.Lit("test"), jen.Lit("production")).Block(),
			jen.Default().Block(
				jen.Return(jen.Id("Config").Values(), jen.Qual("fmt", "Errorf").Call(jen.Lit("APP_ENV must be development, test or production, not %q"), jen.Id("c").Dot("AppEnv"))),
			),
		),
		jen.List(jen.Id("port"), jen.Err()).Op(":=").Qual("strconv", "Atoi").Call(jen.Id("get").Call(jen.Lit("PORT"), jen.Lit("8000"))),
		jen.If(jen.Err().Op("!=").Nil().Op("||").Id("port").Op("<").Lit(0).Op("||").Id("port").Op(">").Lit(65535)).Block(
			fail("PORT must be a port number"),
		),
		jen.Id("c").Dot("Port").Op("=").Id("port"),
		jen.If(
			jen.Err().Op(":=").Id("c").Dot("LogLevel").Dot("UnmarshalText").Call(jen.Index().Byte().Call(jen.Id("get").Call(jen.Lit("LOG_LEVEL"), jen.Lit("info")))),
			jen.Err().Op("!=").Nil(),
		).Block(
			fail("LOG_LEVEL must be debug, info, warn or error"),
		),
		jen.Id("secret").Op(":=").Id("get").Call(jen.Lit("JWT_SECRET"), jen.Lit("")),
		jen.Switch().Block(
			jen.Case(jen.Id("secret").Op("==").Lit("").Op("&&").Id("c").Dot("AppEnv").Op("==").Lit("production")).Block(
				fail("JWT_SECRET is required in production"),
			),
			jen.Case(jen.Len(jen.Id("secret")).Op("<").Lit(32).Op("&&").Id("c").Dot("AppEnv").Op("==").Lit("production")).Block(
				fail("JWT_SECRET must be at least 32 bytes in production"),
			),
			jen.Case(jen.Id("secret").Op("==").Lit("")).Block(
				jen.If(jen.List(jen.Id("c").Dot("JWTSecret"), jen.Err()).Op("=").Id("developmentSecret").Call(jen.Lit(".env")), jen.Err().Op("!=").Nil()).Block(
					jen.Return(jen.Id("Config").Values(), jen.Err()),
				),
			),
			jen.Default().Block(
				jen.Id("c").Dot("JWTSecret").Op("=").Index().Byte().Call(jen.Id("secret")),
			),
		),
		jen.Id("c").Dot("CORSOrigins").Op("=").Id("specCORSOrigins").Call(),
		jen.If(jen.Id("v").Op(":=").Id("get").Call(jen.Lit("CORS_ORIGINS"), jen.Lit("")), jen.Id("v").Op("!=").Lit("")).Block(
			jen.Id("c").Dot("CORSOrigins").Op("=").Nil(),
			jen.For(jen.List(jen.Id("_"), jen.Id("o")).Op(":=").Range().Qual("strings", "Split").Call(jen.Id("v"), jen.Lit(","))).Block(
				jen.If(jen.Id("o").Op("=").Qual("strings", "TrimSpace").Call(jen.Id("o")), jen.Id("o").Op("!=").Lit("")).Block(
					jen.Id("c").Dot("CORSOrigins").Op("=").Append(jen.Id("c").Dot("CORSOrigins"), jen.Id("o")),
				),
			),
		),
		jen.Id("auto").Op(":=").Id("get").Call(jen.Lit("AUTO_MIGRATE"), jen.Qual("strconv", "FormatBool").Call(jen.Id("c").Dot("AppEnv").Op("!=").Lit("production"))),
		jen.If(jen.List(jen.Id("c").Dot("AutoMigrate"), jen.Err()).Op("=").Qual("strconv", "ParseBool").Call(jen.Id("auto")), jen.Err().Op("!=").Nil()).Block(
			fail("AUTO_MIGRATE must be true or false"),
		),
		jen.If(jen.Id("c").Dot("DatabaseURL").Op("==").Lit("")).Block(
			fail("DATABASE_URL must not be empty"),
		),
		jen.Return(jen.Id("c"), jen.Nil()),
	)
	f.Comment("Addr is the listen address.")
	f.Func().Params(jen.Id("c").Id("Config")).Id("Addr").Params().String().Add(oneLine(jen.Return(sprintf("%s:%d", jen.Id("c").Dot("Host"), jen.Id("c").Dot("Port")))))
	f.Comment("readDotEnv parses KEY=VALUE lines; a missing file is no error.")
	f.Func().Id("readDotEnv").Params(jen.Id("path").String()).Params(jen.Map(jen.String()).String(), jen.Error()).Block(
		jen.List(jen.Id("f"), jen.Err()).Op(":=").Qual("os", "Open").Call(jen.Id("path")),
		jen.If(jen.Qual("errors", "Is").Call(jen.Err(), jen.Qual("os", "ErrNotExist"))).Block(
			jen.Return(jen.Nil(), jen.Nil()),
		),
		jen.If(jen.Err().Op("!=").Nil()).Block(
			jen.Return(jen.Nil(), jen.Qual("fmt", "Errorf").Call(jen.Lit(".env: %w"), jen.Err())),
		),
		jen.Defer().Id("f").Dot("Close").Call(),
		jen.Id("vars").Op(":=").Map(jen.String()).String().Values(),
		jen.Id("sc").Op(":=").Qual("bufio", "NewScanner").Call(jen.Id("f")),
		jen.For(jen.Id("sc").Dot("Scan").Call()).Block(
			jen.Id("line").Op(":=").Qual("strings", "TrimSpace").Call(jen.Id("sc").Dot("Text").Call()),
			jen.If(jen.Id("line").Op("==").Lit("").Op("||").Qual("strings", "HasPrefix").Call(jen.Id("line"), jen.Lit("#"))).Block(
				jen.Continue(),
			),
			jen.Id("line").Op("=").Qual("strings", "TrimPrefix").Call(jen.Id("line"), jen.Lit("export ")),
			jen.List(jen.Id("key"), jen.Id("value"), jen.Id("ok")).Op(":=").Qual("strings", "Cut").Call(jen.Id("line"), jen.Lit("=")),
			jen.If(jen.Op("!").Id("ok")).Block(
				jen.Continue(),
			),
			jen.Id("value").Op("=").Qual("strings", "TrimSpace").Call(jen.Id("value")),
			jen.If(jen.Len(jen.Id("value")).Op(">=").Lit(2).Op("&&").
				Parens(jen.Id("value").Index(jen.Lit(0)).Op("==").LitRune('"').Op("||").
					Id("value").Index(jen.Lit(0)).Op("==").LitRune('\'')).Op("&&").
				Id("value").Index(jen.Len(jen.Id("value")).Op("-").Lit(1)).Op("==").Id("value").Index(jen.Lit(0))).Block(
				jen.Id("value").Op("=").Id("value").Index(jen.Lit(1), jen.Len(jen.Id("value")).Op("-").Lit(1)),
			),
			jen.Id("vars").Index(jen.Qual("strings", "TrimSpace").Call(jen.Id("key"))).Op("=").Id("value"),
		),
		jen.Return(jen.Id("vars"), jen.Id("sc").Dot("Err").Call()),
	)
	g.goFile("internal/config/config.go", f)
}
