package conformance

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	mrand "math/rand/v2"
	"os"
	"regexp"
	"regexp/syntax"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/bgen-dev/bgen/ir"
)

// Gen makes field values: valid ones that are distinct on every call, and
// invalid ones for each validation code.
type Gen struct {
	seq  atomic.Int64
	seed uint64
	tag  string // distinguishes this run's values
	rand *mrand.Rand
}

// newGen seeds the generator from BGEN_CONFORMANCE_SEED when it is set
// (each run logs its seed, so a failure can be replayed), else at random.
func newGen() *Gen {
	var seed [8]byte
	_, _ = rand.Read(seed[:])
	s := new(big.Int).SetBytes(seed[:]).Uint64()
	if v, err := strconv.ParseUint(os.Getenv("BGEN_CONFORMANCE_SEED"), 10, 64); err == nil {
		s = v
	}
	return &Gen{seed: s, tag: fmt.Sprintf("%04x", s%0xffff), rand: mrand.New(mrand.NewPCG(s, s>>7))}
}

func (g *Gen) next() int64 { return g.seq.Add(1) }

// newUUID returns a random lower-case v4 UUID.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// fits reports whether a string value satisfies the field's string rules.
func fits(f *ir.Field, s string) bool {
	n := len([]rune(s))
	if f.MinLength != nil && n < *f.MinLength {
		return false
	}
	if f.MaxLength != nil && n > *f.MaxLength {
		return false
	}
	if f.Pattern != "" {
		re, err := regexp.Compile(f.Pattern)
		if err != nil || !re.MatchString(s) {
			return false
		}
	}
	return true
}

// Valid returns a valid value for f, distinct from earlier ones where the
// type allows.
func (g *Gen) Valid(f *ir.Field) any {
	n := g.next()
	switch f.Type {
	case ir.String, ir.Text:
		if f.Pattern != "" {
			return g.fromPattern(f, n)
		}
		return fitLength(f, fmt.Sprintf("v%s%d", g.tag, n), 'x')
	case ir.Password:
		return fitLength(f, fmt.Sprintf("Secret%s%d", g.tag, n), 'p')
	case ir.Email:
		s := fmt.Sprintf("u%s%d@example.com", g.tag, n)
		if f.Pattern != "" {
			return g.fromPattern(f, n)
		}
		return s
	case ir.URL:
		return fmt.Sprintf("https://example.com/p/%s%d", g.tag, n)
	case ir.Int:
		lo, hi := bounds(f, -1e6, 1e6)
		span := int64(hi-lo) + 1
		if span <= 0 {
			span = 1
		}
		return int64(lo) + (n*7919)%span
	case ir.Float:
		lo, hi := bounds(f, -1e6, 1e6)
		v := lo + math.Mod(float64(n)*13.25, hi-lo)
		if v > hi {
			v = hi
		}
		return v
	case ir.Decimal:
		lo, hi := bounds(f, -1e6, 1e6)
		digits := f.Precision - f.Scale
		if digits > 0 && digits < 7 {
			hi = math.Min(hi, math.Pow10(digits)-1)
			lo = math.Max(lo, -(math.Pow10(digits) - 1))
		}
		v := lo + math.Mod(float64(n)*17.31, hi-lo)
		return decimalString(v, f.Scale)
	case ir.Bool:
		return n%2 == 0
	case ir.Date:
		return fmt.Sprintf("20%02d-%02d-%02d", 10+n%20, 1+n%12, 1+n%28)
	case ir.DateTime:
		return fmt.Sprintf("20%02d-%02d-%02dT%02d:%02d:%02d.%03dZ", 10+n%20, 1+n%12, 1+n%28, n%24, n%60, (n*7)%60, (n*37)%1000)
	case ir.UUID:
		return newUUID()
	case ir.Enum:
		return f.Values[int(n)%len(f.Values)]
	case ir.JSON:
		return map[string]any{"n": n, "tags": []any{"a", "b"}}
	}
	return nil
}

func bounds(f *ir.Field, lo, hi float64) (float64, float64) {
	if f.Min != nil {
		lo = *f.Min
		if f.Max == nil {
			hi = lo + 1e6
		}
	}
	if f.Max != nil {
		hi = *f.Max
		if f.Min == nil {
			lo = hi - 1e6
		}
	}
	return lo, hi
}

// decimalString writes v with exactly scale decimals, truncated towards
// zero so it stays within bounds.
func decimalString(v float64, scale int) string {
	p := math.Pow10(scale)
	v = math.Trunc(v*p) / p
	s := fmt.Sprintf("%.*f", scale, v)
	if s == "-0" || strings.HasPrefix(s, "-0.") && strings.Trim(s[3:], "0") == "" {
		s = s[1:]
	}
	return s
}

// fitLength pads or cuts s to the field's length rules.
func fitLength(f *ir.Field, s string, pad rune) string {
	if f.MinLength != nil {
		for len([]rune(s)) < *f.MinLength {
			s += string(pad)
		}
	}
	if f.MaxLength != nil && len([]rune(s)) > *f.MaxLength {
		r := []rune(s)
		s = string(r[len(r)-*f.MaxLength:])
	}
	return s
}

// fromPattern makes a random string matching f.Pattern and its length rules.
func (g *Gen) fromPattern(f *ir.Field, n int64) string {
	re, err := syntax.Parse(f.Pattern, syntax.Perl)
	if err != nil {
		return fitLength(f, fmt.Sprint(n), 'x')
	}
	re = re.Simplify()
	for range 500 {
		var b strings.Builder
		g.walk(&b, re)
		if s := b.String(); fits(f, s) {
			return s
		}
	}
	return fitLength(f, fmt.Sprintf("v%d", n), 'x')
}

func (g *Gen) walk(b *strings.Builder, re *syntax.Regexp) {
	switch re.Op {
	case syntax.OpLiteral:
		b.WriteString(string(re.Rune))
	case syntax.OpCharClass:
		b.WriteRune(g.pickRune(re.Rune))
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		b.WriteRune(rune('a' + g.rand.IntN(26)))
	case syntax.OpCapture:
		g.walk(b, re.Sub[0])
	case syntax.OpConcat:
		for _, s := range re.Sub {
			g.walk(b, s)
		}
	case syntax.OpAlternate:
		g.walk(b, re.Sub[g.rand.IntN(len(re.Sub))])
	case syntax.OpStar, syntax.OpPlus, syntax.OpQuest, syntax.OpRepeat:
		lo, hi := 0, 8
		switch re.Op {
		case syntax.OpPlus:
			lo, hi = 1, 10
		case syntax.OpQuest:
			lo, hi = 0, 1
		case syntax.OpRepeat:
			lo, hi = re.Min, re.Max
			if hi < 0 {
				hi = lo + 8
			}
		}
		if re.Op == syntax.OpPlus || re.Op == syntax.OpStar {
			lo = max(lo, 6) // long enough to be unique
		}
		k := lo + g.rand.IntN(hi-lo+1)
		for range k {
			g.walk(b, re.Sub[0])
		}
	}
}

// pickRune picks a rune of a class, lower-case letters and digits first so
// values sort the same under any collation.
func (g *Gen) pickRune(ranges []rune) rune {
	var pref, all []rune
	for i := 0; i+1 < len(ranges); i += 2 {
		for r := ranges[i]; r <= ranges[i+1] && r < 0x2000; r++ {
			all = append(all, r)
			if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
				pref = append(pref, r)
			}
		}
	}
	if len(pref) == 0 {
		pref = all
	}
	if len(pref) == 0 {
		return 'a'
	}
	return pref[g.rand.IntN(len(pref))]
}

// Invalid is one bad value with the code it must be reported with.
type Invalid struct {
	Name  string // for the subtest: "type:string"
	Value any
	Code  string
}

// Invalids returns bad values for f, each with its expected code, following
// the order of checks in docs/conventions.md (type, enum, format, min, max,
// minLength, maxLength, pattern).
func (g *Gen) Invalids(f *ir.Field) []Invalid {
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
		add("enum:case", strings.ToUpper(f.Values[0])+"X", "enum")
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
	if f.Min != nil {
		switch f.Type {
		case ir.Int:
			add("min", int64(math.Ceil(*f.Min))-1, "min")
		case ir.Float:
			add("min", *f.Min-0.5, "min")
		case ir.Decimal:
			add("min", decimalString(*f.Min-1, f.Scale), "min")
		}
	}
	if f.Max != nil {
		switch f.Type {
		case ir.Int:
			add("max", int64(math.Floor(*f.Max))+1, "max")
		case ir.Float:
			add("max", *f.Max+0.5, "max")
		case ir.Decimal:
			add("max", decimalString(*f.Max+1, f.Scale), "max")
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
		code := "maxLength"
		if len(s) > 254 || len(local) > 64 {
			// Too long to be an address at all: format comes first. A local part over 64 is
			// not refused by every validator, so only the overall limit is relied on.
			if len(s) <= 254 {
				goto skip
			}
			code = "format"
		}
		add("maxLength", s, code)
	skip:
	}
	if f.Pattern != "" && f.Type.IsString() {
		re := regexp.MustCompile(f.Pattern)
		for _, c := range []string{"!", "A", "a", "0", " "} {
			s := fitLength(f, c, []rune(c)[0])
			if !re.MatchString(s) && (f.MinLength == nil || len(s) >= *f.MinLength) && (f.MaxLength == nil || len(s) <= *f.MaxLength) {
				add("pattern", s, "pattern")
				break
			}
		}
	}
	return out
}
