package cli

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
)

// supervisedEnv marks the child process that Main starts.
const supervisedEnv = "BGEN_SUPERVISED"

// childMaxStack bounds the evaluator's stack in the child: a spec that
// recurses without end (see docs/known-issues.md) fails at this depth,
// quickly, instead of growing a 1 GB stack first.
const childMaxStack = 256 << 20

// Main is the bgen program. The work runs in a child process of the same
// executable, so that a crash that Go cannot recover from (the CUE
// evaluator overflowing its stack on some specs) is reported as a spec
// error with a position instead of a Go stack trace. Run is the work itself.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if os.Getenv(supervisedEnv) != "" {
		debug.SetMaxStack(childMaxStack)
		return Run(args, stdin, stdout, stderr)
	}
	self, err := os.Executable()
	if err != nil {
		return Run(args, stdin, stdout, stderr)
	}
	cmd := exec.Command(self, args...)
	cmd.Env = append(os.Environ(), supervisedEnv+"=1")
	cmd.Stdin, cmd.Stdout = stdin, stdout
	pipe, err := cmd.StderrPipe()
	if err != nil {
		return Run(args, stdin, stdout, stderr)
	}
	// Signals go to the child, which stops as bgen would; the parent waits
	// for it. (Caught, not ignored: an ignored signal stays ignored in the
	// child.)
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
	defer signal.Stop(sigs)
	if err := cmd.Start(); err != nil {
		return Run(args, stdin, stdout, stderr)
	}
	go func() {
		for s := range sigs {
			_ = cmd.Process.Signal(s)
		}
	}()
	crash := passUntilCrash(pipe, stderr)
	err = cmd.Wait()
	if crash.Len() > 0 {
		return reportCrash(crash.Bytes(), args, stderr)
	}
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		if code := exit.ExitCode(); code >= 0 {
			return code
		}
		fmt.Fprintf(stderr, "bgen: %v\n", err)
		return exitFail
	}
	if err != nil {
		fmt.Fprintf(stderr, "bgen: %v\n", err)
		return exitFail
	}
	return exitOK
}

// passUntilCrash copies r to w line by line until the Go runtime starts
// reporting a crash; it returns what the runtime wrote from then on.
func passUntilCrash(r io.Reader, w io.Writer) *bytes.Buffer {
	var crash bytes.Buffer
	br := bufio.NewReader(r)
	for {
		line, err := br.ReadBytes('\n')
		if crash.Len() == 0 && !crashLine(line) {
			_, _ = w.Write(line)
		} else {
			crash.Write(line)
		}
		if err != nil {
			return &crash
		}
	}
}

// crashLine reports whether line starts the Go runtime's report of a fatal
// error or an unrecovered panic. bgen's own messages never start so.
func crashLine(line []byte) bool {
	for _, p := range []string{"runtime: goroutine stack exceeds", "fatal error: ", "panic: "} {
		if bytes.HasPrefix(line, []byte(p)) {
			return true
		}
	}
	return false
}

// reportCrash turns the runtime's report into one positioned line: a stack
// overflow is the evaluator's known failure on the spec, anything else a
// bug in bgen.
func reportCrash(report []byte, args []string, stderr io.Writer) int {
	first, _, _ := strings.Cut(string(report), "\n")
	pos := specPosition(args)
	if strings.Contains(string(report), "stack overflow") || strings.Contains(first, "stack exceeds") {
		fmt.Fprintf(stderr, "%s: the CUE evaluator (cuelang.org/go) recursed without end on this spec, "+
			"as it does on some self-referencing structures; simplify the references "+
			"(see bgen's docs/known-issues.md)\n", pos)
		return exitFail
	}
	fmt.Fprintf(stderr, "%s: bgen crashed while handling this spec (%s); please report it with the spec\n", pos, first)
	return exitFail
}

// specPosition is the position a crash is reported at: the first spec file
// of the command line, line 1, column 1.
func specPosition(args []string) string {
	for _, a := range args {
		if strings.HasSuffix(a, ".cue") {
			return a + ":1:1"
		}
	}
	return "spec:1:1"
}
