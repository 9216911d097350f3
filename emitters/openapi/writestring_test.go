package openapi

import (
	"bytes"
	"encoding/json"
	"testing"
)

// TestWriteStringMatchesEncodingJSON checks writeString's fast path for
// plain ASCII against encoding/json (HTML escaping off), byte for byte,
// on every single byte and on strings that need escaping.
func TestWriteStringMatchesEncodingJSON(t *testing.T) {
	cases := []string{
		"", "plain", "a<b>&c", `say "hi"`, `back\slash`, "tab\there", "nl\n",
		"\x00\x1f\x7f", "é ü 漢字", "\u2028\u2029", "bad \xff utf8", "^[A-Za-z0-9._~-]{1,128}$",
	}
	for c := 0; c < 256; c++ {
		cases = append(cases, string([]byte{byte(c)}), "x"+string([]byte{byte(c)})+"y")
	}
	for _, s := range cases {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		writeString(&got, s)
		if !bytes.Equal(got.Bytes(), bytes.TrimSuffix(want.Bytes(), []byte("\n"))) {
			t.Errorf("writeString(%q) = %s, want %s", s, got.Bytes(), want.Bytes())
		}
	}
}
