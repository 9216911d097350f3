package express

import (
	"bytes"
	"encoding/json"
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

// fieldMetaExpr describes f; key is its Prisma model field, column its
// database column.
func fieldMetaExpr(f *ir.Field, key, column string) ts.Obj {
	o := ts.Obj{
		{Key: "name", Val: ts.Lit(f.Name)}, {Key: "key", Val: ts.Lit(key)}, {Key: "column", Val: ts.Lit(column)},
		{Key: "type", Val: ts.Lit(string(f.Type))}, {Key: "kind", Val: ts.Lit(string(f.Kind))},
		{Key: "optional", Val: ts.Raw(fmt.Sprint(f.Optional))}, {Key: "required", Val: ts.Raw(fmt.Sprint(f.Required))},
	}
	add := func(k string, v ts.Expr) { o = append(o, ts.Prop{Key: k, Val: v}) }
	if f.Min != nil {
		add("min", ts.Raw(ts.Num(*f.Min)))
	}
	if f.Max != nil {
		add("max", ts.Raw(ts.Num(*f.Max)))
	}
	if f.MinLength != nil {
		add("minLength", ts.Raw(fmt.Sprint(*f.MinLength)))
	}
	if f.MaxLength != nil {
		add("maxLength", ts.Raw(fmt.Sprint(*f.MaxLength)))
	}
	if f.Pattern != "" {
		add("pattern", ts.CallOf(ts.Raw("new RegExp"), ts.Lit(f.Pattern), ts.Lit("u")))
	}
	if len(f.Values) > 0 {
		add("values", litArr(f.Values))
	}
	if f.Type == ir.Decimal {
		add("precision", ts.Raw(fmt.Sprint(f.Precision)))
		add("scale", ts.Raw(fmt.Sprint(f.Scale)))
	}
	if d := f.Default; d != nil {
		if d.Kind == ir.DefaultLiteral {
			add("default", ts.Obj{{Key: "kind", Val: ts.Lit("literal")}, {Key: "value", Val: ts.ValueExpr(jsonValue(d.Value))}})
		} else {
			add("default", ts.Obj{{Key: "kind", Val: ts.Lit(string(d.Kind))}})
		}
	}
	if f.Relation != nil && f.Relation.Target != nil {
		add("references", ts.Lit(f.Relation.Target.Name.Pascal()))
	}
	return o
}

// jsonValue is v as encoding/json reads it back (maps and slices of
// any), the shapes ts.ValueExpr takes.
func jsonValue(v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber() // numbers keep their text
	var out any
	if d.Decode(&out) != nil {
		return nil
	}
	return out
}

func litArr(ss []string) ts.Arr {
	a := ts.Arr{}
	for _, s := range ss {
		a = append(a, ts.Lit(s))
	}
	return a
}

func fieldNamesArr(fs []*ir.Field) ts.Arr {
	var ss []string
	for _, f := range fs {
		ss = append(ss, f.Name)
	}
	return litArr(ss)
}

// entityMeta is e's description for the runtime (src/runtime/meta.ts).
func entityMeta(im *ts.Imports, e *ir.Entity, models []*prisma.Model) string {
	m := modelOf(models, e.Table)
	var b strings.Builder
	fmt.Fprintf(&b, "/** How %s is stored, read and listed. */\n", e.Name.Pascal())
	left := "export const " + metaVar(e) + ": " + im.Type("../runtime/meta.js", "EntityMeta")
	fields := ts.Arr{}
	for _, f := range e.Fields {
		fields = append(fields, fieldMetaExpr(f, m.Fields[f.Column], f.Column))
	}
	o := ts.BrokenObj{
		{Key: "name", Val: ts.Lit(e.Name.Pascal())}, {Key: "table", Val: ts.Lit(e.Table)}, {Key: "model", Val: ts.Lit(m.Delegate)},
		{Key: "path", Val: ts.Lit(e.Path)}, {Key: "idType", Val: ts.Lit(string(e.IDType))},
		{Key: "fields", Val: fields},
		{Key: "create", Val: fieldNamesArr(e.Create)}, {Key: "update", Val: fieldNamesArr(e.Update)}, {Key: "read", Val: fieldNamesArr(e.Read)},
	}
	if e.Owner != nil && e.Owner.Key != nil {
		o = append(o, ts.Prop{Key: "ownerKey", Val: ts.Lit(e.Owner.Key.Name)})
	}
	filters := ts.Arr{}
	for _, f := range e.List.Filters {
		filters = append(filters, ts.Obj{{Key: "param", Val: ts.Lit(f.Param)}, {Key: "field", Val: ts.Lit(f.FieldName)}, {Key: "ops", Val: litArr(f.Ops)}})
	}
	sorts := ts.Arr{}
	for _, k := range e.List.DefaultSort {
		sorts = append(sorts, ts.Obj{{Key: "field", Val: ts.Lit(k.Field)}, {Key: "desc", Val: ts.Raw(fmt.Sprint(k.Desc))}})
	}
	uniques := ts.Arr{}
	for _, u := range e.Schema.Uniques {
		uniques = append(uniques, ts.Obj{{Key: "name", Val: ts.Lit(u.Name)}, {Key: "columns", Val: litArr(u.Columns)}, {Key: "fields", Val: litArr(u.Fields)}})
	}
	o = append(o,
		ts.Prop{Key: "filters", Val: filters},
		ts.Prop{Key: "sort", Val: litArr(e.List.SortNames)}, ts.Prop{Key: "search", Val: litArr(e.List.SearchNames)},
		ts.Prop{Key: "defaultSort", Val: sorts}, ts.Prop{Key: "uniques", Val: uniques})
	b.WriteString(ts.Print(func() any { return ts.Decl(left, o) }) + "\n")
	return b.String()
}

func strList(ss []string) string {
	var out []string
	for _, s := range ss {
		out = append(out, ts.Str(s))
	}
	return "[" + strings.Join(out, ", ") + "]"
}

func customFile(ep *ir.Endpoint) string {
	var im ts.Imports
	ctx, args := contextTypeArgs(&im, "../", ep)
	sig := ts.Print(func() any {
		return ts.Params("export function "+ts.Ident(ep.Ident.Camel()), []any{ts.Docs{"ctx: ", ts.TypeArgs(ctx, args)}}, ": Promise<unknown> {")
	})
	returns := "Return the response body; returning undefined answers 501 Not Implemented."
	if ep.Status == 204 {
		returns = "Return null once written (the answer is 204 No Content); returning undefined\n// answers 501 Not Implemented."
	}
	return fmt.Sprintf(`// Your code: bgen wrote this file once and will not touch it again.
//
// %s %s%s
// %s

%s
%s
  void ctx;
  return Promise.resolve(undefined);
}
`, ep.Method, ep.Path, summary(ep.Summary), returns, im.String(), sig)
}

func summary(s string) string {
	if s == "" {
		return ""
	}
	return ": " + strings.ReplaceAll(s, "\n", " ")
}
