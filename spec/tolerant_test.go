package spec

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
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
// kind; for each struct or list value, the source with it replaced by 3;
// and for each key of a struct written in f, the source with the key
// misspelt. Each mutant is described by what changed.
func mutations(t *testing.T, src []byte) (names []string, mutants [][]byte) {
	t.Helper()
	f, err := parser.ParseFile("api.cue", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	var lits []*ast.BasicLit
	var labels []*ast.Field
	var composites []*ast.Field
	ast.Walk(f, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.Field:
			if _, ok := x.Label.(*ast.Ident); ok {
				labels = append(labels, x)
			}
			switch v := x.Value.(type) {
			case *ast.BasicLit:
				lits = append(lits, v)
			case *ast.StructLit, *ast.ListLit:
				composites = append(composites, x)
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
	for _, fl := range composites {
		value := fl.Value
		fl.Value = &ast.BasicLit{Kind: token.INT, Value: "3", ValuePos: value.Pos()}
		names = append(names, fmt.Sprintf("line %d: a struct or list -> 3", value.Pos().Line()))
		mutants = append(mutants, render())
		fl.Value = value
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
	// Each mutant evaluates CUE (~30ms): by default every second mutant
	// runs (every sixth with -short), all of them with
	// BGEN_SPEC_ALL_MUTANTS=1.
	stride := 2
	if testing.Short() {
		stride = 6
	}
	if os.Getenv("BGEN_SPEC_ALL_MUTANTS") != "" {
		stride = 1
	}
	n := 0
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		names, mutants := mutations(t, src)
		for i, m := range mutants {
			if i%stride != 0 {
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
	t.Logf("%d mutants rejected by CUE, each reported without follow-on errors", n)
	if n < 200/stride {
		t.Errorf("only %d mutants were rejected by CUE; the test checks too little", n)
	}
}

// TestUnrelatedCUEError adds a file with one unknown top-level key to each
// error case: CUE's error must join the case's errors without hiding any
// (the semantic checks run on a spec with CUE errors as on one without).
func TestUnrelatedCUEError(t *testing.T) {
	dirs, _ := filepath.Glob("testdata/errors/*")
	for _, dir := range dirs {
		if filepath.Base(dir) == "syntax_error" {
			continue // nothing is evaluated
		}
		t.Run(filepath.Base(dir), func(t *testing.T) {
			want, err := os.ReadFile(filepath.Join(dir, "want.txt"))
			if err != nil {
				t.Fatal(err)
			}
			tmp := t.TempDir()
			files, _ := filepath.Glob(filepath.Join(dir, "*.cue"))
			var paths []string
			for _, f := range files {
				src, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				p := filepath.Join(tmp, filepath.Base(f))
				if err := os.WriteFile(p, src, 0o644); err != nil {
					t.Fatal(err)
				}
				paths = append(paths, p)
			}
			extra := filepath.Join(tmp, "zz_extra.cue")
			if err := os.WriteFile(extra, []byte("package api\n\nqqqqqqqq: 1\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err = Load(append(paths, extra))
			got := formatted(err, tmp)
			if w := string(want) + "zz_extra.cue:3:1: qqqqqqqq: field not allowed\n"; got != w {
				t.Errorf("got:\n%s\nwant:\n%s", got, w)
			}
		})
	}
}

func TestSimilar(t *testing.T) {
	for _, p := range [][2]string{
		{"feilds", "fields"}, {"field", "fields"}, {"Fields", "fields"}, {"relatoins", "relations"},
		{"tpye", "type"}, {"typ", "type"}, {"optinal", "optional"}, {"role_field", "roleField"},
		{"minLen", "minLength"}, {"belongTo", "belongsTo"}, {"ownr", "owner"},
	} {
		if !similar(p[0], p[1]) {
			t.Errorf("similar(%q, %q) = false", p[0], p[1])
		}
	}
	for _, p := range [][2]string{
		{"permissions", "fields"}, {"f", "fields"}, {"ab", "id"}, {"qqqqqqqq", "api"},
		{"color", "values"}, {"table", "path"}, {"x", "type"},
	} {
		if similar(p[0], p[1]) {
			t.Errorf("similar(%q, %q) = true", p[0], p[1])
		}
	}
}

// TestErrorInEachEntity adds an error CUE reports to every entity of each
// error case, an unknown key (not like any option) or a description of the
// wrong kind: each is reported, and the case's other errors stay as they
// were (positions aside, as the sources are reprinted).
func TestErrorInEachEntity(t *testing.T) {
	dirs, _ := filepath.Glob("testdata/errors/*")
	injections := []struct {
		key, value, msg string
	}{
		{"qqqqqqqq", "1", "field not allowed"},
		{"description", "3", "mismatched types: got int, want string"},
	}
	injected := 0
	for _, dir := range dirs {
		if filepath.Base(dir) == "syntax_error" {
			continue
		}
		for _, inj := range injections {
			t.Run(filepath.Base(dir)+"/"+inj.key, func(t *testing.T) {
				want, err := os.ReadFile(filepath.Join(dir, "want.txt"))
				if err != nil {
					t.Fatal(err)
				}
				wantMsgs := messages(string(want))
				tmp := t.TempDir()
				files, _ := filepath.Glob(filepath.Join(dir, "*.cue"))
				var paths []string
				for _, name := range files {
					src, err := os.ReadFile(name)
					if err != nil {
						t.Fatal(err)
					}
					f, err := parser.ParseFile(name, src, parser.ParseComments)
					if err != nil {
						t.Fatal(err)
					}
					for _, d := range f.Decls {
						fd, ok := d.(*ast.Field)
						if !ok || selName(fd.Label) != "entities" {
							continue
						}
						ents, ok := fd.Value.(*ast.StructLit)
						if !ok {
							continue
						}
						for _, e := range ents.Elts {
							ef, ok := e.(*ast.Field)
							if !ok {
								continue
							}
							body, ok := ef.Value.(*ast.StructLit)
							if !ok || slices.ContainsFunc(body.Elts, func(d ast.Decl) bool {
								f, ok := d.(*ast.Field)
								return ok && selName(f.Label) == inj.key
							}) {
								continue
							}
							body.Elts = append(body.Elts, &ast.Field{Label: ast.NewIdent(inj.key), Value: ast.NewLit(token.INT, inj.value)})
							wantMsgs = append(wantMsgs, "entities."+selName(ef.Label)+"."+inj.key+": "+inj.msg)
							injected++
						}
					}
					out, err := format.Node(f)
					if err != nil {
						t.Fatal(err)
					}
					p := filepath.Join(tmp, filepath.Base(name))
					if err := os.WriteFile(p, out, 0o644); err != nil {
						t.Fatal(err)
					}
					paths = append(paths, p)
				}
				s, err := Load(paths)
				if err == nil {
					err = Validate(s) // no entity to add a key to
				}
				got := messages(formatted(err, tmp))
				slices.Sort(got)
				slices.Sort(wantMsgs)
				if !slices.Equal(got, wantMsgs) {
					t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantMsgs, "\n"))
				}
			})
		}
	}
	if injected < 100 {
		t.Errorf("only %d errors injected", injected)
	}
	t.Logf("%d errors injected", injected)
}

// messages are FormatErrors' lines without their positions.
func messages(out string) []string {
	var msgs []string
	for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if parts := strings.SplitN(l, ": ", 2); len(parts) == 2 && strings.Count(parts[0], ":") == 2 {
			l = parts[1]
		}
		msgs = append(msgs, l)
	}
	return msgs
}
