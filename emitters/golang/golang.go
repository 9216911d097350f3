// Package golang emits the Go target: a net/http + database/sql backend
// (SQLite through modernc.org/sqlite, PostgreSQL through pgx), laid out
// as docs/contract.md and the generated README describe it.
//
// Code that depends on the spec is built with jennifer. The runtime that
// does not (main, config, database, middleware, problem details, auth,
// validation, list queries, the HTTP helpers and their tests) is real Go
// under _runtime/, copied with its placeholder module path replaced
// (static.go).
package golang

import (
	"bytes"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"

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
	defer g.render.stop() // also on an early return
	if err := g.static(); err != nil {
		return nil, err
	}
	g.project()
	g.migrations()
	g.models()
	g.repositories()
	g.services()
	g.handlers()
	g.userFiles()
	g.tests()
	if err := g.openAPI(); err != nil {
		return nil, err
	}
	rendered, err := g.render.wait()
	if err != nil {
		return nil, err
	}
	g.files = append(g.files, rendered...)
	sort.Slice(g.files, func(i, j int) bool { return g.files[i].Path < g.files[j].Path })
	return g.files, nil
}

// gen collects the files of one project.
type gen struct {
	api    *ir.API
	module string
	files  []emitters.File // all but the Go files, which render holds
	render *renderer
}

func newGen(api *ir.API) *gen {
	return &gen{api: api, module: api.Name, render: newRenderer(api.Name)}
}

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

// goData hands f, complete, to the renderer: the caller must not touch it
// again.
func (g *gen) goData(path string, f *jen.File, owner emitters.Owner) {
	g.render.add(path, f, owner)
}

// renderer renders and formats Go files on as many goroutines as there
// are processors, while the emitter builds the next files: gofmt is most
// of the go target's cost. It only reads the jen.Files it is given, each
// on one goroutine; the files and the error it returns do not depend on
// the order the goroutines ran in.
type renderer struct {
	module string
	jobs   []*renderJob
	queue  chan *renderJob
	wg     sync.WaitGroup
	closed bool
}

type renderJob struct {
	path  string
	owner emitters.Owner
	file  *jen.File // dropped once rendered
	data  []byte
	err   error
}

func newRenderer(module string) *renderer {
	r := &renderer{module: module, queue: make(chan *renderJob)}
	for range runtime.GOMAXPROCS(0) {
		r.wg.Go(func() {
			for j := range r.queue {
				j.data, j.err = render(j.file, r.module)
				j.file = nil
			}
		})
	}
	return r
}

// add queues f, waiting while every goroutine is busy, so that only a few
// files wait in memory.
func (r *renderer) add(path string, f *jen.File, owner emitters.Owner) {
	j := &renderJob{path: path, owner: owner, file: f}
	r.jobs = append(r.jobs, j)
	r.queue <- j
}

// stop ends the goroutines once every queued file is rendered.
func (r *renderer) stop() {
	if !r.closed {
		r.closed = true
		close(r.queue)
	}
	r.wg.Wait()
}

// wait returns the rendered files in the order they were added, or the
// error of the first of them that failed.
func (r *renderer) wait() ([]emitters.File, error) {
	r.stop()
	files := make([]emitters.File, len(r.jobs))
	for i, j := range r.jobs {
		if j.err != nil {
			return nil, fmt.Errorf("go: %s: %w", j.path, j.err)
		}
		files[i] = emitters.File{Path: j.path, Data: j.data, Owner: j.owner}
	}
	return files, nil
}

// render returns f as gofmt'd source, its imports grouped.
func render(f *jen.File, module string) ([]byte, error) {
	var buf bytes.Buffer
	if err := f.Render(&buf); err != nil {
		return nil, err
	}
	// Render has gofmt'd the file and sorted its one import block by path;
	// splitting that block into groups only inserts blank lines between
	// runs of lines that stay sorted, so the result is still gofmt'd and
	// needs no second format.Source (bench's TestGoOutputIsGofmted checks
	// this on the examples and the synthetic spec).
	return groupImports(buf.Bytes(), module), nil
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
