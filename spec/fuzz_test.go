package spec

import (
	"io"
	"os"
	"path/filepath"
	"testing"
)

// FuzzLoadSource feeds arbitrary sources through LoadSource and Validate:
// whatever the input, they must return errors, never panic. The seeds (the
// examples and every error case) run in the normal `go test`. To fuzz:
//
//	go test -run XXX -fuzz FuzzLoadSource -fuzztime 60s -fuzzminimizetime 50x ./spec
//
// (minimizing is slow: each run evaluates CUE, so keep -fuzzminimizetime low.)
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
