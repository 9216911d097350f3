package golang

import (
	"bytes"
	"go/format"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bgen-dev/bgen/bench"
	"github.com/bgen-dev/bgen/internal/pipeline"
)

// TestGoOutputIsGofmted backs the go emitter's single formatting pass:
// jennifer formats each file, the emitter then splits its import block
// into groups without formatting again. Every Go file it emits, for both
// examples and a synthetic spec, must equal what go/format makes of it.
func TestGoOutputIsGofmted(t *testing.T) {
	synth := filepath.Join(t.TempDir(), "api.cue")
	if err := os.WriteFile(synth, []byte(bench.Synthetic(7)), 0o644); err != nil {
		t.Fatal(err)
	}
	specs := map[string]string{
		"blog":  "../../examples/blog/api.cue",
		"shop":  "../../examples/shop/api.cue",
		"synth": synth,
	}
	for name, path := range specs {
		t.Run(name, func(t *testing.T) {
			api, err := pipeline.Compile([]string{path})
			if err != nil {
				t.Fatal(err)
			}
			files, err := New().Emit(api)
			if err != nil {
				t.Fatal(err)
			}
			checked, grouped := 0, 0
			for _, f := range files {
				if !strings.HasSuffix(f.Path, ".go") {
					continue
				}
				checked++
				want, err := format.Source(f.Data)
				if err != nil {
					t.Errorf("%s: %v", f.Path, err)
					continue
				}
				if !bytes.Equal(f.Data, want) {
					t.Errorf("%s is not gofmt'd:\n%s", f.Path, f.Data)
				}
				if bytes.Contains(f.Data, []byte("\"\n\n\t\"")) {
					grouped++
				}
			}
			// The check means something only if files with several
			// import groups were among those checked.
			if checked == 0 || grouped == 0 {
				t.Fatalf("checked %d Go files, %d with grouped imports", checked, grouped)
			}
		})
	}
}
