package lower

import (
	"fmt"
	"math"
	"strings"

	"github.com/bgen-dev/bgen/ir"
	"github.com/bgen-dev/bgen/naming"
	"github.com/bgen-dev/bgen/spec"
)

func knownType(t ir.Type) bool {
	switch t {
	case ir.String, ir.Text, ir.Int, ir.Float, ir.Decimal, ir.Bool, ir.Date, ir.DateTime, ir.UUID,
		ir.Email, ir.URL, ir.Enum, ir.JSON, ir.Password:
		return true
	}
	return false
}

// lowerField lowers one declared field (of an entity, or an endpoint's
// params, query, body or response) with every type default applied. where
// names it in errors. column is "" for endpoint fields.
func (l *lowerer) lowerField(sf *spec.Field, where string, column bool) *ir.Field {
	if sf == nil {
		l.errf("%s: nil field", where)
		return nil
	}
	f := &ir.Field{
		Name:        sf.Name,
		Ident:       naming.Split(sf.Name),
		Kind:        ir.KindField,
		Type:        ir.Type(sf.Type),
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
		Pos:         l.pos(sf.Pos),
	}
	if column {
		f.Column = f.Ident.Snake()
	}
	if !knownType(f.Type) {
		l.errf("%s: unknown type %q", where, sf.Type)
		return f
	}
	switch f.Type {
	case ir.String:
		if f.MaxLength == nil {
			f.MaxLength = intPtr(ir.DefaultStringMax)
		}
	case ir.Email:
		if f.MaxLength == nil {
			f.MaxLength = intPtr(ir.DefaultEmailMax)
		}
	case ir.Decimal:
		f.Precision, f.Scale = ir.DefaultPrecision, ir.DefaultScale
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
func lowerDefault(f *ir.Field, v any) (*ir.Default, error) {
	if v == nil {
		if f.Type == ir.JSON {
			return &ir.Default{Kind: ir.DefaultLiteral, Value: nil}, nil
		}
		return nil, fmt.Errorf("null is not a default of a %s field", f.Type)
	}
	switch f.Type {
	case ir.DateTime:
		if v == "now" {
			return &ir.Default{Kind: ir.DefaultNow}, nil
		}
	case ir.UUID:
		if v == "uuid" {
			return &ir.Default{Kind: ir.DefaultUUID}, nil
		}
		if s, ok := v.(string); ok {
			return &ir.Default{Kind: ir.DefaultLiteral, Value: strings.ToLower(s)}, nil
		}
	case ir.Int:
		switch x := v.(type) {
		case int64:
			return &ir.Default{Kind: ir.DefaultLiteral, Value: x}, nil
		case int:
			return &ir.Default{Kind: ir.DefaultLiteral, Value: int64(x)}, nil
		case float64:
			if x == math.Trunc(x) && math.Abs(x) < 1<<53 {
				return &ir.Default{Kind: ir.DefaultLiteral, Value: int64(x)}, nil
			}
		}
		return nil, fmt.Errorf("%v is not an int", v)
	case ir.Float:
		switch x := v.(type) {
		case float64:
			return &ir.Default{Kind: ir.DefaultLiteral, Value: x}, nil
		case int64:
			return &ir.Default{Kind: ir.DefaultLiteral, Value: float64(x)}, nil
		case int:
			return &ir.Default{Kind: ir.DefaultLiteral, Value: float64(x)}, nil
		}
		return nil, fmt.Errorf("%v is not a number", v)
	case ir.Decimal:
		s, err := ir.NormalizeDecimal(v, f.Scale)
		if err != nil {
			return nil, err
		}
		return &ir.Default{Kind: ir.DefaultLiteral, Value: s}, nil
	case ir.Bool:
		if b, ok := v.(bool); ok {
			return &ir.Default{Kind: ir.DefaultLiteral, Value: b}, nil
		}
		return nil, fmt.Errorf("%v is not a bool", v)
	case ir.JSON:
		return &ir.Default{Kind: ir.DefaultLiteral, Value: v}, nil
	}
	if s, ok := v.(string); ok {
		return &ir.Default{Kind: ir.DefaultLiteral, Value: s}, nil
	}
	return nil, fmt.Errorf("%v is not a %s", v, f.Type)
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
func idField(t ir.Type) *ir.Field {
	f := &ir.Field{
		Name:     "id",
		Ident:    naming.Split("id"),
		Column:   "id",
		Kind:     ir.KindID,
		Type:     t,
		ReadOnly: true,
	}
	if t == ir.UUID {
		f.Default = &ir.Default{Kind: ir.DefaultUUID}
	}
	return f
}

func timestampField(name string) *ir.Field {
	ident := naming.Split(name)
	return &ir.Field{
		Name:     name,
		Ident:    ident,
		Column:   ident.Snake(),
		Kind:     ir.KindTimestamp,
		Type:     ir.DateTime,
		ReadOnly: true,
		Default:  &ir.Default{Kind: ir.DefaultNow},
	}
}
