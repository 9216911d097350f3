package golang

import (
	"embed"
	"fmt"
	"go/format"
	"io/fs"
	"strings"

	"github.com/bgen-dev/bgen/emitters"
	"github.com/bgen-dev/bgen/naming"
)

//go:embed static
var staticFS embed.FS

// static adds the fixed runtime sources, with the module path and the
// root package filled in.
func (g *gen) static() error {
	root := naming.EscapeGo(g.module)
	repl := strings.NewReplacer(`"MODULE/`, `"`+g.module+`/`, `"ROOTIMPORT"`, `"`+g.module+`"`, "ROOTPKG.", root+".")
	return fs.WalkDir(staticFS, "static", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if path == "static/internal/handler/params.go.txt" && len(g.api.Endpoints) == 0 {
			return nil // only custom endpoints read raw parameters
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
