package fastapi

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/bgen-dev/bgen/internal/pipeline"
)

// TestWriteExamples writes each example's project under
// $BGEN_FASTAPI_OUT/<example>, for looking at the output by hand.
func TestWriteExamples(t *testing.T) {
	out := os.Getenv("BGEN_FASTAPI_OUT")
	if out == "" {
		t.Skip("BGEN_FASTAPI_OUT not set")
	}
	for name, spec := range specs() {
		api, err := pipeline.Compile([]string{spec})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		files, err := New().Emit(api)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := writeFiles(filepath.Join(out, name), files); err != nil {
			t.Fatal(err)
		}
	}
}

// specs are the specs the tests emit: both examples and testdata/plain.
func specs() map[string]string {
	return map[string]string{
		"blog":  filepath.Join("..", "..", "examples", "blog", "api.cue"),
		"shop":  filepath.Join("..", "..", "examples", "shop", "api.cue"),
		"plain": filepath.Join("testdata", "plain", "api.cue"),
	}
}
