// Command pipelinebench measures one whole bgen run (load, validate, lower,
// emit every implemented target) over a synthetic spec: wall time and the
// process's peak resident memory, which `go test -bench` cannot report.
//
//	go run ./bench/cmd/pipelinebench -n 100
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"github.com/bgen-dev/bgen/bench"
	"github.com/bgen-dev/bgen/internal/pipeline"
	"github.com/bgen-dev/bgen/internal/targets"
)

func main() {
	n := flag.Int("n", 100, "number of entities in the synthetic spec")
	flag.Parse()
	if err := run(*n); err != nil {
		fmt.Fprintln(os.Stderr, "pipelinebench:", err)
		os.Exit(1)
	}
}

func run(n int) error {
	dir, err := os.MkdirTemp("", "bgen-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "api.cue")
	if err := os.WriteFile(path, []byte(bench.Synthetic(n)), 0o644); err != nil {
		return err
	}
	start := time.Now()
	api, err := pipeline.Compile([]string{path})
	if err != nil {
		return err
	}
	compiled := time.Since(start)
	files, bytes := 0, 0
	for _, e := range targets.All() {
		emitStart := time.Now()
		out, err := e.Emit(api)
		if err != nil {
			return fmt.Errorf("%s: %w", e.Name(), err)
		}
		files += len(out)
		for _, f := range out {
			bytes += len(f.Data)
		}
		fmt.Printf("  %-8s %s\n", e.Name(), time.Since(emitStart).Round(time.Millisecond))
	}
	total := time.Since(start)
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return err
	}
	fmt.Printf("entities=%d compile=%s total=%s files=%d bytes=%d peakRSS=%.1fMiB\n",
		n, compiled.Round(time.Millisecond), total.Round(time.Millisecond), files, bytes, float64(ru.Maxrss)/1024)
	return nil
}
