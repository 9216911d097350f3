package express_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/bgen-dev/bgen/emitters/express"
	"github.com/bgen-dev/bgen/internal/pipeline"
)

// TestEmit emits the examples; with BGEN_EXPRESS_OUT set, it writes them
// there (a scratch folder for trying the project by hand).
func TestEmit(t *testing.T) {
	for _, ex := range []string{"blog", "shop"} {
		api, err := pipeline.Compile([]string{filepath.Join("..", "..", "examples", ex, "api.cue")})
		if err != nil {
			t.Fatal(err)
		}
		files, err := express.New().Emit(api)
		if err != nil {
			t.Fatal(err)
		}
		again, _ := express.New().Emit(api)
		if len(again) != len(files) {
			t.Fatal("not deterministic")
		}
		for i := range files {
			if string(files[i].Data) != string(again[i].Data) || (i > 0 && files[i-1].Path >= files[i].Path) {
				t.Fatalf("%s: not deterministic or not sorted", files[i].Path)
			}
		}
		out := os.Getenv("BGEN_EXPRESS_OUT")
		if out == "" {
			continue
		}
		for _, f := range files {
			p := filepath.Join(out, ex, f.Path)
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}
