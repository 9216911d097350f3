package golang

import (
	"bytes"
	"testing"
)

// TestRuntimeFilesIgnoreTheSpec checks that the runtime files built with
// jennifer depend on nothing but the module path: the same bytes for every
// example once the module name is swapped.
func TestRuntimeFilesIgnoreTheSpec(t *testing.T) {
	runtime := []string{
		"internal/apierr/apierr.go",
		"internal/auth/auth.go",
		"internal/config/config.go",
		"internal/handler/page.go",
		"internal/handler/setup_test.go",
		"internal/repository/list.go",
		"internal/validate/validate.go",
		"migrations/embed.go",
	}
	byPath := map[string]map[string][]byte{}
	for _, ex := range examples {
		byPath[ex] = map[string][]byte{}
		for _, f := range emit(t, ex) {
			byPath[ex][f.Path] = f.Data
		}
	}
	for _, p := range runtime {
		want, ok := byPath["blog"][p]
		if !ok {
			t.Fatalf("blog lacks %s", p)
		}
		for _, ex := range examples[1:] {
			got := bytes.ReplaceAll(byPath[ex][p], []byte(`"`+ex+`/`), []byte(`"blog/`))
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs between blog and %s", p, ex)
			}
		}
	}
}
