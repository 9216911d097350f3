package express

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/bgen-dev/bgen/emitters/ts"
	"github.com/bgen-dev/bgen/ir"
	"github.com/bgen-dev/bgen/ir/sample"
)

// The generated project's own tests (npm test): node's test runner and
// supertest against the application of src/app.ts, in process, on a new
// SQLite database per test file. tests/support.ts is the harness (the
// same for every spec); the rest is written from the IR, with every value
// drawn from ir/sample (valid values numbered per field, as the go and
// fastapi targets' tests take them, and the minimally invalid ones with
// the code each must be refused with).
//
// Value numbers: the privileged caller takes number 0 of each field, the
// registered (plain) user 1, and each file's rows of an entity 2, 3, ...
// in the order the file's code takes them (Rows.next), so that unique
// fields never collide within a file.

//go:embed testsrc/support.ts
var testSupport string

const testsTSConfig = `{
  "extends": "../tsconfig.json",
  "compilerOptions": {
    "rootDir": ".",
    "outDir": "../dist-tests",
    "declaration": false
  },
  "include": ["."]
}
`

// values makes the tests' valid values (see above).
var values = sample.New(0, "")

// maxSafe is the largest integer a JavaScript number holds exactly.
const maxSafe = 1<<53 - 1

// lit is v, a value of ir/sample, as a TypeScript literal; false when a
// JavaScript value cannot carry it exactly.
func lit(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return str(x), true
	case int64:
		if x > maxSafe || x < -maxSafe {
			return "", false
		}
		return strconv.FormatInt(x, 10), true
	case float64:
		if math.IsInf(x, 0) || math.IsNaN(x) {
			return "", false
		}
	}
	b, err := jsonText(v)
	if err != nil {
		return "", false
	}
	return strings.NewReplacer("\u2028", `\u2028`, "\u2029", `\u2029`).Replace(string(b)), true
}

// jsonText is v as JSON, without escaping <, > and & (json.Marshal does).
func jsonText(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// str is a TypeScript string literal.
func str(s string) string {
	b, _ := jsonText(s)
	return strings.NewReplacer("\u2028", `\u2028`, "\u2029", `\u2029`).Replace(string(b))
}

// rawJSON is a TypeScript expression whose value is the JSON text of v (a
// json.Number stays as written).
func rawJSON(v any) string {
	if s, ok := v.(string); ok && len(s) > 40 && strings.Count(s, s[:1]) == len(s) {
		return fmt.Sprintf("JSON.stringify(%s.repeat(%d))", str(s[:1]), len(s))
	}
	b, err := jsonText(v)
	if err != nil {
		b = []byte("null")
	}
	return str(string(b))
}

// tgen holds what every test file of one API shares.
type tgen struct {
	api       *ir.API
	auth      *ir.Auth
	adminRole string // the privileged caller's role ("" without a role field)
	plainRole string // a registered user's role, when the role field has a default
	admin     bool   // the privileged caller can be made
	plain     bool   // a user can register
	adminBody string // create-user body of the privileged caller, a JSON text
	adminLog  string // its login, a TypeScript object literal
	creatable map[*ir.Entity]memo
}

// memo is canCreate's memory of an entity.
type memo int

const (
	memoUnknown memo = iota
	memoVisiting
	memoYes
	memoNo
)

func newTGen(api *ir.API) *tgen {
	g := &tgen{api: api, auth: api.Auth, creatable: map[*ir.Entity]memo{}}
	a := api.Auth
	if a == nil {
		return g
	}
	g.adminRole = sample.PrivilegedRole(api)
	if a.RoleField != nil && a.RoleField.Default != nil && a.RoleField.Default.Kind == ir.DefaultLiteral {
		g.plainRole, _ = a.RoleField.Default.Value.(string)
	}
	if body, ok := g.userBody(0, true); ok {
		g.admin = true
		g.adminBody = body
		g.adminLog, _ = g.login(0, nil)
	}
	if _, ok := g.registerBody(1); ok {
		g.plain = true
	}
	return g
}

// userBody is a create-user body (JSON text): every required field of
// the auth entity at value number n, and the privileged role.
func (g *tgen) userBody(n int64, privileged bool) (string, bool) {
	a := g.auth
	var parts []string
	for _, f := range a.Entity.Create {
		var v any
		switch {
		case f == a.RoleField && privileged && g.adminRole != "":
			v = g.adminRole
		case f.Required:
			if f.Kind == ir.KindForeignKey {
				return "", false
			}
			var ok bool
			if v, ok = values.At(f, n); !ok {
				return "", false
			}
		default:
			continue
		}
		if _, ok := lit(v); !ok {
			return "", false
		}
		b, _ := jsonText(v)
		k, _ := jsonText(f.Name)
		parts = append(parts, fmt.Sprintf("%s:%s", k, b))
	}
	return "{" + strings.Join(parts, ",") + "}", true
}

// registerBody is a register body (a TypeScript object literal): every
// required register field at value number n.
func (g *tgen) registerBody(n int64) (string, bool) {
	var parts []string
	for _, f := range g.auth.Register {
		if !f.Required {
			continue
		}
		if f.Kind == ir.KindForeignKey {
			return "", false
		}
		v, ok := values.At(f, n)
		if !ok {
			return "", false
		}
		l, ok := lit(v)
		if !ok {
			return "", false
		}
		parts = append(parts, fmt.Sprintf("%s: %s", str(f.Name), l))
	}
	return "{ " + strings.Join(parts, ", ") + " }", true
}

// login is a login body (a TypeScript object literal) of value number n,
// with another password when given.
func (g *tgen) login(n int64, password any) (string, bool) {
	a := g.auth
	id, ok1 := values.At(a.Identity, n)
	if password == nil {
		password, _ = values.At(a.Password, n)
	}
	il, ok2 := lit(id)
	pl, ok3 := lit(password)
	return fmt.Sprintf("{ %s: %s, %s: %s }", str(a.Identity.Name), il, str(a.Password.Name), pl), ok1 && ok2 && ok3
}

// Access outcomes of a caller on an operation.
const (
	allowed         = 0
	hidden          = 404 // only "owner" can hold, and the row is not the caller's
	forbidden       = 403
	unauthenticated = 401
)

// outcome is what rule r answers a caller: anonymous (no token), or
// authenticated with role; owns says whether the row is the caller's.
func outcome(r ir.Rule, anonymous bool, role string, owns bool) int {
	if r.Public {
		return allowed
	}
	if anonymous {
		return unauthenticated
	}
	if r.Authenticated || (role != "" && slices.Contains(r.Roles, role)) {
		return allowed
	}
	if r.Owner {
		if owns {
			return allowed
		}
		return hidden
	}
	return forbidden
}

// adminOn is the privileged caller's outcome on operation k of e, for the
// rows the tests create (the caller's own, when e has an owner and each
// row need not have its own owner).
func (g *tgen) adminOn(e *ir.Entity, k ir.OpKind) int {
	op := e.Operation(k)
	if op == nil {
		return -1
	}
	if g.auth == nil {
		if op.Access.Public {
			return allowed
		}
		return unauthenticated
	}
	if !g.admin {
		return -1
	}
	owns := e.Owner != nil && !g.ownerUnique(e)
	if k == ir.OpList || k == ir.OpCreate {
		owns = e.Owner != nil // a list shows the caller's rows; create makes one
	}
	return outcome(op.Access, false, g.adminRole, owns)
}

// ownerUnique reports whether one caller can own only one row of e (the
// owner key is in a unique constraint): each row then gets a caller of
// its own.
func (g *tgen) ownerUnique(e *ir.Entity) bool {
	return e.Owner != nil && e.Owner.Key != nil && g.uniqueColumn(e, e.Owner.Key)
}

func (g *tgen) uniqueColumn(e *ir.Entity, f *ir.Field) bool {
	for _, u := range e.Schema.Uniques {
		if slices.Contains(u.Columns, f.Column) {
			return true
		}
	}
	return false
}

// canCreate reports whether the tests can create rows of e through the
// API: the privileged caller may, every required reference can be made
// first, and every field has valid values.
func (g *tgen) canCreate(e *ir.Entity) bool {
	switch g.creatable[e] {
	case memoYes:
		return true
	case memoNo, memoVisiting:
		return false
	}
	g.creatable[e] = memoVisiting
	ok := g.adminOn(e, ir.OpCreate) == allowed
	if ok && g.ownerUnique(e) && !g.callers() {
		ok = false
	}
	for _, f := range e.Create {
		if !ok {
			break
		}
		if f.Kind == ir.KindForeignKey {
			if f.Required {
				ok = g.refMaker(e, f) != ""
			}
			continue
		}
		if _, good := g.value(f, 2); !good && f.Required {
			ok = false
		}
	}
	if ok {
		g.creatable[e] = memoYes
	} else {
		g.creatable[e] = memoNo
	}
	return ok
}

// callers reports whether the tests can make privileged callers of
// their own.
func (g *tgen) callers() bool { return g.auth != nil && g.admin }

// refMaker is how a body gets a row for reference f of e: "admin" (the
// privileged caller's id), "caller" (a new caller's id, when the key is
// unique), "create" (a new row of the target), or "".
func (g *tgen) refMaker(e *ir.Entity, f *ir.Field) string {
	t := f.Relation.Target
	if g.auth != nil && t == g.auth.Entity {
		if !g.admin {
			return ""
		}
		if g.uniqueColumn(e, f) {
			return "caller"
		}
		return "admin"
	}
	if t == e || !g.canCreate(t) {
		return ""
	}
	return "create"
}

// value is value number n of f as a TypeScript literal.
func (g *tgen) value(f *ir.Field, n int64) (string, bool) {
	v, ok := values.At(f, n)
	if !ok {
		return "", false
	}
	return lit(v)
}

// Names of the generated code.

func collection(g *tgen, e *ir.Entity) string { return g.api.BasePath + e.Path }
func constName(e *ir.Entity) string           { return strings.ToUpper(e.Plural.Snake()) }
func bodyFn(e *ir.Entity) string              { return e.Name.Camel() + "Body" }
func createFn(e *ir.Entity) string            { return "create" + e.Name.Pascal() }

// tfile is one generated test file: its tests, and the rows and helpers
// they use.
type tfile struct {
	g             *tgen
	depth         string // "./" or "../": from the file to tests/
	b             strings.Builder
	bodies        map[*ir.Entity]bool
	creates       map[*ir.Entity]bool
	rows          map[string]int // rows taken, by kind: entity names, "caller"
	kinds         []string
	needNewCaller bool
}

func (g *tgen) newFile(depth string) *tfile {
	return &tfile{g: g, depth: depth, bodies: map[*ir.Entity]bool{}, creates: map[*ir.Entity]bool{}, rows: map[string]int{}}
}

// The names tests/support.ts exports that generated files import.
var (
	supportValues = []string{"expectErrors", "expectFilter", "expectObject", "expectPage", "expectProblem", "expectSorted", "expectStatus", "expectUnauthorized", "ids", "param", "pick", "query", "withRaw"}
	supportTypes  = []string{"Caller", "Order", "Resource"}
)

func (f *tfile) p(format string, args ...any) {
	fmt.Fprintf(&f.b, format, args...)
	f.b.WriteByte('\n')
}

func (f *tfile) take(kind string) {
	if _, ok := f.rows[kind]; !ok {
		f.kinds = append(f.kinds, kind)
	}
	f.rows[kind]++
}

// row records one rows.next(e) in the file's code and returns it.
func (f *tfile) row(e *ir.Entity) string {
	f.take(e.Name.Pascal())
	return fmt.Sprintf("rows.next(%s)", str(e.Name.Pascal()))
}

// body records one call of e's body helper and returns it.
func (f *tfile) body(e *ir.Entity) string {
	f.bodies[e] = true
	f.take(e.Name.Pascal())
	for _, fd := range e.Create {
		if fd.Kind == ir.KindForeignKey && fd.Required {
			f.ref(e, fd)
		}
	}
	return "await " + bodyFn(e) + "()"
}

// ref records what making reference fd of e takes.
func (f *tfile) ref(e *ir.Entity, fd *ir.Field) string {
	switch f.g.refMaker(e, fd) {
	case "admin":
		return "h.adminId()"
	case "caller":
		return "(await " + f.newCaller() + ").user[\"id\"]"
	case "create":
		return "(await " + f.create(fd.Relation.Target) + ")[\"id\"]"
	}
	return "undefined"
}

// create records one call of e's create helper and returns it.
func (f *tfile) create(e *ir.Entity) string {
	f.creates[e] = true
	f.body(e)
	if f.g.ownerUnique(e) {
		f.newCaller()
	}
	return createFn(e) + "()"
}

// newCaller records one new privileged caller.
func (f *tfile) newCaller() string {
	f.needNewCaller = true
	f.take("caller")
	return "newCaller()"
}

// rowLiteral is the TypeScript object of e's row of value number n:
// every create field but references (which the body helper fills in).
func (g *tgen) rowLiteral(e *ir.Entity, n int64) string {
	var parts []string
	for _, f := range e.Create {
		if f.Kind == ir.KindForeignKey {
			continue
		}
		if v, ok := g.value(f, n); ok {
			parts = append(parts, str(f.Name)+": "+v)
		}
	}
	return "{ " + strings.Join(parts, ", ") + " }"
}

// String assembles the file: header, imports, harness, rows, helpers,
// then the tests.
func (f *tfile) String() string {
	g := f.g
	if !strings.Contains(f.b.String(), "\ntest(") {
		return ""
	}
	var out strings.Builder
	out.WriteString(ts.Header)
	tests := f.b.String()
	// The helpers of the entities the tests make rows of (each call site
	// recorded the rows it takes, helpers' own calls included).
	var helpers strings.Builder
	done := map[*ir.Entity]bool{}
	var emit func(e *ir.Entity)
	emit = func(e *ir.Entity) {
		if done[e] {
			return
		}
		done[e] = true
		for _, fd := range e.Create {
			if fd.Kind == ir.KindForeignKey && fd.Required && g.refMaker(e, fd) == "create" {
				emit(fd.Relation.Target)
			}
		}
		fmt.Fprintf(&helpers, "\n/** A valid %s body: a new row, its required references made first. */\n", e.Name.Pascal())
		fmt.Fprintf(&helpers, "async function %s(): Promise<Resource> {\n  const body = rows.next(%s);\n", bodyFn(e), str(e.Name.Pascal()))
		for _, fd := range e.Create {
			if fd.Kind == ir.KindForeignKey && fd.Required {
				expr := ""
				switch g.refMaker(e, fd) {
				case "admin":
					expr = "h.adminId()"
				case "caller":
					expr = "(await newCaller()).user[\"id\"]"
					f.needNewCaller = true
				case "create":
					expr = "(await " + createFn(fd.Relation.Target) + "())[\"id\"]"
				}
				fmt.Fprintf(&helpers, "  body[%s] = %s;\n", str(fd.Name), expr)
			}
		}
		helpers.WriteString("  return body;\n}\n")
		if f.creates[e] {
			fmt.Fprintf(&helpers, "\n/** A new %s, through the API. */\n", e.Name.Pascal())
			if g.ownerUnique(e) {
				f.needNewCaller = true
				fmt.Fprintf(&helpers, "async function %s(): Promise<Resource> {\n  const owner = await newCaller();\n  return h.create(%s, await %s(), { token: owner.token });\n}\n", createFn(e), constName(e), bodyFn(e))
			} else {
				fmt.Fprintf(&helpers, "async function %s(): Promise<Resource> {\n  return h.create(%s, await %s());\n}\n", createFn(e), constName(e), bodyFn(e))
			}
		}
	}
	var ents []*ir.Entity
	for _, e := range g.api.Entities {
		if f.bodies[e] || f.creates[e] {
			ents = append(ents, e)
		}
	}
	for _, e := range ents {
		emit(e)
	}
	if f.needNewCaller {
		a := g.auth
		fmt.Fprintf(&helpers, "\n/** A new caller with the privileged role (its own row of %s). */\n", a.Entity.Name.Pascal())
		fmt.Fprintf(&helpers, "async function newCaller(): Promise<Caller> {\n  const body = rows.next(\"caller\");\n  return h.caller(JSON.stringify(body), { %s: body[%s], %s: body[%s] });\n}\n",
			str(a.Identity.Name), str(a.Identity.Name), str(a.Password.Name), str(a.Password.Name))
	}

	// Imports: the names the code uses.
	code := tests + helpers.String()
	uses := func(name string) bool { return regexp.MustCompile(`\b` + name + `\b`).MatchString(code) }
	calls := func(name string) bool { return regexp.MustCompile(`\b` + name + `\(`).MatchString(code) }
	typed := func(name string) bool { return regexp.MustCompile(`([:<,(|]|\bas)\s*` + name + `\b`).MatchString(code) }
	hasRows := len(f.kinds) > 0
	valueNames := []string{"harness"}
	if hasRows {
		valueNames = append(valueNames, "Rows")
	}
	for _, n := range supportValues {
		if calls(n) {
			valueNames = append(valueNames, n)
		}
	}
	sort.Strings(valueNames)
	var typeNames, fixtures []string
	for _, n := range supportTypes {
		if typed(n) {
			typeNames = append(typeNames, n)
		}
	}
	if g.auth != nil && g.admin {
		fixtures = append(fixtures, "ADMIN")
	}
	if uses(`PLAIN\.`) {
		fixtures = append(fixtures, "PLAIN")
	}
	if uses(`assert\.`) {
		out.WriteString("\nimport assert from \"node:assert/strict\";\n")
	} else {
		out.WriteString("\n")
	}
	out.WriteString("import { test } from \"node:test\";\n")
	if len(fixtures) > 0 {
		fmt.Fprintf(&out, "import { %s } from \"%sfixtures.js\";\n", strings.Join(fixtures, ", "), f.depth)
	}
	fmt.Fprintf(&out, "import { %s } from \"%ssupport.js\";\n", strings.Join(valueNames, ", "), f.depth)
	if len(typeNames) > 0 {
		fmt.Fprintf(&out, "import type { %s } from \"%ssupport.js\";\n", strings.Join(typeNames, ", "), f.depth)
	}
	if g.auth != nil && g.admin {
		out.WriteString("\nconst h = harness(ADMIN);\n")
	} else {
		out.WriteString("\nconst h = harness();\n")
	}
	// Collections.
	var consts []string
	for _, e := range g.api.Entities {
		if uses(constName(e)) {
			consts = append(consts, fmt.Sprintf("const %s = %s;\n", constName(e), str(collection(g, e))))
		}
	}
	if len(consts) > 0 {
		out.WriteString("\n" + strings.Join(consts, ""))
	}
	if hasRows {
		out.WriteString("\n// Valid rows, from bgen's value generator (ir/sample): value number n of\n// each field; each row is taken once (rows.next).\nconst rows = new Rows({\n")
		for _, kind := range f.kinds {
			fmt.Fprintf(&out, "  %s: [\n", str(kind))
			for _, n := range g.rowNumbers(kind, f.rows) {
				if kind == "caller" {
					body, _ := g.userBody(n, true)
					fmt.Fprintf(&out, "    %s,\n", jsonObjectLiteral(body))
					continue
				}
				fmt.Fprintf(&out, "    %s,\n", g.rowLiteral(g.entity(kind), n))
			}
			out.WriteString("  ],\n")
		}
		out.WriteString("});\n")
	}
	out.WriteString(helpers.String())
	out.WriteString(tests)
	return out.String()
}

func (g *tgen) entity(name string) *ir.Entity {
	for _, e := range g.api.Entities {
		if e.Name.Pascal() == name {
			return e
		}
	}
	return nil
}

// rowNumbers are the value numbers of a file's rows of kind: 2, 3, ...;
// the auth entity's rows and the callers share one sequence.
func (g *tgen) rowNumbers(kind string, rows map[string]int) []int64 {
	start := int64(2)
	if kind == "caller" && g.auth != nil {
		start += int64(rows[g.auth.Entity.Name.Pascal()])
	}
	var out []int64
	for i := 0; i < rows[kind]; i++ {
		out = append(out, start+int64(i))
	}
	return out
}

// jsonObjectLiteral turns a compact JSON object text into a TypeScript
// object literal.
func jsonObjectLiteral(s string) string {
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	_, _ = dec.Token()
	var parts []string
	for dec.More() {
		k, _ := dec.Token()
		var raw json.RawMessage
		_ = dec.Decode(&raw)
		parts = append(parts, str(fmt.Sprint(k))+": "+string(raw))
	}
	return "{ " + strings.Join(parts, ", ") + " }"
}
