package express

import (
	"fmt"
	"math/big"
	"slices"
	"strings"

	"github.com/bgen-dev/bgen/ir"
	"github.com/bgen-dev/bgen/ir/sample"
)

// missingID is the JSON text of an id no row has.
func missingID(e *ir.Entity) string {
	if e.IDType == ir.UUID {
		return `"00000000-0000-4000-8000-000000000000"`
	}
	return "999999999"
}

// missingIDPath is missingID as a path segment.
func missingIDPath(e *ir.Entity) string { return strings.Trim(missingID(e), `"`) }

// owns says whether the privileged caller owns the rows the tests create
// of e: e has an owner and the rows need no owner of their own.
func (g *tgen) owns(e *ir.Entity) bool { return e.Owner != nil && !g.ownerUnique(e) }

// itemOutcome is the privileged caller's outcome on an item operation of
// the tests' rows of e; -1 without the operation.
func (g *tgen) itemOutcome(e *ir.Entity, k ir.OpKind) int {
	op := e.Operation(k)
	if op == nil || (g.auth != nil && !g.admin) {
		return -1
	}
	if g.auth == nil {
		return outcome(op.Access, true, "", false)
	}
	return outcome(op.Access, false, g.adminRole, g.owns(e))
}

// routeAllowed reports whether every rule of r holds for the privileged
// caller on the tests' rows.
func (g *tgen) routeAllowed(r *ir.Route) bool {
	if g.auth != nil && !g.admin {
		return false
	}
	for _, a := range r.Access {
		owns := r.Entity != nil && g.owns(r.Entity)
		if g.auth == nil {
			if !a.Public {
				return false
			}
			continue
		}
		if outcome(a, false, g.adminRole, owns) != allowed {
			return false
		}
	}
	return true
}

// readable reports whether f is in e's resources (and is no password).
func readable(e *ir.Entity, f *ir.Field) bool {
	return f.Type != ir.Password && slices.Contains(e.Read, f)
}

// createCall is a TypeScript call creating body (an expression) as a
// caller that may own the row.
func (f *tfile) createCall(e *ir.Entity, body string) string {
	if f.g.ownerUnique(e) {
		return fmt.Sprintf("h.create(%s, %s, { token: (await %s).token })", constName(e), body, f.newCaller())
	}
	return fmt.Sprintf("h.create(%s, %s)", constName(e), body)
}

// tsList is a TypeScript array of string literals.
func tsList(ss []string) string {
	var out []string
	for _, s := range ss {
		out = append(out, str(s))
	}
	return "[" + strings.Join(out, ", ") + "]"
}

func pairs(ps [][2]string) string {
	var out []string
	for _, p := range ps {
		out = append(out, "["+str(p[0])+", "+str(p[1])+"]")
	}
	return "[" + strings.Join(out, ", ") + "]"
}

// entityFile is tests/entities/<entity>.test.ts.
func (g *tgen) entityFile(e *ir.Entity) string {
	f := g.newFile("../")
	name := e.Name.Pascal()
	C := constName(e)
	canCreate := g.canCreate(e)
	fmt.Fprintf(&f.b, "\n// %s: %s\n", name, collection(g, e))
	if canCreate {
		g.lifecycle(f, e)
		g.defaults(f, e)
		g.invalidCreate(f, e)
		g.invalidUpdate(f, e)
		g.uniques(f, e)
		g.deletes(f, e)
		g.relations(f, e)
	} else if g.adminOn(e, ir.OpCreate) == allowed {
		f.p("\n// bgen cannot make %s rows for the tests (a required reference it cannot\n// create, or a field no value satisfies): create is not exercised.", name)
	}
	g.notFound(f, e)
	g.lists(f, e)
	g.access(f, e)
	_ = C
	return f.String()
}

func (g *tgen) lifecycle(f *tfile, e *ir.Entity) {
	name, C := e.Name.Pascal(), constName(e)
	var ops []string
	for _, k := range []ir.OpKind{ir.OpCreate, ir.OpGet, ir.OpList, ir.OpUpdate, ir.OpDelete} {
		if e.Operation(k) != nil {
			ops = append(ops, string(k))
		}
	}
	title := ops[0]
	if len(ops) > 1 {
		title = strings.Join(ops[:len(ops)-1], ", ") + " and " + ops[len(ops)-1]
	}
	f.p("\ntest(%s, async () => {", str(name+": "+title))
	f.p("  const body = %s;", f.body(e))
	var sent []string
	for _, fd := range e.Create {
		if fd.Kind == ir.KindForeignKey {
			if !fd.Required && fd.Relation.Target != e && g.refMaker(e, fd) != "" {
				f.p("  body[%s] = %s;", str(fd.Name), f.ref(e, fd))
			}
			if readable(e, fd) && (fd.Required || (fd.Relation.Target != e && g.refMaker(e, fd) != "")) {
				sent = append(sent, fd.Name)
			}
			continue
		}
		if _, ok := g.value(fd, 2); ok && readable(e, fd) {
			sent = append(sent, fd.Name)
		}
	}
	if g.ownerUnique(e) {
		f.p("  const owner = await %s;", f.newCaller())
		f.p("  const created = await h.create(%s, body, { token: owner.token });", C)
	} else {
		f.p("  const created = await %s;", f.createCall(e, "body"))
	}
	if len(sent) > 0 {
		f.p("  for (const k of %s) assert.deepEqual(created[k], body[k], k);", tsList(sent))
	}
	if e.Owner != nil && e.Owner.Key != nil && readable(e, e.Owner.Key) {
		owner := "h.adminId()"
		if g.ownerUnique(e) {
			owner = `owner.user["id"]`
		}
		f.p("  assert.equal(created[%s], %s, \"the owner is the caller\");", str(e.Owner.Key.Name), owner)
	}
	if e.Timestamps {
		f.p("  assert.match(String(created[\"createdAt\"]), /^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$/);")
		f.p("  assert.equal(created[\"updatedAt\"], created[\"createdAt\"]);")
	}
	get := g.itemOutcome(e, ir.OpGet)
	if get >= 0 || g.itemOutcome(e, ir.OpUpdate) >= 0 || g.itemOutcome(e, ir.OpDelete) >= 0 {
		f.p("  const item = `${%s}/${String(created[\"id\"])}`;", C)
	}
	switch get {
	case allowed:
		f.p("  assert.deepEqual(expectObject(await h.call(\"GET\", item), 200), created);")
	case hidden, forbidden:
		f.p("  expectProblem(await h.call(\"GET\", item), %d);", get)
	}
	if g.listShowsRows(e) {
		f.p("  assert.ok(ids(expectPage(await h.call(\"GET\", `${%s}?limit=%d`)).items).includes(created[\"id\"]), \"listed\");", C, g.api.MaxLimit)
	}
	switch up := g.itemOutcome(e, ir.OpUpdate); up {
	case allowed:
		var changes []string
		for _, fd := range e.Update {
			if fd.Type == ir.Password || fd.Kind == ir.KindForeignKey || !slices.Contains(e.Create, fd) {
				continue
			}
			if _, ok := g.value(fd, 2); ok {
				changes = append(changes, fd.Name)
			}
		}
		if len(changes) > 0 {
			f.p("  const changes = pick(%s, %s);", f.row(e), tsList(changes))
		} else {
			f.p("  const changes: Resource = {};")
		}
		f.p("  const updated = expectObject(await h.call(\"PATCH\", item, { body: changes }), 200);")
		f.p("  for (const [k, v] of Object.entries(changes)) assert.deepEqual(updated[k], v, k);")
		f.p("  for (const [k, v] of Object.entries(created)) {")
		f.p("    if (!(k in changes) && k !== \"updatedAt\") assert.deepEqual(updated[k], v, k);")
		f.p("  }")
		if e.Timestamps {
			f.p("  assert.ok(String(updated[\"updatedAt\"]) >= String(created[\"updatedAt\"]), \"updatedAt moves on\");")
		}
		if get == allowed {
			f.p("  assert.deepEqual(expectObject(await h.call(\"GET\", item), 200), updated);")
		}
		f.p("  const again = expectObject(await h.call(\"PATCH\", item, { body: {} }), 200);")
		f.p("  for (const [k, v] of Object.entries(updated)) {")
		f.p("    if (k !== \"updatedAt\") assert.deepEqual(again[k], v, k);")
		f.p("  }")
	case hidden, forbidden:
		f.p("  expectProblem(await h.call(\"PATCH\", item, { body: {} }), %d);", up)
	}
	switch del := g.itemOutcome(e, ir.OpDelete); del {
	case allowed:
		f.p("  const deleted = await h.call(\"DELETE\", item);")
		f.p("  expectStatus(deleted, 204);")
		f.p("  assert.equal(deleted.text, \"\");")
		if get == allowed {
			f.p("  expectProblem(await h.call(\"GET\", item), 404);")
		}
		f.p("  expectProblem(await h.call(\"DELETE\", item), 404);")
	case hidden, forbidden:
		f.p("  expectProblem(await h.call(\"DELETE\", item), %d);", del)
	}
	f.p("});")
}

// listShowsRows reports whether the privileged caller's list shows the
// tests' rows.
func (g *tgen) listShowsRows(e *ir.Entity) bool {
	op := e.Operation(ir.OpList)
	if op == nil || (g.auth != nil && !g.admin) {
		return false
	}
	if g.auth == nil {
		return op.Access.Public
	}
	return outcome(op.Access, false, g.adminRole, g.owns(e)) == allowed
}

// canonicalDefault is the TypeScript value a resource shows for f's
// literal default, or false when the tests cannot say.
func canonicalDefault(f *ir.Field) (string, bool) {
	d := f.Default
	if d == nil || d.Kind != ir.DefaultLiteral {
		return "", false
	}
	switch f.Type {
	case ir.Decimal:
		r, ok := new(big.Rat).SetString(fmt.Sprint(d.Value))
		if !ok {
			return "", false
		}
		return str(sample.DecimalString(r, f.Scale)), true
	case ir.Date, ir.DateTime, ir.UUID, ir.Password:
		return "", false
	case ir.Int:
		switch v := d.Value.(type) {
		case int64:
			return lit(v)
		case float64:
			return lit(int64(v))
		case int:
			return lit(int64(v))
		}
	}
	return lit(d.Value)
}

func (g *tgen) defaults(f *tfile, e *ir.Entity) {
	var required []string
	type check struct{ name, want string }
	var checks []check
	var dynamic []*ir.Field
	for _, fd := range e.Create {
		if fd.Required {
			required = append(required, fd.Name)
			continue
		}
		if !readable(e, fd) {
			continue
		}
		switch {
		case fd.Default == nil && fd.Optional:
			checks = append(checks, check{fd.Name, "null"})
		case fd.Default != nil && fd.Default.Kind != ir.DefaultLiteral:
			dynamic = append(dynamic, fd)
		default:
			if v, ok := canonicalDefault(fd); ok {
				checks = append(checks, check{fd.Name, v})
			}
		}
	}
	if len(checks) == 0 && len(dynamic) == 0 {
		return
	}
	f.p("\ntest(%s, async () => {", str(e.Name.Pascal()+": defaults and unset optional fields"))
	f.p("  const created = await %s;", f.createCall(e, fmt.Sprintf("pick(%s, %s)", f.body(e), tsList(required))))
	for _, c := range checks {
		f.p("  assert.deepEqual(created[%s], %s, %s);", str(c.name), c.want, str(c.name))
	}
	for _, fd := range dynamic {
		switch fd.Default.Kind {
		case ir.DefaultNow:
			f.p("  assert.match(String(created[%s]), /^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$/);", str(fd.Name))
		case ir.DefaultUUID:
			f.p("  assert.match(String(created[%s]), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);", str(fd.Name))
		}
	}
	f.p("});")
}

// invalidCase is one row of a table of bad values: the field, a name for
// the subtest, the JSON text sent (a TypeScript expression) and the code.
type invalidCase struct{ field, name, raw, code string }

func caseTable(cs []invalidCase) string {
	var b strings.Builder
	b.WriteString("[\n")
	for _, c := range cs {
		fmt.Fprintf(&b, "    [%s, %s, %s, %s],\n", str(c.field), str(c.name), c.raw, str(c.code))
	}
	b.WriteString("  ]")
	return b.String()
}

// readOnlyCases are the fields of e a body may not set: a valid value
// of each, refused as readOnly.
func readOnlyCases(e *ir.Entity, accepted []*ir.Field) []invalidCase {
	var out []invalidCase
	for _, fd := range e.Fields {
		if slices.Contains(accepted, fd) {
			continue
		}
		v, ok := values.At(fd, 0)
		if !ok {
			continue
		}
		out = append(out, invalidCase{fd.Name, "readOnly", rawJSON(v), "readOnly"})
	}
	return out
}

func (g *tgen) invalidCreate(f *tfile, e *ir.Entity) {
	name, C := e.Name.Pascal(), constName(e)
	// Missing, read-only and unknown fields at once, in the order the
	// errors list them: resource order, then unknown names.
	var want [][2]string
	for _, fd := range e.Fields {
		switch {
		case fd.Kind == ir.KindID:
			want = append(want, [2]string{fd.Name, "readOnly"})
		case fd.Required && slices.Contains(e.Create, fd):
			want = append(want, [2]string{fd.Name, "required"})
		}
	}
	want = append(want, [2]string{"zzUnknown", "unknown"})
	id, _ := values.At(e.ID(), 0)
	f.p("\ntest(%s, async () => {", str(name+": create lists every missing, read-only and unknown field"))
	f.p("  expectErrors(await h.call(\"POST\", %s, { raw: withRaw({ zzUnknown: 1 }, \"id\", %s) }), 422, %s);", C, rawJSON(id), pairs(want))
	f.p("});")

	cases := readOnlyCases(e, e.Create)
	for _, fd := range e.Create {
		for _, inv := range sample.Invalids(fd) {
			cases = append(cases, invalidCase{fd.Name, inv.Name, rawJSON(inv.Value), inv.Code})
		}
		if fd.Kind == ir.KindForeignKey && fd.Relation != nil {
			cases = append(cases, invalidCase{fd.Name, "reference", str(missingID(fd.Relation.Target)), "reference"})
		}
	}
	f.p("\ntest(%s, async (t) => {", str(name+": create refuses each invalid value with its code"))
	f.p("  const base = %s;", f.body(e))
	if g.listShowsRows(e) {
		f.p("  const before = expectPage(await h.call(\"GET\", %s)).total;", C)
	}
	f.p("  const cases: readonly (readonly [string, string, string, string])[] = %s;", caseTable(cases))
	f.p("  for (const [field, label, raw, code] of cases) {")
	f.p("    await t.test(`${field}: ${label}`, async () => {")
	f.p("      expectErrors(await h.call(\"POST\", %s, { raw: withRaw(base, field, raw) }), 422, [[field, code]]);", C)
	f.p("    });")
	f.p("  }")
	if g.listShowsRows(e) {
		f.p("  assert.equal(expectPage(await h.call(\"GET\", %s)).total, before, \"no row was created\");", C)
	}
	f.p("});")
}

// codeOnce keeps the first bad value of each code.
func codeOnce(invs []sample.Invalid) []sample.Invalid {
	seen := map[string]bool{}
	var out []sample.Invalid
	for _, inv := range invs {
		if !seen[inv.Code] {
			seen[inv.Code] = true
			out = append(out, inv)
		}
	}
	return out
}

func (g *tgen) invalidUpdate(f *tfile, e *ir.Entity) {
	if g.itemOutcome(e, ir.OpUpdate) != allowed {
		return
	}
	name := e.Name.Pascal()
	cases := readOnlyCases(e, append(append([]*ir.Field{}, e.Create...), e.Update...))
	for _, fd := range e.Create {
		if slices.Contains(e.Update, fd) {
			continue
		}
		if v, ok := values.At(fd, 0); ok {
			cases = append(cases, invalidCase{fd.Name, "immutable", rawJSON(v), "immutable"})
		}
	}
	for _, fd := range e.Update {
		for _, inv := range codeOnce(sample.Invalids(fd)) {
			cases = append(cases, invalidCase{fd.Name, inv.Name, rawJSON(inv.Value), inv.Code})
		}
	}
	cases = append(cases, invalidCase{"zzUnknown", "unknown", str("1"), "unknown"})
	f.p("\ntest(%s, async (t) => {", str(name+": update refuses invalid values, read-only and immutable fields"))
	f.p("  const created = await %s;", f.create(e))
	f.p("  const item = `${%s}/${String(created[\"id\"])}`;", constName(e))
	f.p("  const cases: readonly (readonly [string, string, string, string])[] = %s;", caseTable(cases))
	f.p("  for (const [field, label, raw, code] of cases) {")
	f.p("    await t.test(`${field}: ${label}`, async () => {")
	f.p("      expectErrors(await h.call(\"PATCH\", item, { raw: withRaw({}, field, raw) }), 422, [[field, code]]);")
	f.p("    });")
	f.p("  }")
	if g.itemOutcome(e, ir.OpGet) == allowed {
		f.p("  assert.deepEqual(expectObject(await h.call(\"GET\", item), 200), created, \"unchanged\");")
	}
	f.p("});")
}

func (g *tgen) uniques(f *tfile, e *ir.Entity) {
	name, C := e.Name.Pascal(), constName(e)
	for _, u := range e.Schema.Uniques {
		var fields []*ir.Field
		for _, n := range u.Fields {
			fd := e.FieldByName(n)
			if fd == nil || fd.Kind != ir.KindField || !slices.Contains(e.Create, fd) || !readable(e, fd) {
				fields = nil
				break
			}
			if _, ok := g.value(fd, 2); !ok {
				fields = nil
				break
			}
			fields = append(fields, fd)
		}
		if len(fields) == 0 {
			continue
		}
		var names []string
		var want [][2]string
		updatable := g.itemOutcome(e, ir.OpUpdate) == allowed
		for _, fd := range fields {
			names = append(names, fd.Name)
			want = append(want, [2]string{fd.Name, "unique"})
			updatable = updatable && slices.Contains(e.Update, fd)
		}
		f.p("\ntest(%s, async () => {", str(name+": "+strings.Join(names, " and ")+" unique"))
		f.p("  const first = await %s;", f.create(e))
		f.p("  const body = %s;", f.body(e))
		f.p("  for (const k of %s) body[k] = first[k];", tsList(names))
		if g.ownerUnique(e) {
			f.p("  expectErrors(await h.call(\"POST\", %s, { body, token: (await %s).token }), 409, %s);", C, f.newCaller(), pairs(want))
		} else {
			f.p("  expectErrors(await h.call(\"POST\", %s, { body }), 409, %s);", C, pairs(want))
		}
		if updatable {
			f.p("  const second = await %s;", f.create(e))
			f.p("  expectErrors(await h.call(\"PATCH\", `${%s}/${String(second[\"id\"])}`, { body: pick(first, %s) }), 409, %s);", C, tsList(names), pairs(want))
		}
		f.p("});")
	}
}

// deletes checks what deleting a row does to the rows referencing it:
// restrict refuses, cascade deletes them, setNull clears their key.
func (g *tgen) deletes(f *tfile, e *ir.Entity) {
	if g.itemOutcome(e, ir.OpDelete) != allowed {
		return
	}
	for _, c := range g.api.Entities {
		for _, rel := range c.Relations {
			if rel.Kind != ir.BelongsTo || rel.Target != e || rel.Key == nil || !slices.Contains(c.Create, rel.Key) || !g.canCreate(c) {
				continue
			}
			onDelete := rel.OnDelete
			if onDelete == "" {
				onDelete = ir.Restrict
			}
			f.p("\ntest(%s, async () => {", str(fmt.Sprintf("%s: deleting a row referenced by %s.%s (%s)", e.Name.Pascal(), c.Name.Pascal(), rel.Name, onDelete)))
			f.p("  const parent = await %s;", f.create(e))
			f.p("  const body = %s;", f.body(c))
			f.p("  body[%s] = parent[\"id\"];", str(rel.Key.Name))
			childGet := g.itemOutcome(c, ir.OpGet) == allowed
			if childGet && onDelete != ir.Restrict {
				f.p("  const child = await %s;", f.createCall(c, "body"))
			} else {
				f.p("  await %s;", f.createCall(c, "body"))
			}
			f.p("  const item = `${%s}/${String(parent[\"id\"])}`;", constName(e))
			childItem := fmt.Sprintf("`${%s}/${String(child[\"id\"])}`", constName(c))
			switch onDelete {
			case ir.Restrict:
				f.p("  expectErrors(await h.call(\"DELETE\", item), 409, [[\"id\", \"referenced\"]]);")
				if g.itemOutcome(e, ir.OpGet) == allowed {
					f.p("  expectObject(await h.call(\"GET\", item), 200);")
				}
			case ir.Cascade:
				f.p("  expectStatus(await h.call(\"DELETE\", item), 204);")
				if childGet {
					f.p("  expectProblem(await h.call(\"GET\", %s), 404);", childItem)
				}
			case ir.SetNull:
				f.p("  expectStatus(await h.call(\"DELETE\", item), 204);")
				if childGet {
					f.p("  assert.equal(expectObject(await h.call(\"GET\", %s), 200)[%s], null);", childItem, str(rel.Key.Name))
				}
			}
			f.p("});")
		}
	}
}

// relations checks e's sub-resources, links and unlinks.
func (g *tgen) relations(f *tfile, e *ir.Entity) {
	for _, r := range g.api.Routes {
		if r.Entity != e || r.Relation == nil || !g.routeAllowed(r) {
			continue
		}
		rel := r.Relation
		t := rel.Target
		if !g.canCreate(t) {
			continue
		}
		path := func(parent, target string) string {
			p := r.Path
			for i, prm := range r.Params {
				v := parent
				if i == 1 {
					v = target
				}
				p = strings.Replace(p, "{"+prm.Name+"}", "${"+v+"}", 1)
			}
			return "`" + p + "`"
		}
		switch {
		case r.Kind == ir.RouteLink:
			var read *ir.Route
			for _, o := range g.api.Routes {
				if o.Kind == ir.RouteRelation && o.Relation == rel && g.routeAllowed(o) {
					read = o
				}
			}
			f.p("\ntest(%s, async () => {", str(fmt.Sprintf("%s: link and unlink %s", e.Name.Pascal(), rel.Name)))
			f.p("  const parent = await %s;", f.create(e))
			f.p("  const target = await %s;", f.create(t))
			f.p("  const link = %s;", path(`String(parent["id"])`, `String(target["id"])`))
			f.p("  expectStatus(await h.call(\"PUT\", link), 204);")
			f.p("  expectStatus(await h.call(\"PUT\", link), 204);")
			if read != nil {
				f.p("  const sub = `%s`;", g.api.BasePath+strings.Replace(rel.Path, "{id}", "${String(parent[\"id\"])}", 1))
				f.p("  assert.deepEqual(ids(expectPage(await h.call(\"GET\", sub)).items), [target[\"id\"]]);")
			}
			f.p("  expectStatus(await h.call(\"DELETE\", link), 204);")
			if read != nil {
				f.p("  assert.deepEqual(expectPage(await h.call(\"GET\", sub)).items, []);")
			}
			f.p("  expectProblem(await h.call(\"DELETE\", link), 404);")
			f.p("  expectProblem(await h.call(\"PUT\", %s), 404);", path(`String(parent["id"])`, str(missingIDPath(t))))
			f.p("  expectProblem(await h.call(\"PUT\", %s), 404);", path(str(missingIDPath(e)), `String(target["id"])`))
			f.p("});")
		case r.Kind == ir.RouteRelation && rel.Kind != ir.ManyToMany:
			key := rel.Inverse
			if key == nil || key.Key == nil {
				continue
			}
			parent := ""
			switch {
			case slices.Contains(t.Create, key.Key):
				parent = "new"
			case t.Owner == key && g.auth != nil && e == g.auth.Entity && !g.ownerUnique(t):
				parent = "admin"
			default:
				continue
			}
			f.p("\ntest(%s, async () => {", str(fmt.Sprintf("%s: read %s", e.Name.Pascal(), rel.Name)))
			if parent == "new" {
				f.p("  const parent = await %s;", f.create(e))
				f.p("  const body = %s;", f.body(t))
				f.p("  body[%s] = parent[\"id\"];", str(key.Key.Name))
			} else {
				f.p("  const parent = { id: h.adminId() };")
				f.p("  const body = %s;", f.body(t))
			}
			f.p("  const child = await %s;", f.createCall(t, "body"))
			sub := path(`String(parent["id"])`, "")
			if rel.Kind == ir.HasOne {
				f.p("  assert.deepEqual(expectObject(await h.call(\"GET\", %s), 200), child);", sub)
			} else {
				if parent == "new" {
					f.p("  assert.deepEqual(ids(expectPage(await h.call(\"GET\", %s)).items), [child[\"id\"]]);", sub)
				} else {
					f.p("  assert.ok(ids(expectPage(await h.call(\"GET\", %s)).items).includes(child[\"id\"]));", sub)
				}
			}
			f.p("  expectProblem(await h.call(\"GET\", %s), 404);", path(str(missingIDPath(e)), ""))
			f.p("});")
		}
	}
}

func (g *tgen) notFound(f *tfile, e *ir.Entity) {
	type call struct{ method, body string }
	var calls []call
	for _, c := range []struct {
		k      ir.OpKind
		method string
	}{{ir.OpGet, "GET"}, {ir.OpUpdate, "PATCH"}, {ir.OpDelete, "DELETE"}} {
		if g.itemOutcome(e, c.k) == allowed {
			body := ""
			if c.method == "PATCH" {
				body = ", { body: {} }"
			}
			calls = append(calls, call{c.method, body})
		}
	}
	if len(calls) == 0 {
		return
	}
	ids := []string{missingIDPath(e), "not-an-id"}
	if e.IDType == ir.Int {
		ids = append(ids, "01", "-1", "1.0", "99999999999999999999")
	} else {
		ids = append(ids, "00000000-0000-4000-8000-00000000000")
	}
	f.p("\ntest(%s, async () => {", str(e.Name.Pascal()+": unknown and malformed ids are 404"))
	f.p("  for (const id of %s) {", tsList(ids))
	for _, c := range calls {
		f.p("    expectProblem(await h.call(%s, `${%s}/${id}`%s), 404);", str(c.method), constName(e), c.body)
	}
	f.p("  }")
	f.p("});")
}

// order is how the tests compare values of f when checking a sort.
func order(f *ir.Field) string {
	switch f.Type {
	case ir.Int, ir.Float:
		return "number"
	case ir.Decimal:
		return "decimal"
	case ir.Bool:
		return "bool"
	}
	return "text"
}

func (g *tgen) lists(f *tfile, e *ir.Entity) {
	op := e.Operation(ir.OpList)
	if op == nil {
		return
	}
	if g.auth == nil && !op.Access.Public || g.auth != nil && (!g.admin || outcome(op.Access, false, g.adminRole, true) != allowed) {
		return
	}
	name, C := e.Name.Pascal(), constName(e)
	f.p("\ntest(%s, async () => {", str(name+": list pages, sorts, filters and searches"))
	shows := g.listShowsRows(e) && g.canCreate(e)
	if shows {
		f.p("  const a = await %s;", f.create(e))
		f.p("  const b = await %s;", f.create(e))
	}
	f.p("  const all = expectPage(await h.call(\"GET\", `${%s}?limit=%d`));", C, g.api.MaxLimit)
	f.p("  assert.equal(all.limit, %d);", g.api.MaxLimit)
	f.p("  assert.equal(all.offset, 0);")
	f.p("  if (all.total <= %d) assert.equal(all.items.length, all.total);", g.api.MaxLimit)
	f.p("  assert.equal(expectPage(await h.call(\"GET\", %s)).limit, %d, \"the default limit\");", C, g.api.DefaultLimit)
	if shows {
		f.p("  assert.ok(ids(all.items).includes(a[\"id\"]) && ids(all.items).includes(b[\"id\"]), \"both rows listed\");")
		f.p("  const first = expectPage(await h.call(\"GET\", `${%s}?limit=1`));", C)
		f.p("  assert.equal(first.items.length, 1);")
		f.p("  assert.equal(first.limit, 1);")
		f.p("  assert.equal(first.total, all.total);")
		f.p("  const second = expectPage(await h.call(\"GET\", `${%s}?limit=1&offset=1`));", C)
		f.p("  assert.equal(second.items.length, 1);")
		f.p("  assert.equal(second.offset, 1);")
		f.p("  assert.notDeepEqual(ids(second.items), ids(first.items));")
	}
	bad := []string{"limit=0", fmt.Sprintf("limit=%d", g.api.MaxLimit+1), "limit=abc", "limit=", "offset=-1", "offset=x", "zzUnknown=1", "sort=zzUnknown", "sort=", "limit=1&limit=2", "x=%zz", "limit=1;offset=0"}
	f.p("  for (const q of %s) {", tsList(bad))
	f.p("    expectProblem(await h.call(\"GET\", `${%s}?${q}`), 400);", C)
	f.p("  }")
	// Sorts: each name, both ways.
	var sorts []string
	for _, s := range e.List.SortNames {
		fd := e.FieldByName(s)
		if fd == nil {
			continue
		}
		sorts = append(sorts, fmt.Sprintf("[%s, %s]", str(s), str(order(fd))))
	}
	if len(sorts) > 0 {
		f.p("  const sorts: readonly (readonly [string, Order])[] = [%s];", strings.Join(sorts, ", "))
		f.p("  for (const [field, kind] of sorts) {")
		f.p("    for (const desc of [false, true]) {")
		f.p("      const page = expectPage(await h.call(\"GET\", `${%s}?limit=%d&sort=${desc ? \"-\" : \"\"}${field}`));", C, g.api.MaxLimit)
		f.p("      assert.equal(page.items.length, all.items.length);")
		f.p("      expectSorted(page.items, field, desc, kind, %s);", str(order(e.ID())))
		f.p("    }")
		f.p("  }")
	}
	// Filters: every operator against row a's value, and bad values.
	var filters []string
	for _, fl := range e.List.Filters {
		fd := e.FieldByName(fl.FieldName)
		if fd == nil {
			continue
		}
		bads := badFilterValues(fd)
		filters = append(filters, fmt.Sprintf("{ param: %s, field: %s, ops: %s, bad: %s }", str(fl.Param), str(fl.FieldName), tsList(fl.Ops), tsList(bads)))
	}
	if len(filters) > 0 {
		f.p("  const filters: readonly { param: string; field: string; ops: readonly string[]; bad: readonly string[] }[] = [\n    %s,\n  ];", strings.Join(filters, ",\n    "))
		if shows {
			f.p("  for (const { param: name, field, ops, bad } of filters) {")
		} else {
			f.p("  for (const { param: name, bad } of filters) {")
		}
		f.p("    for (const v of bad) expectProblem(await h.call(\"GET\", `${%s}${query({ [name]: v })}`), 400);", C)
		f.p("    expectProblem(await h.call(\"GET\", `${%s}${query({ [`${name}[zz]`]: \"1\" })}`), 400);", C)
		if shows {
			f.p("    const value = a[field];")
			f.p("    if (value === null || value === undefined) continue;")
			f.p("    const list = async (op: string, v: string): Promise<unknown[]> => {")
			f.p("      const q = query({ [op === \"eq\" ? name : `${name}[${op}]`]: v, limit: %s });", str(fmt.Sprint(g.api.MaxLimit)))
			f.p("      return ids(expectPage(await h.call(\"GET\", `${%s}${q}`)).items);", C)
			f.p("    };")
			f.p("    await expectFilter(list, [\"eq\", ...ops], param(value), a[\"id\"], `${name}`);")
		}
		f.p("  }")
	}
	if len(e.List.SearchNames) > 0 {
		f.p("  expectProblem(await h.call(\"GET\", `${%s}?q=${\"x\".repeat(257)}`), 400);", C)
		if shows {
			for _, s := range e.List.SearchNames {
				fd := e.FieldByName(s)
				if fd == nil || !fd.Type.IsString() {
					continue
				}
				f.p("  if (typeof a[%s] === \"string\") assert.ok(ids(expectPage(await h.call(\"GET\", `${%s}${query({ q: String(a[%s]), limit: %s })}`)).items).includes(a[\"id\"]), %s);",
					str(s), C, str(s), str(fmt.Sprint(g.api.MaxLimit)), str("q matches "+s))
			}
		}
	}
	f.p("});")
}

// badFilterValues are filter values that do not parse as f's type (a 400),
// as the conformance suite sends them.
func badFilterValues(f *ir.Field) []string {
	t := f.Type
	if f.Kind == ir.KindForeignKey && f.Relation != nil {
		t = f.Relation.Target.IDType
	}
	switch t {
	case ir.Int:
		return []string{"abc", "1.5"}
	case ir.Float, ir.Decimal:
		return []string{"abc"}
	case ir.Bool:
		return []string{"maybe", "2"}
	case ir.Date:
		return []string{"2026-13-45", "yesterday"}
	case ir.DateTime:
		return []string{"not-a-time"}
	case ir.UUID:
		return []string{"zz"}
	case ir.Enum:
		return []string{"not-a-value"}
	}
	return nil
}

// access checks the 401s of an anonymous caller and the 403s and 404s of
// a registered one.
func (g *tgen) access(f *tfile, e *ir.Entity) {
	if g.auth == nil || !g.admin {
		return
	}
	type check struct {
		k            ir.OpKind
		method, path string
		body         bool
	}
	var checks []check
	for _, s := range ir.CRUDShapes() {
		if e.Operation(s.Kind) == nil {
			continue
		}
		checks = append(checks, check{s.Kind, s.Method, map[bool]string{false: "collection", true: "item"}[s.Item], s.Kind == ir.OpCreate || s.Kind == ir.OpUpdate})
	}
	anon := map[ir.OpKind]int{}
	plainOut := map[ir.OpKind]int{}
	anyCheck := false
	plainKnown := g.plain && (g.auth.RoleField == nil || g.plainRole != "")
	canCreate := g.canCreate(e)
	for _, c := range checks {
		op := e.Operation(c.k)
		if c.path == "item" && !canCreate {
			continue
		}
		if c.k == ir.OpCreate && !canCreate {
			continue
		}
		anon[c.k] = outcome(op.Access, true, "", false)
		if plainKnown {
			o := outcome(op.Access, false, g.plainRole, false)
			if c.k == ir.OpCreate && o == hidden {
				o = allowed // creating makes the caller's own row
			}
			if c.k == ir.OpList && o == hidden {
				o = hidden // listed, but without the tests' rows
			}
			plainOut[c.k] = o
		}
		if anon[c.k] != allowed || (plainKnown && plainOut[c.k] != allowed) {
			anyCheck = true
		}
	}
	if !anyCheck {
		return
	}
	f.p("\ntest(%s, async () => {", str(e.Name.Pascal()+": access rules"))
	needRow := false
	for _, c := range checks {
		if c.path == "item" && canCreate && (anon[c.k] != allowed || plainOut[c.k] != allowed) {
			needRow = true
		}
	}
	if needRow || (plainOut[ir.OpList] == hidden && canCreate) {
		f.p("  const row = await %s;", f.create(e))
	}
	if needRow {
		f.p("  const item = `${%s}/${String(row[\"id\"])}`;", constName(e))
	}
	bodyExpr := func() string {
		return f.body(e)
	}
	for _, c := range checks {
		if _, ok := anon[c.k]; !ok || anon[c.k] == allowed {
			continue
		}
		target := constName(e)
		if c.path == "item" {
			target = "item"
		}
		for _, tok := range []string{"null", `"not-a-token"`} {
			body := ""
			if c.k == ir.OpCreate {
				body = ", body: " + bodyExpr()
			} else if c.k == ir.OpUpdate {
				body = ", body: {}"
			}
			f.p("  expectUnauthorized(await h.call(%s, %s, { token: %s%s }));", str(c.method), target, tok, body)
		}
	}
	if plainKnown {
		first := true
		for _, c := range checks {
			o, ok := plainOut[c.k]
			if !ok || o == allowed {
				continue
			}
			if first {
				f.p("  const plain: Caller = await h.register(PLAIN.body, PLAIN.login);")
				first = false
			}
			target := constName(e)
			if c.path == "item" {
				target = "item"
			}
			body := ""
			if c.k == ir.OpCreate {
				body = ", body: " + bodyExpr()
			} else if c.k == ir.OpUpdate {
				body = ", body: {}"
			}
			if c.k == ir.OpList && o == hidden {
				if canCreate {
					f.p("  assert.ok(!ids(expectPage(await h.call(\"GET\", `${%s}?limit=%d`, { token: plain.token })).items).includes(row[\"id\"]), \"only the caller's rows are listed\");", constName(e), g.api.MaxLimit)
				}
				continue
			}
			f.p("  expectProblem(await h.call(%s, %s, { token: plain.token%s }), %d);", str(c.method), target, body, o)
		}
	}
	f.p("});")
}
