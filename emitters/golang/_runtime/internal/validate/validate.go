// Package validate holds the typed checks that generated request decoders
// call, one per field, in the order of docs/conventions.md: type, enum,
// format, min, max, minLength, maxLength, pattern.
package validate

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"bgenapp/internal/apierr"
	"bgenapp/internal/model"
)

// Errors collects failing fields in the order they are found.
type Errors []apierr.FieldError

// Add records one failing field.
func (e *Errors) Add(field, code, message string) {
	*e = append(*e, apierr.FieldError{Field: field, Code: code, Message: message})
}

// IsNull reports whether raw is JSON null.
func IsNull(raw json.RawMessage) bool { return bytes.Equal(bytes.TrimSpace(raw), []byte("null")) }

// Bounds are the min and max of a number.
type Bounds struct {
	Min, Max       float64
	HasMin, HasMax bool
}

// StringRule constrains a string-like value.
type StringRule struct {
	Email, URL           bool
	MinLength, MaxLength int // characters; 0: none
	MaxBytes             int // UTF-8 bytes (a password: bcrypt reads 72); 0: none
	Pattern              *regexp.Regexp
}

func str(e *Errors, field string, raw json.RawMessage) (string, bool) {
	var s string
	if len(raw) == 0 || raw[0] != '"' || json.Unmarshal(raw, &s) != nil {
		e.Add(field, "type", "must be a string")
		return "", false
	}
	return s, true
}

// String checks a string, text, email, url or password value; an email
// comes back with its ASCII letters lower-cased.
func String(e *Errors, field string, raw json.RawMessage, r StringRule) (string, bool) {
	s, ok := str(e, field, raw)
	if !ok {
		return "", false
	}
	if r.Email {
		s = FoldEmail(s)
	}
	n := utf8.RuneCountInString(s)
	switch {
	case strings.ContainsRune(s, 0):
		// PostgreSQL's text cannot hold U+0000, so no target takes it.
		e.Add(field, "format", "must not contain the NUL character")
	case r.Email && !IsEmail(s):
		e.Add(field, "format", "must be an email address")
	case r.URL && !IsURL(s):
		e.Add(field, "format", "must be an http or https URL")
	case r.MinLength > 0 && n < r.MinLength:
		e.Add(field, "minLength", fmt.Sprintf("must be at least %d characters", r.MinLength))
	case r.MaxLength > 0 && n > r.MaxLength:
		e.Add(field, "maxLength", fmt.Sprintf("must be at most %d characters", r.MaxLength))
	case r.MaxBytes > 0 && len(s) > r.MaxBytes:
		e.Add(field, "maxLength", fmt.Sprintf("must be at most %d bytes in UTF-8", r.MaxBytes))
	case r.Pattern != nil && !r.Pattern.MatchString(s):
		e.Add(field, "pattern", "must match "+r.Pattern.String())
	default:
		return s, true
	}
	return "", false
}

// Enum checks an enum value.
func Enum(e *Errors, field string, raw json.RawMessage, values []string) (string, bool) {
	s, ok := str(e, field, raw)
	if !ok {
		return "", false
	}
	for _, v := range values {
		if v == s {
			return s, true
		}
	}
	e.Add(field, "enum", "must be one of "+strings.Join(values, ", "))
	return "", false
}

func bounds(e *Errors, field string, v float64, b Bounds) bool {
	switch {
	case b.HasMin && v < b.Min:
		e.Add(field, "min", fmt.Sprintf("must be at least %v", b.Min))
	case b.HasMax && v > b.Max:
		e.Add(field, "max", fmt.Sprintf("must be at most %v", b.Max))
	default:
		return true
	}
	return false
}

// Int checks an integer; 1.0 is taken as 1, 1.5 is not an integer.
func Int(e *Errors, field string, raw json.RawMessage, b Bounds) (int64, bool) {
	var n json.Number
	if len(raw) == 0 || raw[0] == '"' || json.Unmarshal(raw, &n) != nil {
		e.Add(field, "type", "must be an integer")
		return 0, false
	}
	v, err := n.Int64()
	if err != nil {
		r, ok := new(big.Rat).SetString(n.String())
		if !ok || !r.IsInt() || !r.Num().IsInt64() {
			e.Add(field, "type", "must be an integer")
			return 0, false
		}
		v = r.Num().Int64()
	}
	return v, bounds(e, field, float64(v), b)
}

// Float checks a number.
func Float(e *Errors, field string, raw json.RawMessage, b Bounds) (float64, bool) {
	var n json.Number
	if len(raw) == 0 || raw[0] == '"' || json.Unmarshal(raw, &n) != nil {
		e.Add(field, "type", "must be a number")
		return 0, false
	}
	v, err := n.Float64()
	if err != nil {
		e.Add(field, "type", "must be a number")
		return 0, false
	}
	return v, bounds(e, field, v, b)
}

// Bool checks a boolean.
func Bool(e *Errors, field string, raw json.RawMessage) (bool, bool) {
	switch string(bytes.TrimSpace(raw)) {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	e.Add(field, "type", "must be a boolean")
	return false, false
}

// Decimal checks a decimal string with at most scale decimals and at most
// precision digits, and returns it with exactly scale decimals.
func Decimal(e *Errors, field string, raw json.RawMessage, precision, scale int, b Bounds) (model.Decimal, bool) {
	s, ok := str(e, field, raw)
	if !ok {
		return "", false
	}
	d, ok := ParseDecimal(s, precision, scale)
	if !ok {
		e.Add(field, "format", fmt.Sprintf("must be a decimal string with at most %d decimals", scale))
		return "", false
	}
	r, _ := new(big.Rat).SetString(string(d))
	switch {
	case b.HasMin && r.Cmp(new(big.Rat).SetFloat64(b.Min)) < 0:
		e.Add(field, "min", fmt.Sprintf("must be at least %v", b.Min))
	case b.HasMax && r.Cmp(new(big.Rat).SetFloat64(b.Max)) > 0:
		e.Add(field, "max", fmt.Sprintf("must be at most %v", b.Max))
	default:
		return d, true
	}
	return "", false
}

var decimalSyntax = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

// ParseDecimal returns s in canonical form: optional "-", no leading
// zeros but one, exactly scale decimals.
func ParseDecimal(s string, precision, scale int) (model.Decimal, bool) {
	if !decimalSyntax.MatchString(s) {
		return "", false
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	if len(frac) > scale {
		return "", false
	}
	whole = strings.TrimLeft(whole, "0")
	if len(whole)+scale > precision {
		return "", false
	}
	if whole == "" {
		whole = "0"
	}
	frac += strings.Repeat("0", scale-len(frac))
	out := whole
	if scale > 0 {
		out += "." + frac
	}
	if neg && strings.Trim(out, "0.") != "" {
		out = "-" + out
	}
	return model.Decimal(out), true
}

// Date checks a YYYY-MM-DD calendar day.
func Date(e *Errors, field string, raw json.RawMessage) (model.Date, bool) {
	s, ok := str(e, field, raw)
	if !ok {
		return "", false
	}
	d, ok := ParseDate(s)
	if !ok {
		e.Add(field, "format", "must be a date (YYYY-MM-DD) from 0001-01-01 to 9999-12-31")
	}
	return d, ok
}

// ParseDate parses a YYYY-MM-DD calendar day from 0001-01-01 to 9999-12-31.
func ParseDate(s string) (model.Date, bool) {
	if t, err := time.Parse("2006-01-02", s); err != nil || len(s) != 10 || !inYears(t) {
		return "", false
	}
	return model.Date(s), true
}

// DateTime checks an RFC 3339 datetime with Z or an offset.
func DateTime(e *Errors, field string, raw json.RawMessage) (model.DateTime, bool) {
	s, ok := str(e, field, raw)
	if !ok {
		return model.DateTime{}, false
	}
	d, ok := ParseDateTime(s)
	if !ok {
		e.Add(field, "format", "must be an RFC 3339 datetime from 0001-01-01 to 9999-12-31 in UTC")
	}
	return d, ok
}

// ParseDateTime parses RFC 3339 with Z or an offset, converted to UTC, in
// 0001-01-01 .. 9999-12-31; fraction digits past milliseconds are cut off.
func ParseDateTime(s string) (model.DateTime, bool) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil || !inYears(t) {
		return model.DateTime{}, false
	}
	return model.NewDateTime(t), true
}

// inYears reports whether t, in UTC, lies in the years 1 to 9999: every
// target and database can write those.
func inYears(t time.Time) bool {
	y := t.UTC().Year()
	return y >= 1 && y <= 9999
}

// UUID checks an 8-4-4-4-12 hex UUID.
func UUID(e *Errors, field string, raw json.RawMessage) (model.UUID, bool) {
	s, ok := str(e, field, raw)
	if !ok {
		return "", false
	}
	u, ok := ParseUUID(s)
	if !ok {
		e.Add(field, "format", "must be a UUID")
	}
	return u, ok
}

var uuidSyntax = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// ParseUUID parses a UUID in any case and returns it lower-case.
func ParseUUID(s string) (model.UUID, bool) {
	if !uuidSyntax.MatchString(s) {
		return "", false
	}
	return model.UUID(strings.ToLower(s)), true
}

// JSON takes a json field's value as I-JSON (RFC 7493) and writes it
// compactly. A member name given twice in one object, a number beyond the
// range of a double, or U+0000 in a string or a name (jsonb cannot hold
// it) is a format error. A number with a fraction or an exponent is
// written as the nearest double, an integer with every digit. A lone
// UTF-16 surrogate escape (\ud800) becomes U+FFFD, as the decoder reads
// it: PostgreSQL's jsonb refuses the escape.
func JSON(e *Errors, field string, raw json.RawMessage) (model.JSON, bool) {
	c := jsonCopier{dec: json.NewDecoder(bytes.NewReader(raw))}
	c.dec.UseNumber()
	c.enc = json.NewEncoder(&c.out)
	c.enc.SetEscapeHTML(false)
	if msg := c.value(); msg != "" {
		e.Add(field, "format", msg)
		return nil, false
	}
	return c.out.Bytes(), true
}

// jsonCopier copies one JSON value token by token.
type jsonCopier struct {
	dec *json.Decoder
	out bytes.Buffer
	enc *json.Encoder // writes scalars to out, HTML characters as they are
}

// value copies the next value; it returns why the value is not I-JSON, or "".
func (c *jsonCopier) value() string {
	tok, err := c.dec.Token()
	if err != nil {
		return "must be JSON"
	}
	switch v := tok.(type) {
	case json.Delim:
		return c.container(v)
	case string:
		if strings.ContainsRune(v, 0) {
			return "must not contain the NUL character"
		}
		c.scalar(v)
	case json.Number:
		if !strings.ContainsAny(string(v), ".eE") {
			c.out.WriteString(string(v))
			return ""
		}
		d, err := v.Float64()
		if err != nil {
			return "must hold numbers within the range of a double"
		}
		c.scalar(d)
	default:
		// true, false or null
		c.scalar(v)
	}
	return ""
}

// container copies the array or object that open began.
func (c *jsonCopier) container(open json.Delim) string {
	c.out.WriteString(open.String())
	names := map[string]bool{}
	for i := 0; c.dec.More(); i++ {
		if i > 0 {
			c.out.WriteByte(',')
		}
		if open == '{' {
			tok, err := c.dec.Token()
			name, ok := tok.(string)
			switch {
			case err != nil || !ok:
				return "must be JSON"
			case names[name]:
				return "must not name a member twice in one object"
			case strings.ContainsRune(name, 0):
				return "must not contain the NUL character"
			}
			names[name] = true
			c.scalar(name)
			c.out.WriteByte(':')
		}
		if msg := c.value(); msg != "" {
			return msg
		}
	}
	end, err := c.dec.Token()
	closing, ok := end.(json.Delim)
	if err != nil || !ok {
		return "must be JSON"
	}
	c.out.WriteString(closing.String())
	return ""
}

// scalar writes a string, a number, true, false or null.
func (c *jsonCopier) scalar(v any) {
	// Encode cannot fail on these, and ends what it writes with a newline.
	_ = c.enc.Encode(v)
	c.out.Truncate(c.out.Len() - 1)
}

// FoldEmail lower-cases the ASCII letters of an email address, so that
// LIB@example.com and lib@example.com are one address; other characters
// are kept.
func FoldEmail(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' {
			return r + ('a' - 'A')
		}
		return r
	}, s)
}

// spaceOrControl reports whether s holds a control character (Unicode
// category Cc) or a white-space character (Unicode's White_Space).
func spaceOrControl(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool {
		return unicode.IsControl(r) || unicode.IsSpace(r)
	}) >= 0
}

// IsEmail: one @, a non-empty local part, a domain with a dot, no white
// space or control character, at most 254 characters.
func IsEmail(s string) bool {
	if len(s) > 254 || spaceOrControl(s) || strings.Count(s, "@") != 1 {
		return false
	}
	local, domain, _ := strings.Cut(s, "@")
	return local != "" && strings.Contains(domain, ".") && !strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".")
}

// IsURL: an absolute http or https URL with a host, without white space
// or control characters.
func IsURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && !spaceOrControl(s)
}
