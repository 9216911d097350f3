// Command pipelinebench measures one whole bgen run over a synthetic spec,
// the way `bgen build` runs it (pipeline.Compile, then pipeline.Emit of
// every implemented target, concurrently), without writing the files:
// wall time, the CPU time the process used (a fairer figure than wall time
// on a shared machine), and its peak resident memory, which `go test
// -bench` cannot report. Each emitter's own wall time is shown too; as
// they run at once, those overlap.
//
//	go run ./bench/cmd/pipelinebench -n 100
//
// With -spec FILE it only writes the synthetic spec to FILE, for timing
// the real command: bgen build FILE -t fastapi,go -o DIR.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"github.com/bgen-dev/bgen/bench"
	"github.com/bgen-dev/bgen/emitters"
	"github.com/bgen-dev/bgen/internal/pipeline"
	"github.com/bgen-dev/bgen/internal/targets"
	"github.com/bgen-dev/bgen/ir"
)

func main() {
	n := flag.Int("n", 100, "number of entities in the synthetic spec")
	specOut := flag.String("spec", "", "only write the synthetic spec to `FILE`")
	flag.Parse()
	if *specOut != "" {
		if err := os.WriteFile(*specOut, []byte(bench.Synthetic(*n)), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "pipelinebench:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(*n); err != nil {
		fmt.Fprintln(os.Stderr, "pipelinebench:", err)
		os.Exit(1)
	}
}

// timed is an emitter that records how long its Emit took.
type timed struct {
	emitters.Emitter
	took *time.Duration
}

func (t timed) Emit(api *ir.API) ([]emitters.File, error) {
	start := time.Now()
	files, err := t.Emitter.Emit(api)
	*t.took = time.Since(start)
	return files, err
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
	cpu0, err := cpuTime()
	if err != nil {
		return err
	}
	start := time.Now()
	api, err := pipeline.Compile([]string{path})
	if err != nil {
		return err
	}
	compiled := time.Since(start)
	all := targets.All()
	took := make([]time.Duration, len(all))
	ems := make([]emitters.Emitter, len(all))
	for i, e := range all {
		ems[i] = timed{Emitter: e, took: &took[i]}
	}
	results := pipeline.Emit(api, ems)
	total := time.Since(start)
	cpu1, err := cpuTime()
	if err != nil {
		return err
	}
	files, bytes := 0, 0
	for i, r := range results {
		if r.Err != nil {
			return fmt.Errorf("%s: %w", r.Name, r.Err)
		}
		files += len(r.Files)
		for _, f := range r.Files {
			bytes += len(f.Data)
		}
		fmt.Printf("  %-8s %s\n", r.Name, took[i].Round(time.Millisecond))
	}
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return err
	}
	fmt.Printf("entities=%d compile=%s total=%s cpu=%s files=%d bytes=%d peakRSS=%.1fMiB\n",
		n, compiled.Round(time.Millisecond), total.Round(time.Millisecond), (cpu1 - cpu0).Round(time.Millisecond),
		files, bytes, float64(ru.Maxrss)/1024)
	return nil
}

// cpuTime is the user and system CPU time the process has used so far.
func cpuTime() (time.Duration, error) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, err
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), nil
}
