// Package pipeline runs the front half of the compiler, spec files to IR,
// for the CLI, the conformance suite and tests.
package pipeline

import (
	"github.com/bgen-dev/bgen/ir"
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
	return ir.Lower(s)
}
