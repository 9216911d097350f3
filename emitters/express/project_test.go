package express

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bgen-dev/bgen/conformance"
	"github.com/bgen-dev/bgen/emitters/emittertest"
	"github.com/bgen-dev/bgen/internal/pipeline"
)

// projects are the specs whose projects TestProjects checks: the two
// examples and the specs every target's project test builds
// (emitters/testdata).
func projects() []string {
	return append([]string{"blog", "shop"}, emittertest.SharedSpecs()...)
}

func projectSpec(name string) string {
	if slices.Contains(emittertest.SharedSpecs(), name) {
		return emittertest.SpecPath(name)
	}
	return filepath.Join("..", "..", "examples", name, "api.cue")
}

// TestProjects emits each spec's project, links its node_modules from the
// shared cache (LinkNodeModules: a few minutes the first time, then none)
// and runs the checks a developer would: npm run build (prisma generate
// and tsc, strict), npm run lint (eslint) and npm test (the generated
// tests, on a fresh SQLite database per file).
func TestProjects(t *testing.T) {
	if testing.Short() {
		t.Skip("installs packages and runs Node: skipped with -short")
	}
	for _, tool := range []string{"node", "npm"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed: the generated Express projects cannot be checked", tool)
		}
	}
	for _, name := range projects() {
		t.Run(name, func(t *testing.T) {
			dir := writeProject(t, projectSpec(name))
			for _, script := range []string{"build", "lint", "test"} {
				start := time.Now()
				out, err := npm(dir, script)
				t.Logf("npm run %s: %s", script, time.Since(start).Round(time.Millisecond))
				if err != nil {
					if script == "test" {
						out = failures(out)
					}
					t.Fatalf("npm run %s: %v\n%s", script, err, out)
				}
				if script == "test" {
					t.Logf("%s", testSummary(out))
				}
			}
		})
	}
}

// npm runs a script of the project in dir, without the settings a
// generated server reads from the environment, and returns its output.
func npm(dir, script string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "npm", "run", "--silent", script)
	cmd.Dir = dir
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "PORT", "HOST", "DATABASE_URL", "APP_ENV", "JWT_SECRET", "LOG_LEVEL", "CORS_ORIGINS", "AUTO_MIGRATE", "NODE_OPTIONS":
			continue
		}
		cmd.Env = append(cmd.Env, kv)
	}
	// The whole process group goes on a timeout: npm's children too.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// testSummary is the counts node's test runner ends its report with.
func testSummary(out string) string {
	var keep []string
	for _, l := range strings.Split(out, "\n") {
		if counts.MatchString(l) {
			keep = append(keep, strings.TrimPrefix(l, "# "))
		}
	}
	return strings.Join(keep, ", ")
}

var (
	counts = regexp.MustCompile(`^# (tests|pass|fail|cancelled|skipped|todo) [0-9]+$`)
	passed = regexp.MustCompile(`^(\s*)ok [0-9]+ - `)
)

// failures is node's TAP report without the tests that passed.
func failures(out string) string {
	var keep []string
	skip := ""
	for _, l := range strings.Split(out, "\n") {
		if skip != "" {
			if l == skip {
				skip = ""
			}
			continue
		}
		if m := passed.FindStringSubmatch(l); m != nil {
			skip = m[1] + "  ..."
			continue
		}
		if strings.HasPrefix(strings.TrimSpace(l), "# Subtest: ") {
			continue
		}
		keep = append(keep, l)
	}
	return strings.Join(keep, "\n")
}

// writeProject emits the spec at path into a new folder and links its
// node_modules from the cache.
func writeProject(t *testing.T, path string) string {
	t.Helper()
	api, err := pipeline.Compile([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	files, err := New().Emit(api)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := conformance.WriteFiles(dir, files); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := LinkNodeModules(dir); err != nil {
		t.Fatal(err)
	}
	t.Logf("node_modules: %s", time.Since(start).Round(time.Millisecond))
	return dir
}
