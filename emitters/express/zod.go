package express

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

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
// The files are laid out as prettier (80 columns) lays them out: the end
// of this file is prettier's doc printer and the parts of its JavaScript
// printer that these files reach.

const zRuntimeModule = "../runtime/schema.js"

// zodImports collects the names a schema file uses from the runtime.
type zodImports map[string]bool

func (im zodImports) use(name string) zNode {
	im[name] = true
	return zIdent(name)
}

// header is a schema file's header and imports; reexports follow them.
func (im zodImports) header(reexports ...string) string {
	var names []string
	for n := range im {
		names = append(names, n)
	}
	sort.Strings(names)
	var parts []zNode
	for _, n := range names {
		parts = append(parts, zIdent(n))
	}
	var b strings.Builder
	b.WriteString(ts.Header + "\n")
	b.WriteString(`import { z } from "zod";` + "\n")
	if len(names) > 0 {
		b.WriteString(ppPrint(func() any { return ppImport(parts, zRuntimeModule) }) + "\n")
	}
	for _, r := range reexports {
		b.WriteString(r + "\n")
	}
	return b.String()
}

// zFieldValue is the zod schema of a value of f: a body's JSON value, or
// (text) a path or query parameter's text.
func zFieldValue(f *ir.Field, text bool, im zodImports) zNode {
	stringy := func(base zNode) zNode {
		c := base
		if f.MinLength != nil && *f.MinLength > 0 {
			c = zmethod(c, "min", zIdent(strconv.Itoa(*f.MinLength)))
		}
		if f.MaxLength != nil {
			c = zmethod(c, "max", zIdent(strconv.Itoa(*f.MaxLength)))
		}
		if f.Type == ir.Password {
			c = zmethod(c, "check", im.use("bcryptBytes"))
		}
		if f.Pattern != "" {
			c = zmethod(c, "regex", zcall(zIdent("new RegExp"), zStr(f.Pattern), zStr("u")))
		}
		return c
	}
	pre := func(body, param string, inner zNode) zNode {
		if text {
			return zz("preprocess", im.use(param), inner)
		}
		return zz("preprocess", im.use(body), inner)
	}
	switch f.Type {
	case ir.String, ir.Text, ir.Password:
		return stringy(zcall(im.use("text")))
	case ir.Email:
		return stringy(zcall(im.use("email")))
	case ir.URL:
		return stringy(zcall(im.use("url")))
	case ir.Enum:
		var vs zArr
		for _, v := range f.Values {
			vs = append(vs, zStr(v))
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
			var bounds zObj
			if f.Min != nil {
				bounds = append(bounds, zProp{"min", zIdent(zNum(*f.Min))})
			}
			if f.Max != nil {
				bounds = append(bounds, zProp{"max", zIdent(zNum(*f.Max))})
			}
			return pre("jsonInt", "textInt", zmethod(c, "check", zcall(im.use("intBounds"), bounds)))
		}
		if f.Min != nil {
			c = zmethod(c, "min", zIdent(zBigint(*f.Min)))
		}
		if f.Max != nil {
			c = zmethod(c, "max", zIdent(zBigint(*f.Max)))
		}
		return pre("jsonInt", "textInt", c)
	case ir.Float:
		c := zz("number")
		if f.Min != nil {
			c = zmethod(c, "min", zIdent(zNum(*f.Min)))
		}
		if f.Max != nil {
			c = zmethod(c, "max", zIdent(zNum(*f.Max)))
		}
		return pre("jsonFloat", "textFloat", c)
	case ir.Decimal:
		args := []zNode{zIdent(strconv.Itoa(f.Precision)), zIdent(strconv.Itoa(f.Scale))}
		var bounds zObj
		if f.Min != nil {
			bounds = append(bounds, zProp{"min", zIdent(zNum(*f.Min))})
		}
		if f.Max != nil {
			bounds = append(bounds, zProp{"max", zIdent(zNum(*f.Max))})
		}
		if len(bounds) > 0 {
			args = append(args, bounds)
		}
		return zcall(im.use("decimal"), args...)
	case ir.Bool:
		if text {
			return zz("preprocess", im.use("textBool"), zz("boolean"))
		}
		return zz("boolean")
	case ir.Date:
		return zcall(im.use("date"))
	case ir.DateTime:
		return zcall(im.use("datetime"))
	case ir.UUID:
		return zcall(im.use("uuid"))
	case ir.JSON:
		return zcall(im.use("json"))
	}
	panic("express: no zod schema for field type " + string(f.Type))
}

// zField is f's schema in an object: null allowed for an optional
// field, absence for one that is not required.
func zField(f *ir.Field, required, text bool, im zodImports) zNode {
	v := zFieldValue(f, text, im)
	switch {
	case f.Optional && required:
		return zmethod(v, "nullable")
	case f.Optional:
		return zmethod(v, "nullish")
	case !required:
		return zmethod(v, "optional")
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
func zodObject(kind string, fields []*ir.Field, update, text bool, im zodImports) zNode {
	var o zObj
	for _, f := range fields {
		o = append(o, zProp{f.Name, zField(f, f.Required && !update, text, im)})
	}
	return zz(kind, zBrokenObj(o))
}

func zNames(fields []*ir.Field) zArr {
	var a zArr
	for _, f := range fields {
		a = append(a, zStr(f.Name))
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
	meta := zObj{{fieldsVar, nil}}
	immutable := []*ir.Field(nil)
	if update {
		immutable = zMinus(e.Create, accepted)
	}
	if ro := zMinus(e.Fields, accepted, immutable); len(ro) > 0 {
		meta = append(meta, zProp{"readOnly", zNames(ro)})
	}
	if len(immutable) > 0 {
		meta = append(meta, zProp{"immutable", zNames(immutable)})
	}
	schema := zmethod(zodObject("strictObject", accepted, update, false, im), "register", im.use("contract"), meta)
	return ppPrint(func() any { return ppDecl("export const "+name, schema) }) + "\n"
}

func zOutputType(typ, schema string) string {
	return ppPrint(func() any { return ppOutputType("export type "+typ, schema) }) + "\n"
}

// entitySchemaFile is src/schemas/<entity>.schema.ts: the create and
// update bodies of e.
func entitySchemaFile(api *ir.API, e *ir.Entity) string {
	p := e.Name.Pascal()
	im := zodImports{}
	var b strings.Builder
	fmt.Fprintf(&b, "\n/** %s's fields in resource order, the order of a 422's errors. */\n", p)
	b.WriteString(ppPrint(func() any { return ppDecl("const fields", zNames(e.Fields)) }) + "\n")
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
	b.WriteString(ppPrint(func() any { return ppDecl("const fields", zNames(e.Fields)) }) + "\n")
	fmt.Fprintf(&b, "\n/** A register body (POST %s): the create body without\n * the role. */\n", paths["register"])
	b.WriteString(zBody("registerSchema", "fields", e, a.Register, false, im))
	fmt.Fprintf(&b, "\n/** A login body (POST %s): the identity and the password, strings\n * without U+0000; nothing else. */\n", paths["login"])
	login := zObj{{a.IdentityName, zcall(im.use("credential"))}, {a.PasswordName, zcall(im.use("credential"))}}
	b.WriteString(ppPrint(func() any { return ppDecl("export const loginSchema", zz("strictObject", zBrokenObj(login))) }) + "\n")
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
		ppPrint(func() any { return ppExportFrom("export", alias("create"+p+"Schema", "createUserSchema"), from) }),
		ppPrint(func() any { return ppExportFrom("export type", alias("Create"+p+"Input", "CreateUserInput"), from) }),
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
		camel, pascal := ep.Ident.Camel(), ep.Ident.Pascal()
		if len(ep.Params) == 0 && len(ep.Query) == 0 && ep.Body == nil {
			continue
		}
		fmt.Fprintf(&b, "\n// %s %s%s%s\n", ep.Method, api.BasePath, ep.Path, summary(ep.Summary))
		part := func(suffix, kind string, fields []*ir.Field, text bool) {
			name := camel + suffix + "Schema"
			b.WriteString(ppPrint(func() any { return ppDecl("export const "+name, zodObject(kind, fields, false, text, im)) }) + "\n")
			types.WriteString(zOutputType(pascal+suffix, name))
		}
		if len(ep.Params) > 0 {
			part("Params", "object", ep.Params, true)
		}
		if len(ep.Query) > 0 {
			part("Query", "object", ep.Query, true)
		}
		if ep.Body != nil {
			part("Body", "strictObject", ep.Body, false)
		}
	}
	if b.Len() == 0 {
		return ts.Header + "\n// No custom endpoint takes a path parameter, a query or a body.\nexport {};\n"
	}
	return im.header() + b.String() + "\n" + types.String()
}

// --- the TypeScript the schemas are written in ---

// zNode is an expression of the schema files.
type zNode any

type (
	zIdent string // printed as is: a name, a number or bigint literal, "new RegExp"
	zStr   string // a string literal
	zArr   []zNode
	zObj   []zProp
	// zBrokenObj is an object literal written across lines (prettier keeps
	// it so).
	zBrokenObj []zProp
	zProp      struct {
		key string
		val zNode // nil: shorthand
	}
	zCall struct {
		callee zNode
		args   []zNode
	}
	zMember struct {
		recv zNode
		name string
	}
)

func zcall(callee zNode, args ...zNode) zNode { return zCall{callee, args} }

// zz is z.name(args).
func zz(name string, args ...zNode) zNode { return zmethod(zIdent("z"), name, args...) }

func zmethod(recv zNode, name string, args ...zNode) zNode {
	return zCall{zMember{recv, name}, args}
}

var zIdentRE = regexp.MustCompile(`^[A-Za-z_$][A-Za-z0-9_$]*$`)

func zPropKey(k string) string {
	if zIdentRE.MatchString(k) {
		return k
	}
	return ts.Str(k)
}

// --- layout: prettier's algorithm (its doc printer and the parts of its
// JavaScript printer these files reach: calls with a hugged last
// argument, member chains, assignments, arrays and objects) ---

const ppPrintWidth = 80

type (
	ppDocs []any // concatenation
	ppLine struct{ soft, hard bool }
	// ppIndent indents its lines by two more spaces.
	ppIndent struct{ d any }
	// ppGroup is printed flat if it fits, else broken; with states, it is
	// prettier's conditionalGroup.
	ppGroup struct {
		d      any
		brk    bool
		states []any
		id     int
		obj    int // an object literal's number in its statement, from 1
	}
	ppIfBreak       struct{ brk, flat any }
	ppIndentIfBreak struct {
		d  any
		id int
	}
	ppBreakParent struct{}
)

var (
	ppline     = ppLine{}
	ppsoftline = ppLine{soft: true}
	pphardline = ppDocs{ppLine{hard: true}, ppBreakParent{}}
)

func ppgroup(d any, brk bool) *ppGroup { return &ppGroup{d: d, brk: brk} }

func ppjoin(sep any, ds []any) ppDocs {
	var out ppDocs
	for i, d := range ds {
		if i > 0 {
			out = append(out, sep)
		}
		out = append(out, d)
	}
	return out
}

// ppWillBreak reports whether d holds a broken group or a forced line break.
func ppWillBreak(d any) bool {
	switch x := d.(type) {
	case ppDocs:
		for _, c := range x {
			if ppWillBreak(c) {
				return true
			}
		}
	case ppLine:
		return x.hard
	case ppBreakParent:
		return true
	case ppIndent:
		return ppWillBreak(x.d)
	case ppIndentIfBreak:
		return ppWillBreak(x.d)
	case ppIfBreak:
		return ppWillBreak(x.brk)
	case *ppGroup:
		return x.brk || ppWillBreak(x.d)
	}
	return false
}

// ppPropagateBreaks breaks every group holding a forced break (not the
// conditional ones, which choose).
func ppPropagateBreaks(d any) {
	var stack []*ppGroup
	breakTop := func() {
		if n := len(stack); n > 0 && stack[n-1].states == nil {
			stack[n-1].brk = true
		}
	}
	var walk func(any)
	walk = func(d any) {
		switch x := d.(type) {
		case ppDocs:
			for _, c := range x {
				walk(c)
			}
		case ppBreakParent:
			breakTop()
		case ppIndent:
			walk(x.d)
		case ppIndentIfBreak:
			walk(x.d)
		case ppIfBreak:
			walk(x.brk)
			walk(x.flat)
		case *ppGroup:
			stack = append(stack, x)
			if x.states != nil {
				for _, s := range x.states {
					walk(s)
				}
			} else {
				walk(x.d)
			}
			stack = stack[:len(stack)-1]
			if x.brk {
				breakTop()
			}
		}
	}
	walk(d)
}

const (
	ppModeBreak = iota
	ppModeFlat
)

type ppCmd struct {
	ind, mode int
	d         any
}

func ppTextWidth(s string) int { return len([]rune(s)) }

// ppFits reports whether next, then rest up to its first line break, fits
// in width.
func ppFits(next ppCmd, rest []ppCmd, width int, modes map[int]int) bool {
	restIdx := len(rest)
	stack := []ppCmd{next}
	for width >= 0 {
		if len(stack) == 0 {
			if restIdx == 0 {
				return true
			}
			restIdx--
			stack = append(stack, rest[restIdx])
			continue
		}
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		switch x := c.d.(type) {
		case string:
			width -= ppTextWidth(x)
		case ppDocs:
			for i := len(x) - 1; i >= 0; i-- {
				stack = append(stack, ppCmd{c.ind, c.mode, x[i]})
			}
		case ppIndent:
			stack = append(stack, ppCmd{c.ind, c.mode, x.d})
		case ppIndentIfBreak:
			stack = append(stack, ppCmd{c.ind, c.mode, x.d})
		case ppIfBreak:
			if c.mode == ppModeBreak {
				stack = append(stack, ppCmd{c.ind, c.mode, x.brk})
			} else {
				stack = append(stack, ppCmd{c.ind, c.mode, x.flat})
			}
		case *ppGroup:
			mode := c.mode
			if x.brk {
				mode = ppModeBreak
			}
			d := x.d
			if x.states != nil && mode == ppModeBreak {
				d = x.states[len(x.states)-1]
			}
			stack = append(stack, ppCmd{c.ind, mode, d})
		case ppLine:
			if c.mode == ppModeBreak || x.hard {
				return true
			}
			if !x.soft {
				width--
			}
		}
	}
	return false
}

// ppLayout lays d out in printWidth columns.
var (
	ppMu sync.Mutex
	// ppObjects numbers the object literals of the statement being built;
	// ppForced holds those to write broken, ppBroken those written so.
	ppObjects          int
	ppForced, ppBroken map[int]bool
)

// ppPrint lays out the statement build returns. prettier keeps an object
// literal broken where its source breaks it after "{"; so the layout is
// redone, with each object written broken forced so, until prettier,
// reading it, would write it the same.
func ppPrint(build func() any) string {
	ppMu.Lock()
	defer ppMu.Unlock()
	ppForced = map[int]bool{}
	for {
		ppObjects = 0
		ppBroken = map[int]bool{}
		out := ppLayout(build())
		again := false
		for n := range ppBroken {
			if !ppForced[n] {
				ppForced[n] = true
				again = true
			}
		}
		if !again {
			return out
		}
	}
}

func ppLayout(d any) string {
	ppPropagateBreaks(d)
	var out strings.Builder
	pos := 0
	modes := map[int]int{}
	remeasure := false
	cmds := []ppCmd{{0, ppModeBreak, d}}
	for len(cmds) > 0 {
		c := cmds[len(cmds)-1]
		cmds = cmds[:len(cmds)-1]
		switch x := c.d.(type) {
		case nil:
		case string:
			out.WriteString(x)
			pos += ppTextWidth(x)
		case ppDocs:
			for i := len(x) - 1; i >= 0; i-- {
				cmds = append(cmds, ppCmd{c.ind, c.mode, x[i]})
			}
		case ppIndent:
			cmds = append(cmds, ppCmd{c.ind + 2, c.mode, x.d})
		case ppIndentIfBreak:
			if modes[x.id] == ppModeBreak {
				cmds = append(cmds, ppCmd{c.ind + 2, c.mode, x.d})
			} else {
				cmds = append(cmds, ppCmd{c.ind, c.mode, x.d})
			}
		case ppIfBreak:
			if c.mode == ppModeBreak {
				cmds = append(cmds, ppCmd{c.ind, c.mode, x.brk})
			} else {
				cmds = append(cmds, ppCmd{c.ind, c.mode, x.flat})
			}
		case ppBreakParent:
		case *ppGroup:
			if c.mode == ppModeFlat && !remeasure {
				mode := ppModeFlat
				if x.brk {
					mode = ppModeBreak
				}
				cmds = append(cmds, ppCmd{c.ind, mode, x.d})
			} else {
				remeasure = false
				next := ppCmd{c.ind, ppModeFlat, x.d}
				rem := ppPrintWidth - pos
				switch {
				case !x.brk && ppFits(next, cmds, rem, modes):
					cmds = append(cmds, next)
				case x.states != nil:
					most := x.states[len(x.states)-1]
					if x.brk {
						cmds = append(cmds, ppCmd{c.ind, ppModeBreak, most})
						break
					}
					// The states between the first and the last are tried
					// flat; else the last, broken.
					chosen := ppCmd{c.ind, ppModeBreak, most}
					for i := 1; i < len(x.states)-1; i++ {
						if st := (ppCmd{c.ind, ppModeFlat, x.states[i]}); ppFits(st, cmds, rem, modes) {
							chosen = st
							break
						}
					}
					cmds = append(cmds, chosen)
				default:
					cmds = append(cmds, ppCmd{c.ind, ppModeBreak, x.d})
				}
			}
			if x.id != 0 {
				modes[x.id] = cmds[len(cmds)-1].mode
			}
			if x.obj != 0 && cmds[len(cmds)-1].mode == ppModeBreak {
				ppBroken[x.obj] = true
			}
		case ppLine:
			if c.mode == ppModeFlat && !x.hard {
				if !x.soft {
					out.WriteString(" ")
					pos++
				}
				break
			}
			if c.mode == ppModeFlat {
				remeasure = true
			}
			s := strings.TrimRight(out.String(), " ")
			out.Reset()
			out.WriteString(s + "\n" + strings.Repeat(" ", c.ind))
			pos = c.ind
		}
	}
	return out.String()
}

var ppGroupIDs int

// ppExpr is the doc of an expression, as prettier prints it.
func ppExpr(n zNode) any {
	switch x := n.(type) {
	case zIdent:
		return string(x)
	case zStr:
		return ts.Str(string(x))
	case zArr:
		if len(x) == 0 {
			return "[]"
		}
		var els []any
		for _, e := range x {
			els = append(els, ppExpr(e))
		}
		return ppgroup(ppDocs{"[", ppIndent{ppDocs{ppsoftline, ppjoin(ppDocs{",", ppline}, els)}}, ppIfBreak{brk: ","}, ppsoftline, "]"}, false)
	case zObj:
		return ppObject(x, false)
	case zBrokenObj:
		return ppObject(x, true)
	case zMember:
		return ppDocs{ppExpr(x.recv), "." + x.name}
	case zCall:
		if _, ok := x.callee.(zMember); ok {
			return ppMemberChain(x)
		}
		return ppDocs{ppExpr(x.callee), ppArgs(x.args)}
	}
	panic(fmt.Sprintf("express: no doc for %T", n))
}

func ppObject(props []zProp, broken bool) any {
	if len(props) == 0 {
		return "{}"
	}
	ppObjects++
	n := ppObjects
	var ps []any
	for _, p := range props {
		if p.val == nil {
			ps = append(ps, p.key)
		} else {
			ps = append(ps, ppAssign(zPropKey(p.key), ":", p.val))
		}
	}
	return &ppGroup{d: ppDocs{"{", ppIndent{ppDocs{ppline, ppjoin(ppDocs{",", ppline}, ps)}}, ppIfBreak{brk: ","}, ppline, "}"}, brk: broken || ppForced[n], obj: n}
}

func ppHuggable(n zNode) bool {
	switch x := n.(type) {
	case zArr:
		return len(x) > 0
	case zObj:
		return len(x) > 0
	case zBrokenObj:
		return len(x) > 0
	}
	return false
}

// ppArgs is a call's arguments, the last one hugged if it is a non-empty
// object or array.
func ppArgs(args []zNode) any {
	if len(args) == 0 {
		return "()"
	}
	var printed []any
	for _, a := range args {
		printed = append(printed, ppExpr(a))
	}
	var withSeps []any
	for i, p := range printed {
		if i < len(printed)-1 {
			withSeps = append(withSeps, ppDocs{p, ",", ppline})
		} else {
			withSeps = append(withSeps, p)
		}
	}
	allBroken := func() any {
		return ppgroup(ppDocs{"(", ppIndent{ppDocs{ppline, ppDocs(withSeps), ","}}, ppline, ")"}, true)
	}
	breaks := false
	for _, p := range printed {
		breaks = breaks || ppWillBreak(p)
	}
	if ppHuggable(args[len(args)-1]) {
		head := ppDocs(withSeps[:len(withSeps)-1])
		if ppWillBreak(head) {
			return allBroken()
		}
		last := printed[len(printed)-1]
		states := []any{
			ppDocs{"(", head, last, ")"},
			ppDocs{"(", head, ppgroup(last, true), ")"},
			allBroken(),
		}
		var bp any
		if breaks {
			bp = ppBreakParent{}
		}
		return ppDocs{bp, &ppGroup{d: states[0], states: states}}
	}
	return ppgroup(ppDocs{"(", ppIndent{ppDocs{ppsoftline, ppDocs(withSeps)}}, ppIfBreak{brk: ","}, ppsoftline, ")"}, breaks)
}

// zLink is one step of a member chain: .name, or a call's arguments.
type zLink struct {
	name   string
	args   []zNode
	isCall bool
}

func zFlatten(n zNode) (zNode, []zLink) {
	switch x := n.(type) {
	case zCall:
		if _, ok := x.callee.(zMember); ok {
			root, seq := zFlatten(x.callee)
			return root, append(seq, zLink{args: x.args, isCall: true})
		}
	case zMember:
		root, seq := zFlatten(x.recv)
		return root, append(seq, zLink{name: x.name})
	}
	return n, nil
}

// zChainGroups splits a member chain as prettier does: the head (the
// first node and the calls right after it), then one group per member
// and its calls.
func zChainGroups(n zNode) (head zNode, groups [][]zLink) {
	root, seq := zFlatten(n)
	i := 0
	var first []zLink
	for i < len(seq) && seq[i].isCall {
		first = append(first, seq[i])
		i++
	}
	head = root
	for _, l := range first {
		head = zCall{head, l.args}
	}
	for ; i < len(seq); i++ {
		if !seq[i].isCall || len(groups) == 0 {
			groups = append(groups, nil)
		}
		groups[len(groups)-1] = append(groups[len(groups)-1], seq[i])
	}
	return head, groups
}

func ppMemberChain(n zNode) any {
	head, groups := zChainGroups(n)
	var printed []any
	printed = append(printed, ppExpr(head))
	for _, g := range groups {
		var d ppDocs
		for _, l := range g {
			if l.isCall {
				d = append(d, ppArgs(l.args))
			} else {
				d = append(d, "."+l.name)
			}
		}
		printed = append(printed, d)
	}
	oneLine := ppDocs(printed)
	if len(printed) <= 2 {
		return ppgroup(oneLine, false)
	}
	expanded := ppDocs{printed[0], ppIndent{ppDocs{pphardline, ppjoin(pphardline, printed[1:])}}}
	for _, p := range printed[:len(printed)-1] {
		if ppWillBreak(p) {
			return &ppGroup{d: expanded}
		}
	}
	var bp any
	if ppWillBreak(oneLine) {
		bp = ppBreakParent{}
	}
	states := []any{oneLine, expanded}
	return ppDocs{bp, &ppGroup{d: oneLine, states: states}}
}

// ppShortArg is prettier's lone short argument.
func ppShortArg(n zNode) bool {
	switch x := n.(type) {
	case zIdent:
		// A number literal is short whatever its length.
		digits := strings.TrimPrefix(string(x), "-")
		return (digits != "" && digits[0] >= '0' && digits[0] <= '9') || ppTextWidth(string(x)) <= ppPrintWidth/4
	case zStr:
		return ppTextWidth(ts.Str(string(x))) <= ppPrintWidth/4
	}
	return false
}

// ppPoorlyBreakable is prettier's poorly breakable member or call chain: a
// chain printed on one line whose calls have no argument or one short one.
func ppPoorlyBreakable(n zNode) bool {
	if _, ok := n.(zCall); !ok {
		return false
	}
	if _, groups := zChainGroups(n); len(groups) > 1 {
		return false
	}
	for {
		switch x := n.(type) {
		case zCall:
			if len(x.args) > 1 || (len(x.args) == 1 && !ppShortArg(x.args[0])) {
				return false
			}
			n = x.callee
		case zMember:
			n = x.recv
		case zIdent:
			return true
		default:
			return false
		}
	}
}

// ppAssign is `left op rhs` (a property, a declaration) in prettier's
// layouts: break after the operator for a poorly breakable chain, else
// fluid (the right side stays on the line if its start fits).
func ppAssign(left, op string, rhs zNode) any {
	r := ppExpr(rhs)
	if ppPoorlyBreakable(rhs) {
		return ppgroup(ppDocs{left, op, ppgroup(ppIndent{ppDocs{ppline, r}}, false)}, false)
	}
	ppGroupIDs++
	id := ppGroupIDs
	return ppgroup(ppDocs{left, op, &ppGroup{d: ppIndent{ppline}, id: id}, ppIndentIfBreak{r, id}}, false)
}

func ppDecl(left string, rhs zNode) any { return ppDocs{ppAssign(left, " =", rhs), ";"} }

// ppOutputType is `left = z.output<typeof schema>;`, a fluid assignment
// whose type arguments break.
func ppOutputType(left, schema string) any {
	ppGroupIDs++
	id := ppGroupIDs
	rhs := ppgroup(ppDocs{"z.output<", ppIndent{ppDocs{ppsoftline, "typeof " + schema}}, ppsoftline, ">"}, false)
	return ppDocs{ppgroup(ppDocs{left, " =", &ppGroup{d: ppIndent{ppline}, id: id}, ppIndentIfBreak{rhs, id}}, false), ";"}
}

func ppImport(names []zNode, from string) any {
	var ns []any
	for _, n := range names {
		ns = append(ns, ppExpr(n))
	}
	if len(ns) == 1 {
		// prettier keeps a lone specifier on the line, however long.
		return ppDocs{"import { ", ns[0], " } from ", ts.Str(from), ";"}
	}
	return ppgroup(ppDocs{"import {", ppIndent{ppDocs{ppline, ppjoin(ppDocs{",", ppline}, ns)}}, ppIfBreak{brk: ","}, ppline, "} from ", ts.Str(from), ";"}, false)
}

func ppExportFrom(kw, spec, from string) any {
	// prettier keeps a lone specifier on the line, however long.
	return kw + " { " + spec + " } from " + from + ";"
}
