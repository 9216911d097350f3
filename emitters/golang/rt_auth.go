package golang

import "github.com/dave/jennifer/jen"

// runtimeAuth emits internal/auth: JWTs, password hashes and the access
// rule check.
func (g *gen) runtimeAuth() {
	const jwt, bcrypt = "github.com/golang-jwt/jwt/v5", "golang.org/x/crypto/bcrypt"
	f := g.newFile("auth")
	f.ImportName(jwt, "jwt")
	f.ImportName(bcrypt, "bcrypt")
	f.PackageComment("Package auth issues and verifies tokens, hashes passwords and decides")
	f.PackageComment("access rules.")
	f.Comment("Tokens signs and verifies HS256 JWTs.")
	f.Type().Id("Tokens").Struct(
		jen.Id("Secret").Index().Byte(),
		jen.Id("TTL").Qual("time", "Duration"),
	)
	f.Comment("Issue returns a token for subject, with role when role is not \"\".")
	f.Func().Params(jen.Id("t").Id("Tokens")).Id("Issue").Params(jen.Id("subject"), jen.Id("role").String()).Params(jen.String(), jen.Error()).Block(
		jen.Id("now").Op(":=").Qual("time", "Now").Call(),
		jen.Id("claims").Op(":=").Qual(jwt, "MapClaims").Values(
			jen.Lit("sub").Op(":").Id("subject"),
			jen.Lit("iat").Op(":").Id("now").Dot("Unix").Call(),
			jen.Lit("exp").Op(":").Id("now").Dot("Add").Call(jen.Id("t").Dot("TTL")).Dot("Unix").Call(),
		),
		jen.If(jen.Id("role").Op("!=").Lit("")).Block(
			jen.Id("claims").Index(jen.Lit("role")).Op("=").Id("role"),
		),
		jen.Return(jen.Qual(jwt, "NewWithClaims").Call(jen.Qual(jwt, "SigningMethodHS256"), jen.Id("claims")).Dot("SignedString").Call(jen.Id("t").Dot("Secret"))),
	)
	f.Comment("Verify returns the subject of a valid HS256 token: sub a string, exp an")
	f.Comment("integer (seconds) in the future, iat and nbf, when present, integers")
	f.Comment("not in the future. No leeway.")
	f.Func().Params(jen.Id("t").Id("Tokens")).Id("Verify").Params(jen.Id("token").String()).Params(jen.String(), jen.Error()).Block(
		jen.Id("claims").Op(":=").Qual(jwt, "MapClaims").Values(),
		jen.List(jen.Id("_"), jen.Err()).Op(":=").Qual(jwt, "ParseWithClaims").Call(
			jen.Id("token"),
			jen.Id("claims"),
			jen.Func().Params(jen.Op("*").Qual(jwt, "Token")).Params(jen.Any(), jen.Error()).Add(oneLine(jen.Return(jen.Id("t").Dot("Secret"), jen.Nil()))),
			jen.Line().Qual(jwt, "WithValidMethods").Call(jen.Index().String().Values(jen.Lit("HS256"))),
			jen.Qual(jwt, "WithJSONNumber").Call(),
			jen.Qual(jwt, "WithoutClaimsValidation").Call(),
		),
		ifErr(jen.Lit("")),
		jen.Id("now").Op(":=").Qual("time", "Now").Call().Dot("Unix").Call(),
		jen.If(
			jen.List(jen.Id("exp"), jen.Id("ok")).Op(":=").Id("intClaim").Call(jen.Id("claims"), jen.Lit("exp")),
			jen.Op("!").Id("ok").Op("||").Id("exp").Op("<=").Id("now"),
		).Block(
			jen.Return(jen.Lit(""), jen.Qual("errors", "New").Call(jen.Lit("token has no integer exp in the future"))),
		),
		jen.For(jen.List(jen.Id("_"), jen.Id("name")).Op(":=").Range().Index().String().Values(jen.Lit("iat"), jen.Lit("nbf"))).Block(
			jen.If(jen.List(jen.Id("_"), jen.Id("present")).Op(":=").Id("claims").Index(jen.Id("name")), jen.Op("!").Id("present")).Block(
				jen.Continue(),
			),
			jen.If(
				jen.List(jen.Id("v"), jen.Id("ok")).Op(":=").Id("intClaim").Call(jen.Id("claims"), jen.Id("name")),
				jen.Op("!").Id("ok").Op("||").Id("v").Op(">").Id("now"),
			).Block(
				jen.Return(jen.Lit(""), jen.Qual("fmt", "Errorf").Call(jen.Lit("token's %s is not an integer in the past"), jen.Id("name"))),
			),
		),
		jen.List(jen.Id("sub"), jen.Id("ok")).Op(":=").Id("claims").Index(jen.Lit("sub")).Assert(jen.String()),
		jen.If(jen.Op("!").Id("ok").Op("||").Id("sub").Op("==").Lit("")).Block(
			jen.Return(jen.Lit(""), jen.Qual("errors", "New").Call(jen.Lit("token has no subject"))),
		),
		jen.Return(jen.Id("sub"), jen.Nil()),
	)
	f.Comment("intClaim reads a claim written as a JSON integer within 64 bits: not a")
	f.Comment("string, not 1e300, not 1.5.")
	f.Func().Id("intClaim").Params(jen.Id("claims").Qual(jwt, "MapClaims"), jen.Id("name").String()).Params(jen.Int64(), jen.Bool()).Block(
		jen.List(jen.Id("n"), jen.Id("ok")).Op(":=").Id("claims").Index(jen.Id("name")).Assert(jen.Qual("encoding/json", "Number")),
		jen.If(jen.Op("!").Id("ok")).Block(
			jen.Return(jen.Lit(0), jen.False()),
		),
		jen.List(jen.Id("v"), jen.Err()).Op(":=").Id("n").Dot("Int64").Call(),
		jen.Return(jen.Id("v"), jen.Err().Op("==").Nil()),
	)
	f.Comment("HashPassword returns a bcrypt hash, cost 10.")
	f.Func().Id("HashPassword").Params(jen.Id("password").String()).Params(jen.String(), jen.Error()).Block(
		jen.List(jen.Id("h"), jen.Err()).Op(":=").Qual(bcrypt, "GenerateFromPassword").Call(jen.Index().Byte().Call(jen.Id("password")), jen.Lit(10)),
		jen.Return(jen.String().Call(jen.Id("h")), jen.Err()),
	)
	f.Comment("dummyHash keeps a failed login as slow as a successful one.")
	f.Const().Id("dummyHash").Op("=").Lit("$2a$10$17ap31QcmNiVT6QYJuWXHeCt55Ofn0INYjO6rXgcz2wEm.30OEdKm")
	f.Comment("CheckPassword reports whether password matches hash; with hash \"\" it")
	f.Comment("does the same work and fails.")
	f.Func().Id("CheckPassword").Params(jen.Id("hash"), jen.Id("password").String()).Bool().Block(
		jen.If(jen.Id("hash").Op("==").Lit("")).Block(
			jen.Id("_").Op("=").Qual(bcrypt, "CompareHashAndPassword").Call(jen.Index().Byte().Call(jen.Id("dummyHash")), jen.Index().Byte().Call(jen.Id("password"))),
			jen.Return(jen.False()),
		),
		jen.Return(jen.Qual(bcrypt, "CompareHashAndPassword").Call(jen.Index().Byte().Call(jen.Id("hash")), jen.Index().Byte().Call(jen.Id("password"))).Op("==").Nil()),
	)
	f.Comment("Credential is what the request carried: no token, a bad one, or a")
	f.Comment("verified subject.")
	f.Type().Id("Credential").Struct(
		jen.Id("Present").Bool(),
		jen.Id("Subject").String().Comment("\"\" when the token is missing or invalid"),
	)
	f.Line()
	f.Type().Id("credentialKey").Struct()
	f.Comment("WithCredential stores c in ctx.")
	f.Func().Id("WithCredential").Params(ctxParam(), jen.Id("c").Id("Credential")).Qual("context", "Context").Block(
		jen.Return(jen.Qual("context", "WithValue").Call(jen.Id("ctx"), jen.Id("credentialKey").Values(), jen.Id("c"))),
	)
	f.Comment("CredentialFrom reads the request's credential.")
	f.Func().Id("CredentialFrom").Params(ctxParam()).Id("Credential").Block(
		jen.List(jen.Id("c"), jen.Id("_")).Op(":=").Id("ctx").Dot("Value").Call(jen.Id("credentialKey").Values()).Assert(jen.Id("Credential")),
		jen.Return(jen.Id("c")),
	)
	f.Comment("Caller is the authenticated user, read from the database.")
	f.Type().Id("Caller").Struct(
		jen.Id("ID").String(),
		jen.Id("Role").String(),
	)
	f.Comment("Rule is an operation's access rule: any alternative grants access.")
	f.Type().Id("Rule").Struct(
		jen.List(jen.Id("Public"), jen.Id("Authenticated"), jen.Id("Owner")).Bool(),
		jen.Id("Roles").Index().String(),
	)
	f.Comment("Check decides rule for caller (nil: not authenticated). ownerOnly says")
	f.Comment("that only the owner alternative holds: the caller sees only their rows.")
	f.Func().Id("Check").Params(jen.Id("rule").Id("Rule"), jen.Id("caller").Op("*").Id("Caller")).Params(jen.Id("ownerOnly").Bool(), jen.Err().Error()).Block(
		jen.If(jen.Id("rule").Dot("Public")).Block(
			jen.Return(jen.False(), jen.Nil()),
		),
		jen.If(jen.Id("caller").Op("==").Nil()).Block(
			jen.Return(jen.False(), jen.Qual(g.pkg("apierr"), "Unauthorized").Call(jen.Lit("authentication required"))),
		),
		jen.If(jen.Id("rule").Dot("Authenticated").Op("||").Qual("slices", "Contains").Call(jen.Id("rule").Dot("Roles"), jen.Id("caller").Dot("Role"))).Block(
			jen.Return(jen.False(), jen.Nil()),
		),
		jen.If(jen.Id("rule").Dot("Owner")).Block(
			jen.Return(jen.True(), jen.Nil()),
		),
		jen.Return(jen.False(), jen.Qual(g.pkg("apierr"), "Forbidden").Call()),
	)
	g.goFile("internal/auth/auth.go", f)
}
