package sample

import (
	"math"
	"math/big"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/bgen-dev/bgen/ir"
)

// MaxPasswordBytes is bcrypt's limit: a password holds at most 72 bytes
// of UTF-8, whatever its maxLength says.
const MaxPasswordBytes = 72

// Fits reports whether v is a valid value of f, as the generated servers
// check it: its JSON type, the format of its type, min and max, a
// decimal's scale and precision, minLength and maxLength (in characters),
// pattern, enum values, a password's 72 bytes. Values are as Valid makes
// them: strings, int64 (or int), float64, bool, and any non-nil value for
// json.
func Fits(f *ir.Field, v any) bool {
	switch f.Type {
	case ir.String, ir.Text, ir.Password, ir.Email, ir.URL:
		s, ok := v.(string)
		return ok && fitsString(f, s)
	case ir.Enum:
		s, ok := v.(string)
		if !ok {
			return false
		}
		for _, e := range f.Values {
			if e == s {
				return true
			}
		}
		return false
	case ir.Int:
		var i int64
		switch x := v.(type) {
		case int64:
			i = x
		case int:
			i = int64(x)
		default:
			return false
		}
		return inBounds(f, new(big.Rat).SetInt64(i))
	case ir.Float:
		x, ok := v.(float64)
		if !ok || math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
		return (f.Min == nil || x >= *f.Min) && (f.Max == nil || x <= *f.Max)
	case ir.Decimal:
		s, ok := v.(string)
		return ok && fitsDecimal(f, s)
	case ir.Bool:
		_, ok := v.(bool)
		return ok
	case ir.Date:
		s, ok := v.(string)
		if !ok || !dateRe.MatchString(s) {
			return false
		}
		_, err := time.Parse(time.DateOnly, s)
		return err == nil
	case ir.DateTime:
		s, ok := v.(string)
		if !ok || !dateTimeRe.MatchString(s) {
			return false
		}
		_, err := time.Parse(time.RFC3339Nano, s)
		return err == nil
	case ir.UUID:
		s, ok := v.(string)
		return ok && uuidRe.MatchString(s)
	case ir.JSON:
		return v != nil && !hasNUL(v)
	}
	return false
}

// hasNUL reports whether a JSON value holds U+0000 in a string or a key.
func hasNUL(v any) bool {
	switch x := v.(type) {
	case string:
		return strings.ContainsRune(x, 0)
	case []any:
		for _, e := range x {
			if hasNUL(e) {
				return true
			}
		}
	case map[string]any:
		for k, e := range x {
			if strings.ContainsRune(k, 0) || hasNUL(e) {
				return true
			}
		}
	}
	return false
}

var (
	dateRe     = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)
	dateTimeRe = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z$`)
	uuidRe     = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	decimalRe  = regexp.MustCompile(`^-?([0-9]+)(?:\.([0-9]+))?$`)
)

// fitsString checks a string-like value: no NUL (PostgreSQL's text cannot
// hold one), lengths, pattern, and the type's format.
func fitsString(f *ir.Field, s string) bool {
	if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
		return false
	}
	n := utf8.RuneCountInString(s)
	if f.MinLength != nil && n < *f.MinLength || f.MaxLength != nil && n > *f.MaxLength {
		return false
	}
	if f.Pattern != "" {
		re := compiled(f.Pattern)
		if re == nil || !re.MatchString(s) {
			return false
		}
	}
	switch f.Type {
	case ir.Password:
		return len(s) <= MaxPasswordBytes
	case ir.Email:
		return isEmail(s)
	case ir.URL:
		return isURL(s)
	}
	return true
}

var patterns sync.Map // pattern -> *regexp.Regexp (nil when it does not compile)

func compiled(pattern string) *regexp.Regexp {
	if re, ok := patterns.Load(pattern); ok {
		return re.(*regexp.Regexp)
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		re = nil
	}
	patterns.Store(pattern, re)
	return re
}

// isEmail is the generated servers' check: one @, a non-empty local part,
// a domain with a dot that neither starts nor ends with one, no white
// space or control character, at most 254 characters.
func isEmail(s string) bool {
	if len(s) > 254 || spaceOrControl(s) || strings.Count(s, "@") != 1 {
		return false
	}
	local, domain, _ := strings.Cut(s, "@")
	return local != "" && strings.Contains(domain, ".") && !strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".")
}

// isURL: an absolute http or https URL with a host, without white space or
// control characters.
func isURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Hostname() != "" && !spaceOrControl(s)
}

func spaceOrControl(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsControl(r) || unicode.IsSpace(r) }) >= 0
}

// fitsDecimal: digits with an optional sign and at most scale decimals, at
// most precision - scale whole digits, within min and max.
func fitsDecimal(f *ir.Field, s string) bool {
	m := decimalRe.FindStringSubmatch(s)
	if m == nil || len(m[2]) > f.Scale || len(strings.TrimLeft(m[1], "0")) > f.Precision-f.Scale {
		return false
	}
	r, ok := new(big.Rat).SetString(s)
	return ok && inBounds(f, r)
}

func inBounds(f *ir.Field, v *big.Rat) bool {
	if f.Min != nil {
		if lo, ok := ratOf(*f.Min); ok && v.Cmp(lo) < 0 {
			return false
		}
	}
	if f.Max != nil {
		if hi, ok := ratOf(*f.Max); ok && v.Cmp(hi) > 0 {
			return false
		}
	}
	return true
}
