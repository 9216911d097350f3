package apidiff

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/bgen-dev/bgen/internal/pipeline"
	"github.com/bgen-dev/bgen/ir"
)

var update = flag.Bool("update", false, "rewrite testdata/blog.md")

// blogReport is the report of `bgen diff examples/blog/api.cue
// ir/apidiff/testdata/blog-v2/api.cue`, run from the repository's root.
func blogReport(t *testing.T) *Report {
	t.Helper()
	old, err := pipeline.Compile([]string{"../../examples/blog/api.cue"})
	if err != nil {
		t.Fatal(err)
	}
	new, err := pipeline.Compile([]string{"testdata/blog-v2/api.cue"})
	if err != nil {
		t.Fatal(err)
	}
	db := CompareDatabase(old.Tables, new.Tables).InDir("ir/apidiff/testdata/blog-v2")
	return NewReport("examples/blog/api.cue", "ir/apidiff/testdata/blog-v2/api.cue", Compare(old, new), db)
}

// TestMarkdownGolden holds the Markdown report of the blog example against
// testdata/blog-v2 to testdata/blog.md (the example in README.md); run
// go test ./ir/apidiff -update after a deliberate change.
func TestMarkdownGolden(t *testing.T) {
	got := blogReport(t).Markdown()
	golden := filepath.Join("testdata", "blog.md")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("Markdown differs from %s (-want +got; go test ./ir/apidiff -update rewrites it):\n%s", golden, diff)
	}
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), "```markdown\n"+got+"```\n") {
		t.Errorf("README.md's example of bgen diff is not %s: paste it again", golden)
	}
}

func TestReport(t *testing.T) {
	r := blogReport(t)
	if !r.Breaking {
		t.Fatal("the blog-v2 report is not breaking")
	}
	api, db := 0, 0
	for _, f := range r.API {
		if f.Severity == Breaking {
			api++
		}
	}
	for _, c := range r.Database.Changes {
		if c.Severity == Breaking {
			db++
		}
	}
	if r.Summary.Breaking != api+db || r.Summary.NonBreaking != len(r.API)+len(r.Database.Changes)-api-db {
		t.Errorf("summary %+v, counted %d API and %d database breaking changes", r.Summary, api, db)
	}
	if r.Database.Status != DatabaseCompared || db == 0 {
		t.Errorf("database side: %+v", r.Database)
	}

	// The text names every finding, breaking ones first.
	text := r.Text()
	if !strings.HasPrefix(text, "bgen diff examples/blog/api.cue -> ir/apidiff/testdata/blog-v2/api.cue: ") {
		t.Errorf("text starts %q", strings.SplitN(text, "\n", 2)[0])
	}
	last := -1
	for _, f := range r.API {
		i := strings.Index(text, f.subject()+": "+f.Message)
		if i < 0 {
			t.Errorf("text lacks %s: %s", f.subject(), f.Message)
		}
		if i < last {
			t.Errorf("text lists %s out of order", f.subject())
		}
		last = i
	}
	if !strings.Contains(text, "\nAPI, breaking:\n") || !strings.Contains(text, "\nDatabase, breaking:\n") {
		t.Errorf("text lacks a section:\n%s", text)
	}

	// The JSON has the documented shape and reads back as the report.
	raw := r.JSON()
	var shape map[string]any
	if err := json.Unmarshal(raw, &shape); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"old", "new", "breaking", "summary", "api", "database"} {
		if _, ok := shape[k]; !ok {
			t.Errorf("JSON lacks %q", k)
		}
	}
	var back Report
	if err := json.Unmarshal(raw, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(r, &back); diff != "" {
		t.Errorf("JSON does not read back (-report +read):\n%s", diff)
	}
	if !strings.Contains(string(raw), `"kind": "operation-removed"`) || !strings.Contains(string(raw), `"in": [`) {
		t.Errorf("JSON lacks fields:\n%s", raw)
	}
}

// TestEmptyReport: no change gives no findings, empty lists (not null) in
// JSON, and says so in each format.
func TestEmptyReport(t *testing.T) {
	api, err := pipeline.Compile([]string{"../../examples/blog/api.cue"})
	if err != nil {
		t.Fatal(err)
	}
	r := NewReport("a.cue", "b.cue", Compare(api, api), CompareDatabase(api.Tables, api.Tables))
	if r.Breaking || r.Summary != (Summary{}) {
		t.Errorf("report of no change: %+v", r)
	}
	if got, want := r.Text(), "bgen diff a.cue -> b.cue: no breaking changes, no non-breaking changes\n\nAPI: no changes\n\nDatabase: no changes\n"; got != want {
		t.Errorf("text:\n%s\nwant:\n%s", got, want)
	}
	if got, want := r.Markdown(), "**bgen diff: no breaking changes, no non-breaking changes**\n\n`a.cue` → `b.cue`\n\nNo API changes.\n\nNo database changes.\n"; got != want {
		t.Errorf("markdown:\n%s\nwant:\n%s", got, want)
	}
	if s := string(r.JSON()); !strings.Contains(s, `"api": []`) || !strings.Contains(s, `"changes": []`) {
		t.Errorf("JSON:\n%s", s)
	}
}

// TestDatabaseFailed: a planner error (a renamedFrom naming nothing) is
// reported, and breaks.
func TestDatabaseFailed(t *testing.T) {
	api, err := pipeline.Compile([]string{"../../examples/blog/api.cue"})
	if err != nil {
		t.Fatal(err)
	}
	var tables []*ir.Table
	for _, tb := range api.Tables {
		c := *tb
		if c.Name == "tags" {
			c.Name, c.RenamedFrom, c.RenamedFromEntity = "labels", "nothing", "Nothing"
		}
		tables = append(tables, &c)
	}
	db := CompareDatabase(api.Tables, tables)
	if db.Status != DatabaseFailed || db.Reason == "" {
		t.Fatalf("database side: %+v", db)
	}
	r := NewReport("a", "b", nil, db)
	if !r.Breaking {
		t.Error("a failed database side does not break")
	}
	if !strings.Contains(r.Markdown(), "#### Database\n\nThe migration cannot be planned:\n\n```\n"+db.Reason+"\n```\n") ||
		!strings.Contains(r.Text(), "\nDatabase: the migration cannot be planned: "+db.Reason) {
		t.Errorf("the failure is not reported:\n%s\n%s", r.Markdown(), r.Text())
	}
}

func TestInDir(t *testing.T) {
	db := Database{Changes: []Change{{Pos: "api.cue:1:2"}, {Pos: ""}, {Pos: "/abs/api.cue:3:4"}}}
	got := db.InDir("specs/v2")
	want := []string{"specs/v2/api.cue:1:2", "", "/abs/api.cue:3:4"}
	for i, c := range got.Changes {
		if c.Pos != want[i] {
			t.Errorf("change %d: pos %q, want %q", i, c.Pos, want[i])
		}
	}
	if db.Changes[0].Pos != "api.cue:1:2" {
		t.Error("InDir changed its receiver")
	}
}
