package ir

import (
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"

	"github.com/bgen-dev/bgen/naming"
	"github.com/bgen-dev/bgen/spec"
)

func knownType(t Type) bool {
	switch t {
	case String, Text, Int, Float, Decimal, Bool, Date, DateTime, UUID,
		Email, URL, Enum, JSON, Password:
		return true
	}
	return false
}

// lowerField lowers one declared field (of an entity, or an endpoint's
// params, query, body or response) with every type default applied. where
// names it in errors. column is "" for endpoint fields.
func (l *lowerer) lowerField(sf *spec.Field, where string, column bool) *Field {
	if sf == nil {
		l.errf("%s: nil field", where)
		return nil
	}
	f := &Field{
		Name:        sf.Name,
		Ident:       naming.Split(sf.Name),
		Kind:        KindField,
		Type:        Type(sf.Type),
		Description: sf.Description,
		Optional:    sf.Optional,
		Unique:      sf.Unique,
		Index:       sf.Index,
		ReadOnly:    sf.ReadOnly,
		Immutable:   sf.Immutable,
		Min:         copyFloat(sf.Min),
		Max:         copyFloat(sf.Max),
		MinLength:   copyInt(sf.MinLength),
		MaxLength:   copyInt(sf.MaxLength),
		Pattern:     sf.Pattern,
		Values:      append([]string(nil), sf.Values...),
		RenamedFrom: sf.RenamedFrom,
	}
	if column {
		f.Column = f.Ident.Snake()
	}
	if !knownType(f.Type) {
		l.errf("%s: unknown type %q", where, sf.Type)
		return f
	}
	switch f.Type {
	case String:
		if f.MaxLength == nil {
			f.MaxLength = intPtr(DefaultStringMax)
		}
	case Email:
		if f.MaxLength == nil {
			f.MaxLength = intPtr(DefaultEmailMax)
		}
	case Decimal:
		f.Precision, f.Scale = DefaultPrecision, DefaultScale
		if sf.Precision != nil {
			f.Precision = *sf.Precision
		}
		if sf.Scale != nil {
			f.Scale = *sf.Scale
		}
	}
	if sf.Default != nil {
		d, err := lowerDefault(f, sf.Default.Go)
		if err != nil {
			l.errf("%s.default: %v", where, err)
		}
		f.Default = d
	}
	if sf.Example != nil {
		f.Example = sf.Example.Go
	}
	f.Required = !f.Optional && f.Default == nil && !f.ReadOnly
	return f
}

// lowerDefault turns a spec literal into its JSON form for f's type.
func lowerDefault(f *Field, v any) (*Default, error) {
	if v == nil {
		if f.Type == JSON {
			return &Default{Kind: DefaultLiteral, Value: nil}, nil
		}
		return nil, fmt.Errorf("null is not a default of a %s field", f.Type)
	}
	switch f.Type {
	case DateTime:
		if v == "now" {
			return &Default{Kind: DefaultNow}, nil
		}
	case UUID:
		if v == "uuid" {
			return &Default{Kind: DefaultUUID}, nil
		}
		if s, ok := v.(string); ok {
			return &Default{Kind: DefaultLiteral, Value: strings.ToLower(s)}, nil
		}
	case Int:
		switch x := v.(type) {
		case int64:
			return &Default{Kind: DefaultLiteral, Value: x}, nil
		case int:
			return &Default{Kind: DefaultLiteral, Value: int64(x)}, nil
		case float64:
			if x == math.Trunc(x) && math.Abs(x) < 1<<53 {
				return &Default{Kind: DefaultLiteral, Value: int64(x)}, nil
			}
		}
		return nil, fmt.Errorf("%v is not an int", v)
	case Float:
		switch x := v.(type) {
		case float64:
			return &Default{Kind: DefaultLiteral, Value: x}, nil
		case int64:
			return &Default{Kind: DefaultLiteral, Value: float64(x)}, nil
		case int:
			return &Default{Kind: DefaultLiteral, Value: float64(x)}, nil
		}
		return nil, fmt.Errorf("%v is not a number", v)
	case Decimal:
		s, err := normalizeDecimal(v, f.Scale)
		if err != nil {
			return nil, err
		}
		return &Default{Kind: DefaultLiteral, Value: s}, nil
	case Bool:
		if b, ok := v.(bool); ok {
			return &Default{Kind: DefaultLiteral, Value: b}, nil
		}
		return nil, fmt.Errorf("%v is not a bool", v)
	case JSON:
		return &Default{Kind: DefaultLiteral, Value: v}, nil
	}
	if s, ok := v.(string); ok {
		return &Default{Kind: DefaultLiteral, Value: s}, nil
	}
	return nil, fmt.Errorf("%v is not a %s", v, f.Type)
}

// NormalizeDecimal renders a decimal given as a string of digits or a
// number with exactly scale decimals: "12.5" -> "12.50", 0 -> "0.00".
func NormalizeDecimal(v any, scale int) (string, error) { return normalizeDecimal(v, scale) }

func normalizeDecimal(v any, scale int) (string, error) {
	var text string
	switch x := v.(type) {
	case string:
		text = x
	case int64:
		text = strconv.FormatInt(x, 10)
	case int:
		text = strconv.Itoa(x)
	case float64:
		text = strconv.FormatFloat(x, 'f', -1, 64)
	default:
		return "", fmt.Errorf("%v is not a decimal", v)
	}
	if text == "" || strings.ContainsAny(text, "/eE") {
		return "", fmt.Errorf("%q is not a decimal", text)
	}
	r, ok := new(big.Rat).SetString(text)
	if !ok {
		return "", fmt.Errorf("%q is not a decimal", text)
	}
	if scale < 0 {
		scale = 0
	}
	return r.FloatString(scale), nil
}

func copyFloat(p *float64) *float64 {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

func copyInt(p *int) *int {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

func intPtr(v int) *int { return &v }

// idField is an entity's primary key.
func idField(t Type) *Field {
	f := &Field{
		Name:     "id",
		Ident:    naming.Split("id"),
		Column:   "id",
		Kind:     KindID,
		Type:     t,
		ReadOnly: true,
	}
	if t == UUID {
		f.Default = &Default{Kind: DefaultUUID}
	}
	return f
}

func timestampField(name string) *Field {
	ident := naming.Split(name)
	return &Field{
		Name:     name,
		Ident:    ident,
		Column:   ident.Snake(),
		Kind:     KindTimestamp,
		Type:     DateTime,
		ReadOnly: true,
		Default:  &Default{Kind: DefaultNow},
	}
}
