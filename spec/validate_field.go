package spec

import (
	"fmt"
	"math"
	"math/big"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"cuelang.org/go/cue"
	"cuelang.org/go/cue/ast"
	"cuelang.org/go/cue/token"
)

// fieldContext says where a field is declared; each place allows a
// different set of types and options.
type fieldContext int

const (
	fieldEntity fieldContext = iota
	fieldParam
	fieldQuery
	fieldBody
	fieldResponse
)

func (x fieldContext) String() string {
	return [...]string{"an entity field", "a path parameter", "a query field", "a body field", "a response field"}[x]
}

var fieldTypes = []string{"string", "text", "int", "float", "decimal", "bool", "date", "datetime", "uuid", "email", "url", "enum", "json", "password"}

var (
	numericTypes = []string{"int", "float", "decimal"}
	lengthTypes  = []string{"string", "text", "password", "email", "url"}
	patternTypes = []string{"string", "text", "email", "url"}
)

// optionTypes lists, for each type-bound option, the types it fits.
var optionTypes = []struct {
	name  string
	types []string
}{
	{"min", numericTypes},
	{"max", numericTypes},
	{"minLength", lengthTypes},
	{"maxLength", lengthTypes},
	{"pattern", patternTypes},
	{"values", []string{"enum"}},
	{"precision", []string{"decimal"}},
	{"scale", []string{"decimal"}},
}

var (
	decimalRE = regexp.MustCompile(`^[+-]?([0-9]+)(\.([0-9]+))?$`)
	uuidRE    = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
)

// given lists the options written on f (true booleans only).
func given(f *Field, l loc) map[string]bool {
	g := map[string]bool{
		"optional":    f.Optional,
		"unique":      f.Unique,
		"index":       f.Index,
		"readOnly":    f.ReadOnly,
		"immutable":   f.Immutable,
		"default":     f.Default != nil,
		"min":         f.Min != nil,
		"max":         f.Max != nil,
		"minLength":   f.MinLength != nil,
		"maxLength":   f.MaxLength != nil,
		"pattern":     f.Pattern != "" || l.has("pattern"),
		"values":      f.Values != nil,
		"precision":   f.Precision != nil,
		"scale":       f.Scale != nil,
		"renamedFrom": f.RenamedFrom != "" || l.has("renamedFrom"),
	}
	return g
}

// notIn lists options that a context does not accept at all.
var notIn = map[fieldContext][]string{
	fieldParam:    {"optional", "default", "unique", "index", "readOnly", "immutable", "renamedFrom"},
	fieldQuery:    {"unique", "index", "readOnly", "immutable", "renamedFrom"},
	fieldBody:     {"unique", "index", "readOnly", "immutable", "renamedFrom"},
	fieldResponse: {"default", "unique", "index", "readOnly", "immutable", "renamedFrom"},
}

func (c *checker) field(f *Field, l loc, ctx fieldContext) {
	if !memberNameRE.MatchString(f.Name) {
		c.errorf(l, "%q is not a valid name: want camelCase (like firstName)", f.Name)
	}
	if c.typeUnknown(l) {
		return // CUE rejected the field or its type: nothing below is meaningful
	}
	if c.t != nil && l.v.Exists() && l.v.IncompleteKind() != cue.StringKind && !l.has("type") {
		// CUE does not say a type is missing when the field also has a key
		// it does not allow (neither a type name nor a #FieldDef fits)
		c.errorf(l.key("type"), "field is required but not present")
		return
	}
	tl := l.key("type")
	if l.v.Exists() && l.v.Kind() == cue.StringKind {
		// shorthand `body: "text"`: the type is the value itself
		tl = loc{path: l.path, v: l.v, pos: valuePos(l.v, l.pos)}
	}
	if !slices.Contains(fieldTypes, f.Type) {
		c.errorf(tl, "unknown type %q: want one of %s", f.Type, strings.Join(fieldTypes, ", "))
		return
	}
	switch {
	case ctx == fieldParam && !slices.Contains([]string{"int", "uuid", "string"}, f.Type):
		c.errorf(tl, "a path parameter must be int, uuid or string, not %s", f.Type)
	case ctx == fieldQuery && slices.Contains([]string{"json", "password", "text"}, f.Type):
		c.errorf(tl, "a query field cannot be of type %s", f.Type)
	case ctx == fieldResponse && f.Type == "password":
		c.errorf(tl, "a response field cannot be of type password: passwords are never returned")
	}
	g := given(f, l)
	for opt := range g {
		if c.unknown(l, opt) {
			g[opt] = false // CUE rejected it: its own error is the one to fix
		}
	}
	// constraintsSure: every constraint a default is checked against is
	// known (none rejected by CUE, none possibly under a misspelt key)
	constraintsSure := !c.unsure(l, "min", "max", "minLength", "maxLength", "pattern", "values", "precision", "scale")
	for _, opt := range notIn[ctx] {
		if g[opt] {
			c.errorf(l.key(opt), "%s is not allowed on %s", opt, ctx)
			g[opt] = false
		}
	}
	for _, o := range optionTypes {
		if g[o.name] && !slices.Contains(o.types, f.Type) {
			c.errorf(l.key(o.name), "%s is not allowed on %s field (only on %s)", o.name, article(f.Type), strings.Join(o.types, ", "))
			g[o.name] = false
		}
	}
	if (g["unique"] || g["index"]) && (f.Type == "json" || f.Type == "password") {
		for _, opt := range []string{"unique", "index"} {
			if g[opt] {
				c.errorf(l.key(opt), "%s is not allowed on %s field", opt, article(f.Type))
				g[opt] = false
			}
		}
	}
	if f.Type == "password" {
		if g["default"] {
			c.errorf(l.key("default"), "a password field cannot have a default")
			g["default"] = false
		}
		if g["readOnly"] {
			c.errorf(l.key("readOnly"), "a password field cannot be readOnly")
		}
	}
	if g["readOnly"] && g["immutable"] {
		c.errorf(l.key("immutable"), "a field cannot be both readOnly and immutable (readOnly fields are never written by clients)")
	} else if g["readOnly"] && !f.Optional && f.Default == nil && f.Type != "password" && !c.unsure(l, "optional", "default") {
		c.errorf(l.key("readOnly"), "a readOnly field needs a default or optional: true (nothing could ever set it)")
	}
	if g["renamedFrom"] && !memberNameRE.MatchString(f.RenamedFrom) {
		c.errorf(l.key("renamedFrom"), "%q is not a valid field name", f.RenamedFrom)
	}

	// numbers
	if g["min"] || g["max"] {
		if f.Type == "int" {
			for _, opt := range []string{"min", "max"} {
				p := f.Min
				if opt == "max" {
					p = f.Max
				}
				if g[opt] && !isInt(l.key(opt).v, *p) {
					c.errorf(l.key(opt), "%s of an int field must be an integer, got %s", opt, source(l.key(opt).v, *p))
				}
			}
		}
		if g["min"] && g["max"] && *f.Min > *f.Max {
			c.errorf(l.key("min"), "min (%v) is greater than max (%v)", num(*f.Min), num(*f.Max))
		}
	}
	// lengths
	minLen, maxLen := 0, -1
	if f.Type == "string" {
		maxLen = 255
	} else if f.Type == "email" {
		maxLen = 254
	} else if f.Type == "password" {
		maxLen = maxPasswordBytes
	}
	if g["minLength"] {
		minLen = *f.MinLength
		if minLen < 0 {
			c.errorf(l.key("minLength"), "minLength must be 0 or more, got %d", minLen)
		}
	}
	if g["maxLength"] {
		maxLen = *f.MaxLength
		if maxLen < 1 {
			c.errorf(l.key("maxLength"), "maxLength must be at least 1, got %d", maxLen)
		}
		if f.Type == "password" && maxLen > maxPasswordBytes {
			c.errorf(l.key("maxLength"), "maxLength of a password must be at most %d (bcrypt reads no further than %d bytes), got %d", maxPasswordBytes, maxPasswordBytes, maxLen)
		}
	}
	if minLen >= 0 && maxLen >= 1 && minLen > maxLen && !c.unsure(l, "minLength", "maxLength") {
		if g["maxLength"] {
			c.errorf(l.key("minLength"), "minLength (%d) is greater than maxLength (%d)", minLen, maxLen)
		} else {
			c.errorf(l.key("minLength"), "minLength (%d) is greater than the default maxLength of a %s field (%d)", minLen, f.Type, maxLen)
		}
	}
	// pattern
	var re *regexp.Regexp
	if g["pattern"] {
		var err error
		re, err = checkPattern(f.Pattern)
		if err != nil {
			c.errorf(l.key("pattern"), "%v", err)
		}
	}
	// enum
	if f.Type == "enum" && !c.unsure(l, "values") {
		c.enumValues(f, l)
	}
	// decimal
	precision, scale := defaultPrecision, defaultScale
	if f.Type == "decimal" {
		if g["precision"] {
			precision = *f.Precision
			if precision < 1 || precision > 1000 {
				c.errorf(l.key("precision"), "precision must be between 1 and 1000, got %d", precision)
			}
		}
		if g["scale"] {
			scale = *f.Scale
		}
		if (scale < 0 || scale > precision) && precision >= 1 && precision <= 1000 && !c.unsure(l, "precision", "scale") {
			k := "scale"
			if !g["scale"] {
				k = "precision"
			}
			c.errorf(l.key(k), "scale (%d) must be between 0 and precision (%d)", scale, precision)
		}
	}
	lim := limits{f: f, g: g, minLen: minLen, maxLen: maxLen, re: re, precision: precision, scale: scale}
	if g["default"] && constraintsSure {
		c.literal(f, f.Default, l.key("default"), lim, true)
	}
	if f.Example != nil {
		c.literal(f, f.Example, l.key("example"), lim, false)
	}
}

func (c *checker) enumValues(f *Field, l loc) {
	vl := l.key("values")
	if f.Values == nil {
		c.errorf(l.key("type"), "an enum field needs values")
		return
	}
	if len(f.Values) == 0 {
		c.errorf(vl, "values must not be empty")
		return
	}
	seen := map[string]bool{}
	for i, v := range f.Values {
		switch {
		case v == "":
			c.errorf(vl.idx(i), "an enum value must not be empty")
		case seen[v]:
			c.errorf(vl.idx(i), "value %q is listed twice", v)
		}
		seen[v] = true
	}
}

func isInt(v cue.Value, f float64) bool {
	if v.Exists() {
		return v.Kind() == cue.IntKind
	}
	return f == math.Trunc(f)
}

// valuePos is the position of a field's value (not its key), when known.
func valuePos(v cue.Value, fallback token.Pos) token.Pos {
	if f, ok := v.Source().(*ast.Field); ok && f.Value != nil {
		if p := f.Value.Pos(); p.IsValid() {
			return p
		}
	}
	return fallback
}

// article puts "a" or "an" before a type name.
func article(typ string) string {
	switch typ {
	case "int", "enum", "email":
		return "an " + typ
	}
	return "a " + typ
}

// source prints a number as the user wrote it, when known.
func source(v cue.Value, f float64) string {
	if v.Exists() {
		return fmt.Sprint(v)
	}
	return fmt.Sprint(f)
}

// num prints a bound without a useless fraction.
func num(f float64) string {
	if f == math.Trunc(f) && math.Abs(f) < 1e15 {
		return fmt.Sprintf("%d", int64(f))
	}
	return fmt.Sprint(f)
}

// limits are a field's constraints with defaults applied.
type limits struct {
	f                *Field
	g                map[string]bool
	minLen, maxLen   int
	re               *regexp.Regexp
	precision, scale int
}

// literal checks a default (all constraints) or an example (JSON type only).
func (c *checker) literal(f *Field, lit *Literal, l loc, lim limits, isDefault bool) {
	what := "example"
	if isDefault {
		what = "default"
	}
	if lit.Pos.IsValid() {
		l.pos = lit.Pos
	}
	v := lit.Go
	if f.Type == "json" {
		return
	}
	var n float64 // numeric value, for min/max
	switch f.Type {
	case "int":
		i, ok := v.(int64)
		if !ok {
			c.errorf(l, "%s of an int field must be an integer, got %s", what, describe(v))
			return
		}
		n = float64(i)
	case "float":
		switch x := v.(type) {
		case int64:
			n = float64(x)
		case float64:
			n = x
		default:
			c.errorf(l, "%s of a float field must be a number, got %s", what, describe(v))
			return
		}
	case "bool":
		if _, ok := v.(bool); !ok {
			c.errorf(l, "%s of a bool field must be true or false, got %s", what, describe(v))
		}
		return
	default:
		s, ok := v.(string)
		if !ok {
			c.errorf(l, "%s of a %s field must be a string, got %s", what, f.Type, describe(v))
			return
		}
		if !isDefault {
			return
		}
		if msg := c.format(f, s, lim); msg != "" {
			c.errorf(l, "default %q %s", s, msg)
			return
		}
		if f.Type == "decimal" {
			r, _ := new(big.Rat).SetString(s)
			n, _ = r.Float64()
		} else {
			return
		}
	}
	if !isDefault {
		return
	}
	if lim.g["min"] && n < *f.Min {
		c.errorf(l, "default %v is less than min (%v)", literalString(v), num(*f.Min))
	}
	if lim.g["max"] && n > *f.Max {
		c.errorf(l, "default %v is greater than max (%v)", literalString(v), num(*f.Max))
	}
}

// format checks a string default against the field's type and string
// constraints; it returns what is wrong, or "".
func (c *checker) format(f *Field, s string, lim limits) string {
	switch f.Type {
	case "decimal":
		m := decimalRE.FindStringSubmatch(s)
		if m == nil {
			return "is not a decimal: want digits with an optional sign and decimal point, like \"12.50\""
		}
		if len(m[3]) > lim.scale {
			return fmt.Sprintf("has more than %d decimals (scale)", lim.scale)
		}
		if digits := len(strings.TrimLeft(m[1], "0")); digits > lim.precision-lim.scale {
			return fmt.Sprintf("has more than %d digits before the point (precision %d, scale %d)", lim.precision-lim.scale, lim.precision, lim.scale)
		}
		return ""
	case "date":
		if _, err := time.Parse("2006-01-02", s); err != nil {
			return "is not a date: want YYYY-MM-DD"
		}
		return ""
	case "datetime":
		if s == "now" {
			return ""
		}
		if _, err := time.Parse(time.RFC3339Nano, s); err != nil {
			return "is not a datetime: want RFC 3339 (like 2026-01-31T12:00:00Z) or \"now\""
		}
		return ""
	case "uuid":
		if s == "uuid" || uuidRE.MatchString(s) {
			return ""
		}
		return "is not a UUID: want 8-4-4-4-12 hex digits or \"uuid\""
	case "enum":
		if !slices.Contains(lim.f.Values, s) {
			return fmt.Sprintf("is not one of values (%s)", strings.Join(lim.f.Values, ", "))
		}
		return ""
	case "email":
		if !validEmail(s) {
			return "is not an email address"
		}
	case "url":
		if !validURL(s) {
			return "is not an http or https URL"
		}
	}
	// string, text, email, url
	n := utf8.RuneCountInString(s)
	if n < lim.minLen {
		return fmt.Sprintf("is shorter than minLength (%d)", lim.minLen)
	}
	if lim.maxLen >= 1 && n > lim.maxLen {
		return fmt.Sprintf("is longer than maxLength (%d)", lim.maxLen)
	}
	if lim.re != nil && !lim.re.MatchString(s) {
		return fmt.Sprintf("does not match pattern %q", lim.f.Pattern)
	}
	return ""
}

// validEmail is the contract's rule: one @, a non-empty local part, a
// domain with a dot, no spaces, at most 254 characters.
func validEmail(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	return ok && local != "" && !strings.Contains(domain, "@") &&
		strings.Contains(domain, ".") && !strings.ContainsAny(s, " \t\r\n") && len(s) <= 254
}

func validURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

func describe(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return fmt.Sprintf("the string %q", x)
	case int64:
		return fmt.Sprintf("the integer %d", x)
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1e15 {
			return fmt.Sprintf("the number %.1f", x)
		}
		return fmt.Sprintf("the number %v", x)
	case bool:
		return fmt.Sprintf("%v", x)
	case []any:
		return "a list"
	case map[string]any:
		return "a struct"
	}
	return fmt.Sprintf("%v", v)
}

func literalString(v any) string {
	if s, ok := v.(string); ok {
		return fmt.Sprintf("%q", s)
	}
	return fmt.Sprint(v)
}

// maxPasswordBytes is bcrypt's limit: it reads no further, so every target
// refuses a longer password (docs/conventions.md).
const maxPasswordBytes = 72
