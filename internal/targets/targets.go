// Package targets is the registry of implemented target emitters. It holds
// no state: All builds a fresh list on every call, so tests and builds may
// run in parallel.
package targets

import (
	"github.com/bgen-dev/bgen/emitters"
	"github.com/bgen-dev/bgen/emitters/express"
	"github.com/bgen-dev/bgen/emitters/fastapi"
	"github.com/bgen-dev/bgen/emitters/golang"
	"github.com/bgen-dev/bgen/emitters/openapi"
	"github.com/bgen-dev/bgen/ir"
)

// Known returns every target name bgen knows, implemented or not, in the
// fixed order used everywhere (flags, output folders, summaries).
func Known() []string { return ir.KnownTargets() }

// All returns the implemented emitters in the order of Known.
//
// A target is registered by uncommenting its one line below (and adding
// its import) once its emitter produces a working project.
func All() []emitters.Emitter {
	return []emitters.Emitter{
		openapi.New(),
		fastapi.New(),
		express.New(),
		// nestjs: not implemented yet
		golang.New(),
	}
}

// Lookup returns the implemented emitter named name.
func Lookup(name string) (emitters.Emitter, bool) {
	for _, e := range All() {
		if e.Name() == name {
			return e, true
		}
	}
	return nil, false
}

// Implemented returns the names of the implemented targets, in the order of
// Known.
func Implemented() []string {
	var names []string
	for _, e := range All() {
		names = append(names, e.Name())
	}
	return names
}

// IsKnown reports whether name is one of Known.
func IsKnown(name string) bool {
	for _, k := range Known() {
		if k == name {
			return true
		}
	}
	return false
}
