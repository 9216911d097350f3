package conformance

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/bgen-dev/bgen/emitters/openapi"
	"github.com/bgen-dev/bgen/internal/targets"
)

// TestConformance runs every rule for examples/*/api.cue × every
// implemented target × {sqlite, postgres}, and prints the rule × run table.
//
// Environment:
//
//	BGEN_TEST_POSTGRES      postgres:// URL of a role with CREATEDB (scripts/postgres.sh prints one)
//	BGEN_CONFORMANCE_RULES  regexp: run only the rules it matches
//	BGEN_CONFORMANCE_ONLY   comma-separated filters on runs, e.g. "blog,fastapi,sqlite"
//	BGEN_CONFORMANCE_REPORT a file to write the rule × run table to as well
//
// The table goes to stdout, which `go test` shows with -v or on failure.
func TestConformance(t *testing.T) {
	if testing.Short() {
		t.Skip("conformance starts real servers; skipped with -short")
	}
	specs, err := filepath.Glob("../examples/*/api.cue")
	if err != nil || len(specs) == 0 {
		t.Fatalf("no examples/*/api.cue: %v", err)
	}
	var names []string
	for _, n := range TargetNames() {
		if _, ok := targets.Lookup(n); ok {
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		t.Skipf("no target is implemented yet (internal/targets.Lookup finds none of %v): nothing to run", TargetNames())
	}
	pg := os.Getenv("BGEN_TEST_POSTGRES")
	var only func(string) bool
	if re := os.Getenv("BGEN_CONFORMANCE_RULES"); re != "" {
		only = regexp.MustCompile(re).MatchString
	}
	var filters []string
	if f := os.Getenv("BGEN_CONFORMANCE_ONLY"); f != "" {
		filters = strings.Split(f, ",")
	}
	report := NewReport()
	t.Cleanup(func() {
		if report.Empty() {
			return
		}
		report.Write(os.Stdout)
		if path := os.Getenv("BGEN_CONFORMANCE_REPORT"); path != "" {
			f, err := os.Create(path)
			if err != nil {
				t.Errorf("report: %v", err)
				return
			}
			defer f.Close()
			report.Write(f)
		}
	})
	for _, specPath := range specs {
		example := filepath.Base(filepath.Dir(specPath))
		for _, name := range names {
			em, _ := targets.Lookup(name)
			for _, db := range []string{"sqlite", "postgres"} {
				column := example + "/" + name + "/" + db
				if !selected(filters, example, name, db) {
					continue
				}
				t.Run(column, func(t *testing.T) {
					if db == "postgres" && pg == "" {
						report.Set("(run)", column, "skip")
						t.Skip("BGEN_TEST_POSTGRES is not set (scripts/postgres.sh prints a URL for it): PostgreSQL runs skipped")
					}
					ok := false
					defer func() {
						if !ok {
							report.Set("(run)", column, "FAIL")
						}
					}()
					Run(t, Options{
						Spec:        []string{specPath},
						Target:      Targets()[name],
						Emitter:     em,
						OpenAPI:     openapi.Document,
						Database:    db,
						PostgresURL: pg,
						Report:      report,
						Column:      column,
						Only:        only,
					})
					ok = true
					report.Set("(run)", column, "pass")
				})
			}
		}
	}
}

func selected(filters []string, parts ...string) bool {
	for _, f := range filters {
		if !contains(parts, f) {
			return false
		}
	}
	return true
}

// TestCrossTarget serves one database with two targets in turn (docs/contract.md,
// Data): examples × every pair of implemented targets × {sqlite, postgres}.
func TestCrossTarget(t *testing.T) {
	if testing.Short() {
		t.Skip("starts real servers; skipped with -short")
	}
	specs, _ := filepath.Glob("../examples/*/api.cue")
	var names []string
	for _, n := range TargetNames() {
		if _, ok := targets.Lookup(n); ok {
			names = append(names, n)
		}
	}
	if len(names) < 2 {
		t.Skipf("fewer than two targets implemented (%v): nothing to cross", names)
	}
	pg := os.Getenv("BGEN_TEST_POSTGRES")
	var filters []string
	if f := os.Getenv("BGEN_CONFORMANCE_ONLY"); f != "" {
		filters = strings.Split(f, ",")
	}
	for _, specPath := range specs {
		example := filepath.Base(filepath.Dir(specPath))
		for i, a := range names {
			for _, b := range names[i+1:] {
				for _, db := range []string{"sqlite", "postgres"} {
					if !selected(filters, example, a, b, db) && !selected(filters, example, b, a, db) {
						continue
					}
					t.Run(example+"/"+a+"+"+b+"/"+db, func(t *testing.T) {
						if db == "postgres" && pg == "" {
							t.Skip("BGEN_TEST_POSTGRES is not set: PostgreSQL runs skipped")
						}
						ea, _ := targets.Lookup(a)
						eb, _ := targets.Lookup(b)
						CrossRun(t, CrossOptions{Spec: []string{specPath}, A: Targets()[a], B: Targets()[b], EmitA: ea, EmitB: eb, Database: db, PostgresURL: pg})
					})
				}
			}
		}
	}
}
