package express

import "github.com/bgen-dev/bgen/conformance"

// LinkNodeModules makes projectDir/node_modules a link to an installed
// copy of the packages projectDir/package.json names: the conformance
// suite's cache entry (conformance.Target.Cache), keyed by the
// dependencies alone, so one install serves every spec and both suites.
// The first call for a set of dependencies installs them (a few minutes).
func LinkNodeModules(projectDir string) error {
	return conformance.LinkCache(projectDir, conformance.Targets()["express"])
}
