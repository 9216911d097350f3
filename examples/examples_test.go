package examples

import (
	"os"
	"path/filepath"
	"testing"

	"cuelang.org/go/cue/format"
)

// The examples are what users copy: they must be `cue fmt` clean.
func TestCueFmt(t *testing.T) {
	paths, err := filepath.Glob("*/*.cue")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no examples found (%v)", err)
	}
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		got, err := format.Source(src)
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		if string(got) != string(src) {
			t.Errorf("%s is not cue fmt clean: run cue fmt on it", p)
		}
	}
}
