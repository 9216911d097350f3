package golang

import (
	"embed"
	"io/fs"
	"strings"

	"github.com/bgen-dev/bgen/emitters"
	"github.com/bgen-dev/bgen/ir"
	"github.com/bgen-dev/bgen/naming"
)

// runtimeFS is the runtime that does not depend on the spec: real Go
// packages of the placeholder module runtimeModule, laid out as in a
// generated project. The leading "_" keeps the go tool (build, vet, tidy,
// staticcheck) out of it, since bgen's module cannot resolve its imports;
// TestRuntimeTree vets and tests it as a module of its own.
//
//go:embed _runtime
var runtimeFS embed.FS

const (
	runtimeRoot = "_runtime"
	// runtimeModule is the module path the runtime tree imports its own
	// packages by: "bgenapp/internal/apierr", and "bgenapp" for the root
	// package (Version, OpenAPIDocument), used as bgenapp.Version.
	runtimeModule = "bgenapp"
)

// runtimeOnlyIf holds the runtime files emitted only for some specs, with
// the condition; every other file of the tree is emitted for every spec.
var runtimeOnlyIf = map[string]func(*ir.API) bool{
	// Only custom endpoints read raw query and path parameters.
	"internal/handler/params.go": func(api *ir.API) bool { return len(api.Endpoints) > 0 },
}

// static adds the runtime tree's files, headered, with the placeholder
// module replaced by the project's (runtimeReplacer). The tree is gofmt'd
// and the replacement keeps it so (TestRuntimeCopyIsGofmted), so the
// files are not formatted again.
func (g *gen) static() error {
	repl := runtimeReplacer(g.module)
	return fs.WalkDir(runtimeFS, runtimeRoot, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel := strings.TrimPrefix(path, runtimeRoot+"/")
		if only, ok := runtimeOnlyIf[rel]; ok && !only(g.api) {
			return nil
		}
		src, err := runtimeFS.ReadFile(path)
		if err != nil {
			return err
		}
		g.add(rel, []byte("// "+emitters.Header+"\n\n"+repl.Replace(string(src))), emitters.Bgen)
		return nil
	})
}

// runtimeReplacer rewrites the runtime tree's references to its placeholder
// module into those of module: the import paths "bgenapp" and
// "bgenapp/...", and the root package's name in bgenapp.Version.
// TestRuntimePlaceholder checks that the tree names the placeholder in no
// other way.
func runtimeReplacer(module string) *strings.Replacer {
	return strings.NewReplacer(
		`"`+runtimeModule+`"`, `"`+module+`"`,
		`"`+runtimeModule+`/`, `"`+module+`/`,
		runtimeModule+".", naming.EscapeGo(module)+".",
	)
}
