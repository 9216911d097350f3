package golang

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/dave/jennifer/jen"

	"github.com/bgen-dev/bgen/ir"
)

// stringCandidates are tried in order for a string field with a pattern.
func stringCandidates() []string {
	return []string{"sample", "sample-1", "abc", "a1", "Sample", "ABC-1234", "#777777", "12345678", "x", "1", "a"}
}

// sample is a valid JSON value for fd; n makes identities distinct.
func sample(fd *ir.Field, n int) (any, bool) {
	switch fd.Type {
	case ir.Email:
		return fmt.Sprintf("user%d@example.com", n), true
	case ir.URL:
		return "https://example.com/a", true
	case ir.Password:
		return "password123", true
	case ir.String, ir.Text:
		for _, c := range stringCandidates() {
			if fd.Unique && n > 0 && fd.Pattern == "" {
				c = fmt.Sprintf("%s%d", c, n)
			}
			l := utf8.RuneCountInString(c)
			if fd.MinLength != nil && l < *fd.MinLength || fd.MaxLength != nil && l > *fd.MaxLength {
				continue
			}
			if fd.Pattern != "" && !regexp.MustCompile(fd.Pattern).MatchString(c) {
				continue
			}
			return c, true
		}
		return nil, false
	case ir.Int:
		v := 1.0
		if fd.Min != nil {
			v = math.Ceil(*fd.Min)
		}
		if fd.Max != nil && v > *fd.Max {
			return nil, false
		}
		return int64(v), true
	case ir.Float:
		if fd.Min != nil {
			return *fd.Min, true
		}
		return 1.5, true
	case ir.Decimal:
		v := 1.0
		if fd.Min != nil && *fd.Min > v {
			v = math.Ceil(*fd.Min)
		}
		return fmt.Sprintf("%.*f", fd.Scale, v), true
	case ir.Bool:
		return true, true
	case ir.Date:
		return "2026-01-31", true
	case ir.DateTime:
		return "2026-01-31T10:00:00.000Z", true
	case ir.UUID:
		return "123e4567-e89b-42d3-a456-426614174000", true
	case ir.Enum:
		return fd.Values[0], true
	case ir.JSON:
		return map[string]int{"a": 1}, true
	}
	return nil, false
}

// sampleBody is a create body with every required field of fields, or
// false when one cannot be made (a required reference, an odd pattern).
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
		v, ok := sample(fd, n)
		if !ok {
			return "", false
		}
		b, _ := json.Marshal(v)
		parts = append(parts, fmt.Sprintf("%q: %s", fd.Name, b))
	}
	return "{" + strings.Join(parts, ", ") + "}", true
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

// privilegedRole is the role named by the most rules.
func (g *gen) privilegedRole() string {
	count := map[string]int{}
	best := ""
	for _, e := range g.api.Entities {
		for _, o := range e.Operations {
			for _, r := range o.Access.Roles {
				count[r]++
				if best == "" || count[r] > count[best] || count[r] == count[best] && r < best {
					best = r
				}
			}
		}
	}
	return best
}

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
	idv, _ := sample(a.Identity, 0)
	login, _ := json.Marshal(map[string]any{a.Identity.Name: idv, a.Password.Name: "password123"})
	f.Comment("login creates a privileged user with create-user and returns its token.")
	f.Func().Id("login").Params(jen.Id("t").Op("*").Qual("testing", "T"), jen.Id("srv").Op("*").Qual("net/http/httptest", "Server"), jen.Id("svc").Op("*").Qual(g.pkg("service"), "Service")).String().Block(
		jen.Id("t").Dot("Helper").Call(),
		jen.If(jen.List(jen.Id("_"), jen.Err()).Op(":=").Id("CreateUser").Call(jen.Qual("context", "Background").Call(), jen.Id("svc"), jen.Index().Byte().Call(jen.Lit(admin))), jen.Err().Op("!=").Nil()).Block(
			jen.Id("t").Dot("Fatal").Call(jen.Err())),
		jen.List(jen.Id("status"), jen.Id("body")).Op(":=").Id("call").Call(jen.Id("t"), jen.Id("srv"), jen.Lit("POST"), jen.Lit(base+"/auth/login"), jen.Lit(""), jen.Lit(string(login))),
		jen.Id("expect").Call(jen.Id("t"), jen.Lit("login"), jen.Id("status"), jen.Lit(200), jen.Id("body")),
		jen.List(jen.Id("token"), jen.Id("_")).Op(":=").Id("body").Index(jen.Lit("accessToken")).Assert(jen.String()),
		jen.Return(jen.Id("token")),
	)
	reg, ok := sampleBody(a.Register, 1, nil)
	if !ok {
		return
	}
	idv1, _ := sample(a.Identity, 1)
	login1, _ := json.Marshal(map[string]any{a.Identity.Name: idv1, a.Password.Name: "password123"})
	wrong, _ := json.Marshal(map[string]any{a.Identity.Name: idv1, a.Password.Name: "wrong-password"})
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
		call("wrong password", "POST", "/auth/login", "", string(wrong), 401),
		jen.List(jen.Id("status"), jen.Id("body")).Op(":=").Id("call").Call(jen.Id("t"), jen.Id("srv"), jen.Lit("POST"), jen.Lit(base+"/auth/login"), jen.Lit(""), jen.Lit(string(login1))),
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

	for _, u := range e.Schema.Uniques {
		if len(u.Columns) != 1 {
			continue
		}
		var field string
		for _, fd := range e.Create {
			if fd.Column == u.Columns[0] {
				field = fd.Name
			}
		}
		if field == "" {
			continue
		}
		uq := append(append([]jen.Code{}, setup...), do("create", "POST", jen.Lit(base), body, 201, true)...)
		uq = append(uq, do("create again", "POST", jen.Lit(base), body, 409, false)...)
		uq = append(uq, jen.If(jen.Qual("fmt", "Sprint").Call(jen.Id("errorCodes").Call(jen.Id("body"))).Op("!=").Lit("["+field+":unique]")).Block(
			jen.Id("t").Dot("Fatalf").Call(jen.Lit("errors %v"), jen.Id("errorCodes").Call(jen.Id("body")))))
		f.Func().Id("Test" + name + "Unique").Params(jen.Id("t").Op("*").Qual("testing", "T")).Block(uq...)
		break
	}
}
