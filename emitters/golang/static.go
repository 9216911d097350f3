package golang

import (
	"embed"
	"fmt"
	"go/format"
	"io/fs"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/bgen-dev/bgen/emitters"
	"github.com/bgen-dev/bgen/naming"
)

//go:embed static
var staticFS embed.FS

// static adds the runtime sources that do not depend on the spec: those
// built with jennifer, then the fixed text files under static/, with the
// module path and the root package filled in.
func (g *gen) static() error {
	g.runtimeApierr()
	g.runtimeAuth()
	g.runtimeConfig()
	g.runtimeValidate()
	g.runtimeList()
	g.runtimePage()
	if len(g.api.Endpoints) > 0 {
		g.runtimeParams() // only custom endpoints read raw parameters
	}
	g.runtimeTestServer()
	g.runtimeMigrations()
	root := naming.EscapeGo(g.module)
	repl := strings.NewReplacer(`"MODULE/`, `"`+g.module+`/`, `"ROOTIMPORT"`, `"`+g.module+`"`, "ROOTPKG.", root+".")
	return fs.WalkDir(staticFS, "static", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		src, err := staticFS.ReadFile(path)
		if err != nil {
			return err
		}
		text := "// " + emitters.Header + "\n\n" + repl.Replace(string(src))
		out, err := format.Source([]byte(text))
		if err != nil {
			return fmt.Errorf("go: %s: %w", path, err)
		}
		g.add(strings.TrimSuffix(strings.TrimPrefix(path, "static/"), ".txt"), out, emitters.Bgen)
		return nil
	})
}

// oneLine is a block that gofmt keeps on one line, as in
// `func() T { return x }`; jennifer's Block always breaks it.
func oneLine(stmts ...jen.Code) *jen.Statement {
	return jen.Custom(jen.Options{Open: "{", Close: "}", Separator: "; "}, stmts...)
}

// sprintf is fmt.Sprintf(format, args...).
func sprintf(format string, args ...jen.Code) *jen.Statement {
	return jen.Qual("fmt", "Sprintf").Call(append([]jen.Code{jen.Lit(format)}, args...)...)
}

// badRequest is apierr.BadRequest(detail), a 400.
func (g *gen) badRequest(detail jen.Code) *jen.Statement {
	return jen.Qual(g.pkg("apierr"), "BadRequest").Call(detail)
}
