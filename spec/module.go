package spec

import (
	"fmt"
	"strings"
)

// ModuleFiles returns the files `bgen init` writes under cue.mod/ so that
// `cue vet` and editors understand a spec that imports "bgen.dev/spec" and
// embeds spec.#Spec. Keys are paths relative to the project directory.
//
// CUE wants a module path whose first element is a domain: "_" becomes "-"
// there, and a bare name such as "blog" becomes "blog.local".
func ModuleFiles(module string) map[string][]byte {
	first, rest, _ := strings.Cut(module, "/")
	first = strings.ReplaceAll(strings.ToLower(first), "_", "-")
	module = first
	if rest != "" {
		module += "/" + rest
	}
	if !strings.Contains(first, ".") {
		module = first + ".local"
		if rest != "" {
			module += "/" + rest
		}
	}
	mod := fmt.Sprintf("module: %q\nlanguage: version: %q\n", module, cueLanguageVersion)
	return map[string][]byte{
		"cue.mod/module.cue":                   []byte(mod),
		"cue.mod/pkg/bgen.dev/spec/schema.cue": Schema(),
	}
}

// cueLanguageVersion is the CUE language version of the written module.
const cueLanguageVersion = "v0.17.0"
