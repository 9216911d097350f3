// Package express is the express target: Express 5, TypeScript and the
// Prisma 7 client. It is framework glue only: the spec-independent
// runtime is real TypeScript (emitters/ts's runtime and this package's
// runtime/ tree), the database schema comes from emitters/prisma, the
// migrations from emitters/ddl, and this package writes what depends on
// the spec: the entity descriptions, the route table from API.Routes, the
// package manifest and the README.
package express

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"github.com/bgen-dev/bgen/emitters"
	"github.com/bgen-dev/bgen/emitters/ddl"
	"github.com/bgen-dev/bgen/emitters/openapi"
	"github.com/bgen-dev/bgen/emitters/prisma"
	"github.com/bgen-dev/bgen/emitters/ts"
	"github.com/bgen-dev/bgen/ir"
)

//go:embed runtime/src/*.ts runtime/src/*/*.ts
var runtimeFS embed.FS

type emitter struct{}

// New returns the express emitter.
func New() emitters.Emitter { return emitter{} }

func (emitter) Name() string { return "express" }

func (emitter) Emit(api *ir.API) ([]emitters.File, error) {
	var files []emitters.File
	add := func(path, data string, owner emitters.Owner) {
		files = append(files, emitters.File{Path: path, Data: []byte(data), Owner: owner})
	}
	files = append(files, ts.Runtime("src/runtime/")...)
	_ = fs.WalkDir(runtimeFS, "runtime/src", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, _ := runtimeFS.ReadFile(p)
		add(strings.TrimPrefix(p, "runtime/"), ts.Header+string(data), emitters.Bgen)
		return nil
	})
	doc, err := openapi.Document(api)
	if err != nil {
		return nil, err
	}
	add("openapi.json", string(doc), emitters.Bgen)
	hdr := []string{emitters.Header}
	add("prisma/schema.prisma", prisma.Schema(api, prisma.PostgreSQL, prisma.Options{Output: "../src/generated/postgres", Header: hdr}), emitters.Bgen)
	add("prisma/sqlite/schema.prisma", prisma.Schema(api, prisma.SQLite, prisma.Options{Output: "../../src/generated/sqlite", Header: hdr}), emitters.Bgen)
	for _, m := range migrations(api) {
		add("prisma/migrations/"+m.dir+"/migration.sql", m.postgres, emitters.Frozen)
		add("prisma/sqlite/migrations/"+m.dir+"/migration.sql", m.sqlite, emitters.Frozen)
	}
	add("prisma/migrations/migration_lock.toml", "# "+emitters.Header+"\nprovider = \"postgresql\"\n", emitters.Bgen)
	add("prisma/sqlite/migrations/migration_lock.toml", "# "+emitters.Header+"\nprovider = \"sqlite\"\n", emitters.Bgen)
	models := prisma.Models(api)
	add("src/config/index.ts", configFile(api), emitters.Bgen)
	add("src/container.ts", containerFile(api), emitters.Bgen)
	add("src/models/index.ts", modelsIndex(api), emitters.Bgen)
	add("src/routes/index.ts", routesIndex(api), emitters.Bgen)
	for _, e := range api.Entities {
		k := e.Name.Kebab()
		add("src/models/"+k+".ts", modelFile(e, models), emitters.Bgen)
		add("src/schemas/"+k+".schema.ts", entitySchemaFile(api, e), emitters.Bgen)
		add("src/repositories/"+k+".repository.ts", repositoryFile(api, e), emitters.Bgen)
		add("src/services/"+k+".service.ts", serviceFile(api, e), emitters.Bgen)
		add("src/controllers/"+k+".controller.ts", controllerFile(api, e), emitters.Bgen)
		add("src/routes/"+k+".routes.ts", routesFile(api, e), emitters.Bgen)
		add("src/hooks/"+k+".hooks.ts", hooksFile(e), emitters.User)
	}
	if api.Auth != nil {
		add("src/schemas/auth.schema.ts", authSchemaFile(api), emitters.Bgen)
		add("src/services/auth.service.ts", authServiceFile(api), emitters.Bgen)
		add("src/controllers/auth.controller.ts", authControllerFile(api), emitters.Bgen)
		add("src/routes/auth.routes.ts", authRoutesFile(api), emitters.Bgen)
	}
	if len(api.Endpoints) > 0 {
		add("src/schemas/endpoints.schema.ts", endpointSchemaFile(api), emitters.Bgen)
		add("src/services/endpoints.service.ts", endpointsServiceFile(api), emitters.Bgen)
		add("src/controllers/endpoints.controller.ts", endpointsControllerFile(api), emitters.Bgen)
		add("src/routes/endpoints.routes.ts", endpointsRoutesFile(api), emitters.Bgen)
	}
	for _, ep := range api.Endpoints {
		add("src/custom/"+ep.Ident.Kebab()+".ts", customFile(ep), emitters.User)
	}
	for p, data := range staticFiles(api) {
		owner := emitters.Bgen
		if p == ".env" {
			owner = emitters.User
		}
		add(p, data, owner)
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	return files, nil
}

type migration struct {
	dir              string
	postgres, sqlite string
}

// migrations renders api's history in Prisma's folder layout: one folder
// per step, stamped by its version so that the order is the history's.
// Each script is the step's statements (emitters/ddl) as every target runs
// them. The project's migrator runs a script in one transaction with its
// _prisma_migrations row, SQLite's with foreign key enforcement off (as
// SQLite's table rebuilds need); a SQLite step that rebuilds or drops a
// table ends with statements that fail it when a foreign key no longer
// holds.
func migrations(api *ir.API) []migration {
	var out []migration
	for _, m := range emitters.Migrations(api) {
		dir := fmt.Sprintf("%014d_%s", m.Version, strings.TrimLeft(strings.TrimLeft(m.Name, "0123456789"), "_"))
		render := func(d ddl.Dialect) string {
			stmts := ddl.Migrate(d, m)
			if ddl.ForeignKeysOff(d, m) {
				stmts = append(stmts, ddl.ForeignKeyCheck()...)
			}
			return "-- " + emitters.Header + "\n-- " + m.Name + ": " + strings.Join(strings.Fields(m.Summary), " ") + "\n" + ddl.Script(stmts)
		}
		out = append(out, migration{dir: dir, postgres: render(ddl.Postgres), sqlite: render(ddl.SQLite)})
	}
	return out
}
