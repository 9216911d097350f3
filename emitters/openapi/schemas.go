package openapi

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/bgen-dev/bgen/ir"
)

// mode says where a field's schema is used; it decides nullability,
// constraints, defaults and the readOnly/writeOnly markers.
type mode int

const (
	// modeRead: a response body. Every optional field is nullable, and
	// values are in their canonical output form (lower-case uuids,
	// datetimes with exactly three fraction digits, decimals with exactly
	// scale digits).
	modeRead mode = iota
	// modeCreate: a create, register or custom endpoint body.
	modeCreate
	// modeUpdate: a partial update body: no defaults.
	modeUpdate
	// modeParam: a custom endpoint's path or query parameter: never null.
	modeParam
	// modeFilter: a list filter value: parsed by the field's type only, so
	// it carries type, format and enum but no range or length constraints.
	modeFilter
)

// Response forms the targets write (docs/conventions.md): bgen's own
// patterns, so that the conformance suite catches a target that answers
// "2026-01-02T03:04:05+00:00" or an upper-case uuid.
const (
	dateTimeOutPattern = `^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z$`
	uuidOutPattern     = `^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`
)

// decimalPattern is the wire form of a decimal: in requests at most scale
// decimals, in responses exactly scale. A decimal whose minimum is not
// negative takes no sign.
func decimalPattern(f *ir.Field, m mode) string {
	sign := "-?"
	if f.Min != nil && *f.Min >= 0 {
		sign = ""
	}
	if f.Scale <= 0 {
		return fmt.Sprintf(`^%s\d+$`, sign)
	}
	if m == modeRead {
		return fmt.Sprintf(`^%s\d+\.\d{%d}$`, sign, f.Scale)
	}
	return fmt.Sprintf(`^%s\d+(\.\d{1,%d})?$`, sign, f.Scale)
}

// jsonType is the JSON Schema type of a field type; "" for json (any).
func jsonType(t ir.Type) string {
	switch t {
	case ir.Int:
		return "integer"
	case ir.Float:
		return "number"
	case ir.Bool:
		return "boolean"
	case ir.JSON:
		return ""
	}
	return "string"
}

// fieldSchema is the JSON Schema of one field in mode m. readOnly marks the
// field readOnly (in responses only).
func fieldSchema(f *ir.Field, m mode, readOnly bool) *object {
	s := newObject()
	t := jsonType(f.Type)
	nullable := f.Optional && (m == modeRead || m == modeCreate || m == modeUpdate)
	if t != "" {
		if nullable {
			s.set("type", []any{t, "null"})
		} else {
			s.set("type", t)
		}
	}
	switch f.Type {
	case ir.Int:
		s.set("format", "int64")
	case ir.Float:
		s.set("format", "double")
	case ir.Email:
		s.set("format", "email")
	case ir.URL:
		s.set("format", "uri")
	case ir.Password:
		s.set("format", "password")
	case ir.Date:
		s.set("format", "date")
	case ir.DateTime:
		s.set("format", "date-time")
		if m == modeRead {
			s.set("pattern", dateTimeOutPattern)
		}
	case ir.UUID:
		s.set("format", "uuid")
		if m == modeRead {
			s.set("pattern", uuidOutPattern)
		}
	case ir.Decimal:
		s.set("format", "decimal")
		s.set("pattern", decimalPattern(f, m))
	case ir.Enum:
		values := make([]any, 0, len(f.Values)+1)
		for _, v := range f.Values {
			values = append(values, v)
		}
		if nullable {
			values = append(values, nil)
		}
		s.set("enum", values)
	}
	if f.Description != "" {
		s.set("description", f.Description)
	}
	if m != modeFilter {
		if f.Type == ir.Int || f.Type == ir.Float {
			if f.Min != nil {
				s.set("minimum", number(*f.Min, f.Type))
			}
			if f.Max != nil {
				s.set("maximum", number(*f.Max, f.Type))
			}
		}
		if f.Type.IsString() {
			if f.MinLength != nil {
				s.set("minLength", *f.MinLength)
			}
			if f.MaxLength != nil {
				s.set("maxLength", *f.MaxLength)
			}
			if f.Pattern != "" {
				s.set("pattern", f.Pattern)
			}
		}
	}
	if (m == modeCreate || m == modeParam) && f.Default != nil && f.Default.Kind == ir.DefaultLiteral {
		s.set("default", f.Default.Value)
	}
	if f.Example != nil && m != modeFilter {
		s.set("examples", []any{f.Example})
	}
	if m == modeRead && readOnly {
		s.set("readOnly", true)
	}
	if f.Type == ir.Password && (m == modeCreate || m == modeUpdate) {
		s.set("writeOnly", true)
	}
	return s
}

// number writes an int field's bound as an integer.
func number(v float64, t ir.Type) any {
	if t == ir.Int && v == float64(int64(v)) {
		return int64(v)
	}
	return v
}

// isReadOnly reports whether a field of e is set only by the server.
func isReadOnly(e *ir.Entity, f *ir.Field) bool {
	if f.ReadOnly || f.Kind == ir.KindID || f.Kind == ir.KindTimestamp {
		return true
	}
	return e.Owner != nil && e.Owner.Key != nil && e.Owner.Key == f
}

// objectSchema is a closed object of fields. With allRequired every field
// is required (responses); otherwise the fields whose Required is set.
func objectSchema(fields []*ir.Field, m mode, allRequired bool, readOnly func(*ir.Field) bool) *object {
	props := newObject()
	var required []any
	for _, f := range fields {
		props.set(f.Name, fieldSchema(f, m, readOnly != nil && readOnly(f)))
		if allRequired || (m == modeCreate && f.Required) {
			required = append(required, f.Name)
		}
	}
	s := obj("type", "object", "properties", props)
	if len(required) > 0 {
		s.set("required", required)
	}
	s.set("additionalProperties", false)
	return s
}

// readSchema is the resource E: every Read field, all present.
func readSchema(e *ir.Entity) *object {
	s := objectSchema(e.Read, modeRead, true, func(f *ir.Field) bool { return isReadOnly(e, f) })
	if e.Description != "" {
		s = prepend(s, "description", e.Description)
	}
	return s
}

// prepend returns o with key first.
func prepend(o *object, key string, v any) *object {
	n := obj(key, v)
	for _, k := range o.keys {
		n.set(k, o.vals[k])
	}
	return n
}

// idSchema is the schema of an {id} path parameter naming a row of e.
func idSchema(e *ir.Entity) *object {
	if e.IDType == ir.UUID {
		return obj("type", "string", "format", "uuid")
	}
	return obj("type", "integer", "format", "int64")
}

// pageSchema is the list envelope of e.
func pageSchema(api *ir.API, e *ir.Entity) *object {
	return obj(
		"type", "object",
		"properties", obj(
			"items", obj("type", "array", "items", ref(e.Name.Pascal())),
			"total", obj("type", "integer", "minimum", 0),
			"limit", obj("type", "integer", "minimum", 1, "maximum", api.MaxLimit),
			"offset", obj("type", "integer", "minimum", 0),
		),
		"required", []any{"items", "total", "limit", "offset"},
		"additionalProperties", false,
	)
}

func ref(schema string) *object {
	return obj("$ref", "#/components/schemas/"+schema)
}

// errorCodes are the contract's field error codes.
func errorCodes() []any {
	return []any{
		"required", "type", "format", "min", "max", "minLength", "maxLength",
		"pattern", "enum", "unknown", "readOnly", "immutable", "unique",
		"reference", "referenced",
	}
}

func problemSchema(errorsRequired bool) *object {
	required := []any{"type", "title", "status", "detail"}
	if errorsRequired {
		required = append(required, "errors")
	}
	return obj(
		"type", "object",
		"description", "RFC 9457 problem details.",
		"properties", obj(
			"type", obj("type", "string", "enum", []any{"about:blank"}),
			"title", obj("type", "string"),
			"status", obj("type", "integer", "minimum", 400, "maximum", 599),
			"detail", obj("type", "string"),
			"errors", obj("type", "array", "items", ref("FieldError")),
		),
		"required", required,
		"additionalProperties", false,
	)
}

func fieldErrorSchema() *object {
	return obj(
		"type", "object",
		"properties", obj(
			"field", obj("type", "string"),
			"code", obj("type", "string", "enum", errorCodes()),
			"message", obj("type", "string"),
		),
		"required", []any{"field", "code", "message"},
		"additionalProperties", false,
	)
}

func tokenSchema(a *ir.Auth) *object {
	expires := obj("type", "integer", "minimum", 1)
	if a.TokenTTLSeconds > 0 {
		expires.set("examples", []any{a.TokenTTLSeconds})
	}
	return obj(
		"type", "object",
		"properties", obj(
			"accessToken", obj("type", "string"),
			"tokenType", obj("type", "string", "enum", []any{"bearer"}),
			"expiresIn", expires,
		),
		"required", []any{"accessToken", "tokenType", "expiresIn"},
		"additionalProperties", false,
	)
}

// loginSchema takes the identity and the password. Neither carries the
// field's constraints: a login that does not match is a 401, not a 422.
func loginSchema(a *ir.Auth) *object {
	identity := obj("type", "string")
	if a.Identity != nil {
		if t := jsonType(a.Identity.Type); t != "" {
			identity = obj("type", t)
		}
	}
	return obj(
		"type", "object",
		"properties", obj(
			a.IdentityName, identity,
			a.PasswordName, obj("type", "string", "format", "password", "writeOnly", true),
		),
		"required", []any{a.IdentityName, a.PasswordName},
		"additionalProperties", false,
	)
}

func healthSchema() *object {
	return obj(
		"type", "object",
		"properties", obj("status", obj("type", "string", "enum", []any{"ok"})),
		"required", []any{"status"},
		"additionalProperties", false,
	)
}

// sortPattern accepts a comma-separated list of sortable names, each
// optionally prefixed by "-".
func sortPattern(names []string) string {
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = regexp.QuoteMeta(n)
	}
	one := "-?(" + strings.Join(quoted, "|") + ")"
	return "^" + one + "(," + one + ")*$"
}
