package targets

import (
	"slices"
	"testing"
)

func TestAllInKnownOrder(t *testing.T) {
	known := Known()
	last := -1
	seen := map[string]bool{}
	for _, e := range All() {
		i := slices.Index(known, e.Name())
		if i < 0 {
			t.Fatalf("emitter %q is not a known target %v", e.Name(), known)
		}
		if i <= last {
			t.Errorf("emitter %q is out of order; want the order %v", e.Name(), known)
		}
		if seen[e.Name()] {
			t.Errorf("emitter %q registered twice", e.Name())
		}
		seen[e.Name()] = true
		last = i
		got, ok := Lookup(e.Name())
		if !ok || got.Name() != e.Name() {
			t.Errorf("Lookup(%q) = %v, %v", e.Name(), got, ok)
		}
	}
}

func TestLookupUnknown(t *testing.T) {
	for _, name := range []string{"", "rails", "OpenAPI"} {
		if _, ok := Lookup(name); ok {
			t.Errorf("Lookup(%q) found an emitter", name)
		}
		if IsKnown(name) {
			t.Errorf("IsKnown(%q) = true", name)
		}
	}
	for _, name := range Known() {
		if !IsKnown(name) {
			t.Errorf("IsKnown(%q) = false", name)
		}
	}
}
