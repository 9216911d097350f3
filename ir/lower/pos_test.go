package lower_test

import (
	"path/filepath"
	"testing"

	"github.com/bgen-dev/bgen/internal/pipeline"
	"github.com/bgen-dev/bgen/ir"
	"github.com/bgen-dev/bgen/ir/lower"
	"github.com/bgen-dev/bgen/spec"
)

// clearPos empties every spec position of api, so that the loaded examples
// compare equal to values built by hand.
func clearPos(api *ir.API) {
	for _, e := range api.Entities {
		e.Pos = ""
		for _, f := range e.Fields {
			f.Pos = ""
		}
		for _, r := range e.Relations {
			r.Pos = ""
		}
	}
	for _, t := range api.Tables {
		t.Pos = ""
		for _, c := range t.Columns {
			c.Pos = ""
		}
	}
}

// TestPositions checks the spec positions lowering records (ir/migrate
// names them in the changes it plans): relative to the spec's directory,
// whatever the path the spec was loaded by.
func TestPositions(t *testing.T) {
	path := filepath.Join("..", "..", "examples", "blog", "api.cue")
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path, abs} {
		api, err := pipeline.Compile([]string{p})
		if err != nil {
			t.Fatal(err)
		}
		posts := entity(t, api, "Post")
		eq(t, "entity", posts.Pos, "api.cue:40:2")
		eq(t, "field", posts.FieldByName("title").Pos, "api.cue:42:4")
		eq(t, "id", posts.ID().Pos, posts.Pos)
		eq(t, "foreign key", posts.FieldByName("authorId").Pos, "api.cue:50:4")
		eq(t, "relation", posts.RelationByName("author").Pos, "api.cue:50:4")
		eq(t, "table", posts.Schema.Pos, posts.Pos)
		eq(t, "column", posts.Schema.Columns[1].Pos, "api.cue:42:4")
		var join *ir.Table
		for _, tb := range api.Tables {
			if tb.Name == "posts_tags" {
				join = tb
			}
		}
		eq(t, "join table", join.Pos, posts.RelationByName("tags").Pos)
		eq(t, "join column", join.Columns[0].Pos, join.Pos)
	}

	s, err := spec.LoadSource("api.cue", []byte("name: \"x\"\nentities: Item: {renamedFrom: \"Thing\", fields: title: \"string\"}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if err := spec.Validate(s); err != nil {
		t.Fatal(err)
	}
	api, err := lower.Lower(s)
	if err != nil {
		t.Fatal(err)
	}
	eq(t, "LoadSource entity", api.Entities[0].Pos, "api.cue:2:11")
	eq(t, "renamed from", []string{api.Tables[0].RenamedFrom, api.Tables[0].RenamedFromEntity}, []string{"things", "Thing"})
}
