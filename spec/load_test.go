package spec

import (
	"bytes"
	"path/filepath"
	"testing"
)

// formatted is FormatErrors' output for err with positions relative to cwd.
func formatted(err error, cwd string) string {
	var b bytes.Buffer
	FormatErrors(&b, err, cwd)
	return b.String()
}

func TestExamples(t *testing.T) {
	paths, _ := filepath.Glob("../examples/*/*.cue")
	if len(paths) == 0 {
		t.Fatal("no examples found")
	}
	for _, p := range paths {
		t.Run(p, func(t *testing.T) {
			s, err := Load([]string{p})
			if err != nil {
				t.Fatalf("Load:\n%s", formatted(err, ""))
			}
			if err := Validate(s); err != nil {
				t.Fatalf("Validate:\n%s", formatted(err, ""))
			}
		})
	}
}
