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
	for _, name := range []string{"blog", "shop"} {
		api, err := pipeline.Compile([]string{filepath.Join("..", "..", "examples", name, "api.cue")})
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
