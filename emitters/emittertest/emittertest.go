// Package emittertest holds what every target's project test shares: the
// specs under emitters/testdata, which reach corners the examples do not
// (field constraints, routes), and which every target's generated project
// must build and pass its own tests on.
package emittertest

import (
	"os"
	"path/filepath"
)

// SharedSpecs returns the names of the folders of emitters/testdata that
// hold an api.cue, sorted, for a test running in a package folder directly
// under emitters/ (SpecPath gives each one's path).
func SharedSpecs() []string {
	ents, _ := os.ReadDir(filepath.Join("..", "testdata"))
	var out []string
	for _, e := range ents {
		if _, err := os.Stat(SpecPath(e.Name())); e.IsDir() && err == nil {
			out = append(out, e.Name())
		}
	}
	return out
}

// SpecPath is the path of shared spec name, from a package folder directly
// under emitters/.
func SpecPath(name string) string { return filepath.Join("..", "testdata", name, "api.cue") }
