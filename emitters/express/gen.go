package express

import (
	"fmt"
	"strings"

	"github.com/bgen-dev/bgen/emitters/prisma"
	"github.com/bgen-dev/bgen/emitters/ts"
	"github.com/bgen-dev/bgen/ir"
)

func schemaVar(e *ir.Entity) string { return e.Name.Camel() + "Schema" }

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

func entitySchema(e *ir.Entity, models []*prisma.Model) string {
	m := modelOf(models, e.Table)
	var im ts.Imports
	im.Type("../runtime/meta.js", "EntityMeta")
	var b strings.Builder
	fmt.Fprintf(&b, "export const %s: EntityMeta = {\n", schemaVar(e))
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
	return ts.Header + "\n" + im.String() + "\n" + b.String()
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

func apiFile(api *ir.API) string {
	var im ts.Imports
	im.Type("./api-types.js", "ApiDef")
	var b strings.Builder
	schema := func(e *ir.Entity) string {
		return im.Use("./schemas/"+e.Name.Kebab()+".schema.js", schemaVar(e))
	}
	b.WriteString("export const api: ApiDef = {\n")
	fmt.Fprintf(&b, "  name: %s,\n  version: %s,\n  basePath: %s,\n  defaultLimit: %d,\n  maxLimit: %d,\n  maxBodyBytes: %d,\n  corsOrigins: %s,\n",
		ts.Str(api.Name), ts.Str(api.Version), ts.Str(api.BasePath), api.DefaultLimit, api.MaxLimit, api.MaxBodyBytes, strList(api.CORSOrigins))
	if a := api.Auth; a != nil {
		fmt.Fprintf(&b, "  auth: { entity: %s, identity: %s, password: %s, ", schema(a.Entity), ts.Str(a.IdentityName), ts.Str(a.PasswordName))
		if a.RoleField != nil {
			fmt.Fprintf(&b, "roleField: %s, ", ts.Str(a.RoleFieldName))
		}
		fmt.Fprintf(&b, "register: %s, ttlSeconds: %d },\n", names(a.Register), a.TokenTTLSeconds)
	}
	var ents []string
	for _, e := range api.Entities {
		ents = append(ents, schema(e))
	}
	fmt.Fprintf(&b, "  entities: [%s],\n", strings.Join(ents, ", "))
	b.WriteString("  routes: [\n")
	for _, r := range api.Routes {
		var rules []string
		for _, a := range r.Access {
			rules = append(rules, rule(a))
		}
		var params []string
		for _, p := range r.Params {
			s := "{ name: " + ts.Str(p.Name)
			if p.Entity != nil {
				s += ", entity: " + schema(p.Entity)
			}
			if p.Field != nil {
				s += ", field: " + inputMeta(p.Field)
			}
			params = append(params, s+" }")
		}
		common := fmt.Sprintf("method: %s, path: %s, name: %s, access: [%s], params: [%s]", ts.Str(r.Method), ts.Str(r.Path), ts.Str(r.Name), strings.Join(rules, ", "), strings.Join(params, ", "))
		switch r.Kind {
		case ir.RouteOperation:
			fmt.Fprintf(&b, "    { kind: \"operation\", %s, entity: %s },\n", common, schema(r.Entity))
		case ir.RouteRelation, ir.RouteLink, ir.RouteUnlink:
			rel := r.Relation
			def := "{ kind: " + ts.Str(string(rel.Kind))
			if rel.Kind == ir.ManyToMany && rel.Join != nil {
				def += fmt.Sprintf(", join: { table: %s, left: %s, right: %s }", ts.Str(rel.Join.Table), ts.Str(rel.Join.Left), ts.Str(rel.Join.Right))
			} else if rel.Inverse != nil && rel.Inverse.Key != nil {
				def += ", key: " + ts.Str(rel.Inverse.Key.Name)
			}
			def += " }"
			fmt.Fprintf(&b, "    { kind: %s, %s, entity: %s, target: %s, relation: %s },\n", ts.Str(string(r.Kind)), common, schema(r.Entity), schema(rel.Target), def)
		case ir.RouteAuth, ir.RouteSystem:
			fmt.Fprintf(&b, "    { kind: %s, %s },\n", ts.Str(string(r.Kind)), common)
		case ir.RouteEndpoint:
			ep := r.Endpoint
			h := im.Use("./custom/"+ep.Ident.Kebab()+".js", ts.Ident(ep.Ident.Camel()))
			extra := ", query: " + inputs(ep.Query)
			if ep.Body != nil {
				extra += ", body: " + inputs(ep.Body)
			}
			if r.Entity != nil && ep.EntityParam != nil {
				extra += fmt.Sprintf(", entity: %s, entityParam: %s", schema(r.Entity), ts.Str(ep.EntityParam.Name))
			}
			fmt.Fprintf(&b, "    { kind: \"endpoint\", %s%s, status: %d, handler: %s },\n", common, extra, r.Status, h)
		}
	}
	b.WriteString("  ],\n};\n")
	return ts.Header + "\n" + im.String() + "\n" + b.String()
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
	return fmt.Sprintf(`// Your code: bgen wrote this file once and will not touch it again.
//
// %s %s%s
// Return the response body; returning undefined answers 501 Not Implemented.

import type { EndpointContext } from "../api-types.js";

export function %s(ctx: EndpointContext): Promise<unknown> {
  void ctx;
  return Promise.resolve(undefined);
}
`, ep.Method, ep.Path, summary(ep.Summary), ts.Ident(ep.Ident.Camel()))
}

func summary(s string) string {
	if s == "" {
		return ""
	}
	return ": " + strings.ReplaceAll(s, "\n", " ")
}
