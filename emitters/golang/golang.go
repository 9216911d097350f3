// Package golang emits the Go target: a net/http + database/sql backend
// (SQLite through modernc.org/sqlite, PostgreSQL through pgx), laid out
// as TARGETS.md says.
//
// Spec-driven Go files are built with jennifer; the runtime packages that
// do not depend on the spec (problem details, config, database, middleware,
// validation helpers, list parsing) are fixed sources under static/ whose
// only variable is the module path.
package golang

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/bgen-dev/bgen/emitters"
	"github.com/bgen-dev/bgen/ir"
)

type emitter struct{}

// New returns the Go target's emitter.
func New() emitters.Emitter { return emitter{} }

func (emitter) Name() string { return "go" }

// Emit returns every file of the Go project, sorted by path.
func (emitter) Emit(api *ir.API) ([]emitters.File, error) {
	g := newGen(api)
	if err := g.static(); err != nil {
		return nil, err
	}
	g.project()
	g.models()
	g.repositories()
	g.services()
	g.handlers()
	g.userFiles()
	g.tests()
	if err := g.openAPI(); err != nil {
		return nil, err
	}
	if g.err != nil {
		return nil, g.err
	}
	sort.Slice(g.files, func(i, j int) bool { return g.files[i].Path < g.files[j].Path })
	return g.files, nil
}

// gen collects the files of one project.
type gen struct {
	api    *ir.API
	module string
	files  []emitters.File
	err    error
}

func newGen(api *ir.API) *gen { return &gen{api: api, module: api.Name} }

// pkg is the import path of one of the project's own packages.
func (g *gen) pkg(name string) string { return g.module + "/internal/" + name }

func (g *gen) add(path string, data []byte, owner emitters.Owner) {
	g.files = append(g.files, emitters.File{Path: path, Data: data, Owner: owner})
}

// goFile renders f, gofmt-checked, as a bgen-owned file.
func (g *gen) goFile(path string, f *jen.File) {
	f.HeaderComment(emitters.Header)
	g.goData(path, f, emitters.Bgen)
}

func (g *gen) goData(path string, f *jen.File, owner emitters.Owner) {
	var buf bytes.Buffer
	if err := f.Render(&buf); err != nil {
		if g.err == nil {
			g.err = fmt.Errorf("go: %s: %w", path, err)
		}
		return
	}
	// Render has gofmt'd the file and sorted its one import block by path;
	// splitting that block into groups only inserts blank lines between
	// runs of lines that stay sorted, so the result is still gofmt'd and
	// needs no second format.Source (bench's TestGoOutputIsGofmted checks
	// this on the examples and the synthetic spec).
	g.add(path, groupImports(buf.Bytes(), g.module), owner)
}

// newFile starts a Go file of the project package pkg (e.g. "model").
func (g *gen) newFile(pkg string) *jen.File {
	f := jen.NewFilePathName(g.pkg(pkg), pkg)
	f.ImportName(g.pkg("model"), "model")
	f.ImportName(g.pkg("apierr"), "apierr")
	f.ImportName(g.pkg("auth"), "auth")
	f.ImportName(g.pkg("database"), "database")
	f.ImportName(g.pkg("repository"), "repository")
	f.ImportName(g.pkg("service"), "service")
	f.ImportName(g.pkg("validate"), "validate")
	f.ImportName(g.pkg("hooks"), "hooks")
	f.ImportName(g.pkg("custom"), "custom")
	return f
}

// groupImports splits jennifer's single import block into the usual
// groups: standard library, other modules, then the project's own
// packages.
func groupImports(src []byte, module string) []byte {
	start := bytes.Index(src, []byte("\nimport (\n"))
	if start < 0 {
		return src
	}
	start += len("\nimport (\n")
	end := bytes.Index(src[start:], []byte("\n)\n"))
	if end < 0 {
		return src
	}
	var std, other, own []string
	for _, line := range strings.Split(string(src[start:start+end]), "\n") {
		path := strings.Trim(strings.TrimSpace(line[strings.LastIndex(line, " ")+1:]), `"`)
		switch {
		case path == module || strings.HasPrefix(path, module+"/"):
			own = append(own, line)
		case strings.Contains(strings.SplitN(path, "/", 2)[0], "."):
			other = append(other, line)
		default:
			std = append(std, line)
		}
	}
	var groups []string
	for _, g := range [][]string{std, other, own} {
		if len(g) > 0 {
			groups = append(groups, strings.Join(g, "\n"))
		}
	}
	out := append([]byte{}, src[:start]...)
	out = append(out, strings.Join(groups, "\n\n")...)
	return append(out, src[start+end:]...)
}
