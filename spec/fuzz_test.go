package spec

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"testing"
)

// fuzzChildEnv makes the test binary load one source from stdin and exit:
// FuzzLoadSource runs every input in such a child, so that an input on
// which the CUE evaluator overflows its stack (which no Go code can
// recover from) fails one input, not the whole test binary.
const fuzzChildEnv = "BGEN_SPEC_FUZZ_CHILD"

func TestMain(m *testing.M) {
	if os.Getenv(fuzzChildEnv) != "" {
		os.Exit(fuzzChild())
	}
	os.Exit(m.Run())
}

// fuzzChild loads and validates stdin as bgen does, with bgen's stack bound.
func fuzzChild() int {
	debug.SetMaxStack(256 << 20)
	src, err := io.ReadAll(os.Stdin)
	if err != nil {
		return 3
	}
	s, err := LoadSource("api.cue", src)
	if err == nil {
		if s == nil {
			os.Stderr.WriteString("LoadSource returned neither a spec nor an error\n")
			return 3
		}
		err = Validate(s)
	}
	FormatErrors(io.Discard, err, "")
	return 0
}

// FuzzLoadSource feeds arbitrary sources through LoadSource and Validate:
// whatever the input, they must return errors, never panic. The seeds (the
// examples, every error case and testdata/fuzz/FuzzLoadSource) run in the
// normal `go test`. To fuzz:
//
//	go test -run XXX -fuzz FuzzLoadSource -fuzztime 60s -fuzzminimizetime 50x ./spec
//
// (minimizing is slow: each run evaluates CUE, so keep -fuzzminimizetime low.)
//
// An input on which the CUE evaluator overflows its stack passes: the
// evaluator's bug is known (docs/known-issues.md), and bgen's command line
// reports such a spec as an error at its first line
// (internal/cli TestCrashIsAPositionedError).
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
	self, err := os.Executable()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		cmd := exec.Command(self)
		cmd.Env = append(os.Environ(), fuzzChildEnv+"=1")
		cmd.Stdin = bytes.NewReader(src)
		out, err := cmd.CombinedOutput()
		if err == nil {
			return
		}
		if bytes.Contains(out, []byte("fatal error: stack overflow")) {
			t.Logf("the CUE evaluator overflows its stack on this input (known, reported by the CLI)")
			return
		}
		t.Fatalf("loading crashed: %v\n%s", err, clipOutput(out))
	})
}

func clipOutput(b []byte) []byte {
	if len(b) > 4000 {
		return b[:4000]
	}
	return b
}
