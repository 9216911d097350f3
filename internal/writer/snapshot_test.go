package writer

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/bgen-dev/bgen/emitters"
	"github.com/bgen-dev/bgen/internal/pipeline"
	"github.com/bgen-dev/bgen/ir"
	"github.com/bgen-dev/bgen/ir/migrate"
)

func frozen(path, data string) emitters.File {
	return emitters.File{Path: path, Data: []byte(data), Owner: emitters.Frozen}
}

// A snapshot holds a step as the lowering made it: decoded, its tables
// are the lowered ones (defaults of every type included), so that Plan
// finds no change against the spec it was written from.
func TestSnapshotRoundTrip(t *testing.T) {
	for _, spec := range []string{"../../examples/blog/api.cue", "../../examples/shop/api.cue", "../evolution/testdata/v2/api.cue"} {
		api, err := pipeline.Compile([]string{spec})
		if err != nil {
			t.Fatal(err)
		}
		steps, err := migrate.Plan(nil, api.Tables, migrate.Options{})
		if err != nil {
			t.Fatal(err)
		}
		data, err := EncodeSnapshot(steps[0])
		if err != nil {
			t.Fatal(err)
		}
		got, err := DecodeSnapshot(data)
		if err != nil {
			t.Fatal(err)
		}
		// Positions are not kept: they depend on where the spec was loaded.
		want := clearPos(steps[0].To)
		if !reflect.DeepEqual(got.To, want) {
			t.Errorf("%s: the decoded tables differ from the lowered ones", spec)
		}
		if got.Name != "0001_initial" || got.Version != 1 || len(got.Changes) != len(steps[0].Changes) {
			t.Errorf("%s: decoded %s %d with %d changes", spec, got.Name, got.Version, len(got.Changes))
		}
		again, err := migrate.Plan([]*ir.Migration{got}, api.Tables, migrate.Options{})
		if err != nil || len(again) != 1 {
			t.Errorf("%s: planning against its own snapshot: %d steps, %v", spec, len(again), err)
		}
	}
}

func clearPos(tables []*ir.Table) []*ir.Table {
	var out []*ir.Table
	for _, t := range tables {
		c := *t
		c.Pos = ""
		c.Columns = nil
		for _, col := range t.Columns {
			cc := *col
			cc.Pos = ""
			c.Columns = append(c.Columns, &cc)
		}
		out = append(out, &c)
	}
	return out
}

func TestReadHistory(t *testing.T) {
	dir := t.TempDir()
	if h, err := ReadHistory(dir); h != nil || err != nil {
		t.Fatalf("ReadHistory of an empty dir = %v, %v", h, err)
	}
	t1 := []*ir.Table{{Name: "posts", Columns: []*ir.Column{{Name: "id", Type: ir.Int, AutoIncrement: true},
		{Name: "views", Type: ir.Int, Default: &ir.Default{Kind: ir.DefaultLiteral, Value: int64(3)}},
		{Name: "meta", Type: ir.JSON, Default: &ir.Default{Kind: ir.DefaultLiteral, Value: map[string]any{"a": []any{int64(1), 2.5, "x"}}}},
		{Name: "ratio", Type: ir.Float, Default: &ir.Default{Kind: ir.DefaultLiteral, Value: float64(2)}}}, PrimaryKey: []string{"id"}}}
	t2 := []*ir.Table{{Name: "posts", PrimaryKey: []string{"id"}, Columns: t1[0].Columns[:1]}}
	history := []*ir.Migration{
		{Version: 1, Name: "0001_initial", Summary: "The initial schema.", To: t1, Changes: []*ir.Change{{Kind: ir.CreateTable, Table: "posts"}}},
		{Version: 2, Name: "0002_schema", Summary: "Drop.", From: t1, To: t2, Changes: []*ir.Change{{Kind: ir.DropColumn, Table: "posts", Column: "views", Destructive: true, Reason: "gone"}}},
	}
	build(t, dir, tree{"go": {bgen("a", "a\n")}}, false)
	p, err := NewPlan(dir, tree{"go": {bgen("a", "a\n")}}, State{History: history})
	if err != nil {
		t.Fatal(err)
	}
	if got := p.NewSteps(); !reflect.DeepEqual(got, []string{".bgen/schema/0001_initial.json", ".bgen/schema/0002_schema.json"}) {
		t.Errorf("NewSteps = %v", got)
	}
	if _, err := p.Apply(false); err != nil {
		t.Fatal(err)
	}
	got, err := ReadHistory(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, history) {
		t.Errorf("ReadHistory does not give back the history written")
	}
	if got[0].From != nil || got[1].From == nil {
		t.Error("From is not the step before's To")
	}
	// A gap is an error; so is a snapshot under another name.
	os.Remove(filepath.Join(dir, ".bgen/schema/0001_initial.json"))
	if _, err := ReadHistory(dir); err == nil || !strings.Contains(err.Error(), "step 1 is missing") {
		t.Errorf("a gap: %v", err)
	}
	os.WriteFile(filepath.Join(dir, ".bgen/schema/0001_first.json"), []byte(read(t, dir, ".bgen/schema/0002_schema.json")), 0o644)
	if _, err := ReadHistory(dir); err == nil || !strings.Contains(err.Error(), "holds step 0002_schema") {
		t.Errorf("a misnamed snapshot: %v", err)
	}
}

// Frozen files are written when missing, then kept as they are, never
// removed, and only required to exist by Check.
func TestFrozenFiles(t *testing.T) {
	dir := t.TempDir()
	out := tree{"go": {bgen("main.go", "main\n"), frozen("migrations/00001_initial.sql", "create\n")}}
	s := build(t, dir, out, false)
	if s[0].Written != 2 {
		t.Errorf("summary %+v", s)
	}
	// bgen would now render it otherwise: kept.
	out = tree{"go": {bgen("main.go", "main\n"), frozen("migrations/00001_initial.sql", "create, rendered anew\n")}}
	build(t, dir, out, false)
	if got := read(t, dir, "go/migrations/00001_initial.sql"); got != "create\n" {
		t.Errorf("a frozen file was rewritten: %q", got)
	}
	p, err := NewPlan(dir, out, State{Schema: map[string]any{"tables": []string{"posts"}}})
	if err != nil {
		t.Fatal(err)
	}
	if probs := p.Check(); len(probs) != 0 {
		t.Errorf("Check = %v, want none", probs)
	}
	// Edited by hand: kept, and not a conflict.
	write(t, dir, "go/migrations/00001_initial.sql", "create -- and my data fix\n")
	build(t, dir, out, false)
	if got := read(t, dir, "go/migrations/00001_initial.sql"); got != "create -- and my data fix\n" {
		t.Errorf("an edited frozen file was rewritten: %q", got)
	}
	// No longer generated (or the target planned empty): kept, and still
	// in the manifest.
	build(t, dir, tree{"go": {bgen("main.go", "main\n")}}, false)
	build(t, dir, tree{"go": nil}, false)
	if !exists(dir, "go/migrations/00001_initial.sql") {
		t.Error("a frozen file was removed")
	}
	if m := read(t, dir, ManifestPath); !strings.Contains(m, `"frozen"`) || !strings.Contains(m, "go/migrations/00001_initial.sql") {
		t.Errorf("the manifest forgot the frozen file:\n%s", m)
	}
	// Missing: reported, and written again.
	build(t, dir, out, false)
	os.Remove(filepath.Join(dir, "go/migrations/00001_initial.sql"))
	p, err = NewPlan(dir, out, State{Schema: map[string]any{"tables": []string{"posts"}}})
	if err != nil {
		t.Fatal(err)
	}
	if probs := p.Check(); len(probs) != 1 || probs[0].Kind != Missing {
		t.Errorf("Check = %v, want the frozen file missing", probs)
	}
	build(t, dir, out, false)
	if got := read(t, dir, "go/migrations/00001_initial.sql"); got != "create, rendered anew\n" {
		t.Errorf("a missing frozen file: %q", got)
	}
}

// A directory an older bgen built lists its migration as an ordinary
// owned file (manifest version 1): the first build that sees it frozen
// plans it as before (rewritten if it changed, refused if hand-edited),
// then freezes it.
func TestFrozenFromAnOlderBgen(t *testing.T) {
	dir := t.TempDir()
	build(t, dir, tree{"go": {bgen("migrations/00001_initial.sql", "old\n")}}, false)
	m := read(t, dir, ManifestPath)
	write(t, dir, ManifestPath, strings.Replace(m, `"version": 2`, `"version": 1`, 1))

	out := tree{"go": {frozen("migrations/00001_initial.sql", "new\n")}}
	p, err := NewPlan(dir, out, State{})
	if err != nil {
		t.Fatal(err)
	}
	if probs := p.Check(); len(probs) != 1 || probs[0].Kind != Stale {
		t.Errorf("Check = %v, want it stale", probs)
	}
	build(t, dir, out, false)
	if got := read(t, dir, "go/migrations/00001_initial.sql"); got != "new\n" {
		t.Errorf("not rewritten as an owned file would be: %q", got)
	}
	m = read(t, dir, ManifestPath)
	if !strings.Contains(m, `"version": 2`) || !strings.Contains(m, `"frozen"`) {
		t.Errorf("manifest:\n%s", m)
	}
	// Frozen from now on.
	build(t, dir, tree{"go": {frozen("migrations/00001_initial.sql", "newer\n")}}, false)
	if got := read(t, dir, "go/migrations/00001_initial.sql"); got != "new\n" {
		t.Errorf("rewritten once frozen: %q", got)
	}

	// Edited by hand in the older bgen's time: refused, as before.
	dir = t.TempDir()
	build(t, dir, tree{"go": {bgen("migrations/00001_initial.sql", "old\n")}}, false)
	write(t, dir, "go/migrations/00001_initial.sql", "mine\n")
	p, err = NewPlan(dir, out, State{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Apply(false); err == nil {
		t.Error("a hand-edited migration of an older bgen was overwritten")
	}
}

func TestManifestVersion(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, ManifestPath, `{"version": 3, "files": {}}`)
	if _, err := NewPlan(dir, tree{}, State{}); err == nil || !strings.Contains(err.Error(), "version 3") {
		t.Errorf("NewPlan = %v, want the version refused", err)
	}
	write(t, dir, ManifestPath, `{"version": 2, "files": {}, "frozen": {"../x": "sha256:00"}}`)
	if _, err := NewPlan(dir, tree{}, State{}); err == nil {
		t.Error("a frozen entry outside the directory accepted")
	}
}
