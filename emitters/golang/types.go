package golang

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/bgen-dev/bgen/ir"
	"github.com/bgen-dev/bgen/naming"
)

// goTypes is the Go target's type table: spec type -> Go type in the
// model, and the repository's list type. A function, so that no table is
// package-level mutable state.
func goTypes() map[ir.Type]struct{ model, list string } {
	return map[ir.Type]struct{ model, list string }{
		ir.String:   {"string", "TypeString"},
		ir.Text:     {"string", "TypeString"},
		ir.Email:    {"string", "TypeEmail"},
		ir.URL:      {"string", "TypeString"},
		ir.Password: {"string", "TypeString"},
		ir.Enum:     {"", "TypeEnum"}, // a named string type per field
		ir.Int:      {"int64", "TypeInt"},
		ir.Float:    {"float64", "TypeFloat"},
		ir.Bool:     {"bool", "TypeBool"},
		ir.Decimal:  {"Decimal", "TypeDecimal"},
		ir.Date:     {"Date", "TypeDate"},
		ir.DateTime: {"DateTime", "TypeDateTime"},
		ir.UUID:     {"UUID", "TypeUUID"},
		ir.JSON:     {"JSON", "TypeString"},
	}
}

func exported(n naming.Name) string { return n.GoExported() }

// entityName is the Go name of an entity's struct: "BlogPost".
func entityName(e *ir.Entity) string { return exported(e.Name) }

// fieldName is the Go struct field of f: "AuthorID".
func fieldName(f *ir.Field) string { return exported(f.Ident) }

// enumType is the named type of an enum field: "PostStatus".
func enumType(e *ir.Entity, f *ir.Field) string { return entityName(e) + fieldName(f) }

// baseType is f's Go type without optionality.
func (g *gen) baseType(e *ir.Entity, f *ir.Field) *jen.Statement {
	if f.Type == ir.Enum && e == nil {
		return jen.String()
	}
	if f.Type == ir.Enum {
		return jen.Qual(g.pkg("model"), enumType(e, f))
	}
	t := goTypes()[f.Type].model
	if strings.ToUpper(t[:1]) == t[:1] {
		return jen.Qual(g.pkg("model"), t)
	}
	return jen.Id(t)
}

// fieldType is f's Go type in the model: a pointer when optional.
func (g *gen) fieldType(e *ir.Entity, f *ir.Field) *jen.Statement {
	if f.Optional {
		return jen.Op("*").Add(g.baseType(e, f))
	}
	return g.baseType(e, f)
}

// idType is the Go type of an entity's id.
func (g *gen) idType(e *ir.Entity) *jen.Statement {
	if e.IDType == ir.UUID {
		return jen.Qual(g.pkg("model"), "UUID")
	}
	return jen.Int64()
}

// literal is a default value as a Go expression of f's base type.
func (g *gen) literal(e *ir.Entity, f *ir.Field, v any) jen.Code {
	switch f.Type {
	case ir.Enum:
		return jen.Qual(g.pkg("model"), enumConst(e, f, fmt.Sprint(v)))
	case ir.Int:
		return jen.Lit(int(toInt64(v)))
	case ir.Float:
		return jen.Lit(toFloat64(v))
	case ir.Bool:
		return jen.Lit(v == true)
	case ir.Decimal, ir.Date, ir.UUID:
		return jen.Qual(g.pkg("model"), goTypes()[f.Type].model).Call(jen.Lit(fmt.Sprint(v)))
	case ir.DateTime:
		return jen.Qual(g.pkg("model"), "MustDateTime").Call(jen.Lit(fmt.Sprint(v)))
	case ir.JSON:
		b, _ := json.Marshal(v)
		return jen.Qual(g.pkg("model"), "JSON").Call(jen.Lit(string(b)))
	}
	return jen.Lit(fmt.Sprint(v))
}

func enumConst(e *ir.Entity, f *ir.Field, value string) string {
	return enumType(e, f) + exported(naming.Split(value))
}

func toInt64(v any) int64 {
	switch n := v.(type) {
	case int64:
		return n
	case int:
		return int64(n)
	case float64:
		return int64(n)
	}
	return 0
}

func toFloat64(v any) float64 {
	switch n := v.(type) {
	case int64:
		return float64(n)
	case int:
		return float64(n)
	case float64:
		return n
	}
	return 0
}

// idString is an expression turning id (of e's id type) into a string.
func idString(e *ir.Entity, id jen.Code) jen.Code {
	if e.IDType == ir.UUID {
		return jen.String().Call(id)
	}
	return jen.Qual("strconv", "FormatInt").Call(id, jen.Lit(10))
}
