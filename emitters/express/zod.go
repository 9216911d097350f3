package express

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/bgen-dev/bgen/emitters/ts"
	"github.com/bgen-dev/bgen/ir"
)

// The zod schemas of the request bodies and inputs: src/schemas/<entity>
// .schema.ts (create and update), src/schemas/auth.schema.ts (register,
// login, create-user) and src/schemas/endpoints.schema.ts (the custom
// endpoints' path, query and body). They are zod objects of zod's own
// schemas and of the builders in src/runtime/schema.ts (the contract's
// int64, decimal, email, url, date, datetime, uuid and json), whose
// parse maps zod's issues to the contract's errors.
//
// The files are laid out as prettier (80 columns) lays them out, by
// emitters/ts's layout (layout.go).

const zRuntimeModule = "../runtime/schema.js"

// zodImports collects the names a schema file uses from the runtime.
type zodImports map[string]bool

func (im zodImports) use(name string) ts.Expr {
	im[name] = true
	return ts.Raw(name)
}

// header is a schema file's header and imports; reexports follow them.
func (im zodImports) header(reexports ...string) string {
	var names []string
	for n := range im {
		names = append(names, n)
	}
	sort.Strings(names)
	var parts []ts.Expr
	for _, n := range names {
		parts = append(parts, ts.Raw(n))
	}
	var b strings.Builder
	b.WriteString(ts.Header + "\n")
	b.WriteString(`import { z } from "zod";` + "\n")
	if len(names) > 0 {
		b.WriteString(ts.Print(func() any { return ts.Import(parts, zRuntimeModule) }) + "\n")
	}
	for _, r := range reexports {
		b.WriteString(r + "\n")
	}
	return b.String()
}

// zFieldValue is the zod schema of a value of f: a body's JSON value, or
// (text) a path or query parameter's text.
func zFieldValue(f *ir.Field, text bool, im zodImports) ts.Expr {
	stringy := func(base ts.Expr) ts.Expr {
		c := base
		if f.MinLength != nil && *f.MinLength > 0 {
			c = ts.Method(c, "min", ts.Raw(strconv.Itoa(*f.MinLength)))
		}
		if f.MaxLength != nil {
			c = ts.Method(c, "max", ts.Raw(strconv.Itoa(*f.MaxLength)))
		}
		if f.Type == ir.Password {
			c = ts.Method(c, "check", im.use("bcryptBytes"))
		}
		if f.Pattern != "" {
			c = ts.Method(c, "regex", ts.CallOf(ts.Raw("new RegExp"), ts.Lit(f.Pattern), ts.Lit("u")))
		}
		return c
	}
	pre := func(body, param string, inner ts.Expr) ts.Expr {
		if text {
			return zz("preprocess", im.use(param), inner)
		}
		return zz("preprocess", im.use(body), inner)
	}
	switch f.Type {
	case ir.String, ir.Text, ir.Password:
		return stringy(ts.CallOf(im.use("text")))
	case ir.Email:
		return stringy(ts.CallOf(im.use("email")))
	case ir.URL:
		return stringy(ts.CallOf(im.use("url")))
	case ir.Enum:
		var vs ts.Arr
		for _, v := range f.Values {
			vs = append(vs, ts.Lit(v))
		}
		return zz("enum", vs)
	case ir.Int:
		// Within 2^53, z.bigint()'s bounds decide as the contract's
		// comparison of doubles does; past it, intBounds compares doubles.
		c := zz("bigint")
		far := false
		for _, b := range []*float64{f.Min, f.Max} {
			far = far || (b != nil && math.Abs(*b) >= 1<<53)
		}
		if far {
			var bounds ts.Obj
			if f.Min != nil {
				bounds = append(bounds, zp("min", ts.Raw(zNum(*f.Min))))
			}
			if f.Max != nil {
				bounds = append(bounds, zp("max", ts.Raw(zNum(*f.Max))))
			}
			return pre("jsonInt", "textInt", ts.Method(c, "check", ts.CallOf(im.use("intBounds"), bounds)))
		}
		if f.Min != nil {
			c = ts.Method(c, "min", ts.Raw(zBigint(*f.Min)))
		}
		if f.Max != nil {
			c = ts.Method(c, "max", ts.Raw(zBigint(*f.Max)))
		}
		return pre("jsonInt", "textInt", c)
	case ir.Float:
		c := zz("number")
		if f.Min != nil {
			c = ts.Method(c, "min", ts.Raw(zNum(*f.Min)))
		}
		if f.Max != nil {
			c = ts.Method(c, "max", ts.Raw(zNum(*f.Max)))
		}
		return pre("jsonFloat", "textFloat", c)
	case ir.Decimal:
		args := []ts.Expr{ts.Raw(strconv.Itoa(f.Precision)), ts.Raw(strconv.Itoa(f.Scale))}
		var bounds ts.Obj
		if f.Min != nil {
			bounds = append(bounds, zp("min", ts.Raw(zNum(*f.Min))))
		}
		if f.Max != nil {
			bounds = append(bounds, zp("max", ts.Raw(zNum(*f.Max))))
		}
		if len(bounds) > 0 {
			args = append(args, bounds)
		}
		return ts.CallOf(im.use("decimal"), args...)
	case ir.Bool:
		if text {
			return zz("preprocess", im.use("textBool"), zz("boolean"))
		}
		return zz("boolean")
	case ir.Date:
		return ts.CallOf(im.use("date"))
	case ir.DateTime:
		return ts.CallOf(im.use("datetime"))
	case ir.UUID:
		return ts.CallOf(im.use("uuid"))
	case ir.JSON:
		return ts.CallOf(im.use("json"))
	}
	panic("express: no zod schema for field type " + string(f.Type))
}

// zField is f's schema in an object: null allowed for an optional
// field, absence for one that is not required.
func zField(f *ir.Field, required, text bool, im zodImports) ts.Expr {
	v := zFieldValue(f, text, im)
	switch {
	case f.Optional && required:
		return ts.Method(v, "nullable")
	case f.Optional:
		return ts.Method(v, "nullish")
	case !required:
		return ts.Method(v, "optional")
	}
	return v
}

// zNum is a number literal as JavaScript writes the number (String(n),
// the text of the contract's messages), which prettier keeps: no "+" in
// an exponent.
func zNum(f float64) string {
	if f == 0 {
		return "0"
	}
	sign := ""
	if f < 0 {
		sign, f = "-", -f
	}
	mant, exp, _ := strings.Cut(strconv.FormatFloat(f, 'e', -1, 64), "e")
	digits := strings.Replace(mant, ".", "", 1)
	x, _ := strconv.Atoi(exp)
	if x < -6 || x >= 21 {
		if len(digits) > 1 {
			digits = digits[:1] + "." + digits[1:]
		}
		return sign + digits + "e" + strconv.Itoa(x)
	}
	n := x + 1 // digits before the point
	switch {
	case n <= 0:
		return sign + "0." + strings.Repeat("0", -n) + digits
	case n >= len(digits):
		return sign + digits + strings.Repeat("0", n-len(digits))
	}
	return sign + digits[:n] + "." + digits[n:]
}

// zBigint is an int bound as a bigint literal.
func zBigint(f float64) string {
	return strconv.FormatFloat(math.Trunc(f), 'f', 0, 64) + "n"
}

// zodObject is z.strictObject (or z.object) of fields; update makes every
// field optional.
func zodObject(kind string, fields []*ir.Field, update, text bool, im zodImports) ts.Expr {
	var o ts.Obj
	for _, f := range fields {
		o = append(o, zp(f.Name, zField(f, f.Required && !update, text, im)))
	}
	return zz(kind, ts.BrokenObj(o))
}

func zNames(fields []*ir.Field) ts.Arr {
	var a ts.Arr
	for _, f := range fields {
		a = append(a, ts.Lit(f.Name))
	}
	return a
}

// zMinus is the fields of all not in some, in the order of all.
func zMinus(all []*ir.Field, some ...[]*ir.Field) []*ir.Field {
	in := map[*ir.Field]bool{}
	for _, s := range some {
		for _, f := range s {
			in[f] = true
		}
	}
	var out []*ir.Field
	for _, f := range all {
		if !in[f] {
			out = append(out, f)
		}
	}
	return out
}

// zBody is `export const name = z.strictObject({...}).register(contract,
// {...});`: the fields accepted, and which of the entity's other fields
// are readOnly or immutable.
func zBody(name, fieldsVar string, e *ir.Entity, accepted []*ir.Field, update bool, im zodImports) string {
	meta := ts.Obj{zp(fieldsVar, nil)}
	immutable := []*ir.Field(nil)
	if update {
		immutable = zMinus(e.Create, accepted)
	}
	if ro := zMinus(e.Fields, accepted, immutable); len(ro) > 0 {
		meta = append(meta, zp("readOnly", zNames(ro)))
	}
	if len(immutable) > 0 {
		meta = append(meta, zp("immutable", zNames(immutable)))
	}
	schema := ts.Method(zodObject("strictObject", accepted, update, false, im), "register", im.use("contract"), meta)
	return ts.Print(func() any { return ts.Decl("export const "+name, schema) }) + "\n"
}

func zOutputType(typ, schema string) string {
	return ts.Print(func() any { return ts.OutputType("export type "+typ, schema) }) + "\n"
}

// entitySchemaFile is src/schemas/<entity>.schema.ts: the create and
// update bodies of e.
func entitySchemaFile(api *ir.API, e *ir.Entity) string {
	p := e.Name.Pascal()
	im := zodImports{}
	var b strings.Builder
	fmt.Fprintf(&b, "\n/** %s's fields in resource order, the order of a 422's errors. */\n", p)
	b.WriteString(ts.Print(func() any { return ts.Decl("const fields", zNames(e.Fields)) }) + "\n")
	fmt.Fprintf(&b, "\n/** A create body (POST %s%s). */\n", api.BasePath, e.Path)
	b.WriteString(zBody("create"+p+"Schema", "fields", e, e.Create, false, im))
	fmt.Fprintf(&b, "\n/** An update body (PATCH %s%s/{id}): every field optional. */\n", api.BasePath, e.Path)
	b.WriteString(zBody("update"+p+"Schema", "fields", e, e.Update, true, im))
	b.WriteString("\n" + zOutputType("Create"+p+"Input", "create"+p+"Schema"))
	b.WriteString(zOutputType("Update"+p+"Input", "update"+p+"Schema"))
	return im.header() + b.String()
}

// authSchemaFile is src/schemas/auth.schema.ts: the register and login
// bodies, and the CLI's create-user body (the auth entity's create body,
// the role included).
func authSchemaFile(api *ir.API) string {
	a := api.Auth
	e := a.Entity
	im := zodImports{}
	paths := map[string]string{}
	for _, r := range api.Routes {
		if r.Kind == ir.RouteAuth {
			paths[r.Name] = r.Path
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\n/** %s's fields in resource order, the order of a 422's errors. */\n", e.Name.Pascal())
	b.WriteString(ts.Print(func() any { return ts.Decl("const fields", zNames(e.Fields)) }) + "\n")
	fmt.Fprintf(&b, "\n/** A register body (POST %s): the create body without\n * the role. */\n", paths["register"])
	b.WriteString(zBody("registerSchema", "fields", e, a.Register, false, im))
	fmt.Fprintf(&b, "\n/** A login body (POST %s): the identity and the password, strings\n * without U+0000; nothing else. */\n", paths["login"])
	login := ts.Obj{zp(a.IdentityName, ts.CallOf(im.use("credential"))), zp(a.PasswordName, ts.CallOf(im.use("credential")))}
	b.WriteString(ts.Print(func() any { return ts.Decl("export const loginSchema", zz("strictObject", ts.BrokenObj(login))) }) + "\n")
	b.WriteString("\n" + zOutputType("RegisterInput", "registerSchema"))
	b.WriteString(zOutputType("LoginInput", "loginSchema"))
	from := ts.Str("./" + e.Name.Kebab() + ".schema.js")
	alias := func(name, as string) string {
		if name == as {
			return name
		}
		return name + " as " + as
	}
	p := e.Name.Pascal()
	reexports := []string{
		"",
		"/** The CLI's create-user body: the create body, the role included. */",
		ts.Print(func() any { return ts.ExportFrom("export", alias("create"+p+"Schema", "createUserSchema"), from) }),
		ts.Print(func() any { return ts.ExportFrom("export type", alias("Create"+p+"Input", "CreateUserInput"), from) }),
	}
	return im.header(reexports...) + b.String()
}

// endpointSchemaFile is src/schemas/endpoints.schema.ts: each custom
// endpoint's path parameters and query (texts, read as the contract
// reads them: -?[0-9]+ an int, a JSON number's text a float, true or
// false a bool), and body. An unknown query parameter is a 400 before
// these run, so the query's schema, like the path's, does not refuse
// unknown names; the body's does.
func endpointSchemaFile(api *ir.API) string {
	im := zodImports{}
	var b, types strings.Builder
	for _, ep := range api.Endpoints {
		in := inputsOf(ep)
		if in.params == "" && in.query == "" && in.body == "" {
			continue
		}
		fmt.Fprintf(&b, "\n// %s %s%s%s\n", ep.Method, api.BasePath, ep.Path, summary(ep.Summary))
		part := func(typ, kind string, fields []*ir.Field, text bool) {
			if typ == "" {
				return
			}
			b.WriteString(ts.Print(func() any { return ts.Decl("export const "+schemaOf(typ), zodObject(kind, fields, false, text, im)) }) + "\n")
			types.WriteString(zOutputType(typ, schemaOf(typ)))
		}
		part(in.params, "object", ep.Params, true)
		part(in.query, "object", ep.Query, true)
		part(in.body, "strictObject", ep.Body, false)
	}
	if b.Len() == 0 {
		return ts.Header + "\n// No custom endpoint takes a path parameter, a query or a body.\nexport {};\n"
	}
	return im.header() + b.String() + "\n" + types.String()
}

// zz is z.name(args).
func zz(name string, args ...ts.Expr) ts.Expr { return ts.Method(ts.Raw("z"), name, args...) }

// zp is the property key: val.
func zp(key string, val ts.Expr) ts.Prop { return ts.Prop{Key: key, Val: val} }
