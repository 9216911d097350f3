package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMain lets Main's child run in this test binary: Main starts its own
// executable with supervisedEnv set, which here is the test binary.
func TestMain(m *testing.M) {
	if os.Getenv(supervisedEnv) != "" {
		os.Exit(Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// crashSpec makes cuelang.org/go v0.17.1 overflow its stack
// (docs/known-issues.md).
const crashSpec = "entities:A:A&{e:{A:A:A:A:\"\"},A&{e:B:A&0},B:{A}}\n"

func TestCrashIsAPositionedError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "api.cue")
	if err := os.WriteFile(path, []byte(crashSpec), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	code := Main([]string{"vet", path}, strings.NewReader(""), &stdout, &stderr)
	if code != exitFail {
		t.Errorf("exit code %d, want %d", code, exitFail)
	}
	want := path + ":1:1: the CUE evaluator (cuelang.org/go) recursed without end on this spec"
	if !strings.HasPrefix(stderr.String(), want) || strings.Count(stderr.String(), "\n") != 1 {
		t.Errorf("stderr:\n%s\nwant one line starting with %q", stderr.String(), want)
	}
}

func TestSupervisedRunPassesOutputAndExitCode(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := Main([]string{"vet", blogSpec}, strings.NewReader(""), &stdout, &stderr); code != exitOK {
		t.Errorf("vet of the blog: exit %d, stderr:\n%s", code, stderr.String())
	}
	stdout.Reset()
	stderr.Reset()
	if code := Main([]string{"no-such-command"}, strings.NewReader(""), &stdout, &stderr); code != exitUsage {
		t.Errorf("unknown command: exit %d, want %d", code, exitUsage)
	}
	if !strings.Contains(stderr.String(), `unknown command "no-such-command"`) {
		t.Errorf("stderr of an unknown command:\n%s", stderr.String())
	}
}
