package fastapi

import (
	"github.com/bgen-dev/bgen/ir"
)

// The Python the view model holds: expressions the templates cannot
// spell out for themselves, each built through pyCode so that it carries
// the imports it needs.

var (
	intType  = lit("int")
	uuidType = dot("uuid", "UUID")
)

// Model is the entity's SQLAlchemy class.
func (v *entity) Model() pyCode { return qual("app.models."+v.Module, v.Class) }

// Repository is the entity's repository class.
func (v *entity) Repository() pyCode {
	return qual("app.repositories."+v.Module, v.Class+"Repository")
}

// Schema is a name of the entity's schemas module: FIELDS, LIST, ...
func (v *entity) Schema(name string) pyCode { return qual("app.schemas."+v.Module, name) }

// ReadSchema, PageSchema, CreateSchema and UpdateSchema are the entity's
// Pydantic models.
func (v *entity) ReadSchema() pyCode   { return v.Schema(v.Class + "Read") }
func (v *entity) PageSchema() pyCode   { return v.Schema(v.Class + "Page") }
func (v *entity) CreateSchema() pyCode { return v.Schema(v.Class + "Create") }
func (v *entity) UpdateSchema() pyCode { return v.Schema(v.Class + "Update") }

// SchemaModule is the entity's schemas module, imported as <module>_schema.
func (v *entity) SchemaModule() pyCode {
	return qual("app.schemas", v.Module+" as "+v.Module+"_schema")
}

// ParseID is the function that parses a path id of the entity.
func (v *entity) ParseID() pyCode { return qual("app.core.ids", v.IDParse) }

// Model is the SQLAlchemy class a foreign key references.
func (r reference) Model() pyCode { return qual("app.models."+r.TargetModule, r.TargetClass) }

// SpecItems are the FieldSpec(...) literals of the entity's fields.
func (v *entity) SpecItems() []pyCode { return fieldSpecs(v.Fields) }

// FilterItems, SortItems, SearchItems and DefaultSortItems are the items
// of the entity's ListSpec.
func (v *entity) FilterItems() []pyCode {
	var out []pyCode
	for _, f := range v.Filters {
		out = append(out, codef("%s(\n    %s,\n    FIELD[%s],\n    frozenset(%s),\n)",
			qual("app.core.listing", "FilterSpec"), pyStr(f.Param), pyStr(f.Field), pySet(f.Ops)))
	}
	return out
}

func (v *entity) SortItems() []pyCode   { return fieldRefs(v.SortNames) }
func (v *entity) SearchItems() []pyCode { return fieldRefs(v.SearchNames) }

func (v *entity) DefaultSortItems() []pyCode {
	var out []pyCode
	for _, k := range v.DefaultSort {
		out = append(out, codef("%s(FIELD[%s], descending=%s)",
			qual("app.core.listing", "SortTerm"), pyStr(k.Field), pyBool(k.Desc)))
	}
	return out
}

func fieldRefs(names []string) []pyCode {
	var out []pyCode
	for _, n := range names {
		out = append(out, lit("FIELD["+pyStr(n)+"]"))
	}
	return out
}

// ParamsSpecs, QuerySpecs and BodySpecs are the FieldSpec(...) literals
// of a custom endpoint's inputs.
func (e *endpoint) ParamsSpecs() []pyCode { return fieldSpecs(e.Params) }
func (e *endpoint) QuerySpecs() []pyCode  { return fieldSpecs(e.Query) }
func (e *endpoint) BodySpecs() []pyCode   { return fieldSpecs(e.Body) }

func fieldSpecs(fields []*field) []pyCode {
	out := make([]pyCode, len(fields))
	for i, f := range fields {
		out[i] = fieldSpec(f.IR, f.Attr, f.Writable)
	}
	return out
}

// fieldSpec is the FieldSpec(...) literal of a field: on one line with its
// name, attribute and type alone, else one argument per line, as ruff
// keeps it.
func fieldSpec(f *ir.Field, attrName string, writable bool) pyCode {
	args := []pyCode{lit(pyStr(f.Name)), lit(pyStr(attrName)), lit(pyStr(string(f.Type)))}
	head := len(args)
	add := func(format string, a ...any) { args = append(args, codef(format, a...)) }
	if f.Optional {
		add("optional=True")
	}
	if f.Required {
		add("required=True")
	}
	if writable {
		add("writable=True")
	}
	if f.Immutable {
		add("immutable=True")
	}
	if f.Min != nil {
		add("minimum=%s", pyNumber(*f.Min))
	}
	if f.Max != nil {
		add("maximum=%s", pyNumber(*f.Max))
	}
	if f.MinLength != nil {
		add("min_length=%d", *f.MinLength)
	}
	if f.MaxLength != nil {
		add("max_length=%d", *f.MaxLength)
	}
	if f.Pattern != "" {
		add("pattern=%s(%s)", dot("re", "compile"), pyPattern(pythonRegexp(f.Pattern)))
	}
	if len(f.Values) > 0 {
		add("values=%s", pyTuple(f.Values))
	}
	if f.Type == ir.Decimal {
		add("precision=%d", f.Precision)
		add("scale=%d", f.Scale)
	}
	if f.Kind != ir.KindID && f.Kind != ir.KindTimestamp {
		if d, ok := defaultExpr(f); ok {
			add("default=%s", d)
		}
	}
	sep, open, end := ", ", "", ")"
	if len(args) > head {
		sep, open, end = ",\n    ", "\n    ", ",\n)"
	}
	return joinCode(codef("%s(%s", qual("app.core.validation", "FieldSpec"), open), args, sep, end)
}

// joinCode is head, then args joined by sep, then tail.
func joinCode(head pyCode, args []pyCode, sep, tail string) pyCode {
	c := head
	for i, a := range args {
		if i > 0 {
			c.text += sep
		}
		c.text += a.text
		c.imports = append(c.imports, a.imports...)
	}
	c.text += tail
	return c
}

// pyRule is the Rule(...) call of an access rule.
func pyRule(r ir.Rule) *pyCall {
	var kw []string
	if r.Public {
		kw = append(kw, "public=True")
	}
	if r.Authenticated {
		kw = append(kw, "authenticated=True")
	}
	if r.Owner {
		kw = append(kw, "owner=True")
	}
	if len(r.Roles) > 0 {
		kw = append(kw, "roles="+pyTuple(r.Roles))
	}
	return &pyCall{fn: qual("app.api.deps", "Rule"), args: kw}
}
