// Package pipeline runs the compiler for the CLI, the conformance suite,
// tests and benchmarks: Compile takes spec files to IR, Emit takes the IR
// to every selected target's files.
package pipeline

import (
	"sync"

	"github.com/bgen-dev/bgen/emitters"
	"github.com/bgen-dev/bgen/ir"
	"github.com/bgen-dev/bgen/ir/lower"
	"github.com/bgen-dev/bgen/spec"
)

// Compile loads, validates and lowers the spec in paths. The error, if any,
// holds every problem found, each with its position (see spec.FormatErrors).
func Compile(paths []string) (*ir.API, error) {
	s, err := spec.Load(paths)
	if err != nil {
		return nil, err
	}
	if err := spec.Validate(s); err != nil {
		return nil, err
	}
	return lower.Lower(s)
}

// Result is what one emitter returned.
type Result struct {
	Name  string // the emitter's target name
	Files []emitters.File
	Err   error
}

// Emit runs every emitter in ems on api and returns their results in the
// order of ems. The emitters run concurrently: each is pure and only reads
// the IR, so the files and errors are those of running them one after the
// other (internal/pipeline's race test holds them to that).
func Emit(api *ir.API, ems []emitters.Emitter) []Result {
	results := make([]Result, len(ems))
	var wg sync.WaitGroup
	for i, em := range ems {
		wg.Go(func() {
			files, err := em.Emit(api)
			results[i] = Result{Name: em.Name(), Files: files, Err: err}
		})
	}
	wg.Wait()
	return results
}
