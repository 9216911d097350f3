package express

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bgen-dev/bgen/conformance"
)

// prettierPending are the generated files whose layout is not prettier's
// yet (their generators still write long fmt strings): TestPrettier
// tolerates them and logs those that have become stable, so that the
// list only shrinks. Every other TypeScript and JavaScript file of every
// spec's project must be byte-stable under prettier --check with the
// project's own .prettierrc.json.
var prettierPending = regexp.MustCompile(`^(` + strings.Join([]string{
	`src/hooks/[^/]+\.hooks\.ts`,
	`tests/.*`,
}, "|") + `)$`)

// TestPrettier emits the project of every spec of TestProjects and
// testdata/zod/edge and runs the project's own prettier (npm run
// format:check's, from the node_modules cache) over each: a file it
// would rewrite fails the test unless prettierPending names it.
func TestPrettier(t *testing.T) {
	if testing.Short() {
		t.Skip("installs packages and runs Node: skipped with -short")
	}
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node is not installed: prettier cannot run")
	}
	specs := map[string]string{"edge": filepath.Join("testdata", "zod", "edge", "api.cue")}
	for _, name := range projects() {
		specs[name] = projectSpec(name)
	}
	var names []string
	for name := range specs {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			dir := writeProject(t, specs[name])
			// --list-different exits 1 when it lists a file: the list decides.
			// The project's .prettierignore without its pending part, so
			// that the pending files are checked too.
			ignore, err := os.ReadFile(filepath.Join(dir, ".prettierignore"))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(ignore), prettierPendingIgnore) {
				t.Fatal(".prettierignore has no pending part")
			}
			all := filepath.Join(t.TempDir(), "prettierignore")
			if err := os.WriteFile(all, []byte(strings.Replace(string(ignore), prettierPendingIgnore, "", 1)), 0o644); err != nil {
				t.Fatal(err)
			}
			out, _ := conformance.RunCommand(dir, conformance.CleanEnv(), 5*time.Minute, "node_modules/.bin/prettier", "--list-different", "--ignore-path", all, ".")
			var pending []string
			for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
				switch {
				case l == "":
				case strings.HasPrefix(l, "[error]"):
					t.Errorf("prettier: %s", l)
				case prettierPending.MatchString(l):
					pending = append(pending, l)
				default:
					t.Errorf("%s: not laid out as prettier lays it out", l)
				}
			}
			t.Logf("%d files still pending (prettierPending)", len(pending))
		})
	}
}
