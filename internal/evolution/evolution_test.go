package evolution

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bgen-dev/bgen/conformance"
	"github.com/bgen-dev/bgen/internal/targets"
)

// jwtSecret is the secret every server of the test runs with.
const jwtSecret = "bgen-evolution-secret-0123456789abcdefghijklmnop"

// project is one target's project in an output directory, on one database.
type project struct {
	t      *testing.T
	target conformance.Target
	out    string // the output directory
	dir    string // out/<target>
	dbURL  string
	env    []string
}

func newProject(t *testing.T, target, database string) *project {
	tg, ok := conformance.Targets()[target]
	if !ok {
		t.Fatalf("no target %s", target)
	}
	out := filepath.Join(t.TempDir(), "gen")
	p := &project{t: t, target: tg, out: out, dir: filepath.Join(out, target)}
	p.dbURL = "sqlite:///" + filepath.Join(out, "app.db")
	if database == "postgres" {
		u, drop, err := conformance.FreshPostgres(os.Getenv("BGEN_TEST_POSTGRES"), "evolution")
		if err != nil {
			t.Fatalf("postgres: %v", err)
		}
		t.Cleanup(drop)
		p.dbURL = u
	}
	p.env = append(conformance.CleanEnv(), "HOST=127.0.0.1", "DATABASE_URL="+p.dbURL,
		"APP_ENV=test", "JWT_SECRET="+jwtSecret, "LOG_LEVEL=warn", "AUTO_MIGRATE=false")
	return p
}

// build builds version into the output directory, for this target only.
func (p *project) build(version string, flags ...string) result {
	p.t.Helper()
	r := must(p.t, append([]string{"build", spec(version), "-o", p.out, "-t", p.target.Name}, flags...)...)
	must(p.t, "check", spec(version), "-o", p.out, "-t", p.target.Name)
	return r
}

// setUp runs the README's set-up (again, after a build: the go binary is
// built from the new sources).
func (p *project) setUp() {
	p.t.Helper()
	if err := conformance.SetUp(p.t, p.dir, p.target); err != nil {
		p.t.Fatal(err)
	}
}

// migrate runs the target's migrate command and returns its output.
func (p *project) migrate() (string, error) {
	return conformance.RunCommand(p.dir, p.env, 5*time.Minute, p.target.Migrate...)
}

func (p *project) mustMigrate() {
	p.t.Helper()
	if out, err := p.migrate(); err != nil {
		p.t.Fatalf("migrate: %v\n%s", err, out)
	}
}

// serve starts the server; it is stopped when the test ends, or by the
// returned func.
func (p *project) serve() (*client, func()) {
	p.t.Helper()
	srv, err := conformance.Serve(p.dir, p.env, p.target.Serve)
	if err != nil {
		p.t.Fatalf("serve: %v", err)
	}
	stopped := false
	stop := func() {
		if !stopped {
			stopped = true
			srv.Stop()
		}
	}
	p.t.Cleanup(func() {
		if p.t.Failed() && !stopped {
			p.t.Logf("server output:\n%s", srv.Output())
		}
		stop()
	})
	return &client{t: p.t, base: srv.Base + "/api"}, stop
}

// query runs one SQL query on the project's database and returns its rows,
// one line each, columns joined by "|".
func (p *project) query(sql string) string {
	p.t.Helper()
	var cmd *exec.Cmd
	if path, ok := strings.CutPrefix(p.dbURL, "sqlite:///"); ok {
		cmd = exec.Command("python3", "-c", `import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for r in c.execute(sys.argv[2]):
    print("|".join("" if v is None else str(v) for v in r))`, path, sql)
	} else {
		cmd = exec.Command("psql", p.dbURL, "-v", "ON_ERROR_STOP=1", "-qtAc", sql)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		p.t.Fatalf("query %q: %v\n%s", sql, err, stderr.String())
	}
	return string(out)
}

// fingerprint is the database's schema and migration bookkeeping: what a
// migration that does nothing leaves as it was.
func (p *project) fingerprint() string {
	p.t.Helper()
	var b strings.Builder
	if strings.HasPrefix(p.dbURL, "sqlite:") {
		b.WriteString(p.query(`SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name`))
	} else {
		b.WriteString(p.query(`SELECT table_name, column_name, data_type, character_maximum_length, is_nullable, column_default FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, column_name`))
		b.WriteString(p.query(`SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname`))
		b.WriteString(p.query(`SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY conname`))
	}
	switch p.target.Name {
	case "fastapi":
		b.WriteString(p.query(`SELECT version_num FROM alembic_version`))
	case "express":
		b.WriteString(p.query(`SELECT migration_name, checksum, applied_steps_count FROM _prisma_migrations WHERE rolled_back_at IS NULL ORDER BY migration_name`))
	default:
		b.WriteString(p.query(`SELECT version_id, is_applied FROM goose_db_version ORDER BY id`))
	}
	return b.String()
}

// version is the step the database is at, by the target's bookkeeping.
func (p *project) version() string {
	p.t.Helper()
	switch p.target.Name {
	case "fastapi":
		return strings.TrimSpace(p.query(`SELECT version_num FROM alembic_version`))
	case "express":
		return strings.TrimSpace(p.query(`SELECT max(migration_name) FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`))
	}
	return strings.TrimSpace(p.query(`SELECT max(version_id) FROM goose_db_version WHERE is_applied`))
}

// modelsAgree checks that fastapi's SQLAlchemy models describe the
// migrated database: alembic's autogenerate finds nothing to do.
func (p *project) modelsAgree(step string) {
	p.t.Helper()
	if p.target.Name != "fastapi" {
		return
	}
	out, err := conformance.RunCommand(p.dir, p.env, 5*time.Minute, ".venv/bin/python", "-m", "alembic", "check")
	if err != nil || !strings.Contains(out, "No new upgrade operations detected") {
		p.t.Errorf("after %s, the models and the migrated database differ (alembic check): %v\n%s", step, err, out)
	}
}

// lint runs the project's Python linters on the migrations and the models.
func (p *project) lint() {
	p.t.Helper()
	if p.target.Name != "fastapi" {
		return
	}
	for _, argv := range [][]string{
		{".venv/bin/python", "-m", "ruff", "check", "alembic", "app"},
		{".venv/bin/python", "-m", "ruff", "format", "--check", "alembic", "app"},
		{".venv/bin/python", "-m", "mypy", "--strict", "alembic", "app"},
	} {
		if out, err := conformance.RunCommand(p.dir, p.env, 10*time.Minute, argv...); err != nil {
			p.t.Errorf("%s: %v\n%s", strings.Join(argv[2:], " "), err, out)
		}
	}
}

// projectTests runs the generated project's own tests, which set up
// their databases from the whole history.
func (p *project) projectTests() {
	p.t.Helper()
	argv := []string{"go", "test", "./..."}
	switch p.target.Name {
	case "fastapi":
		argv = []string{".venv/bin/python", "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider"}
	case "express":
		argv = []string{"npm", "test"}
	}
	if out, err := conformance.RunCommand(p.dir, append(conformance.CleanEnv(), "BGEN_TEST_POSTGRES="), 15*time.Minute, argv...); err != nil {
		p.t.Errorf("the project's tests: %v\n%s", err, out)
	}
}

// databases are the databases to run on: SQLite, and PostgreSQL when
// BGEN_TEST_POSTGRES names a server.
func databases(t *testing.T) []string {
	if os.Getenv("BGEN_TEST_POSTGRES") == "" {
		t.Log("BGEN_TEST_POSTGRES is not set: PostgreSQL is skipped (export BGEN_TEST_POSTGRES=$(bash scripts/postgres.sh))")
		return []string{"sqlite"}
	}
	return []string{"sqlite", "postgres"}
}

// evolved are the targets the test runs: every implemented one the
// conformance command table knows.
func evolved(t *testing.T) []string {
	var out []string
	for _, name := range targets.Implemented() {
		if _, ok := conformance.Targets()[name]; ok && name != "openapi" {
			out = append(out, name)
		}
	}
	if len(out) == 0 {
		t.Skip("no target implemented")
	}
	return out
}

func TestEvolution(t *testing.T) {
	if testing.Short() {
		t.Skip("sets up, migrates and serves generated projects; -short skips it")
	}
	for _, target := range evolved(t) {
		for _, db := range databases(t) {
			t.Run(target+"/"+db, func(t *testing.T) {
				t.Parallel()
				evolve(t, newProject(t, target, db))
			})
		}
	}
}

func evolve(t *testing.T, p *project) {
	// v1: migrate, write rows.
	p.build("v1")
	p.setUp()
	p.mustMigrate()
	p.modelsAgree("v1")
	c, stop := p.serve()
	author := c.create("/authors", obj{"name": "Ada"})
	label := c.create("/labels", obj{"name": "go"})
	first := c.create("/articles", obj{"title": "First", "body": "Hello", "authorId": author})
	second := c.create("/articles", obj{"title": "Second", "body": "World", "authorId": author})
	c.do("PUT", fmt.Sprintf("/articles/%d/labels/%d", first, label), nil, 204)
	comment := c.create("/comments", obj{"text": "Nice", "articleId": first})
	stop()

	// v2: every row under its new name, and the new features.
	r := p.build("v2")
	if !strings.Contains(r.stdout, "new migration step 0002_") {
		t.Errorf("v2 made no step:\n%s", r.stdout)
	}
	p.setUp()
	p.mustMigrate()
	p.modelsAgree("v2")
	p.lint()
	c, stop = p.serve()
	for id, want := range map[int64]obj{
		first:  {"title": "First", "content": "Hello", "rating": 3.0, "subtitle": nil, "authorId": float64(author)},
		second: {"title": "Second", "content": "World", "rating": 3.0, "subtitle": nil, "authorId": float64(author)},
	} {
		c.expect(fmt.Sprintf("/posts/%d", id), want)
	}
	c.expectIDs(fmt.Sprintf("/posts/%d/labels", first), label)
	c.expect(fmt.Sprintf("/comments/%d", comment), obj{"text": "Nice", "articleId": float64(first)})
	c.do("GET", "/articles", nil, 404)
	tag := c.create("/tags", obj{"name": "news"})
	c.do("PUT", fmt.Sprintf("/posts/%d/tags/%d", first, tag), nil, 204)
	c.expectIDs(fmt.Sprintf("/posts/%d/tags", first), tag)
	long := strings.Repeat("x", 150) // over v1's maxLength
	third := c.create("/posts", obj{"title": long, "content": "Long", "subtitle": "Sub", "authorId": author})
	if third <= second {
		t.Errorf("new post id %d, want more than %d", third, second)
	}
	c.expect(fmt.Sprintf("/posts/%d", third), obj{"title": long, "rating": 3.0, "subtitle": "Sub"})
	c.do("PATCH", fmt.Sprintf("/posts/%d", second), obj{"rating": 5}, 200)
	stop()

	// Migrating again does nothing.
	before := p.fingerprint()
	p.mustMigrate()
	if after := p.fingerprint(); after != before {
		t.Errorf("a second migrate changed the database:\nbefore:\n%s\nafter:\n%s", before, after)
	}

	// v3 drops a column: refused, the directory left as it was.
	files := tree(t, p.out)
	r = bgen("build", spec("v3"), "-o", p.out, "-t", p.target.Name)
	if r.code != 1 || !strings.Contains(r.stderr, "posts.subtitle") || !strings.Contains(r.stderr, "--allow-destructive") {
		t.Errorf("v3 without --allow-destructive: exit %d\n%s", r.code, r.stderr)
	}
	if d := treeDiff(files, tree(t, p.out)); len(d) > 0 {
		t.Errorf("the refused build changed the directory: %v", d)
	}
	r = p.build("v3", "--allow-destructive")
	if !strings.Contains(r.stdout, "new migration step 0003_") {
		t.Errorf("v3 made no step:\n%s", r.stdout)
	}
	p.setUp()
	p.mustMigrate()
	p.modelsAgree("v3")
	p.lint()
	c, stop = p.serve()
	got := c.get(fmt.Sprintf("/posts/%d", third))
	if _, ok := got["subtitle"]; ok {
		t.Errorf("subtitle is still served: %v", got)
	}
	c.expect(fmt.Sprintf("/posts/%d", third), obj{"title": long, "content": "Long", "rating": 3.0})
	c.expect(fmt.Sprintf("/posts/%d", second), obj{"title": "Second", "rating": 5.0})
	c.expectIDs(fmt.Sprintf("/posts/%d/labels", first), label)
	c.expectIDs(fmt.Sprintf("/posts/%d/tags", first), tag)
	c.expect(fmt.Sprintf("/comments/%d", comment), obj{"articleId": float64(first)})
	if fourth := c.create("/posts", obj{"title": "Fourth", "content": "x", "authorId": author}); fourth <= third {
		t.Errorf("a post after the table was rebuilt has id %d, want more than %d", fourth, third)
	}
	// The foreign keys hold and still act: deleting the author deletes
	// its posts, and their comments and links.
	c.do("DELETE", fmt.Sprintf("/authors/%d", author), nil, 204)
	c.do("GET", fmt.Sprintf("/posts/%d", first), nil, 404)
	c.do("GET", fmt.Sprintf("/comments/%d", comment), nil, 404)
	stop()
	before = p.fingerprint()
	p.mustMigrate()
	if after := p.fingerprint(); after != before {
		t.Errorf("a second migrate changed the database:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	if strings.HasPrefix(p.dbURL, "sqlite:") {
		p.projectTests()
	}
}

// TestFailingStep: a step that fails on the rows it finds (a unique
// constraint over duplicates) is rolled back whole, and its error names
// the step and the statement.
func TestFailingStep(t *testing.T) {
	if testing.Short() {
		t.Skip("sets up, migrates and serves generated projects; -short skips it")
	}
	for _, target := range evolved(t) {
		for _, db := range databases(t) {
			t.Run(target+"/"+db, func(t *testing.T) {
				t.Parallel()
				p := newProject(t, target, db)
				p.build("v1")
				p.setUp()
				p.mustMigrate()
				c, stop := p.serve()
				author := c.create("/authors", obj{"name": "Ada"})
				c.create("/articles", obj{"title": "Same", "body": "a", "authorId": author})
				c.create("/articles", obj{"title": "Same", "body": "b", "authorId": author})
				stop()

				r := p.build("unique", "--allow-destructive")
				step := ""
				for _, line := range strings.Split(r.stdout, "\n") {
					if _, rest, ok := strings.Cut(line, "new migration step "); ok {
						step, _, _ = strings.Cut(rest, ":")
					}
				}
				if step == "" {
					t.Fatalf("no new step:\n%s", r.stdout)
				}
				p.setUp()
				before, version := p.fingerprint(), p.version()
				out, err := p.migrate()
				if err == nil {
					t.Fatalf("migrate over duplicate titles succeeded:\n%s", out)
				}
				t.Logf("migrate failed, as it should:\n%s", out)
				if !strings.Contains(out, step) || !strings.Contains(out, "articles") {
					t.Errorf("the error does not name the step (%s) and its statement:\n%s", step, out)
				}
				if after := p.fingerprint(); after != before {
					t.Errorf("the failed step changed the database:\nbefore:\n%s\nafter:\n%s", before, after)
				}
				if v := p.version(); v != version {
					t.Errorf("version %s after the failed step, want %s", v, version)
				}
			})
		}
	}
}

type obj = map[string]any

// client speaks JSON to a server's API.
type client struct {
	t    *testing.T
	base string
}

func (c *client) do(method, path string, body obj, status int) obj {
	c.t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			c.t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, c.base+path, rd)
	if err != nil {
		c.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := (&http.Client{Timeout: time.Minute}).Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	if resp.StatusCode != status {
		c.t.Fatalf("%s %s: %d, want %d\n%s", method, path, resp.StatusCode, status, data)
	}
	var out obj
	if len(data) > 0 && status != 204 {
		if err := json.Unmarshal(data, &out); err != nil {
			c.t.Fatalf("%s %s: %v\n%s", method, path, err, data)
		}
	}
	return out
}

// create posts a row and returns its id.
func (c *client) create(path string, body obj) int64 {
	c.t.Helper()
	got := c.do("POST", path, body, 201)
	id, ok := got["id"].(float64)
	if !ok {
		c.t.Fatalf("POST %s: no id in %v", path, got)
	}
	return int64(id)
}

func (c *client) get(path string) obj {
	c.t.Helper()
	return c.do("GET", path, nil, 200)
}

// expect checks the fields want names in the resource at path.
func (c *client) expect(path string, want obj) {
	c.t.Helper()
	got := c.get(path)
	for k, v := range want {
		if g, ok := got[k]; !ok || fmt.Sprint(g) != fmt.Sprint(v) {
			c.t.Errorf("GET %s: %s = %v, want %v (%v)", path, k, g, v, got)
		}
	}
}

// expectIDs checks the ids of the list at path.
func (c *client) expectIDs(path string, ids ...int64) {
	c.t.Helper()
	got := c.get(path)
	items, _ := got["items"].([]any)
	var have []int64
	for _, it := range items {
		if m, ok := it.(obj); ok {
			if id, ok := m["id"].(float64); ok {
				have = append(have, int64(id))
			}
		}
	}
	slices.Sort(have)
	slices.Sort(ids)
	if !slices.Equal(have, ids) {
		c.t.Errorf("GET %s: ids %v, want %v (%v)", path, have, ids, got)
	}
}
