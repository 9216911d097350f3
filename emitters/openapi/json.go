package openapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
)

// object is a JSON object whose keys keep the order they were set in, so
// the document reads in a fixed, human order (openapi, info, paths, ...)
// rather than alphabetically.
type object struct {
	keys []string
	vals map[string]any
}

func newObject() *object { return &object{vals: map[string]any{}} }

// set adds or replaces key; a replaced key keeps its first position.
func (o *object) set(key string, v any) *object {
	if _, ok := o.vals[key]; !ok {
		o.keys = append(o.keys, key)
	}
	o.vals[key] = v
	return o
}

func (o *object) has(key string) bool {
	_, ok := o.vals[key]
	return ok
}

// obj builds an object from alternating keys and values.
func obj(kv ...any) *object {
	o := newObject()
	for i := 0; i+1 < len(kv); i += 2 {
		o.set(kv[i].(string), kv[i+1])
	}
	return o
}

// encode writes v as JSON indented by two spaces, ending in a newline.
// HTML characters are not escaped: patterns such as `<` stay readable.
func encode(v any) ([]byte, error) {
	var b bytes.Buffer
	if err := writeValue(&b, v, 0); err != nil {
		return nil, err
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}

func writeValue(b *bytes.Buffer, v any, depth int) error {
	switch v := v.(type) {
	case nil:
		b.WriteString("null")
	case *object:
		if v == nil || len(v.keys) == 0 {
			b.WriteString("{}")
			return nil
		}
		b.WriteByte('{')
		for i, k := range v.keys {
			if i > 0 {
				b.WriteByte(',')
			}
			newline(b, depth+1)
			writeString(b, k)
			b.WriteString(": ")
			if err := writeValue(b, v.vals[k], depth+1); err != nil {
				return fmt.Errorf("%s: %w", k, err)
			}
		}
		newline(b, depth)
		b.WriteByte('}')
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		o := newObject()
		for _, k := range keys {
			o.set(k, v[k])
		}
		return writeValue(b, o, depth)
	case []any:
		if len(v) == 0 {
			b.WriteString("[]")
			return nil
		}
		b.WriteByte('[')
		for i, e := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			newline(b, depth+1)
			if err := writeValue(b, e, depth+1); err != nil {
				return err
			}
		}
		newline(b, depth)
		b.WriteByte(']')
	case []string:
		a := make([]any, len(v))
		for i, s := range v {
			a[i] = s
		}
		return writeValue(b, a, depth)
	case []*object:
		a := make([]any, len(v))
		for i, o := range v {
			a[i] = o
		}
		return writeValue(b, a, depth)
	case string:
		writeString(b, v)
	case bool:
		b.WriteString(strconv.FormatBool(v))
	case int:
		b.WriteString(strconv.Itoa(v))
	case int64:
		b.WriteString(strconv.FormatInt(v, 10))
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("unsupported number %v", v)
		}
		n, err := json.Marshal(v)
		if err != nil {
			return err
		}
		b.Write(n)
	case json.Number:
		b.WriteString(v.String())
	default:
		// Any other JSON value (a json field's default or example):
		// round-trip through encoding/json so that maps come out sorted.
		raw, err := json.Marshal(v)
		if err != nil {
			return err
		}
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		var generic any
		if err := dec.Decode(&generic); err != nil {
			return err
		}
		return writeValue(b, generic, depth)
	}
	return nil
}

func newline(b *bytes.Buffer, depth int) {
	b.WriteByte('\n')
	for range depth {
		b.WriteString("  ")
	}
}

// writeString writes s as a JSON string, escaped as encoding/json does
// without HTML escaping. Strings of printable ASCII other than '"' and '\\'
// (nearly all of a document) need no escaping and are written directly.
func writeString(b *bytes.Buffer, s string) {
	if plainASCII(s) {
		b.Grow(len(s) + 2)
		b.WriteByte('"')
		b.WriteString(s)
		b.WriteByte('"')
		return
	}
	var sb bytes.Buffer
	enc := json.NewEncoder(&sb)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	b.Write(bytes.TrimSuffix(sb.Bytes(), []byte("\n")))
}

// plainASCII reports whether s holds only printable ASCII other than '"'
// and '\\', the bytes encoding/json writes unchanged.
func plainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' {
			return false
		}
	}
	return true
}
