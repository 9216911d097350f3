package openapi

import (
	"testing"
)

func TestEncode(t *testing.T) {
	type point struct {
		Y int `json:"y"`
		X int `json:"x"`
	}
	v := obj(
		"z", "a<b>&c",
		"a", []any{},
		"m", map[string]any{"b": 1, "a": []any{true, nil}},
		"e", newObject(),
		"n", []any{int64(-3), 2.5, 1e21, 100000.0},
		"s", point{Y: 1, X: 2},
	)
	got, err := encode(v)
	if err != nil {
		t.Fatal(err)
	}
	want := `{
  "z": "a<b>&c",
  "a": [],
  "m": {
    "a": [
      true,
      null
    ],
    "b": 1
  },
  "e": {},
  "n": [
    -3,
    2.5,
    1e+21,
    100000
  ],
  "s": {
    "x": 2,
    "y": 1
  }
}
`
	if string(got) != want {
		t.Errorf("encode =\n%s\nwant\n%s", got, want)
	}
	v.set("z", "replaced")
	if v.keys[0] != "z" || len(v.keys) != 6 {
		t.Errorf("set of an existing key moved it: %v", v.keys)
	}
}
