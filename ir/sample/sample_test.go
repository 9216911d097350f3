package sample

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/bgen-dev/bgen/ir"
)

func ptr[T any](v T) *T { return &v }

// fields covers every type and constraint, with tight combinations.
func fields() []*ir.Field {
	return []*ir.Field{
		{Name: "s", Type: ir.String, MaxLength: ptr(255)},
		{Name: "text", Type: ir.Text},
		{Name: "tight", Type: ir.String, MinLength: ptr(12), MaxLength: ptr(12)},
		{Name: "one", Type: ir.String, MinLength: ptr(1), MaxLength: ptr(1)},
		{Name: "slug", Type: ir.String, Pattern: "^[a-z0-9-]+$", MaxLength: ptr(255), Unique: true},
		{Name: "slug2", Type: ir.String, Pattern: "^[a-z0-9]+(-[a-z0-9]+)*$", MaxLength: ptr(255)},
		{Name: "sku", Type: ir.String, Pattern: "^[A-Z]{3}-[0-9]{4}$", MaxLength: ptr(255), Unique: true},
		{Name: "color", Type: ir.String, Pattern: "^#[0-9a-f]{6}$", MaxLength: ptr(255)},
		{Name: "digits", Type: ir.String, Pattern: "^[0-9]{8}$", Unique: true},
		{Name: "short", Type: ir.String, Pattern: "^[a-z]+$", MinLength: ptr(2), MaxLength: ptr(3)},
		{Name: "long", Type: ir.String, Pattern: "^[a-z]+$", MinLength: ptr(40), MaxLength: ptr(40)},
		{Name: "handle", Type: ir.String, Pattern: "^[a-z]{3,5}[0-9]{2}$", Unique: true},
		{Name: "alt", Type: ir.String, Pattern: "^(red|green|blue)-[0-9]+$"},
		{Name: "unanchored", Type: ir.String, Pattern: "[0-9]"},
		{Name: "negated", Type: ir.String, Pattern: "^[^/]{5,9}$"},
		{Name: "upper", Type: ir.Text, Pattern: `^\p{Lu}\w*$`, MinLength: ptr(3)},
		{Name: "pw", Type: ir.Password, MinLength: ptr(8), MaxLength: ptr(72)},
		{Name: "pwlong", Type: ir.Password, MinLength: ptr(72)},
		{Name: "pwshort", Type: ir.Password, MaxLength: ptr(4)},
		{Name: "email", Type: ir.Email, MaxLength: ptr(254), Unique: true},
		{Name: "email16", Type: ir.Email, MaxLength: ptr(16), Unique: true},
		{Name: "email8", Type: ir.Email, MaxLength: ptr(8)},
		{Name: "emailmin", Type: ir.Email, MinLength: ptr(80), MaxLength: ptr(254)},
		{Name: "emailpat", Type: ir.Email, Pattern: `@corp\.example$`, MaxLength: ptr(254)},
		{Name: "url", Type: ir.URL},
		{Name: "url24", Type: ir.URL, MaxLength: ptr(24)},
		{Name: "urlmin", Type: ir.URL, MinLength: ptr(60)},
		{Name: "int", Type: ir.Int},
		{Name: "stock", Type: ir.Int, Min: ptr(0.0), Max: ptr(100000.0)},
		{Name: "neg", Type: ir.Int, Min: ptr(-5.0), Max: ptr(-2.0)},
		{Name: "point", Type: ir.Int, Min: ptr(3.0), Max: ptr(3.0)},
		{Name: "frac", Type: ir.Int, Min: ptr(0.5), Max: ptr(2.5)},
		{Name: "float", Type: ir.Float},
		{Name: "weight", Type: ir.Float, Min: ptr(0.25), Max: ptr(0.75)},
		{Name: "cap", Type: ir.Float, Max: ptr(-0.5)},
		{Name: "same", Type: ir.Float, Min: ptr(0.1), Max: ptr(0.1)},
		{Name: "dec", Type: ir.Decimal, Precision: 18, Scale: 2},
		{Name: "price", Type: ir.Decimal, Precision: 10, Scale: 2, Min: ptr(0.0)},
		{Name: "share", Type: ir.Decimal, Precision: 18, Scale: 2, Min: ptr(0.0), Max: ptr(0.5)},
		{Name: "ratio", Type: ir.Decimal, Precision: 4, Scale: 2, Min: ptr(0.25), Max: ptr(0.75)},
		{Name: "fraction", Type: ir.Decimal, Precision: 3, Scale: 3},
		{Name: "below", Type: ir.Decimal, Precision: 6, Scale: 0, Max: ptr(-3.0)},
		{Name: "tiny", Type: ir.Decimal, Precision: 2, Scale: 2, Min: ptr(0.1), Max: ptr(0.1)},
		{Name: "wide", Type: ir.Decimal, Precision: 60, Scale: 30, Min: ptr(1e20)},
		{Name: "bool", Type: ir.Bool},
		{Name: "date", Type: ir.Date, Unique: true},
		{Name: "at", Type: ir.DateTime, Unique: true},
		{Name: "ref", Type: ir.UUID, Unique: true},
		{Name: "kind", Type: ir.Enum, Values: []string{"x", "y", "z"}},
		{Name: "data", Type: ir.JSON},
	}
}

func TestValuesFitEveryConstraint(t *testing.T) {
	g := New(42, "1a2b")
	for _, f := range fields() {
		seen := map[string]bool{}
		for n := range 60 {
			v, ok := g.Valid(f)
			if !ok || !Fits(f, v) {
				t.Errorf("%s: value %d %#v does not fit (ok %v)", f.Name, n, v, ok)
			}
			seen[fmt.Sprint(v)] = true
		}
		if f.Unique && len(seen) < 60 {
			t.Errorf("%s: unique, but only %d distinct values in 60", f.Name, len(seen))
		}
	}
}

func TestUntaggedFirstValuesArePlain(t *testing.T) {
	g := New(0, "")
	want := map[string]any{
		"s": "sample", "pw": "password123", "email": "user0@example.com", "url": "https://example.com/a",
		"int": int64(1), "stock": int64(1), "neg": int64(-2), "float": 1.5, "weight": 0.75,
		"dec": "1.00", "price": "1.00", "share": "0.50", "ratio": "0.75", "fraction": "0.999", "below": "-3",
		"bool": true, "kind": "x", "tight": "samplexxxxxx", "pwlong": "password123" + strings.Repeat("p", 61),
	}
	for _, f := range fields() {
		w, ok := want[f.Name]
		if !ok {
			continue
		}
		if v, _ := g.At(f, 0); !reflect.DeepEqual(v, w) {
			t.Errorf("%s: value 0 is %#v, want %#v", f.Name, v, w)
		}
	}
}

func TestDeterministic(t *testing.T) {
	a, b := New(7, "t"), New(7, "t")
	for range 5 {
		for _, f := range fields() {
			va, _ := a.Valid(f)
			vb, _ := b.Valid(f)
			if !reflect.DeepEqual(va, vb) {
				t.Fatalf("%s: %#v then %#v from one seed", f.Name, va, vb)
			}
		}
	}
	// At keeps no state and agrees with Valid's numbering.
	c := New(7, "t")
	for _, f := range fields() {
		v0, _ := c.At(f, 0)
		w0, _ := New(7, "t").Valid(f)
		if !reflect.DeepEqual(v0, w0) {
			t.Errorf("%s: At(0) %#v, first Valid %#v", f.Name, v0, w0)
		}
	}
	// Another seed makes other pattern values.
	f := &ir.Field{Name: "slug", Type: ir.String, Pattern: "^[a-z]{10}$"}
	x, _ := New(1, "").At(f, 3)
	y, _ := New(2, "").At(f, 3)
	if x == y {
		t.Errorf("seeds 1 and 2 both make %v", x)
	}
}

func TestImpossibleIsReported(t *testing.T) {
	for _, f := range []*ir.Field{
		{Name: "p", Type: ir.String, Pattern: "^[a-z]{5}$", MaxLength: ptr(3)},
		{Name: "d", Type: ir.Decimal, Precision: 4, Scale: 2, Min: ptr(0.001), Max: ptr(0.009)},
		{Name: "i", Type: ir.Int, Min: ptr(0.2), Max: ptr(0.8)},
		{Name: "e", Type: ir.Email, MaxLength: ptr(4)},
	} {
		if v, ok := New(0, "").Valid(f); ok {
			t.Errorf("%s: no value fits, but got %#v", f.Name, v)
		}
	}
}

func TestInvalidsFail(t *testing.T) {
	for _, f := range fields() {
		codes := map[string]bool{}
		for _, inv := range Invalids(f) {
			codes[inv.Code] = true
			if Fits(f, inv.Value) {
				t.Errorf("%s: invalid %s %#v fits", f.Name, inv.Name, inv.Value)
			}
		}
		if !codes["type"] && f.Type != ir.JSON {
			t.Errorf("%s: no type error", f.Name)
		}
		if f.Min != nil && !codes["min"] || f.Max != nil && !codes["max"] {
			t.Errorf("%s: no min or max error: %v", f.Name, codes)
		}
	}
	f := &ir.Field{Name: "slug", Type: ir.String, Pattern: "^[a-z0-9-]+$", MinLength: ptr(2), MaxLength: ptr(10)}
	var pattern string
	for _, inv := range Invalids(f) {
		if inv.Code == "pattern" {
			pattern = inv.Value.(string)
		}
	}
	if pattern == "" || len(pattern) < 2 || len(pattern) > 10 || compiled(f.Pattern).MatchString(pattern) {
		t.Errorf("pattern value %q must fail only the pattern", pattern)
	}
	for _, inv := range Invalids(&ir.Field{Name: "email", Type: ir.Email, MaxLength: ptr(254)}) {
		if inv.Name == "maxLength" && (inv.Code != "format" || len(inv.Value.(string)) != 255) {
			t.Errorf("an email over 254 characters is a format error: %+v", inv)
		}
	}
	d := &ir.Field{Name: "d", Type: ir.Decimal, Precision: 6, Scale: 2, Min: ptr(-0.5), Max: ptr(0.25)}
	got := map[string]any{}
	for _, inv := range Invalids(d) {
		got[inv.Code+inv.Name] = inv.Value
	}
	if got["minmin"] != "-1.50" || got["maxmax"] != "1.25" {
		t.Errorf("decimal min and max values: %v", got)
	}
}

func TestPrivilegedRole(t *testing.T) {
	auth := &ir.Auth{Roles: []string{"member", "editor", "admin"}}
	ops := func(roles ...string) []*ir.Operation {
		var out []*ir.Operation
		for _, r := range roles {
			out = append(out, &ir.Operation{Access: ir.Rule{Roles: []string{r}}})
		}
		return out
	}
	for _, c := range []struct {
		ops, endpoints []string
		want           string
	}{
		{[]string{"admin", "admin", "editor"}, nil, "admin"},
		{[]string{"editor", "editor", "admin"}, nil, "editor"},
		{[]string{"editor", "admin"}, nil, "admin"},   // a tie: the later value
		{[]string{"member", "editor"}, nil, "editor"}, // a tie: the later value
		{nil, nil, "admin"}, // no rule names a role
		{[]string{"editor"}, []string{"admin", "admin"}, "admin"}, // endpoints count
	} {
		api := &ir.API{Auth: auth, Entities: []*ir.Entity{{Operations: ops(c.ops...)}}}
		for _, r := range c.endpoints {
			api.Endpoints = append(api.Endpoints, &ir.Endpoint{Access: ir.Rule{Roles: []string{r}}})
		}
		if got := PrivilegedRole(api); got != c.want {
			t.Errorf("%v %v: %q, want %q", c.ops, c.endpoints, got, c.want)
		}
	}
	if got := PrivilegedRole(&ir.API{Auth: &ir.Auth{}}); got != "" {
		t.Errorf("no role field: %q", got)
	}
}
