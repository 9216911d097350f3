package spec

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"cuelang.org/go/cue/ast"
	"cuelang.org/go/cue/format"
	"cuelang.org/go/cue/parser"
	"cuelang.org/go/cue/token"
)

// cueMessages are the errors CUE itself reports (after sanitize).
var cueMessages = []string{"mismatched types", "conflicting values", "field not allowed", "field is required but not present", "incomplete value"}

func isCUEMessage(line string) bool {
	for _, m := range cueMessages {
		if strings.Contains(line, m) {
			return true
		}
	}
	return false
}

// mutations returns, for each literal value in f (a field's value or a
// list element), the source with that literal replaced by one of another
// kind, and for each key of a struct written in f, the source with the key
// misspelt. Each mutant is described by what changed.
func mutations(t *testing.T, src []byte) (names []string, mutants [][]byte) {
	t.Helper()
	f, err := parser.ParseFile("api.cue", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	var lits []*ast.BasicLit
	var labels []*ast.Field
	ast.Walk(f, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.Field:
			if _, ok := x.Label.(*ast.Ident); ok {
				labels = append(labels, x)
			}
			if l, ok := x.Value.(*ast.BasicLit); ok {
				lits = append(lits, l)
			}
		case *ast.ListLit:
			for _, e := range x.Elts {
				if l, ok := e.(*ast.BasicLit); ok {
					lits = append(lits, l)
				}
			}
		}
		return true
	}, nil)
	render := func() []byte {
		b, err := format.Node(f)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for _, l := range lits {
		kind, value := l.Kind, l.Value
		switch kind {
		case token.STRING:
			l.Kind, l.Value = token.INT, "42"
		default:
			l.Kind, l.Value = token.STRING, `"x"`
		}
		names = append(names, fmt.Sprintf("line %d: %s -> %s", l.Pos().Line(), value, l.Value))
		mutants = append(mutants, render())
		l.Kind, l.Value = kind, value
	}
	for _, fl := range labels {
		id := fl.Label.(*ast.Ident)
		name := id.Name
		id.Name = name[:len(name)-1] // a typo: the last letter dropped
		if id.Name == "" {
			id.Name = name
			continue
		}
		names = append(names, fmt.Sprintf("line %d: key %s -> %s", id.Pos().Line(), name, id.Name))
		mutants = append(mutants, render())
		id.Name = name
	}
	return names, mutants
}

// TestOneRejectedValue takes the examples (valid specs), breaks one value
// at a time (a literal of the wrong kind, a misspelt key) and checks that
// whenever CUE rejects the mutant, bgen reports CUE's errors only: a value
// CUE rejected, or an option that may be under a misspelt key, causes no
// follow-on error from the semantic checks.
func TestOneRejectedValue(t *testing.T) {
	paths, _ := filepath.Glob("../examples/*/api.cue")
	if len(paths) == 0 {
		t.Fatal("no examples")
	}
	n := 0
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		names, mutants := mutations(t, src)
		for i, m := range mutants {
			if testing.Short() && i%5 != 0 {
				continue
			}
			_, err := LoadSource("api.cue", m)
			out := formatted(err, "")
			lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
			cueErrs := 0
			for _, l := range lines {
				if isCUEMessage(l) {
					cueErrs++
				}
			}
			if cueErrs == 0 {
				continue // CUE accepted it: a semantic change, not this test's business
			}
			n++
			for _, l := range lines {
				if !isCUEMessage(l) {
					t.Errorf("%s: %s: follow-on error %q\nall errors:\n%s", filepath.Base(filepath.Dir(p)), names[i], l, out)
				}
			}
		}
	}
	if n < 50 && !testing.Short() {
		t.Errorf("only %d mutants were rejected by CUE; the test checks too little", n)
	}
}
