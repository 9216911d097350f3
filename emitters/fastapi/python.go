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

// modelType is the Python type a model column holds.
var modelTypes = map[ir.Type]string{
	ir.String: "str", ir.Text: "str", ir.Email: "str", ir.URL: "str", ir.Enum: "str", ir.Password: "str",
	ir.Int: "int", ir.Float: "float", ir.Decimal: "Decimal", ir.Bool: "bool",
	ir.Date: "date", ir.DateTime: "datetime", ir.UUID: "uuid.UUID", ir.JSON: "JsonValue",
}

// schemaTypes is the Pydantic annotation of a field's wire type.
var schemaTypes = map[ir.Type]string{
	ir.String: "str", ir.Text: "str", ir.Email: "str", ir.URL: "str", ir.Enum: "str", ir.Password: "str",
	ir.Int: "int", ir.Float: "float", ir.Decimal: "DecimalString", ir.Bool: "bool",
	ir.Date: "date", ir.DateTime: "UtcDateTime", ir.UUID: "uuid.UUID", ir.JSON: "JsonValue",
}

// saType is the SQLAlchemy column type that reads and writes bgen's storage.
func saType(t ir.Type, precision, scale int) string {
	switch t {
	case ir.Int:
		return "BigInteger()"
	case ir.Float:
		return "Double()"
	case ir.Decimal:
		return fmt.Sprintf("DecimalText(%d, %d)", precision, scale)
	case ir.Bool:
		return "Boolean()"
	case ir.Date:
		return "DateText()"
	case ir.DateTime:
		return "UTCDateTime()"
	case ir.UUID:
		return "UUIDText()"
	case ir.JSON:
		return "JSONText()"
	case ir.Text, ir.URL:
		return "Text()"
	}
	return "String()"
}

// saImport is the module an saType name comes from.
func saImport(expr string) (module, name string) {
	name = expr[:strings.Index(expr, "(")]
	switch name {
	case "DecimalText", "DateText", "UTCDateTime", "UUIDText", "JSONText":
		return "app.models.types", name
	}
	return "sqlalchemy", name
}

// defaultExpr is a Python callable producing a field's default, or "".
func defaultExpr(f *ir.Field) string {
	if f.Default == nil {
		return ""
	}
	switch f.Default.Kind {
	case ir.DefaultNow:
		return "utc_now"
	case ir.DefaultUUID:
		return "uuid.uuid4"
	}
	v := f.Default.Value
	switch f.Type {
	case ir.Decimal:
		return "lambda: Decimal(" + pyStr(fmt.Sprint(v)) + ")"
	case ir.Date:
		return "lambda: date.fromisoformat(" + pyStr(fmt.Sprint(v)) + ")"
	case ir.DateTime:
		return "lambda: parse_datetime(" + pyStr(fmt.Sprint(v)) + ")"
	case ir.UUID:
		return "lambda: uuid.UUID(" + pyStr(fmt.Sprint(v)) + ")"
	case ir.Float:
		if n, ok := v.(float64); ok {
			return "lambda: " + pyNumber(n)
		}
	}
	return "lambda: " + pyJSON(v)
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

// fromImport is one "from module import a, b" statement, wrapped as ruff
// wraps it.
func fromImport(module string, names []string) string {
	line := "from " + module + " import " + strings.Join(names, ", ")
	if len(line) <= 88 {
		return line
	}
	return "from " + module + " import (\n    " + strings.Join(names, ",\n    ") + ",\n)"
}

// pyAssign is `name = expr` for a Rule(...) call, exploded one keyword per
// line (with ruff's magic trailing comma) when it does not fit in 88 columns.
func pyAssign(name, call string) string {
	line := name + " = " + call
	open := strings.Index(call, "(")
	if len(line) <= 88 || open < 0 || !strings.HasSuffix(call, ")") {
		return line
	}
	args := splitTopLevel(call[open+1 : len(call)-1])
	return name + " = " + pyCall(call[:open], args...)
}

// splitTopLevel splits s at commas outside brackets and strings.
func splitTopLevel(s string) []string {
	var parts []string
	depth, start := 0, 0
	var quote rune
	for i, r := range s {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			}
		case r == '"' || r == '\'':
			quote = r
		case r == '(' || r == '[' || r == '{':
			depth++
		case r == ')' || r == ']' || r == '}':
			depth--
		case r == ',' && depth == 0:
			parts = append(parts, strings.TrimSpace(s[start:i]))
			start = i + 1
		}
	}
	if rest := strings.TrimSpace(s[start:]); rest != "" {
		parts = append(parts, rest)
	}
	return parts
}

// pyCall renders name(args...) exploded one argument per line with a
// trailing comma, which ruff keeps as written.
func pyCall(name string, args ...string) string {
	return name + "(\n    " + strings.Join(args, ",\n    ") + ",\n)"
}
