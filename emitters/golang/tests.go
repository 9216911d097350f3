package golang

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/bgen-dev/bgen/ir"
	"github.com/bgen-dev/bgen/ir/sample"
)

// values makes the sample values of the generated tests (and of the
// README's create-user line): value number n of each field, the same on
// every build. Value 0 of a field is its plain one ("sample",
// "password123", "user0@example.com"); the login user takes number 0, the
// registered one 1, each entity's rows 2 and 3.
var values = sample.New(0, "")

// sampleBody is a create body with every required field of fields at value
// number n, plus extra, or false when one cannot be made (a required
// reference, a field whose constraints no value meets).
func sampleBody(fields []*ir.Field, n int, extra map[string]any) (string, bool) {
	var parts []string
	for _, fd := range fields {
		if v, ok := extra[fd.Name]; ok {
			b, _ := json.Marshal(v)
			parts = append(parts, fmt.Sprintf("%q: %s", fd.Name, b))
			continue
		}
		if !fd.Required {
			continue
		}
		if fd.Kind == ir.KindForeignKey {
			return "", false
		}
		v, ok := values.At(fd, int64(n))
		if !ok {
			return "", false
		}
		b, _ := json.Marshal(v)
		parts = append(parts, fmt.Sprintf("%q: %s", fd.Name, b))
	}
	return "{" + strings.Join(parts, ", ") + "}", true
}

// credentials is a login body: the identity and password of value number
// n.
func credentials(a *ir.Auth, n int, password any) string {
	id, _ := values.At(a.Identity, int64(n))
	if password == nil {
		password, _ = values.At(a.Password, int64(n))
	}
	b, _ := json.Marshal(map[string]any{a.Identity.Name: id, a.Password.Name: password})
	return string(b)
}

func (g *gen) tests() {
	f := g.newFile("handler")
	f.Func().Id("TestHealth").Params(jen.Id("t").Op("*").Qual("testing", "T")).Block(
		jen.List(jen.Id("srv"), jen.Id("_")).Op(":=").Id("newTestServer").Call(jen.Id("t")),
		jen.List(jen.Id("status"), jen.Id("body")).Op(":=").Id("call").Call(jen.Id("t"), jen.Id("srv"), jen.Lit("GET"), jen.Lit("/health"), jen.Lit(""), jen.Lit("")),
		jen.Id("expect").Call(jen.Id("t"), jen.Lit("health"), jen.Id("status"), jen.Lit(200), jen.Id("body")),
	)
	token := jen.Lit("")
	if a := g.api.Auth; a != nil {
		token = jen.Id("token")
		g.authTests(f, a)
	}
	for _, e := range g.api.Entities {
		g.entityTests(f, e, token)
	}
	g.goFile("internal/handler/handler_test.go", f)
}

// privilegedRole is the role the tests' user takes (sample.PrivilegedRole).
func (g *gen) privilegedRole() string { return sample.PrivilegedRole(g.api) }

func (g *gen) authTests(f *jen.File, a *ir.Auth) {
	base := g.api.BasePath
	extra := map[string]any{}
	if a.RoleField != nil {
		if r := g.privilegedRole(); r != "" {
			extra[a.RoleField.Name] = r
		}
	}
	admin, ok := sampleBody(a.Entity.Create, 0, extra)
	if !ok {
		return
	}
	login := credentials(a, 0, nil)
	f.Comment("login creates a privileged user with create-user and returns its token.")
	f.Func().Id("login").Params(jen.Id("t").Op("*").Qual("testing", "T"), jen.Id("srv").Op("*").Qual("net/http/httptest", "Server"), jen.Id("svc").Op("*").Qual(g.pkg("service"), "Service")).String().Block(
		jen.Id("t").Dot("Helper").Call(),
		jen.If(jen.List(jen.Id("_"), jen.Err()).Op(":=").Id("CreateUser").Call(jen.Qual("context", "Background").Call(), jen.Id("svc"), jen.Index().Byte().Call(jen.Lit(admin))), jen.Err().Op("!=").Nil()).Block(
			jen.Id("t").Dot("Fatal").Call(jen.Err())),
		jen.List(jen.Id("status"), jen.Id("body")).Op(":=").Id("call").Call(jen.Id("t"), jen.Id("srv"), jen.Lit("POST"), jen.Lit(base+"/auth/login"), jen.Lit(""), jen.Lit(login)),
		jen.Id("expect").Call(jen.Id("t"), jen.Lit("login"), jen.Id("status"), jen.Lit(200), jen.Id("body")),
		jen.List(jen.Id("token"), jen.Id("_")).Op(":=").Id("body").Index(jen.Lit("accessToken")).Assert(jen.String()),
		jen.Return(jen.Id("token")),
	)
	reg, ok := sampleBody(a.Register, 1, nil)
	if !ok {
		return
	}
	login1, wrong := credentials(a, 1, nil), credentials(a, 1, "wrong-password")
	call := func(what, method, path, tok, body string, want int) jen.Code {
		t := jen.Lit(tok)
		if tok == "token" {
			t = jen.Id("token")
		}
		return jen.Block(
			jen.List(jen.Id("status"), jen.Id("body")).Op(":=").Id("call").Call(jen.Id("t"), jen.Id("srv"), jen.Lit(method), jen.Lit(base+path), t, jen.Lit(body)),
			jen.Id("expect").Call(jen.Id("t"), jen.Lit(what), jen.Id("status"), jen.Lit(want), jen.Id("body")),
		)
	}
	f.Func().Id("TestAuth").Params(jen.Id("t").Op("*").Qual("testing", "T")).Block(
		jen.List(jen.Id("srv"), jen.Id("_")).Op(":=").Id("newTestServer").Call(jen.Id("t")),
		call("register", "POST", "/auth/register", "", reg, 201),
		call("register again", "POST", "/auth/register", "", reg, 409),
		call("wrong password", "POST", "/auth/login", "", wrong, 401),
		jen.List(jen.Id("status"), jen.Id("body")).Op(":=").Id("call").Call(jen.Id("t"), jen.Id("srv"), jen.Lit("POST"), jen.Lit(base+"/auth/login"), jen.Lit(""), jen.Lit(login1)),
		jen.Id("expect").Call(jen.Id("t"), jen.Lit("login"), jen.Id("status"), jen.Lit(200), jen.Id("body")),
		jen.List(jen.Id("token"), jen.Id("_")).Op(":=").Id("body").Index(jen.Lit("accessToken")).Assert(jen.String()),
		call("me", "GET", "/auth/me", "token", "", 200),
		call("me without a token", "GET", "/auth/me", "", "", 401),
		call("me with a bad token", "GET", "/auth/me", "not-a-token", "", 401),
	)
}

func (g *gen) entityTests(f *jen.File, e *ir.Entity, token jen.Code) {
	create, get := g.op(e, ir.OpCreate), g.op(e, ir.OpGet)
	if create == nil || get == nil || g.isAuthEntity(e) {
		return
	}
	body, ok := sampleBody(e.Create, 2, nil)
	if !ok {
		return
	}
	name := entityName(e)
	base := g.api.BasePath + e.Path
	setup := []jen.Code{jen.List(jen.Id("srv"), jen.Id("svc")).Op(":=").Id("newTestServer").Call(jen.Id("t"))}
	if g.api.Auth != nil {
		setup = append(setup, jen.Id("token").Op(":=").Id("login").Call(jen.Id("t"), jen.Id("srv"), jen.Id("svc")))
	} else {
		setup = append(setup, jen.Id("_").Op("=").Id("svc"))
	}
	do := func(what, method string, path jen.Code, body string, want int, assign bool) []jen.Code {
		op := ":="
		if !assign {
			op = "="
		}
		return []jen.Code{
			jen.List(jen.Id("status"), jen.Id("body")).Op(op).Id("call").Call(jen.Id("t"), jen.Id("srv"), jen.Lit(method), path, token, jen.Lit(body)),
			jen.Id("expect").Call(jen.Id("t"), jen.Lit(what), jen.Id("status"), jen.Lit(want), jen.Id("body")),
		}
	}
	one := jen.Lit(base + "/").Op("+").Id("id")
	crud := append(append([]jen.Code{}, setup...), do("create", "POST", jen.Lit(base), body, 201, true)...)
	crud = append(crud, jen.Id("id").Op(":=").Id("idPath").Call(jen.Id("body")))
	crud = append(crud, do("get", "GET", one, "", 200, false)...)
	if g.op(e, ir.OpList) != nil {
		crud = append(crud, do("list", "GET", jen.Lit(base), "", 200, false)...)
		crud = append(crud, jen.If(jen.Id("body").Index(jen.Lit("total")).Op("!=").Lit(1.0)).Block(
			jen.Id("t").Dot("Fatalf").Call(jen.Lit("list: total %v, want 1"), jen.Id("body").Index(jen.Lit("total")))))
	}
	if g.op(e, ir.OpUpdate) != nil {
		crud = append(crud, do("update", "PATCH", one.Clone(), "{}", 200, false)...)
	}
	if g.op(e, ir.OpDelete) != nil {
		crud = append(crud, do("delete", "DELETE", one.Clone(), "", 204, false)...)
		crud = append(crud, do("get after delete", "GET", one.Clone(), "", 404, false)...)
	}
	f.Func().Id("Test" + name + "CRUD").Params(jen.Id("t").Op("*").Qual("testing", "T")).Block(crud...)

	var want []string
	for _, fd := range e.Create {
		if fd.Required {
			want = append(want, fd.Name+":required")
		}
	}
	want = append(want, "zzUnknown:unknown")
	val := append(append([]jen.Code{}, setup...), do("invalid create", "POST", jen.Lit(base), `{"zzUnknown": 1}`, 422, true)...)
	val = append(val,
		jen.If(jen.List(jen.Id("got"), jen.Id("want")).Op(":=").List(jen.Qual("fmt", "Sprint").Call(jen.Id("errorCodes").Call(jen.Id("body"))), jen.Qual("fmt", "Sprint").Call(strs(want))), jen.Id("got").Op("!=").Id("want")).Block(
			jen.Id("t").Dot("Fatalf").Call(jen.Lit("errors %s, want %s"), jen.Id("got"), jen.Id("want"))))
	f.Func().Id("Test" + name + "Validation").Params(jen.Id("t").Op("*").Qual("testing", "T")).Block(val...)

	// Unique: a create that repeats one unique field's value (optional or
	// not) of an earlier row, every other field being new, is a 409 naming
	// that field.
	var uq []jen.Code
	for _, u := range e.Schema.Uniques {
		if len(u.Columns) != 1 {
			continue
		}
		var fd *ir.Field
		for _, c := range e.Create {
			if c.Column == u.Columns[0] && c.Kind == ir.KindField {
				fd = c
			}
		}
		if fd == nil {
			continue
		}
		// Rows 2 and 3 for the first field, 4 and 5 for the next...: the
		// rows of one field's check do not collide with the earlier ones.
		n := 2 + 2*len(uq)
		v, ok := values.At(fd, int64(n))
		first, ok1 := sampleBody(e.Create, n, map[string]any{fd.Name: v})
		again, ok2 := sampleBody(e.Create, n+1, map[string]any{fd.Name: v})
		if !ok || !ok1 || !ok2 {
			continue
		}
		block := append(do(fd.Name+": create", "POST", jen.Lit(base), first, 201, true),
			do(fd.Name+": create again", "POST", jen.Lit(base), again, 409, false)...)
		block = append(block, jen.If(jen.Qual("fmt", "Sprint").Call(jen.Id("errorCodes").Call(jen.Id("body"))).Op("!=").Lit("["+fd.Name+":unique]")).Block(
			jen.Id("t").Dot("Fatalf").Call(jen.Lit("errors %v"), jen.Id("errorCodes").Call(jen.Id("body")))))
		uq = append(uq, jen.Block(block...))
	}
	if len(uq) > 0 {
		f.Func().Id("Test" + name + "Unique").Params(jen.Id("t").Op("*").Qual("testing", "T")).Block(append(append([]jen.Code{}, setup...), uq...)...)
	}
}
