package fastapi

import (
	"fmt"

	"github.com/bgen-dev/bgen/emitters"
	"github.com/bgen-dev/bgen/emitters/openapi"
	"github.com/bgen-dev/bgen/ir"
)

// scope says how many files a row of the file table makes.
type scope int

const (
	once         scope = iota // one file
	perEntity                 // one per entity; {name} in the path is its module
	perEndpoint               // one per custom endpoint; {name} is its function
	perMigration              // one per step of the schema's history (step says which); {name} is its name
)

// fileRow is one row of the file table: an output path, where its text
// comes from, when it is emitted, how many times and who owns it.
type fileRow struct {
	path string // output path; {name} is the entity's or endpoint's name
	// from is the file's source: a text/template file under templates/
	// (rendered with the row's view, see viewFor), a file of the runtime
	// tree under runtime/ (copied), or "" with build set.
	from  string
	each  scope
	when  func(*project) bool   // nil: always
	step  func(*migration) bool // perMigration rows: the steps it makes (nil: every step)
	owner emitters.Owner        // emitters.Bgen unless the row says User or Frozen
	// set gives a runtime file the values of its spec-wide constants
	// (setConstants); nil: the file is copied as it is.
	set func(*project) map[string]string
	// build makes a file that neither a template nor the runtime tree holds.
	build func(*ir.API) ([]byte, error)
}

func hasAuth(p *project) bool       { return p.Auth != nil }
func hasEndpoints(p *project) bool  { return len(p.Endpoints) > 0 }
func hasJoinTables(p *project) bool { return len(p.JoinTables) > 0 }

// fileTable is every file of a FastAPI project. Emit walks it in order;
// files are returned sorted by path. Bgen-owned files get emitters.Header
// in their comment syntax (header); neither templates nor runtime files
// carry it.
var fileTable = []fileRow{
	// The project: configuration, requirements, documentation.
	{path: ".env.example", from: "runtime/env.example"},
	{path: ".gitignore", from: "runtime/gitignore"},
	{path: "README.md", from: "templates/README.md.tmpl"},
	{path: "alembic.ini", from: "runtime/alembic.ini"},
	{path: "openapi.json", build: openapi.Document},
	{path: "pyproject.toml", from: "runtime/pyproject.toml", set: projectConstants},
	{path: "requirements-dev.txt", from: "runtime/requirements-dev.txt"},
	{path: "requirements.txt", from: "runtime/requirements.txt"},

	// Migrations.
	{path: "alembic/env.py", from: "runtime/alembic/env.py"},
	{path: "alembic/script.py.mako", from: "runtime/alembic/script.py.mako"},
	// One revision per step, written once (Frozen): the first step as bgen
	// has always written it, the later ones with their own template.
	{path: "alembic/versions/{name}.py", from: "templates/alembic/versions/initial.py.tmpl", each: perMigration, step: isFirst, owner: emitters.Frozen},
	{path: "alembic/versions/{name}.py", from: "templates/alembic/versions/step.py.tmpl", each: perMigration, step: isLater, owner: emitters.Frozen},

	// The application's entry points, settings and plumbing.
	{path: "app/__init__.py", from: "runtime/app/__init__.py"},
	{path: "app/__main__.py", from: "templates/app/__main__.py.tmpl"},
	{path: "app/config.py", from: "runtime/app/config.py", set: configConstants},
	{path: "app/db.py", from: "runtime/app/db.py"},
	{path: "app/dependencies.py", from: "templates/app/dependencies.py.tmpl"},
	{path: "app/log.py", from: "runtime/app/log.py"},
	{path: "app/main.py", from: "templates/app/main.py.tmpl"},
	{path: "app/migrations.py", from: "templates/app/migrations.py.tmpl"},
	{path: "app/server.py", from: "runtime/app/server.py"},

	// Routing, access rules and routes.
	{path: "app/api/__init__.py", from: "runtime/app/api/__init__.py"},
	{path: "app/api/allow.py", from: "templates/app/api/allow.py.tmpl"},
	{path: "app/api/deps.py", from: "templates/app/api/deps.py.tmpl"},
	{path: "app/api/routes/__init__.py", from: "runtime/app/api/routes/__init__.py"},
	{path: "app/api/routes/system.py", from: "runtime/app/api/routes/system.py"},
	{path: "app/api/routes/auth.py", from: "templates/app/api/routes/auth.py.tmpl", when: hasAuth},
	{path: "app/api/routes/custom.py", from: "templates/app/api/routes/custom.py.tmpl", when: hasEndpoints},
	{path: "app/api/routes/{name}.py", from: "templates/app/api/routes/entity.py.tmpl", each: perEntity},

	// Request handling that does not depend on the spec.
	{path: "app/core/__init__.py", from: "runtime/app/core/__init__.py"},
	{path: "app/core/body.py", from: "runtime/app/core/body.py"},
	{path: "app/core/ids.py", from: "runtime/app/core/ids.py"},
	{path: "app/core/listing.py", from: "runtime/app/core/listing.py"},
	{path: "app/core/params.py", from: "runtime/app/core/params.py", when: hasEndpoints},
	{path: "app/core/problems.py", from: "runtime/app/core/problems.py"},
	{path: "app/core/responses.py", from: "runtime/app/core/responses.py"},
	{path: "app/core/security.py", from: "runtime/app/core/security.py"},
	{path: "app/core/validation.py", from: "runtime/app/core/validation.py"},
	{path: "app/middlewares/__init__.py", from: "runtime/app/middlewares/__init__.py"},
	{path: "app/middlewares/access_log.py", from: "runtime/app/middlewares/access_log.py"},
	{path: "app/middlewares/errors.py", from: "runtime/app/middlewares/errors.py"},
	{path: "app/middlewares/limits.py", from: "runtime/app/middlewares/limits.py"},
	{path: "app/middlewares/request_id.py", from: "runtime/app/middlewares/request_id.py"},
	{path: "app/middlewares/security_headers.py", from: "runtime/app/middlewares/security_headers.py"},

	// Models, schemas, repositories and services.
	{path: "app/models/__init__.py", from: "runtime/app/models/__init__.py"},
	{path: "app/models/base.py", from: "runtime/app/models/base.py"},
	{path: "app/models/types.py", from: "runtime/app/models/types.py"},
	{path: "app/models/associations.py", from: "templates/app/models/associations.py.tmpl", when: hasJoinTables},
	{path: "app/models/{name}.py", from: "templates/app/models/entity.py.tmpl", each: perEntity},
	{path: "app/schemas/__init__.py", from: "runtime/app/schemas/__init__.py"},
	{path: "app/schemas/types.py", from: "runtime/app/schemas/types.py"},
	{path: "app/schemas/custom.py", from: "templates/app/schemas/custom.py.tmpl", when: hasEndpoints},
	{path: "app/schemas/{name}.py", from: "templates/app/schemas/entity.py.tmpl", each: perEntity},
	{path: "app/repositories/__init__.py", from: "runtime/app/repositories/__init__.py"},
	{path: "app/repositories/base.py", from: "runtime/app/repositories/base.py"},
	{path: "app/repositories/{name}.py", from: "templates/app/repositories/entity.py.tmpl", each: perEntity},
	{path: "app/services/__init__.py", from: "runtime/app/services/__init__.py"},
	{path: "app/services/auth.py", from: "templates/app/services/auth.py.tmpl", when: hasAuth},
	{path: "app/services/{name}.py", from: "templates/app/services/entity.py.tmpl", each: perEntity},

	// The user's code: hooks and custom endpoint bodies, written once.
	{path: "app/hooks/__init__.py", from: "runtime/app/hooks/__init__.py"},
	{path: "app/hooks/{name}.py", from: "templates/app/hooks/entity.py.tmpl", each: perEntity, owner: emitters.User},
	{path: "app/custom/__init__.py", from: "runtime/app/custom/__init__.py", when: hasEndpoints},
	{path: "app/custom/{name}.py", from: "templates/app/custom/endpoint.py.tmpl", each: perEndpoint, owner: emitters.User},

	// The generated project's own tests.
	{path: "tests/__init__.py", from: "runtime/tests/__init__.py"},
	{path: "tests/conftest.py", from: "templates/tests/conftest.py.tmpl"},
	{path: "tests/test_api.py", from: "templates/tests/test_api.py.tmpl"},
	{path: "tests/test_db.py", from: "runtime/tests/test_db.py"},
}

// projectConstants are the spec-wide values of pyproject.toml.
func projectConstants(p *project) map[string]string {
	return map[string]string{"name": pyStr(p.Name), "version": pyStr(p.Version), "description": pyStr(p.Title)}
}

// configConstants are the spec-wide settings of app/config.py.
func configConstants(p *project) map[string]string {
	return map[string]string{
		"SPEC_CORS_ORIGINS": pyTuple(p.CORSOrigins),
		"BASE_PATH":         pyStr(p.BasePath),
		"API_VERSION":       pyStr(p.Version),
		"MAX_BODY_BYTES":    fmt.Sprint(p.MaxBodyBytes),
	}
}
