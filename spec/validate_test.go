package spec

import (
	"strings"
	"testing"
)

// TestValidateHandBuilt validates a spec built in Go, without CUE values:
// checks must not need positions, and paths still name the problem.
func TestValidateHandBuilt(t *testing.T) {
	min, max := 10.0, 5.0
	s := &Spec{
		Name: "t",
		Entities: []*Entity{{
			Name: "Post",
			Fields: []*Field{
				{Name: "title", Type: "string", Min: &min},
				{Name: "count", Type: "int", Min: &min, Max: &max},
				{Name: "authorId", Type: "int"},
			},
			Relations: []*Relation{{Name: "author", Kind: "belongsTo", Target: "User"}},
			Access:    []*Access{{Operation: "get", Rules: []string{"public"}}},
		}},
		Endpoints: []*Endpoint{{Name: "x", Method: "POST", Path: "/posts"}},
	}
	got := formatted(Validate(s), "")
	want := []string{
		"entities.Post.fields.title.min: min is not allowed on a string field (only on int, float, decimal)",
		"entities.Post.fields.count.min: min (10) is greater than max (5)",
		"entities.Post.fields.authorId: field authorId collides with the key of relation author (authorId)",
		`entities.Post.relations.author.belongsTo: unknown entity "User"`,
		"entities.Post.access: access needs an auth block: without one every operation is public",
		"endpoints.x.path: POST /posts conflicts with the generated create of Post",
	}
	for _, w := range want {
		if !strings.Contains(got, w+"\n") {
			t.Errorf("missing %q in:\n%s", w, got)
		}
	}
	if n := strings.Count(got, "\n"); n != len(want) {
		t.Errorf("got %d errors, want %d:\n%s", n, len(want), got)
	}
	if err := Validate(nil); err == nil {
		t.Error("Validate(nil) = nil")
	}
}

func TestPortablePatterns(t *testing.T) {
	for _, p := range []string{
		`^[a-z0-9-]+$`, `^[A-Z]{3}-[0-9]{4}$`, `^#[0-9a-f]{6}$`, `^(?:ab|cd)+$`, `^\d+(\.\d{1,2})?$`,
		`^[\w.+-]+@[\w-]+\.[\w.]+$`, `^a\+\+$`, `^[+]+$`, `^\[x\]$`, `^a{2,}?$`,
	} {
		if _, err := checkPattern(p); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
	for _, p := range []string{`(?s).`, `a{,3}`, `[]a]`, `\x{41}`, `(?'n'a)`, `a{2}+`} {
		if _, err := checkPattern(p); err == nil {
			t.Errorf("%s: accepted, want an error", p)
		}
	}
}
