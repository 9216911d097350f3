// Package fastapi emits the FastAPI target: a FastAPI + SQLAlchemy 2
// (async) + Pydantic v2 + Alembic project that keeps bgen's HTTP contract.
//
// Emit walks a declarative file table (files.go). Code that does not
// depend on the spec is the runtime tree, runtime/: real Python files,
// laid out as in a generated project, that ruff and mypy --strict check in
// place (TestRuntimeTree), copied with at most a few spec-wide constants
// set (setConstants). Code that does depend on it is rendered from
// text/template files in templates/, from a view model built here
// (view.go); the templates hold no decisions.
package fastapi

import (
	"embed"
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strings"
	"text/template"

	"github.com/bgen-dev/bgen/emitters"
	"github.com/bgen-dev/bgen/ir"
)

// sources holds the templates and the runtime tree. "all:" keeps the
// runtime's __init__.py files, which a leading "_" would leave out.
//
//go:embed all:templates all:runtime
var sources embed.FS

type emitter struct {
	templates map[string]*template.Template // by path, "templates/..."
}

// New returns the FastAPI emitter.
func New() emitters.Emitter {
	funcs := templateFuncs()
	e := &emitter{templates: map[string]*template.Template{}}
	err := fs.WalkDir(sources, "templates", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		text, err := sources.ReadFile(path)
		if err != nil {
			return err
		}
		t, err := template.New(path).Funcs(funcs).Parse(string(text))
		if err != nil {
			return err
		}
		e.templates[path] = t
		return nil
	})
	if err != nil {
		panic(fmt.Sprintf("fastapi: templates: %v", err)) // the embedded templates are part of bgen
	}
	return e
}

func (e *emitter) Name() string { return "fastapi" }

// Emit returns the project's files, sorted by path: the rows of fileTable
// whose condition holds, once or once per entity or endpoint.
func (e *emitter) Emit(api *ir.API) ([]emitters.File, error) {
	p, err := newProject(api)
	if err != nil {
		return nil, err
	}
	r := &renderer{templates: e.templates, api: api}
	view := root{p, newTestSuite(p, api)}
	for _, row := range fileTable {
		if row.when != nil && !row.when(p) {
			continue
		}
		switch row.each {
		case once:
			r.file(row, row.path, view, p)
		case perEntity:
			for _, v := range p.Entities {
				r.file(row, strings.Replace(row.path, "{name}", v.Module, 1), withAPI{v, p}, p)
			}
		case perEndpoint:
			for _, ep := range p.Endpoints {
				r.file(row, strings.Replace(row.path, "{name}", ep.Func, 1), ep, p)
			}
		case perMigration:
			for _, m := range p.Migrations {
				if row.step == nil || row.step(m) {
					r.file(row, strings.Replace(row.path, "{name}", m.Name, 1), m, p)
				}
			}
		}
	}
	if r.err != nil {
		return nil, r.err
	}
	sort.Slice(r.files, func(i, j int) bool { return r.files[i].Path < r.files[j].Path })
	return r.files, nil
}

// root is the view of a template emitted once: the project, and the
// generated test suite's view for the test templates.
type root struct {
	*project
	Tests *testSuite
}

// withAPI is the view of a per-entity template: the entity, and the
// project's settings too.
type withAPI struct {
	*entity
	API *project
}

func (w withAPI) DefaultLimit() int { return w.API.DefaultLimit }
func (w withAPI) MaxLimit() int     { return w.API.MaxLimit }

type renderer struct {
	templates map[string]*template.Template
	api       *ir.API
	files     []emitters.File
	err       error
}

// file makes one file of row at path: a template rendered with view, a
// runtime file copied (its constants set from p), or a built one.
func (r *renderer) file(row fileRow, path string, view any, p *project) {
	if r.err != nil {
		return
	}
	var data []byte
	var err error
	switch {
	case row.build != nil:
		data, err = row.build(r.api)
	case strings.HasPrefix(row.from, "templates/"):
		data, err = r.render(row.from, view)
	default:
		data, err = sources.ReadFile(row.from)
		if err == nil && row.set != nil {
			data, err = setConstants(data, row.set(p))
		}
	}
	if err != nil {
		r.err = fmt.Errorf("fastapi: %s: %w", path, err)
		return
	}
	if row.owner != emitters.User {
		data = append([]byte(header(path)), data...)
	}
	r.files = append(r.files, emitters.File{Path: path, Data: data, Owner: row.owner})
}

// render runs a template with view, its import-recording functions
// bound to the file's own imports, and puts the import block in place.
func (r *renderer) render(name string, view any) ([]byte, error) {
	t := r.templates[name]
	if t == nil {
		return nil, fmt.Errorf("no template %s", name)
	}
	im := newImports()
	t, err := t.Clone()
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	if err := t.Funcs(fileFuncs(im)).Execute(&b, view); err != nil {
		return nil, err
	}
	text, err := withImports(b.String(), im)
	return []byte(text), err
}

// header is the first line of a file bgen owns: emitters.Header in the
// comment syntax of the file's kind, or none for JSON, which has none.
func header(path string) string {
	switch {
	case strings.HasSuffix(path, ".json"):
		return ""
	case strings.HasSuffix(path, ".md"):
		return "<!-- " + emitters.Header + " -->\n"
	case strings.HasSuffix(path, ".mako"): // "#" would be Mako text
		return "## " + emitters.Header + "\n"
	}
	return "# " + emitters.Header + "\n" // Python, TOML, INI, requirements, dotenv, .gitignore
}

// constantLine is a line that sets a name, as Python (`NAME = value`,
// `NAME: type = value`) and TOML (`key = value`) write it.
var constantLine = regexp.MustCompile(`(?m)^([A-Za-z_][A-Za-z0-9_-]*)((?:: [^=\n]+)? = ).*$`)

// setConstants gives a runtime file its spec-wide values: each line
// `NAME = value` or `NAME: type = value` at the start of a line whose NAME
// is a key of values gets that value instead of the one the runtime tree
// holds (a placeholder that keeps the tree valid on its own). Every key
// must name exactly one line.
func setConstants(text []byte, values map[string]string) ([]byte, error) {
	seen := map[string]int{}
	out := constantLine.ReplaceAllFunc(text, func(line []byte) []byte {
		m := constantLine.FindSubmatch(line)
		name := string(m[1])
		value, ok := values[name]
		if !ok {
			return line
		}
		seen[name]++
		return []byte(name + string(m[2]) + value)
	})
	for name := range values {
		if seen[name] != 1 {
			return nil, fmt.Errorf("%d lines set %s, want 1", seen[name], name)
		}
	}
	return out, nil
}
