package express

import (
	"fmt"
	"strings"

	"github.com/bgen-dev/bgen/emitters/prisma"
	"github.com/bgen-dev/bgen/emitters/ts"
	"github.com/bgen-dev/bgen/ir"
)

// metaVar is the exported EntityMeta of e's model file.
func metaVar(e *ir.Entity) string { return e.Name.Camel() + "Meta" }

func modelOf(models []*prisma.Model, table string) *prisma.Model {
	for _, m := range models {
		if m.Table.Name == table {
			return m
		}
	}
	return nil
}

func names(fs []*ir.Field) string {
	var s []string
	for _, f := range fs {
		s = append(s, ts.Str(f.Name))
	}
	return "[" + strings.Join(s, ", ") + "]"
}

// fieldMeta describes f; key is its Prisma model field, column its
// database column (both the field's name for a custom endpoint's inputs).
func fieldMeta(f *ir.Field, key, column string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "{ name: %s, key: %s, column: %s, type: %s, kind: %s, optional: %t, required: %t", ts.Str(f.Name), ts.Str(key), ts.Str(column), ts.Str(string(f.Type)), ts.Str(string(f.Kind)), f.Optional, f.Required)
	if f.Min != nil {
		fmt.Fprintf(&b, ", min: %s", ts.Num(*f.Min))
	}
	if f.Max != nil {
		fmt.Fprintf(&b, ", max: %s", ts.Num(*f.Max))
	}
	if f.MinLength != nil {
		fmt.Fprintf(&b, ", minLength: %d", *f.MinLength)
	}
	if f.MaxLength != nil {
		fmt.Fprintf(&b, ", maxLength: %d", *f.MaxLength)
	}
	if f.Pattern != "" {
		fmt.Fprintf(&b, ", pattern: %s", ts.Regex(f.Pattern))
	}
	if len(f.Values) > 0 {
		var vs []string
		for _, v := range f.Values {
			vs = append(vs, ts.Str(v))
		}
		fmt.Fprintf(&b, ", values: [%s]", strings.Join(vs, ", "))
	}
	if f.Type == ir.Decimal {
		fmt.Fprintf(&b, ", precision: %d, scale: %d", f.Precision, f.Scale)
	}
	if d := f.Default; d != nil {
		if d.Kind == ir.DefaultLiteral {
			fmt.Fprintf(&b, ", default: { kind: \"literal\", value: %s }", ts.Value(d.Value))
		} else {
			fmt.Fprintf(&b, ", default: { kind: %s }", ts.Str(string(d.Kind)))
		}
	}
	if f.Relation != nil && f.Relation.Target != nil {
		fmt.Fprintf(&b, ", references: %s", ts.Str(f.Relation.Target.Name.Pascal()))
	}
	b.WriteString(" }")
	return b.String()
}

// entityMeta is e's description for the runtime (src/runtime/meta.ts).
func entityMeta(im *ts.Imports, e *ir.Entity, models []*prisma.Model) string {
	m := modelOf(models, e.Table)
	var b strings.Builder
	fmt.Fprintf(&b, "/** How %s is stored, read and listed. */\n", e.Name.Pascal())
	fmt.Fprintf(&b, "export const %s: %s = {\n", metaVar(e), im.Type("../runtime/meta.js", "EntityMeta"))
	fmt.Fprintf(&b, "  name: %s,\n  table: %s,\n  model: %s,\n  path: %s,\n  idType: %s,\n", ts.Str(e.Name.Pascal()), ts.Str(e.Table), ts.Str(m.Delegate), ts.Str(e.Path), ts.Str(string(e.IDType)))
	b.WriteString("  fields: [\n")
	for _, f := range e.Fields {
		fmt.Fprintf(&b, "    %s,\n", fieldMeta(f, m.Fields[f.Column], f.Column))
	}
	b.WriteString("  ],\n")
	fmt.Fprintf(&b, "  create: %s,\n  update: %s,\n  read: %s,\n", names(e.Create), names(e.Update), names(e.Read))
	if e.Owner != nil && e.Owner.Key != nil {
		fmt.Fprintf(&b, "  ownerKey: %s,\n", ts.Str(e.Owner.Key.Name))
	}
	b.WriteString("  filters: [\n")
	for _, f := range e.List.Filters {
		var ops []string
		for _, o := range f.Ops {
			ops = append(ops, ts.Str(o))
		}
		fmt.Fprintf(&b, "    { param: %s, field: %s, ops: [%s] },\n", ts.Str(f.Param), ts.Str(f.FieldName), strings.Join(ops, ", "))
	}
	b.WriteString("  ],\n")
	fmt.Fprintf(&b, "  sort: %s,\n  search: %s,\n", strList(e.List.SortNames), strList(e.List.SearchNames))
	b.WriteString("  defaultSort: [")
	for i, k := range e.List.DefaultSort {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "{ field: %s, desc: %t }", ts.Str(k.Field), k.Desc)
	}
	b.WriteString("],\n  uniques: [\n")
	for _, u := range e.Schema.Uniques {
		fmt.Fprintf(&b, "    { name: %s, columns: %s, fields: %s },\n", ts.Str(u.Name), strList(u.Columns), strList(u.Fields))
	}
	b.WriteString("  ],\n};\n")
	return b.String()
}

func strList(ss []string) string {
	var out []string
	for _, s := range ss {
		out = append(out, ts.Str(s))
	}
	return "[" + strings.Join(out, ", ") + "]"
}

func rule(r ir.Rule) string {
	var parts []string
	if r.Public {
		parts = append(parts, "public: true")
	}
	if r.Authenticated {
		parts = append(parts, "authenticated: true")
	}
	if r.Owner {
		parts = append(parts, "owner: true")
	}
	if len(r.Roles) > 0 {
		parts = append(parts, "roles: "+strList(r.Roles))
	}
	return "{ " + strings.Join(parts, ", ") + " }"
}

// inputMeta describes a custom endpoint's parameter or body field.
func inputMeta(f *ir.Field) string { return fieldMeta(f, f.Name, f.Name) }

func inputs(fs []*ir.Field) string {
	var out []string
	for _, f := range fs {
		out = append(out, inputMeta(f))
	}
	return "[" + strings.Join(out, ", ") + "]"
}

func customFile(ep *ir.Endpoint) string {
	var im ts.Imports
	ctx := contextType(&im, "../", ep)
	returns := "Return the response body; returning undefined answers 501 Not Implemented."
	if ep.Status == 204 {
		returns = "Return null once written (the answer is 204 No Content); returning undefined\n// answers 501 Not Implemented."
	}
	return fmt.Sprintf(`// Your code: bgen wrote this file once and will not touch it again.
//
// %s %s%s
// %s

%s
export function %s(ctx: %s): Promise<unknown> {
  void ctx;
  return Promise.resolve(undefined);
}
`, ep.Method, ep.Path, summary(ep.Summary), returns, im.String(), ts.Ident(ep.Ident.Camel()), ctx)
}

func summary(s string) string {
	if s == "" {
		return ""
	}
	return ": " + strings.ReplaceAll(s, "\n", " ")
}
