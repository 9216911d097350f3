package model

import (
	"bytes"
	"crypto/rand"
	"database/sql/driver"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// DateTimeLayout is how datetimes travel and are stored: UTC, exactly
// three fraction digits.
const DateTimeLayout = "2006-01-02T15:04:05.000Z"

// DateTime is a UTC instant with millisecond precision.
type DateTime struct{ time.Time }

// NewDateTime truncates t to milliseconds, in UTC.
func NewDateTime(t time.Time) DateTime { return DateTime{t.UTC().Truncate(time.Millisecond)} }

// Now is the current instant.
func Now() DateTime { return NewDateTime(time.Now()) }

func (d DateTime) String() string { return d.UTC().Format(DateTimeLayout) }

// MarshalJSON writes the canonical form, which needs no escaping.
func (d DateTime) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, len(DateTimeLayout)+2)
	b = append(b, '"')
	b = d.UTC().AppendFormat(b, DateTimeLayout)
	return append(b, '"'), nil
}

// Value stores the canonical text; PostgreSQL reads it as timestamptz.
func (d DateTime) Value() (driver.Value, error) { return d.String(), nil }

// Scan reads a timestamptz or a stored text.
func (d *DateTime) Scan(src any) error {
	switch v := src.(type) {
	case time.Time:
		*d = NewDateTime(v)
		return nil
	case string:
		return d.parse(v)
	case []byte:
		return d.parse(string(v))
	}
	return fmt.Errorf("datetime: cannot scan %T", src)
}

func (d *DateTime) parse(s string) error {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return err
	}
	*d = NewDateTime(t)
	return nil
}

// Date is a calendar day, YYYY-MM-DD.
type Date string

// Value stores the text; PostgreSQL reads it as date.
func (d Date) Value() (driver.Value, error) { return string(d), nil }

// Scan reads a date or a stored text.
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case time.Time:
		*d = Date(v.Format("2006-01-02"))
	case string:
		*d = Date(v)
	case []byte:
		*d = Date(v)
	default:
		return fmt.Errorf("date: cannot scan %T", src)
	}
	return nil
}

// Decimal is an exact decimal in canonical text form ("12.50").
type Decimal string

// Value stores the text; PostgreSQL reads it as numeric.
func (d Decimal) Value() (driver.Value, error) { return string(d), nil }

// Scan reads a numeric or a stored text.
func (d *Decimal) Scan(src any) error {
	switch v := src.(type) {
	case string:
		*d = Decimal(v)
	case []byte:
		*d = Decimal(v)
	case float64:
		*d = Decimal(strconv.FormatFloat(v, 'f', -1, 64))
	case int64:
		*d = Decimal(strconv.FormatInt(v, 10))
	default:
		return fmt.Errorf("decimal: cannot scan %T", src)
	}
	return nil
}

// UUID is a lower-case 8-4-4-4-12 UUID.
type UUID string

// NewUUID returns a random (version 4) UUID.
func NewUUID() UUID {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return formatUUID(b)
}

func formatUUID(b [16]byte) UUID {
	var s [36]byte
	hex.Encode(s[0:8], b[0:4])
	s[8] = '-'
	hex.Encode(s[9:13], b[4:6])
	s[13] = '-'
	hex.Encode(s[14:18], b[6:8])
	s[18] = '-'
	hex.Encode(s[19:23], b[8:10])
	s[23] = '-'
	hex.Encode(s[24:36], b[10:16])
	return UUID(s[:])
}

// Value stores the text; PostgreSQL reads it as uuid.
func (u UUID) Value() (driver.Value, error) { return string(u), nil }

// Scan reads a uuid or a stored text.
func (u *UUID) Scan(src any) error {
	switch v := src.(type) {
	case string:
		*u = UUID(v)
	case [16]byte:
		*u = formatUUID(v)
	case []byte:
		if len(v) == 16 {
			*u = formatUUID([16]byte(v))
		} else {
			*u = UUID(v)
		}
	default:
		return fmt.Errorf("uuid: cannot scan %T", src)
	}
	return nil
}

// JSON is any JSON value, kept compact.
type JSON json.RawMessage

// MarshalJSON writes the value as it is.
func (j JSON) MarshalJSON() ([]byte, error) {
	if len(j) == 0 {
		return []byte("null"), nil
	}
	return j, nil
}

// Value stores compact text; PostgreSQL reads it as jsonb.
func (j JSON) Value() (driver.Value, error) { return string(j), nil }

// Scan reads jsonb or stored text.
func (j *JSON) Scan(src any) error {
	var raw []byte
	switch v := src.(type) {
	case string:
		raw = []byte(v)
	case []byte:
		raw = v
	default:
		b, err := json.Marshal(v)
		if err != nil {
			return err
		}
		raw = b
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, raw); err != nil {
		return err
	}
	*j = buf.Bytes()
	return nil
}

// MustDateTime parses a datetime literal of the spec (bgen checked it).
func MustDateTime(s string) DateTime {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return NewDateTime(t)
}
