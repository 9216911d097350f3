package spec

import (
	"io"
	"os"
	"path/filepath"
	"testing"
)

// FuzzLoadSource feeds arbitrary sources through LoadSource and Validate:
// whatever the input, they must return errors, never panic.
func FuzzLoadSource(f *testing.F) {
	seeds, _ := filepath.Glob("../examples/*/*.cue")
	cases, _ := filepath.Glob("testdata/errors/*/*.cue")
	for _, p := range append(seeds, cases...) {
		src, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Add([]byte(cueFeatures))
	f.Fuzz(func(t *testing.T, src []byte) {
		s, err := LoadSource("api.cue", src)
		if err == nil {
			if s == nil {
				t.Fatal("LoadSource returned neither a spec nor an error")
			}
			err = Validate(s)
		}
		FormatErrors(io.Discard, err, "")
	})
}
