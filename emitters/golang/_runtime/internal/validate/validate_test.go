package validate

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestJSONIsWrittenAsIJSON(t *testing.T) {
	for raw, want := range map[string]string{
		`{"a": 1.50, "b": 1E2, "c": [1e-400, -0.5e1]}`: `{"a":1.5,"b":100,"c":[0,-5]}`,
		`123456789012345678901234567890`:               `123456789012345678901234567890`,
		`0.1000000000000000000000001`:                  `0.1`,
		`{"z": 1, "a": {"z": "<&>"}}`:                  `{"z":1,"a":{"z":"<&>"}}`,
		`["\ud800", "\u00e9"]`:                         `["` + "\uFFFD" + `","é"]`,
		`{"a": {"b": 1}, "b": {"a": 1}}`:               `{"a":{"b":1},"b":{"a":1}}`,
	} {
		var e Errors
		got, ok := JSON(&e, "f", json.RawMessage(raw))
		if !ok || string(got) != want {
			t.Errorf("JSON(%s) = %s, %v, want %s", raw, got, e, want)
		}
	}
	for _, raw := range []string{
		`{"a": 1, "a": 2}`,
		`[{"x": {"b": 1, "\u0062": 2}}]`,
		`[1e400]`,
		`{"n": -1e400}`,
		`{"a\u0000": 1}`,
		`["a\u0000b"]`,
	} {
		var e Errors
		if _, ok := JSON(&e, "f", json.RawMessage(raw)); ok || len(e) != 1 || e[0].Code != "format" {
			t.Errorf("JSON(%s): want one format error, got %v", raw, e)
		}
	}
}

func TestDatesLieInTheYears1To9999(t *testing.T) {
	for _, s := range []string{"0001-01-01", "9999-12-31"} {
		if _, ok := ParseDate(s); !ok {
			t.Errorf("ParseDate(%s) refused", s)
		}
	}
	if _, ok := ParseDate("0000-12-31"); ok {
		t.Error("ParseDate(0000-12-31) accepted")
	}
	for s, want := range map[string]string{
		"0001-01-01T01:00:00+01:00":         "0001-01-01T00:00:00.000Z",
		"9999-12-31T22:59:59.9999999-01:00": "9999-12-31T23:59:59.999Z",
		"2020-02-29T23:59:59.9996Z":         "2020-02-29T23:59:59.999Z",
	} {
		if d, ok := ParseDateTime(s); !ok || d.String() != want {
			t.Errorf("ParseDateTime(%s) = %s, %v, want %s", s, d, ok, want)
		}
	}
	for _, s := range []string{"9999-12-31T23:59:59-01:00", "0001-01-01T00:00:00+01:00", "0000-06-15T12:00:00Z"} {
		if _, ok := ParseDateTime(s); ok {
			t.Errorf("ParseDateTime(%s) accepted", s)
		}
	}
}

func TestEmailsAndURLs(t *testing.T) {
	if got := FoldEmail("LIB.Ä@Example.COM"); got != "lib.Ä@example.com" {
		t.Errorf("FoldEmail = %s", got)
	}
	for _, blank := range []string{"\x01", "\t", "\x7f", "\u0085", "\u00a0", "\u2028", "\u3000"} {
		if IsEmail("a" + blank + "b@example.com") {
			t.Errorf("IsEmail accepted %q", blank)
		}
		if IsURL("https://example.com/a" + blank + "b") {
			t.Errorf("IsURL accepted %q", blank)
		}
	}
}

func TestPasswordsAreAtMost72Bytes(t *testing.T) {
	rule := StringRule{MaxLength: 72, MaxBytes: 72}
	for pw, ok := range map[string]bool{strings.Repeat("é", 36): true, strings.Repeat("é", 36) + "a": false} {
		var e Errors
		raw, _ := json.Marshal(pw)
		if _, got := String(&e, "password", raw, rule); got != ok || !ok && e[0].Code != "maxLength" {
			t.Errorf("%d bytes: ok %v, errors %v", len(pw), got, e)
		}
	}
}
