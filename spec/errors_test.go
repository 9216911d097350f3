package spec

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite testdata/errors/*/want.txt")

// TestErrorCases loads testdata/errors/<case>/*.cue, validates, and compares
// FormatErrors' output (paths relative to the case directory) with
// want.txt.
func TestErrorCases(t *testing.T) {
	dirs, _ := filepath.Glob("testdata/errors/*")
	if len(dirs) == 0 {
		t.Fatal("no error cases")
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			got := caseOutput(t, dir)
			wantFile := filepath.Join(dir, "want.txt")
			if *update {
				if err := os.WriteFile(wantFile, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(wantFile)
			if err != nil {
				t.Fatal(err)
			}
			if got == "" {
				t.Errorf("no errors reported")
			}
			checkOrder(t, got)
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("FormatErrors mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// checkOrder checks that FormatErrors' lines are in position order (file,
// line, column) and that none is repeated.
func checkOrder(t *testing.T, out string) {
	t.Helper()
	type key struct {
		file         string
		line, column int
	}
	var prev key
	seen := map[string]bool{}
	for i, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if seen[l] {
			t.Errorf("repeated: %s", l)
		}
		seen[l] = true
		parts := strings.SplitN(l, ":", 4)
		if len(parts) < 4 {
			continue // no position
		}
		var k key
		k.file = parts[0]
		if _, err := fmt.Sscanf(parts[1]+" "+parts[2], "%d %d", &k.line, &k.column); err != nil {
			continue
		}
		if i > 0 && (k.file < prev.file || (k.file == prev.file && (k.line < prev.line || (k.line == prev.line && k.column < prev.column)))) {
			t.Errorf("out of position order: %s", l)
		}
		prev = k
	}
}

func caseOutput(t *testing.T, dir string) string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "*.cue"))
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	s, err := Load(files)
	if err == nil {
		err = Validate(s)
	}
	return formatted(err, abs)
}

// TestFormatErrorsPaths checks that positions print relative to cwd and
// that the spec path leads the message.
func TestFormatErrorsPaths(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "api.cue")
	src := "name: \"x\"\nentities: Post: {\n\tfields: title: {type: \"string\", min: 10}\n\tpermissions: 3\n}\n"
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Load([]string{p})
	got := formatted(err, filepath.Dir(dir))
	// the unknown key and the misplaced min, both at once
	want := filepath.Base(dir) + "/api.cue:3:34: entities.Post.fields.title.min: min is not allowed on a string field (only on int, float, decimal)\n" +
		filepath.Base(dir) + "/api.cue:4:2: entities.Post.permissions: field not allowed\n"
	if got != want {
		t.Errorf("Load: got %q, want %q", got, want)
	}
	src = strings.Replace(src, "\tpermissions: 3\n", "", 1)
	s, err := LoadSource(p, []byte(src))
	if err != nil {
		t.Fatalf("LoadSource: %v", err)
	}
	got = formatted(Validate(s), dir)
	want = "api.cue:3:34: entities.Post.fields.title.min: min is not allowed on a string field (only on int, float, decimal)\n"
	if got != want {
		t.Errorf("Validate: got %q, want %q", got, want)
	}
}
