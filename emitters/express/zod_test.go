package express

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/bgen-dev/bgen/conformance"
	"github.com/bgen-dev/bgen/emitters"
	"github.com/bgen-dev/bgen/emitters/ts"
	"github.com/bgen-dev/bgen/internal/pipeline"
	"github.com/bgen-dev/bgen/ir"
)

// zodField is what the old validator reads of a field (testdata/zod/
// legacy.ts FieldMeta; the pattern as its source).
type zodField struct {
	Name      string   `json:"name"`
	Type      string   `json:"type"`
	Optional  bool     `json:"optional"`
	Required  bool     `json:"required"`
	Min       *float64 `json:"min,omitempty"`
	Max       *float64 `json:"max,omitempty"`
	MinLength *int     `json:"minLength,omitempty"`
	MaxLength *int     `json:"maxLength,omitempty"`
	Pattern   *string  `json:"pattern,omitempty"`
	Values    []string `json:"values,omitempty"`
	Precision *int     `json:"precision,omitempty"`
	Scale     *int     `json:"scale,omitempty"`
}

type zodEntity struct {
	Pascal string     `json:"pascal"`
	Kebab  string     `json:"kebab"`
	Fields []zodField `json:"fields"`
	Create []string   `json:"create"`
	Update []string   `json:"update"`
}

type zodAuth struct {
	Entity   string   `json:"entity"`
	Identity string   `json:"identity"`
	Password string   `json:"password"`
	Register []string `json:"register"`
}

type zodEndpoint struct {
	Camel  string     `json:"camel"`
	Params []zodField `json:"params"`
	Query  []zodField `json:"query"`
	Body   []zodField `json:"body"` // nil: no body
}

type zodSpec struct {
	Name      string        `json:"name"`
	Entities  []zodEntity   `json:"entities"`
	Auth      *zodAuth      `json:"auth"`
	Endpoints []zodEndpoint `json:"endpoints"`
}

func zodFields(fs []*ir.Field) []zodField {
	out := []zodField{}
	for _, f := range fs {
		z := zodField{Name: f.Name, Type: string(f.Type), Optional: f.Optional, Required: f.Required, Min: f.Min, Max: f.Max, MinLength: f.MinLength, MaxLength: f.MaxLength, Values: f.Values}
		if f.Pattern != "" {
			p := f.Pattern
			z.Pattern = &p
		}
		if f.Type == ir.Decimal {
			p, s := f.Precision, f.Scale
			z.Precision, z.Scale = &p, &s
		}
		out = append(out, z)
	}
	return out
}

func fieldNames(fs []*ir.Field) []string {
	out := []string{}
	for _, f := range fs {
		out = append(out, f.Name)
	}
	return out
}

// TestZodSchemas checks the zod schemas (zod.go, src/runtime/schema.ts)
// against the validation they replace (testdata/zod/legacy.ts, as it was):
// for every spec of TestProjects and testdata/zod/edge, the schema files are compiled with the
// project's tsconfig and linted with its eslint config, then
// testdata/zod/check.mjs feeds a corpus derived from each field's
// metadata (every wrong type, null, absence, bounds and length edges,
// NUL, bad emails, URLs, dates, datetimes, decimals and UUIDs, huge ints,
// duplicate json members, readOnly, immutable and unknown keys in odd
// orders, random mixes) through both, and fails on any difference in the
// errors (field, code, message, order) or in the values. With
// BGEN_ZOD_DIR set, the project is written there and kept.
func TestZodSchemas(t *testing.T) {
	if testing.Short() {
		t.Skip("installs packages and runs Node: skipped with -short")
	}
	for _, tool := range []string{"node", "npm"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed: the zod schemas cannot be checked", tool)
		}
	}
	dir := os.Getenv("BGEN_ZOD_DIR")
	if dir == "" {
		dir = t.TempDir()
	}
	var files []emitters.File
	add := func(path, data string) { files = append(files, emitters.File{Path: path, Data: []byte(data)}) }
	var specs []zodSpec
	paths := map[string]string{"edge": filepath.Join("testdata", "zod", "edge", "api.cue")}
	for i, name := range append(projects(), "edge") {
		path, ok := paths[name]
		if !ok {
			path = projectSpec(name)
		}
		api, err := pipeline.Compile([]string{path})
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			// The project's own package.json (its node_modules), tsconfig
			// and eslint config.
			all, err := New().Emit(api)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range all {
				switch f.Path {
				case "package.json", "tsconfig.json", "eslint.config.js":
					files = append(files, f)
				}
			}
			files = append(files, ts.Runtime("src/runtime/")...)
		}
		// src/s-<spec>/ stands for src/schemas/: the same depth, so the
		// files' imports hold.
		sdir := "src/s-" + name + "/"
		spec := zodSpec{Name: name, Endpoints: []zodEndpoint{}}
		for _, e := range api.Entities {
			add(sdir+e.Name.Kebab()+".schema.ts", entitySchemaFile(api, e))
			spec.Entities = append(spec.Entities, zodEntity{Pascal: e.Name.Pascal(), Kebab: e.Name.Kebab(), Fields: zodFields(e.Fields), Create: fieldNames(e.Create), Update: fieldNames(e.Update)})
		}
		if a := api.Auth; a != nil {
			add(sdir+"auth.schema.ts", authSchemaFile(api))
			spec.Auth = &zodAuth{Entity: a.Entity.Name.Pascal(), Identity: a.IdentityName, Password: a.PasswordName, Register: fieldNames(a.Register)}
		}
		if len(api.Endpoints) > 0 {
			add(sdir+"endpoints.schema.ts", endpointSchemaFile(api))
			for _, ep := range api.Endpoints {
				z := zodEndpoint{Camel: ep.Ident.Camel(), Params: zodFields(ep.Params), Query: zodFields(ep.Query)}
				if ep.Body != nil {
					z.Body = zodFields(ep.Body)
				}
				spec.Endpoints = append(spec.Endpoints, z)
			}
		}
		specs = append(specs, spec)
	}
	for src, dst := range map[string]string{"legacy.ts": "src/zodcheck/legacy.ts", "check.mjs": "check.mjs"} {
		data, err := os.ReadFile(filepath.Join("testdata", "zod", src))
		if err != nil {
			t.Fatal(err)
		}
		add(dst, string(data))
	}
	data, err := json.MarshalIndent(specs, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	add("cases.json", string(data))
	if err := conformance.WriteFiles(dir, files); err != nil {
		t.Fatal(err)
	}
	if err := LinkNodeModules(dir); err != nil {
		t.Fatal(err)
	}
	run := func(argv ...string) string {
		t.Helper()
		start := time.Now()
		out, err := conformance.RunCommand(dir, conformance.CleanEnv(), 10*time.Minute, argv...)
		t.Logf("%s: %s", filepath.Base(argv[0]), time.Since(start).Round(time.Millisecond))
		if err != nil {
			t.Fatalf("%v: %v\n%s", argv, err, out)
		}
		return out
	}
	run("node_modules/.bin/tsc", "-p", "tsconfig.json")
	lint := []string{"node_modules/.bin/eslint", "src/runtime/schema.ts"}
	for _, s := range specs {
		lint = append(lint, "src/s-"+s.Name+"/")
	}
	run(lint...)
	t.Log(run("node", "check.mjs", "cases.json"))
}
