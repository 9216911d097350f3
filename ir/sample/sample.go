// Package sample makes field values for tests: valid values that honour
// every constraint of an ir.Field (min and max, a decimal's precision and
// scale, minLength and maxLength, pattern, enum values, the formats of
// email, url, uuid, date and datetime, json, a password's 72-byte limit),
// distinct from call to call for unique fields, and minimally invalid
// values for each validation code of docs/conventions.md.
//
// The conformance suite draws from it with a random seed (logged, and
// replayable); each emitter draws the values of the tests it generates
// with a fixed seed and only writes them as literals of its language.
//
// The package is pure: no disk, no network, no clock, no global random
// source. Value number n of a field depends only on the generator's seed
// and tag, the field and n, so emitters write the same bytes on every
// build.
package sample

import (
	"fmt"
	"hash/fnv"
	"math"
	"math/big"
	mrand "math/rand/v2"
	"strconv"
	"strings"
	"sync"

	"github.com/bgen-dev/bgen/ir"
)

// Gen makes values. Valid numbers the values of each field 0, 1, 2, ...;
// At returns value number n directly and keeps no state. A Gen is safe for
// concurrent use; the values Valid returns are then only as reproducible as
// the order of the calls.
type Gen struct {
	seed uint64
	tag  string

	mu   sync.Mutex
	next map[string]int64           // next value number, per field
	seen map[string]map[string]bool // string values Valid returned, per field
}

// New returns a generator. tag, which may be empty, is written into every
// string-like value after the first of each field and into every email
// and url, so that two runs with different tags against one database do
// not collide on unique columns (pattern-made values differ by seed
// instead). An untagged generator's value number 0 of a field is its
// plain value: "sample", "password123", "user0@example.com", 1, 1.5,
// "1.00", the first enum value...
func New(seed uint64, tag string) *Gen {
	return &Gen{seed: seed, tag: tag, next: map[string]int64{}, seen: map[string]map[string]bool{}}
}

// key identifies a field for numbering: fields of one name and type share
// a sequence (a copy of a field continues its numbers).
func key(f *ir.Field) string { return string(f.Type) + ":" + f.Name }

// Valid returns the next valid value of f: a string (also for decimal,
// date, datetime, uuid, enum, email, url, password), an int64, a float64,
// a bool, or a map[string]any for json. String values are never repeated
// for a field where the constraints leave room, so a unique field gets a
// new value on every call. ok is false when no value meets every
// constraint; v is then the closest attempt.
func (g *Gen) Valid(f *ir.Field) (v any, ok bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	k := key(f)
	seen := g.seen[k]
	if seen == nil {
		seen = map[string]bool{}
		g.seen[k] = seen
	}
	for range 50 {
		n := g.next[k]
		g.next[k]++
		v, ok = g.At(f, n)
		s, isString := v.(string)
		if !ok || !isString {
			return v, ok
		}
		if !seen[s] {
			seen[s] = true
			return v, ok
		}
	}
	return v, ok
}

// At returns value number n of f (n >= 0) without changing the
// generator's state: what Valid returns on its call n+1 for f, unless Valid
// skipped a repeated value before. ok is false when no value meets every
// constraint.
func (g *Gen) At(f *ir.Field, n int64) (any, bool) {
	r := g.rand(f, n)
	var v any
	switch f.Type {
	case ir.String, ir.Text:
		return g.text(f, "sample"+g.suffix(n), 'x', r)
	case ir.Password:
		return g.text(f, "password123"+g.suffix(n), 'p', r)
	case ir.Email:
		return g.email(f, n, r)
	case ir.URL:
		return g.url(f, n, r)
	case ir.Int:
		v = intValue(f, n)
	case ir.Float:
		v = floatValue(f, n)
	case ir.Decimal:
		v = decimalValue(f, n)
	case ir.Bool:
		v = n%2 == 0
	case ir.Date:
		v = fmt.Sprintf("20%02d-%02d-%02d", 10+n%20, 1+n%12, 1+n%28)
	case ir.DateTime:
		v = fmt.Sprintf("20%02d-%02d-%02dT%02d:%02d:%02d.%03dZ", 10+n%20, 1+n%12, 1+n%28, n%24, n%60, (n*7)%60, (n*37)%1000)
	case ir.UUID:
		v = uuid(r)
	case ir.Enum:
		if len(f.Values) == 0 {
			return nil, false
		}
		v = f.Values[int(n%int64(len(f.Values)))]
	case ir.JSON:
		v = map[string]any{"n": n, "tags": []any{"a", "b"}}
	default:
		return nil, false
	}
	return v, v != nil && Fits(f, v)
}

// suffix is what follows a string value's word: the tag, then n unless it
// is 0.
func (g *Gen) suffix(n int64) string {
	if n == 0 {
		return g.tag
	}
	return g.tag + strconv.FormatInt(n, 10)
}

// rand is the random source of value n of f: its own stream, so that a
// value does not depend on the values drawn before it.
func (g *Gen) rand(f *ir.Field, n int64) *mrand.Rand {
	h := fnv.New64a()
	fmt.Fprintf(h, "%s\x00%s\x00%s", f.Type, f.Name, f.Pattern)
	return mrand.New(mrand.NewPCG(g.seed^h.Sum64(), uint64(n)))
}

// text fits word to f's length rules, or when that does not satisfy f's
// pattern, makes a value from the pattern.
func (g *Gen) text(f *ir.Field, word string, pad rune, r *mrand.Rand) (any, bool) {
	s := FitLength(f, word, pad)
	if f.Type == ir.Password && len(s) > MaxPasswordBytes {
		s = s[len(s)-MaxPasswordBytes:]
	}
	return fitOrPattern(f, s, r)
}

// email is user<tag><n>@example.com, shortened or padded to f's lengths.
func (g *Gen) email(f *ir.Field, n int64, r *mrand.Rand) (any, bool) {
	local, domain := "user"+g.tag+strconv.FormatInt(n, 10), "example.com"
	if f.MaxLength != nil {
		room := *f.MaxLength - len(domain) - 1
		if room < 1 {
			domain = "e.io"
			room = *f.MaxLength - len(domain) - 1
		}
		if room >= 1 && len(local) > room {
			local = local[len(local)-room:]
		}
	}
	if f.MinLength != nil {
		for len(local)+1+len(domain) < *f.MinLength && len(local) < 64 {
			local += "x"
		}
		for len(local)+1+len(domain) < *f.MinLength {
			domain = "x" + domain
		}
	}
	s := local + "@" + domain
	return fitOrPattern(f, s, r)
}

// url is https://example.com/a<tag><n>, shortened or padded to f's lengths.
func (g *Gen) url(f *ir.Field, n int64, r *mrand.Rand) (any, bool) {
	host, path := "https://example.com", "/a"+g.suffix(n)
	if f.MaxLength != nil {
		if len(host)+1 > *f.MaxLength {
			host = "https://e.io"
		}
		if room := *f.MaxLength - len(host); len(path) > room && room >= 1 {
			path = "/" + path[len(path)-room+1:]
		}
	}
	if f.MinLength != nil {
		for len(host)+len(path) < *f.MinLength {
			path += "x"
		}
	}
	s := host + path
	return fitOrPattern(f, s, r)
}

// FitLength pads s with pad up to f's minLength and cuts it to its
// maxLength (in characters), keeping its end, where values differ.
func FitLength(f *ir.Field, s string, pad rune) string {
	if f.MinLength != nil {
		if n := *f.MinLength - len([]rune(s)); n > 0 {
			s += strings.Repeat(string(pad), n)
		}
	}
	if f.MaxLength != nil && len([]rune(s)) > *f.MaxLength {
		rs := []rune(s)
		s = string(rs[len(rs)-max(0, *f.MaxLength):])
	}
	return s
}

// bounds are f's min and max, or a range of a million beside the one
// given, or [-1e6, 1e6].
func bounds(f *ir.Field) (lo, hi float64) {
	lo, hi = -1e6, 1e6
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

// intValue starts at 1 (or the bound nearest to it) and steps through the
// range.
func intValue(f *ir.Field, n int64) any {
	flo, fhi := bounds(f)
	flo, fhi = math.Max(math.Ceil(flo), math.MinInt64/2), math.Min(math.Floor(fhi), math.MaxInt64/2)
	if flo > fhi {
		return nil
	}
	lo, hi := int64(flo), int64(fhi)
	span := new(big.Int).Sub(big.NewInt(hi), big.NewInt(lo))
	span.Add(span, big.NewInt(1))
	base := min(max(int64(1), lo), hi)
	off := new(big.Int).Mul(big.NewInt(n), big.NewInt(7919))
	off.Add(off, new(big.Int).Sub(big.NewInt(base), big.NewInt(lo)))
	off.Mod(off, span)
	return lo + off.Int64()
}

// floatValue starts at 1.5 (or the bound nearest to it) and steps through
// the range by 13.25.
func floatValue(f *ir.Field, n int64) any {
	lo, hi := bounds(f)
	if lo > hi || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return nil
	}
	base := math.Min(math.Max(1.5, lo), hi)
	if n == 0 || hi == lo {
		return base
	}
	v := lo + math.Mod(base-lo+float64(n)*13.25, hi-lo)
	if r := math.Round(v*1e4) / 1e4; r >= lo && r <= hi {
		v = r
	}
	return math.Min(math.Max(v, lo), hi)
}

// decimalValue works in units of 10^-scale, within min and max and the
// digits precision allows; it starts at 1 (or the bound nearest to it)
// and steps by 17.31.
func decimalValue(f *ir.Field, n int64) any {
	unit := pow10(f.Scale)
	lim := new(big.Int).Sub(pow10(f.Precision), big.NewInt(1)) // largest number of units
	flo, fhi := bounds(f)
	lo, hi := new(big.Int).Neg(lim), new(big.Int).Set(lim)
	if l, ok := ratOf(flo); ok {
		l.Mul(l, new(big.Rat).SetInt(unit))
		if c := ceil(l); c.Cmp(lo) > 0 {
			lo = c
		}
	}
	if h, ok := ratOf(fhi); ok {
		h.Mul(h, new(big.Rat).SetInt(unit))
		if fl := floor(h); fl.Cmp(hi) < 0 {
			hi = fl
		}
	}
	if lo.Cmp(hi) > 0 {
		return nil
	}
	base := new(big.Int).Set(unit) // 1
	if base.Cmp(lo) < 0 {
		base.Set(lo)
	}
	if base.Cmp(hi) > 0 {
		base.Set(hi)
	}
	step := new(big.Int).Quo(new(big.Int).Mul(big.NewInt(1731), unit), big.NewInt(100))
	if step.Sign() == 0 {
		step.SetInt64(1)
	}
	span := new(big.Int).Add(new(big.Int).Sub(hi, lo), big.NewInt(1))
	off := new(big.Int).Mul(big.NewInt(n), step)
	off.Add(off, new(big.Int).Sub(base, lo))
	off.Mod(off, span)
	return formatUnits(off.Add(off, lo), f.Scale)
}

func pow10(k int) *big.Int {
	return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(max(k, 0))), nil)
}

// ratOf is v as the exact decimal it is written as.
func ratOf(v float64) (*big.Rat, bool) {
	return new(big.Rat).SetString(strconv.FormatFloat(v, 'g', -1, 64))
}

func floor(r *big.Rat) *big.Int {
	return new(big.Int).Div(r.Num(), r.Denom()) // Euclidean: floor, the denominator being positive
}

func ceil(r *big.Rat) *big.Int {
	q := floor(r)
	if !r.IsInt() {
		q.Add(q, big.NewInt(1))
	}
	return q
}

// formatUnits writes u units of 10^-scale with exactly scale decimals.
func formatUnits(u *big.Int, scale int) string {
	neg := u.Sign() < 0
	digits := new(big.Int).Abs(u).String()
	if scale > 0 {
		if len(digits) <= scale {
			digits = strings.Repeat("0", scale-len(digits)+1) + digits
		}
		digits = digits[:len(digits)-scale] + "." + digits[len(digits)-scale:]
	}
	if neg {
		return "-" + digits
	}
	return digits
}

// DecimalString writes v with exactly scale decimals, truncated towards
// zero, never as "-0".
func DecimalString(v *big.Rat, scale int) string {
	u := new(big.Rat).Mul(v, new(big.Rat).SetInt(pow10(scale)))
	q := new(big.Int).Quo(u.Num(), u.Denom()) // truncates towards zero
	return formatUnits(q, scale)
}

// uuid is a lower-case version 4 UUID from r.
func uuid(r *mrand.Rand) string {
	var b [16]byte
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// fitOrPattern returns s when it satisfies f's string rules, else a value
// made from f's pattern; ok is false when neither works.
func fitOrPattern(f *ir.Field, s string, r *mrand.Rand) (any, bool) {
	if fitsString(f, s) {
		return s, true
	}
	if f.Pattern != "" {
		if p, found := fromPattern(f, r); found {
			return p, true
		}
	}
	return s, false
}
