package handler

import "testing"

func TestDepthSkipsStrings(t *testing.T) {
	for data, want := range map[string]int{
		``:                      0,
		`{}`:                    1,
		`{"a":[{"b":[]}]}`:      4,
		`{"a":"[[[{{"}`:         1,
		`{"a":"\\\"[[","b":[]}`: 2,
		`[[[`:                   3,
	} {
		if got := depth([]byte(data)); got != want {
			t.Errorf("depth(%s) = %d, want %d", data, got, want)
		}
	}
}

func TestWellFormedQuery(t *testing.T) {
	for raw, want := range map[string]bool{
		"":            true,
		"a=1&b=%20+c": true,
		"a=%zz":       false,
		"a=1;b=2":     false,
		"a=%4":        false,
		"%gg=1":       false,
	} {
		if got := wellFormedQuery(raw); got != want {
			t.Errorf("wellFormedQuery(%q) = %v, want %v", raw, got, want)
		}
	}
}
