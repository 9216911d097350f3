package fastapi

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/bgen-dev/bgen/ir"
	"github.com/bgen-dev/bgen/naming"
)

// pyStr is a Python string literal, double-quoted as ruff format writes it.
func pyStr(s string) string {
	var b strings.Builder
	quote := byte('"')
	if strings.Count(s, `"`) > strings.Count(s, "'") {
		quote = '\''
	}
	b.WriteByte(quote)
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == rune(quote):
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte(quote)
	return b.String()
}

// pythonRegexp rewrites a pattern of the RE2/JavaScript common subset for
// Python's re: an unescaped `$` outside a character class becomes `\Z`,
// because Python's `$` also matches before a final newline.
func pythonRegexp(p string) string {
	var b strings.Builder
	escaped, inClass := false, false
	for _, r := range p {
		switch {
		case escaped:
			escaped = false
		case r == '\\':
			escaped = true
		case r == '[':
			inClass = true
		case r == ']':
			inClass = false
		case r == '$' && !inClass:
			b.WriteString(`\Z`)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// pyRawPattern is a regular expression as a Python raw string when it can
// be one, else an ordinary literal.
func pyPattern(s string) string {
	if !strings.ContainsAny(s, "\"\n\r") && !strings.HasSuffix(s, `\`) {
		return `r"` + s + `"`
	}
	return pyStr(s)
}

func pyBool(b bool) string {
	if b {
		return "True"
	}
	return "False"
}

// pyTuple is a tuple of string literals: (), ("a",) or ("a", "b").
func pyTuple(items []string) string {
	switch len(items) {
	case 0:
		return "()"
	case 1:
		return "(" + pyStr(items[0]) + ",)"
	}
	quoted := make([]string, len(items))
	for i, s := range items {
		quoted[i] = pyStr(s)
	}
	return "(" + strings.Join(quoted, ", ") + ")"
}

// pySet is a set literal of strings for frozenset(...): {"a", "b"}, or ()
// when empty.
func pySet(items []string) string {
	if len(items) == 0 {
		return "()"
	}
	quoted := make([]string, len(items))
	for i, s := range items {
		quoted[i] = pyStr(s)
	}
	return "{" + strings.Join(quoted, ", ") + "}"
}

// pyNumber is a float bound as Python writes it.
func pyNumber(f float64) string {
	if f == math.Trunc(f) && math.Abs(f) < 1e15 {
		return strconv.FormatFloat(f, 'f', 1, 64)
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// pyJSON is a JSON value as a Python literal.
func pyJSON(v any) string {
	switch x := v.(type) {
	case nil:
		return "None"
	case bool:
		return pyBool(x)
	case string:
		return pyStr(x)
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1e15 {
			return strconv.FormatInt(int64(x), 10)
		}
		return strconv.FormatFloat(x, 'g', -1, 64)
	case int64:
		return strconv.FormatInt(x, 10)
	case int:
		return strconv.Itoa(x)
	case json.Number:
		return x.String()
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = pyJSON(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = pyStr(k) + ": " + pyJSON(x[k])
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return pyStr(fmt.Sprint(v))
}

// attr is the Python attribute of a field: snake_case, keywords escaped.
func attr(f *ir.Field) string {
	if f.Kind == ir.KindID {
		return "id"
	}
	name := naming.EscapePython(f.Ident.Snake())
	if frameworkReserved[name] {
		name += "_"
	}
	return name
}

// frameworkReserved are attribute names that SQLAlchemy's declarative base
// or Pydantic's BaseModel already use; fields with these names get a "_".
var frameworkReserved = map[string]bool{
	"metadata": true, "registry": true, "json": true, "dict": true, "copy": true,
	"schema": true, "construct": true, "validate": true, "fields": true,
	"model_config": true, "model_fields": true, "model_computed_fields": true,
}

// modelTypes are the Python types model columns hold.
var modelTypes = map[ir.Type]pyCode{
	ir.String: lit("str"), ir.Text: lit("str"), ir.Email: lit("str"), ir.URL: lit("str"), ir.Enum: lit("str"),
	ir.Password: lit("str"), ir.Int: lit("int"), ir.Float: lit("float"), ir.Decimal: qual("decimal", "Decimal"),
	ir.Bool: lit("bool"), ir.Date: qual("datetime", "date"), ir.DateTime: qual("datetime", "datetime"),
	ir.UUID: dot("uuid", "UUID"), ir.JSON: qual("pydantic", "JsonValue"),
}

// schemaTypes are the Pydantic annotations of fields' wire types.
var schemaTypes = map[ir.Type]pyCode{
	ir.String: lit("str"), ir.Text: lit("str"), ir.Email: lit("str"), ir.URL: lit("str"), ir.Enum: lit("str"),
	ir.Password: lit("str"), ir.Int: lit("int"), ir.Float: lit("float"),
	ir.Decimal: qual("app.schemas.types", "DecimalString"), ir.Bool: lit("bool"), ir.Date: qual("datetime", "date"),
	ir.DateTime: qual("app.schemas.types", "UtcDateTime"), ir.UUID: dot("uuid", "UUID"), ir.JSON: qual("pydantic", "JsonValue"),
}

// saType is the SQLAlchemy column type that reads and writes bgen's storage.
func saType(t ir.Type, precision, scale int) pyCode {
	sa := func(name string) pyCode { return codef("%s()", qual("sqlalchemy", name)) }
	bgen := func(name string) pyCode { return codef("%s()", qual("app.models.types", name)) }
	switch t {
	case ir.Int:
		return sa("BigInteger")
	case ir.Float:
		return sa("Double")
	case ir.Decimal:
		return codef("%s(%d, %d)", qual("app.models.types", "DecimalText"), precision, scale)
	case ir.Bool:
		return sa("Boolean")
	case ir.Date:
		return bgen("DateText")
	case ir.DateTime:
		return bgen("UTCDateTime")
	case ir.UUID:
		return bgen("UUIDText")
	case ir.JSON:
		return bgen("JSONText")
	case ir.Text, ir.URL:
		return sa("Text")
	}
	return sa("String")
}

// defaultExpr is a Python callable producing a field's default; ok is
// false when the field has none.
func defaultExpr(f *ir.Field) (c pyCode, ok bool) {
	if f.Default == nil {
		return pyCode{}, false
	}
	switch f.Default.Kind {
	case ir.DefaultNow:
		return qual("app.core.validation", "utc_now"), true
	case ir.DefaultUUID:
		return dot("uuid", "uuid4"), true
	}
	v := f.Default.Value
	switch f.Type {
	case ir.Decimal:
		return codef("lambda: %s(%s)", qual("decimal", "Decimal"), pyStr(fmt.Sprint(v))), true
	case ir.Date:
		return codef("lambda: %s.fromisoformat(%s)", qual("datetime", "date"), pyStr(fmt.Sprint(v))), true
	case ir.DateTime:
		return codef("lambda: %s(%s)", qual("app.core.validation", "parse_datetime"), pyStr(fmt.Sprint(v))), true
	case ir.UUID:
		return codef("lambda: %s(%s)", dot("uuid", "UUID"), pyStr(fmt.Sprint(v))), true
	case ir.Float:
		if n, ok := v.(float64); ok {
			return lit("lambda: " + pyNumber(n)), true
		}
	}
	return lit("lambda: " + pyJSON(v)), true
}

// pyItems renders a tuple of one-line items as ruff formats it: "()",
// "(x,)" for one, else one item per line with a trailing comma. indent is
// the indentation of the line the tuple starts on.
func pyItems(items []string, indent string) string {
	switch len(items) {
	case 0:
		return "()"
	case 1:
		if !strings.Contains(items[0], "\n") {
			return "(" + items[0] + ",)"
		}
	}
	var b strings.Builder
	b.WriteString("(\n")
	for _, it := range items {
		b.WriteString(indent + "    " + strings.ReplaceAll(it, "\n", "\n"+indent+"    ") + ",\n")
	}
	b.WriteString(indent + ")")
	return b.String()
}

// pyFrozenset renders frozenset({...}) exploded, as ruff keeps it.
func pyFrozenset(items []string) string {
	if len(items) == 0 {
		return "frozenset()"
	}
	var b strings.Builder
	b.WriteString("frozenset(\n    {\n")
	for _, it := range items {
		b.WriteString("        " + pyStr(it) + ",\n")
	}
	b.WriteString("    }\n)")
	return b.String()
}

// pyAssign is `name = fn(args...)`, exploded one argument per line (with
// ruff's magic trailing comma) when it does not fit in 88 columns.
func pyAssign(name, fn string, args []string) string {
	line := name + " = " + fn + "(" + strings.Join(args, ", ") + ")"
	if len(line) <= 88 || len(args) == 0 {
		return line
	}
	return name + " = " + fn + "(\n    " + strings.Join(args, ",\n    ") + ",\n)"
}
