package sample

import (
	"encoding/json"
	"math"
	"math/big"
	"strings"

	"github.com/bgen-dev/bgen/ir"
)

// Invalid is one bad value with the code it must be reported with.
type Invalid struct {
	Name  string // for a subtest: "type:string"
	Value any
	Code  string
}

// Invalids returns bad values for f, each failing one check and reported
// with its code, in the order of the checks of docs/conventions.md (type,
// enum, format, min, max, minLength, maxLength, pattern). A value fails
// only its own check where f's other rules allow it (a pattern value has
// a valid length).
func Invalids(f *ir.Field) []Invalid {
	var out []Invalid
	add := func(name string, v any, code string) { out = append(out, Invalid{name, v, code}) }
	switch f.Type {
	case ir.String, ir.Text, ir.Email, ir.URL, ir.Password, ir.Enum, ir.Date, ir.DateTime, ir.UUID:
		add("type:number", 5, "type")
		add("type:bool", true, "type")
		add("type:object", map[string]any{"a": 1}, "type")
	case ir.Decimal:
		add("type:number", 12.5, "type")
		add("type:bool", false, "type")
	case ir.Int:
		add("type:string", "5", "type")
		add("type:fraction", 1.5, "type")
		add("type:bool", true, "type")
		// Ints are 64-bit: a larger number is not an int, whatever max says.
		add("type:int64", json.Number("9223372036854775808"), "type")
		add("type:exponent", json.Number("1e30"), "type")
	case ir.Float:
		add("type:string", "1.5", "type")
		add("type:bool", true, "type")
	case ir.Bool:
		add("type:int", 1, "type")
		add("type:string", "true", "type")
	}
	switch f.Type {
	case ir.Enum:
		add("enum", "not-a-value", "enum")
		if len(f.Values) > 0 {
			add("enum:case", strings.ToUpper(f.Values[0])+"X", "enum")
		}
	case ir.Email:
		for _, s := range []string{"no-at-sign", "a@b", "two@@example.com", "sp ace@example.com", "@example.com"} {
			add("format:"+s, s, "format")
		}
	case ir.URL:
		for _, s := range []string{"ftp://example.com/x", "example.com", "not a url", "https://"} {
			add("format:"+s, s, "format")
		}
	case ir.Date:
		for _, s := range []string{"2026-02-30", "2026-1-5", "05/01/2026", "2026-01-05T00:00:00Z"} {
			add("format:"+s, s, "format")
		}
	case ir.DateTime:
		for _, s := range []string{"2026-01-05", "yesterday", "2026-01-05T25:00:00Z", "2026-01-05 10:00:00"} {
			add("format:"+s, s, "format")
		}
	case ir.UUID:
		for _, s := range []string{"not-a-uuid", "12345678-1234-1234-1234-12345678901", "1234567812341234123412345678901z"} {
			add("format:"+s, s, "format")
		}
	case ir.String, ir.Text, ir.Password:
		// PostgreSQL's text cannot hold U+0000, so no target takes it.
		add("format:nul", "a\x00b", "format")
	case ir.JSON:
		add("format:nul", map[string]any{"a": "x\x00y"}, "format")
	case ir.Decimal:
		add("format:scale", "1."+strings.Repeat("1", f.Scale+1), "format")
		add("format:letters", "abc", "format")
		add("format:exponent", "1e3", "format")
		// More whole digits than precision - scale: the column cannot hold it.
		add("format:precision", "1"+strings.Repeat("0", f.Precision-f.Scale), "format")
		add("format:huge", strings.Repeat("9", f.Precision+30), "format")
	}
	one := big.NewRat(1, 1)
	if f.Min != nil {
		switch f.Type {
		case ir.Int:
			add("min", int64(math.Ceil(*f.Min))-1, "min")
		case ir.Float:
			add("min", *f.Min-0.5, "min")
		case ir.Decimal:
			if lo, ok := ratOf(*f.Min); ok {
				add("min", DecimalString(lo.Sub(lo, one), f.Scale), "min")
			}
		}
	}
	if f.Max != nil {
		switch f.Type {
		case ir.Int:
			add("max", int64(math.Floor(*f.Max))+1, "max")
		case ir.Float:
			add("max", *f.Max+0.5, "max")
		case ir.Decimal:
			if hi, ok := ratOf(*f.Max); ok {
				add("max", DecimalString(hi.Add(hi, one), f.Scale), "max")
			}
		}
	}
	if f.Type.IsString() && f.Type != ir.Email && f.Type != ir.URL {
		if f.MinLength != nil && *f.MinLength > 0 {
			add("minLength", strings.Repeat("a", *f.MinLength-1), "minLength")
		}
		if f.MaxLength != nil {
			add("maxLength", strings.Repeat("a", *f.MaxLength+1), "maxLength")
		}
	}
	if f.Type == ir.Email && f.MaxLength != nil {
		local := strings.Repeat("a", max(1, *f.MaxLength+1-len("@example.com")))
		s := local + "@example.com"
		switch {
		case len(s) <= 254 && len(local) <= 64:
			add("maxLength", s, "maxLength")
		case len(s) > 254:
			// Too long to be an address at all: format comes first.
			add("maxLength", s, "format")
		}
		// A local part over 64 is not refused by every validator, so
		// only the overall limit is relied on.
	}
	if f.Pattern != "" && f.Type.IsString() {
		if re := compiled(f.Pattern); re != nil {
			for _, c := range []string{"!", "A", "a", "0", " "} {
				s := FitLength(f, c, []rune(c)[0])
				if !re.MatchString(s) && (f.MinLength == nil || len(s) >= *f.MinLength) && (f.MaxLength == nil || len(s) <= *f.MaxLength) {
					add("pattern", s, "pattern")
					break
				}
			}
		}
	}
	return out
}
