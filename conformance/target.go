// Package conformance is bgen's black-box HTTP suite. It compiles a spec,
// emits one target into a temporary folder, sets it up, migrates a fresh
// database, starts the server and checks every rule of docs/contract.md and
// docs/conventions.md against it, deriving entities, bodies, filters,
// relations and access rules from the IR alone, so that the same checks run
// unchanged against every target and every spec.
package conformance

import "github.com/bgen-dev/bgen/ir"

// Target says how to drive one generated project, as docs/contract.md's command
// table writes it. Commands run in the project's folder.
type Target struct {
	Name string
	// Setup is the set-up command line, run with sh -c.
	Setup string
	// Cache, when set, builds one folder of the set-up (a virtualenv,
	// node_modules) once per distinct content of Key files in a shared
	// cache folder and links it into each project, so repeated runs do not
	// reinstall the same packages. Setup still runs afterwards.
	Cache *CachedDir
	// Serve, Migrate and CreateUser are argv prefixes; CreateUser gets the
	// JSON body as its last argument.
	Serve, Migrate, CreateUser []string
}

// CachedDir is a set-up product that is the same for every project whose
// Key files are the same.
type CachedDir struct {
	Dir string   // folder in the project: ".venv"
	Key []string // files whose bytes decide the cache entry
	// KeyFields, when set, narrows each Key file (a JSON object) to these
	// members: package.json's dependencies decide node_modules, its name
	// and version do not.
	KeyFields []string
	Command   string // run with sh -c in the cache entry, makes Dir there
}

// Targets returns the command table of docs/contract.md, keyed by target name.
func Targets() map[string]Target {
	node := Target{
		// npm install only when node_modules is not linked from the cache:
		// an install in a linked copy would rewrite the shared folder.
		Setup: "(test -d node_modules || npm install --no-audit --no-fund) && npm run build",
		Cache: &CachedDir{
			Dir:       "node_modules",
			Key:       []string{"package.json"},
			KeyFields: []string{"engines", "dependencies", "devDependencies", "overrides"},
			Command:   "npm install --no-audit --no-fund",
		},
		Serve:      []string{"node", "dist/cli.js", "serve"},
		Migrate:    []string{"node", "dist/cli.js", "migrate"},
		CreateUser: []string{"node", "dist/cli.js", "create-user"},
	}
	express, nest := node, node
	express.Name, nest.Name = "express", "nestjs"
	return map[string]Target{
		"fastapi": {
			Name:  "fastapi",
			Setup: "test -x .venv/bin/python || (python3 -m venv .venv && .venv/bin/pip install -q -r requirements-dev.txt)",
			Cache: &CachedDir{
				Dir:     ".venv",
				Key:     []string{"requirements.txt", "requirements-dev.txt"},
				Command: "python3 -m venv .venv && .venv/bin/pip install -q --disable-pip-version-check -r requirements-dev.txt",
			},
			Serve:      []string{".venv/bin/python", "-m", "app", "serve"},
			Migrate:    []string{".venv/bin/python", "-m", "app", "migrate"},
			CreateUser: []string{".venv/bin/python", "-m", "app", "create-user"},
		},
		"express": express,
		"nestjs":  nest,
		"go": {
			Name:       "go",
			Setup:      "go build -o bin/server ./cmd/server",
			Serve:      []string{"./bin/server", "serve"},
			Migrate:    []string{"./bin/server", "migrate"},
			CreateUser: []string{"./bin/server", "create-user"},
		},
	}
}

// TargetNames returns the names of Targets, in the order of docs/contract.md's
// table.
func TargetNames() []string { return ir.DefaultTargets() }
