// Package fastapi emits the FastAPI target: a FastAPI + SQLAlchemy 2
// (async) + Pydantic v2 + Alembic project that keeps bgen's HTTP contract.
//
// Python is written from text/template files in templates/, rendered from
// a view model built here (view.go); the templates hold no decisions.
package fastapi

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"text/template"

	"github.com/bgen-dev/bgen/emitters"
	"github.com/bgen-dev/bgen/emitters/openapi"
	"github.com/bgen-dev/bgen/ir"
)

//go:embed all:templates
var templateFS embed.FS

type emitter struct {
	templates map[string]*template.Template // by path under templates/
}

// New returns the FastAPI emitter.
func New() emitters.Emitter {
	funcs := template.FuncMap{
		"py":        pyStr,
		"pytuple":   pyTuple,
		"pyset":     pySet,
		"pybool":    pyBool,
		"items":     pyItems,
		"assign":    pyAssign,
		"frozenset": pyFrozenset,
	}
	e := &emitter{templates: map[string]*template.Template{}}
	err := fs.WalkDir(templateFS, "templates", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		text, err := templateFS.ReadFile(path)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(path, "templates/")
		t, err := template.New(name).Funcs(funcs).Parse(string(text))
		if err != nil {
			return err
		}
		e.templates[name] = t
		return nil
	})
	if err != nil {
		panic(fmt.Sprintf("fastapi: templates: %v", err)) // the embedded templates are part of bgen
	}
	return e
}

func (e *emitter) Name() string { return "fastapi" }

// Emit returns the project's files, sorted by path.
func (e *emitter) Emit(api *ir.API) ([]emitters.File, error) {
	p, err := newProject(api)
	if err != nil {
		return nil, err
	}
	r := &renderer{templates: e.templates}
	bgen := func(path, tmpl string, data any) { r.file(path, tmpl, data, emitters.Bgen) }
	user := func(path, tmpl string, data any) { r.file(path, tmpl, data, emitters.User) }

	static := []string{
		"app/core/body.py", "app/core/ids.py", "app/core/listing.py", "app/core/params.py",
		"app/core/problems.py", "app/core/responses.py", "app/core/security.py", "app/core/validation.py",
		"app/db.py", "app/migrations.py", "app/models/base.py", "app/models/types.py",
		"app/repositories/base.py", "app/schemas/types.py",
		"app/middlewares/access_log.py", "app/middlewares/errors.py", "app/middlewares/limits.py",
		"app/middlewares/request_id.py", "app/middlewares/security_headers.py", "app/server.py",
		"app/api/routes/system.py", "alembic/env.py", "requirements.txt", "requirements-dev.txt",
	}
	for _, path := range static {
		bgen(path, path+".tmpl", p)
	}
	for _, path := range []string{"app/config.py", "app/api/allow.py", "app/dependencies.py", "app/api/deps.py", "app/main.py",
		"app/__main__.py", "app/log.py", "pyproject.toml", "alembic.ini", "README.md"} {
		bgen(path, path+".tmpl", p)
	}
	bgen(".env.example", "env.example.tmpl", p)
	bgen(".gitignore", "gitignore.tmpl", p)
	bgen("alembic/script.py.mako", "alembic/script.py.mako.tmpl", p)
	bgen("alembic/versions/0001_initial.py", "alembic/versions/initial.py.tmpl", p)
	for _, pkg := range []string{"app", "app/api", "app/api/routes", "app/core", "app/middlewares",
		"app/models", "app/repositories", "app/schemas", "app/services", "tests"} {
		r.raw(pkg+"/__init__.py", "# "+emitters.Header+"\n", emitters.Bgen)
	}
	r.raw("app/hooks/__init__.py", "# "+emitters.Header+"\n", emitters.Bgen)
	if len(p.JoinTables) > 0 {
		bgen("app/models/associations.py", "app/models/associations.py.tmpl", p)
	}
	for _, v := range p.Entities {
		bgen("app/models/"+v.Module+".py", "app/models/entity.py.tmpl", v)
		bgen("app/schemas/"+v.Module+".py", "app/schemas/entity.py.tmpl", withAPI{v, p})
		bgen("app/repositories/"+v.Module+".py", "app/repositories/entity.py.tmpl", v)
		bgen("app/services/"+v.Module+".py", "app/services/entity.py.tmpl", v)
		bgen("app/api/routes/"+v.Module+".py", "app/api/routes/entity.py.tmpl", v)
		user("app/hooks/"+v.Module+".py", "app/hooks/entity.py.tmpl", v)
	}
	if p.Auth != nil {
		bgen("app/services/auth.py", "app/services/auth.py.tmpl", p)
		bgen("app/api/routes/auth.py", "app/api/routes/auth.py.tmpl", p)
	}
	if len(p.Endpoints) > 0 {
		bgen("app/schemas/custom.py", "app/schemas/custom.py.tmpl", p)
		bgen("app/api/routes/custom.py", "app/api/routes/custom.py.tmpl", p)
		r.raw("app/custom/__init__.py", "# "+emitters.Header+"\n", emitters.Bgen)
		for _, ep := range p.Endpoints {
			user("app/custom/"+ep.Func+".py", "app/custom/endpoint.py.tmpl", ep)
		}
	}
	tests := withTests{p, newTestSuite(p, api)}
	bgen("tests/conftest.py", "tests/conftest.py.tmpl", tests)
	bgen("tests/test_api.py", "tests/test_api.py.tmpl", tests)
	bgen("tests/test_db.py", "tests/test_db.py.tmpl", tests)

	doc, err := openapi.Document(api)
	if err != nil {
		return nil, fmt.Errorf("fastapi: openapi.json: %w", err)
	}
	r.raw("openapi.json", string(doc), emitters.Bgen)
	if r.err != nil {
		return nil, r.err
	}
	sort.Slice(r.files, func(i, j int) bool { return r.files[i].Path < r.files[j].Path })
	return r.files, nil
}

// withTests gives the test templates the suite's view.
type withTests struct {
	*project
	Tests *testSuite
}

// withAPI gives an entity template the project's settings too.
type withAPI struct {
	*entity
	API *project
}

func (w withAPI) DefaultLimit() int { return w.API.DefaultLimit }
func (w withAPI) MaxLimit() int     { return w.API.MaxLimit }

type renderer struct {
	templates map[string]*template.Template
	files     []emitters.File
	err       error
}

func (r *renderer) file(path, name string, data any, owner emitters.Owner) {
	if r.err != nil {
		return
	}
	var b bytes.Buffer
	t := r.templates[name]
	if t == nil {
		r.err = fmt.Errorf("fastapi: no template %s", name)
		return
	}
	if err := t.Execute(&b, data); err != nil {
		r.err = fmt.Errorf("fastapi: %s: %w", path, err)
		return
	}
	r.raw(path, b.String(), owner)
}

func (r *renderer) raw(path, data string, owner emitters.Owner) {
	r.files = append(r.files, emitters.File{Path: path, Data: []byte(data), Owner: owner})
}
