package ddl_test

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bgen-dev/bgen/emitters/ddl"
	"github.com/bgen-dev/bgen/ir"
	"github.com/bgen-dev/bgen/ir/migrate"
	mt "github.com/bgen-dev/bgen/ir/migrate/migratetest"
)

// TestMigrateInitial: the first step of a history is exactly
// CreateTables, so that the initial migration's bytes do not change.
func TestMigrateInitial(t *testing.T) {
	for _, ex := range examples {
		tables := exampleTables(t, ex)
		h, err := migrate.Plan(nil, tables, migrate.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range dialects {
			if got, want := ddl.Script(ddl.Migrate(d, h[0])), script(d, tables); got != want {
				t.Errorf("%s/%s: the first step differs from CreateTables", ex, d)
			}
			if ddl.ForeignKeysOff(d, h[0]) {
				t.Errorf("%s/%s: the first step needs foreign keys off", ex, d)
			}
		}
	}
}

// scenario is a step from old to new (spec sources) run on a database
// holding rows: setup runs after the old schema is created, checks after
// the step (steps as in TestSQLiteExecutes: "ok", "fail" or "=[row]").
type scenario struct {
	name     string
	old, new string
	setup    func(d ddl.Dialect) []step
	checks   func(d ddl.Dialect) []step
	// inPlace: SQLite alters in place, with foreign keys on.
	inPlace bool
}

const ts = "'2026-01-01T00:00:00.000Z'"

// evolveOld and evolveNew are the golden scenario: an entity renamed (and
// its join table with it), a field renamed and widened, an enum value
// added, a column dropped, one added with a default (backfilled), one made
// required with a default (NULLs filled), a decimal's scale raised, an
// optional column added.
var (
	evolveOld = mt.Edit(mt.Base, `Post: {`, `Article: {`)
	evolveNew = mt.Edit(mt.Base,
		`Post: {`, `Post: {
		renamedFrom: "Article"`,
		`title: {type: "string", maxLength: 200}`, `headline: {type: "string", maxLength: 300, renamedFrom: "title"}
			subtitle: {type: "string", optional: true}`,
		`["draft", "published"]`, `["draft", "published", "archived"]`,
		`views: {type: "int", default: 0}`, `rating: {type: "int", default: 5}`,
		`summary: {type: "string", optional: true}`, `summary: {type: "string", default: "none"}`,
		`precision: 10, scale: 2`, `precision: 10, scale: 3`,
	)
)

func indexCount(d ddl.Dialect, names ...string) string {
	list := "'" + strings.Join(names, "', '") + "'"
	if d == ddl.SQLite {
		return `SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN (` + list + `)`
	}
	return `SELECT count(*) FROM pg_indexes WHERE schemaname = 'public' AND indexname IN (` + list + `)`
}

func scenarios() []scenario {
	users := step{`INSERT INTO "users" ("email", "name", "created_at", "updated_at") VALUES ('a@x.io', 'A', ` + ts + `, ` + ts + `), ('b@x.io', 'B', ` + ts + `, ` + ts + `)`, "ok"}
	tags := step{`INSERT INTO "tags" ("name", "created_at", "updated_at") VALUES ('go', ` + ts + `, ` + ts + `), ('db', ` + ts + `, ` + ts + `)`, "ok"}
	posts := func(table string) []step {
		return []step{
			{`INSERT INTO "` + table + `" ("title", "status", "views", "slug", "summary", "price", "author_id", "created_at", "updated_at") VALUES ('One', 'published', 7, 'one', 's1', '12.56', 1, ` + ts + `, ` + ts + `)`, "ok"},
			{`INSERT INTO "` + table + `" ("title", "slug", "author_id", "created_at", "updated_at") VALUES ('Two', 'two', 2, ` + ts + `, ` + ts + `)`, "ok"},
		}
	}
	return []scenario{
		{
			name: "evolve",
			old:  evolveOld,
			new:  evolveNew,
			setup: func(d ddl.Dialect) []step {
				s := append([]step{users, tags}, posts("articles")...)
				return append(s, step{`INSERT INTO "articles_tags" ("article_id", "tag_id") VALUES (1, 1), (1, 2), (2, 1)`, "ok"})
			},
			checks: func(d ddl.Dialect) []step {
				s := []step{
					{`SELECT count(*) FROM "posts"`, `=[2]`},
					{`SELECT "headline", "status", "rating", "summary", 'p' || CAST("price" AS TEXT) FROM "posts" WHERE "id" = 1`, `=["One", "published", 5, "s1", "p12.560"]`},
					{`SELECT "summary", "rating", "subtitle" IS NULL, "price" IS NULL FROM "posts" WHERE "id" = 2`, `=["none", 5, true, true]`},
					{`SELECT count(*), sum("tag_id") FROM "posts_tags" WHERE "post_id" = 1`, `=[2, 3]`},
					{`UPDATE "posts" SET "status" = 'archived' WHERE "id" = 2`, "ok"},
					{`UPDATE "posts" SET "status" = 'bogus' WHERE "id" = 2`, "fail"},
					{`INSERT INTO "posts" ("headline", "slug", "author_id", "created_at", "updated_at") VALUES ('Three', 'three', 1, ` + ts + `, ` + ts + `)`, "ok"},
					// The id counter went on from the old table's.
					{`SELECT max("id") FROM "posts"`, `=[3]`},
					{`INSERT INTO "posts" ("headline", "slug", "author_id", "created_at", "updated_at") VALUES ('Four', 'one', 1, ` + ts + `, ` + ts + `)`, "fail"},
					{`INSERT INTO "posts_tags" ("post_id", "tag_id") VALUES (99, 1)`, "fail"},
					{`INSERT INTO "posts" ("headline", "slug", "author_id", "created_at", "updated_at") VALUES ('Four', 'four', 99, ` + ts + `, ` + ts + `)`, "fail"},
					{indexCount(d, "ix_posts_author_id", "ix_posts_author_id_status", "ix_posts_tags_tag_id"), `=[3]`},
					{indexCount(d, "ix_articles_author_id", "ix_articles_author_id_status", "ix_articles_tags_tag_id"), `=[0]`},
					// Cascades still run: user 1's posts and their links go.
					{`DELETE FROM "users" WHERE "id" = 1`, "ok"},
					{`SELECT count(*) FROM "posts"`, `=[1]`},
					{`SELECT count(*) FROM "posts_tags"`, `=[1]`},
				}
				if d == ddl.SQLite {
					return append(s, step{`SELECT count(*) FROM sqlite_master WHERE name LIKE '%tmp%'`, `=[0]`})
				}
				// As PostgreSQL names them for a table created as posts.
				return append(s,
					step{`SELECT count(*) FROM pg_constraint WHERE conname IN ('posts_pkey', 'uq_posts_slug', 'ck_posts_status', 'fk_posts_author_id', 'posts_tags_pkey', 'fk_posts_tags_post_id', 'fk_posts_tags_tag_id')`, `=[7]`},
					step{`SELECT count(*) FROM pg_class WHERE relname = 'posts_id_seq' AND relkind = 'S'`, `=[1]`},
				)
			},
		},
		{
			name: "types",
			old: mt.Edit(mt.Base, `summary: {type: "string", optional: true}`, `summary: {type: "string", optional: true}
			published: {type: "bool", default: false}
			at: {type: "datetime", optional: true}
			meta: {type: "string", optional: true}
			score: {type: "string", optional: true}`),
			new: mt.Edit(mt.Base,
				`views: {type: "int", default: 0}`, `views: {type: "string", default: "0"}`,
				`title: {type: "string", maxLength: 200}`, `title: {type: "string", maxLength: 50}`,
				`precision: 10, scale: 2`, `precision: 10, scale: 1`,
				`summary: {type: "string", optional: true}`, `summary: {type: "text", optional: true}
			published: {type: "int", default: 0}
			at: {type: "date", optional: true}
			meta: {type: "json", optional: true}
			score: {type: "int", optional: true}`),
			setup: func(d ddl.Dialect) []step {
				yes := "TRUE"
				if d == ddl.SQLite {
					yes = "1"
				}
				return []step{users,
					{`INSERT INTO "posts" ("title", "views", "slug", "price", "published", "at", "meta", "score", "author_id", "created_at", "updated_at") VALUES ('One', 7, 'one', '12.56', ` + yes + `, '2026-01-31T23:30:00.000Z', 'hello', '42', 1, ` + ts + `, ` + ts + `)`, "ok"},
					{`INSERT INTO "posts" ("title", "slug", "author_id", "created_at", "updated_at") VALUES ('Two', 'two', 1, ` + ts + `, ` + ts + `)`, "ok"},
				}
			},
			checks: func(d ddl.Dialect) []step {
				return []step{
					{`SELECT 'v' || CAST("views" AS TEXT), 'p' || CAST("price" AS TEXT), "published", 'a' || CAST("at" AS TEXT), 'm' || CAST("meta" AS TEXT), "score" + 1 FROM "posts" WHERE "id" = 1`, `=["v7", "p12.6", 1, "a2026-01-31", "m\"hello\"", 43]`},
					{`SELECT 'v' || CAST("views" AS TEXT), "price" IS NULL, "published", "at" IS NULL, "meta" IS NULL, "score" IS NULL FROM "posts" WHERE "id" = 2`, `=["v0", true, 0, true, true, true]`},
					{`INSERT INTO "posts" ("title", "slug", "author_id", "created_at", "updated_at") VALUES ('Three', 'three', 1, ` + ts + `, ` + ts + `)`, "ok"},
					{`SELECT 'v' || CAST("views" AS TEXT), "published" FROM "posts" WHERE "id" = 3`, `=["v0", 0]`},
				}
			},
		},
		{
			name: "drop",
			old:  mt.Base,
			new: mt.Edit(mt.Base, `			tags: {manyToMany: "Tag"}
`, ``, `	Tag: {
		fields: name: {type: "string", unique: true}
	}
`, ``, `views: {type: "int", default: 0}`, ``),
			setup: func(d ddl.Dialect) []step {
				s := append([]step{users, tags}, posts("posts")...)
				return append(s, step{`INSERT INTO "posts_tags" ("post_id", "tag_id") VALUES (1, 1), (2, 2)`, "ok"})
			},
			checks: func(d ddl.Dialect) []step {
				return []step{
					{`SELECT count(*) FROM "posts"`, `=[2]`},
					{`SELECT count(*) FROM "tags"`, "fail"},
					{`SELECT "posts"."views" FROM "posts"`, "fail"}, // (SQLite reads an unknown "views" as a string)
					{`DELETE FROM "users" WHERE "id" = 2`, "ok"},
					{`SELECT count(*) FROM "posts"`, `=[1]`},
				}
			},
		},
		{
			// Rebuilding users (SQLite) keeps the foreign keys that point
			// at it, and its rows, though posts cascade on delete.
			name: "rebuild a referenced table",
			old:  mt.Base,
			new: mt.Edit(mt.Base, `name: {type: "string", maxLength: 100}`, `name: {type: "string", maxLength: 100, unique: true}
			nick: {type: "string", default: "anon"}`),
			setup: func(d ddl.Dialect) []step {
				return append([]step{users}, posts("posts")...)
			},
			checks: func(d ddl.Dialect) []step {
				return []step{
					{`SELECT count(*) FROM "users"`, `=[2]`},
					{`SELECT count(*) FROM "posts"`, `=[2]`},
					{`SELECT "nick" FROM "users" WHERE "id" = 2`, `=["anon"]`},
					{`INSERT INTO "users" ("email", "name", "created_at", "updated_at") VALUES ('c@x.io', 'C', ` + ts + `, ` + ts + `)`, "ok"},
					{`SELECT max("id") FROM "users"`, `=[3]`},
					{`INSERT INTO "users" ("email", "name", "created_at", "updated_at") VALUES ('d@x.io', 'A', ` + ts + `, ` + ts + `)`, "fail"},
					{`INSERT INTO "posts" ("title", "slug", "author_id", "created_at", "updated_at") VALUES ('X', 'x', 99, ` + ts + `, ` + ts + `)`, "fail"},
					{`DELETE FROM "users" WHERE "id" = 1`, "ok"},
					{`SELECT count(*) FROM "posts"`, `=[1]`},
				}
			},
		},
		{
			// Only what SQLite alters in place: foreign keys stay on.
			name:    "in place",
			inPlace: true,
			old:     mt.Base,
			new: mt.Edit(mt.Base, `slug: {type: "string", unique: true}`, `handle: {type: "string", unique: true, renamedFrom: "slug"}
			subtitle: {type: "string", optional: true}
			featured: {type: "bool", default: false}`,
				`indexes: [["author", "status"]]`, `indexes: [["author", "status"], ["handle", "title"]]`),
			setup: func(d ddl.Dialect) []step {
				return append([]step{users}, posts("posts")...)
			},
			checks: func(d ddl.Dialect) []step {
				no := "false"
				if d == ddl.SQLite {
					no = "0"
				}
				return []step{
					{`SELECT "handle", "subtitle" IS NULL, "featured" = ` + no + ` FROM "posts" WHERE "id" = 1`, `=["one", true, true]`},
					{`INSERT INTO "posts" ("title", "handle", "author_id", "created_at", "updated_at") VALUES ('X', 'one', 1, ` + ts + `, ` + ts + `)`, "fail"},
					{indexCount(d, "ix_posts_handle_title"), `=[1]`},
				}
			},
		},
		{
			name: "new belongsTo and index",
			old:  mt.Base,
			new: mt.Edit(mt.Base, `tags: {manyToMany: "Tag"}`, `tags: {manyToMany: "Tag"}
			editor: {belongsTo: "User", optional: true, onDelete: "setNull"}`,
				`indexes: [["author", "status"]]`, `indexes: [["author", "status"], ["slug", "title"]]`),
			setup: func(d ddl.Dialect) []step {
				return append([]step{users}, posts("posts")...)
			},
			checks: func(d ddl.Dialect) []step {
				return []step{
					{`UPDATE "posts" SET "editor_id" = 2`, "ok"},
					{`UPDATE "posts" SET "editor_id" = 99`, "fail"},
					{`DELETE FROM "users" WHERE "id" = 2`, "ok"},
					{`SELECT count(*) FROM "posts" WHERE "editor_id" IS NULL`, `=[1]`},
					{indexCount(d, "ix_posts_editor_id", "ix_posts_slug_title", "ix_posts_author_id", "ix_posts_author_id_status"), `=[4]`},
				}
			},
		},
	}
}

// scenarioStep plans sc's step.
func scenarioStep(t *testing.T, sc scenario) *ir.Migration {
	t.Helper()
	old, err := mt.Tables(sc.old)
	if err != nil {
		t.Fatal(err)
	}
	nw, err := mt.Tables(sc.new)
	if err != nil {
		t.Fatal(err)
	}
	h, err := migrate.Plan(nil, old, migrate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	h, err = migrate.Plan(h, nw, migrate.Options{AllowDestructive: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(h) != 2 {
		t.Fatal("no step planned")
	}
	return h[1]
}

func TestMigrateGolden(t *testing.T) {
	m := scenarioStep(t, scenarios()[0])
	for _, d := range dialects {
		got := "-- " + m.Name + ": " + m.Summary + "\n" + ddl.Script(ddl.Migrate(d, m))
		if again := "-- " + m.Name + ": " + m.Summary + "\n" + ddl.Script(ddl.Migrate(d, m)); again != got {
			t.Fatal("output differs between two runs")
		}
		golden(t, filepath.Join("testdata", "evolve."+d.String()+".sql"), got)
	}
}

// TestMigrateFromJSON: a step read back from the output directory's
// snapshots (JSON: defaults come back as float64) renders the same SQL.
func TestMigrateFromJSON(t *testing.T) {
	for _, sc := range scenarios() {
		m := scenarioStep(t, sc)
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		var back ir.Migration
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		for _, d := range dialects {
			if got, want := ddl.Script(ddl.Migrate(d, &back)), ddl.Script(ddl.Migrate(d, m)); got != want {
				t.Errorf("%s/%s: after JSON:\n%s\nbefore:\n%s", sc.name, d, got, want)
			}
		}
	}
}

// TestMigrateStatements checks what each dialect does for single changes.
func TestMigrateStatements(t *testing.T) {
	tests := []struct {
		name     string
		old, new string
		pg, lite []string // exact statements
		fkOff    bool     // SQLite
	}{
		{
			name: "add nullable column",
			new: mt.Edit(mt.Base, `summary: {type: "string", optional: true}`, `summary: {type: "string", optional: true}
			subtitle: {type: "string", optional: true}`),
			pg:   []string{`ALTER TABLE "posts" ADD COLUMN "subtitle" varchar(255)`},
			lite: []string{`ALTER TABLE "posts" ADD COLUMN "subtitle" TEXT`},
		},
		{
			name: "add column with a default",
			new: mt.Edit(mt.Base, `views: {type: "int", default: 0}`, `views: {type: "int", default: 0}
			featured: {type: "bool", default: true}`),
			pg:   []string{`ALTER TABLE "posts" ADD COLUMN "featured" boolean NOT NULL DEFAULT TRUE`},
			lite: []string{`ALTER TABLE "posts" ADD COLUMN "featured" INTEGER NOT NULL DEFAULT 1`},
		},
		{
			name: "rename column",
			new:  mt.Edit(mt.Base, `slug: {type: "string", unique: true}`, `handle: {type: "string", unique: true, renamedFrom: "slug"}`),
			pg: []string{
				`ALTER TABLE "posts" RENAME COLUMN "slug" TO "handle"`,
				`ALTER TABLE "posts" RENAME CONSTRAINT "uq_posts_slug" TO "uq_posts_handle"`,
			},
			lite: []string{`ALTER TABLE "posts" RENAME COLUMN "slug" TO "handle"`},
		},
		{
			name: "add and drop an index",
			new:  mt.Edit(mt.Base, `indexes: [["author", "status"]]`, `indexes: [["status"]]`),
			pg:   []string{`DROP INDEX "ix_posts_author_id_status"`, `CREATE INDEX "ix_posts_status" ON "posts" ("status")`},
			lite: []string{`DROP INDEX "ix_posts_author_id_status"`, `CREATE INDEX "ix_posts_status" ON "posts" ("status")`},
		},
		{
			name: "required with a default",
			new:  mt.Edit(mt.Base, `summary: {type: "string", optional: true}`, `summary: {type: "string", default: "none"}`),
			pg: []string{
				`ALTER TABLE "posts" ALTER COLUMN "summary" SET DEFAULT 'none'`,
				`UPDATE "posts" SET "summary" = 'none' WHERE "summary" IS NULL`,
				`ALTER TABLE "posts" ALTER COLUMN "summary" SET NOT NULL`,
			},
			fkOff: true,
		},
		{
			name: "widen a string: nothing to do in SQLite",
			new:  mt.Edit(mt.Base, `title: {type: "string", maxLength: 200}`, `title: {type: "string", maxLength: 300}`),
			pg:   []string{`ALTER TABLE "posts" ALTER COLUMN "title" TYPE varchar(300)`},
			lite: []string{},
		},
		{
			name: "int to string",
			new:  mt.Edit(mt.Base, `views: {type: "int", default: 0}`, `views: {type: "string", default: "0"}`),
			pg: []string{
				`ALTER TABLE "posts" ALTER COLUMN "views" DROP DEFAULT`,
				`ALTER TABLE "posts" ALTER COLUMN "views" TYPE varchar(255) USING "views"::text::varchar(255)`,
				`ALTER TABLE "posts" ALTER COLUMN "views" SET DEFAULT '0'`,
			},
			fkOff: true,
		},
		{
			name: "onDelete changed",
			new:  mt.Edit(mt.Base, `onDelete: "cascade"`, `onDelete: "setNull", optional: true`),
			pg: []string{
				`ALTER TABLE "posts" DROP CONSTRAINT "fk_posts_author_id"`,
				`ALTER TABLE "posts" ALTER COLUMN "author_id" DROP NOT NULL`,
				`ALTER TABLE "posts" ADD CONSTRAINT "fk_posts_author_id" FOREIGN KEY ("author_id") REFERENCES "users" ("id") ON DELETE SET NULL`,
			},
			fkOff: true,
		},
		{
			name: "enum value added",
			new:  mt.Edit(mt.Base, `["draft", "published"]`, `["draft", "published", "archived"]`),
			pg: []string{
				`ALTER TABLE "posts" DROP CONSTRAINT "ck_posts_status"`,
				`ALTER TABLE "posts" ADD CONSTRAINT "ck_posts_status" CHECK ("status" IN ('draft', 'published', 'archived'))`,
			},
			fkOff: true,
		},
		{
			name: "create and drop tables",
			new: mt.Edit(mt.Base, `			tags: {manyToMany: "Tag"}
`, ``, `	Tag: {
		fields: name: {type: "string", unique: true}
	}
`, `	Comment: {
		fields: body: "text"
		relations: post: {belongsTo: "Post", onDelete: "cascade"}
	}
`),
			pg: []string{
				`DROP TABLE "posts_tags"`,
				`DROP TABLE "tags"`,
				"CREATE TABLE \"comments\" (\n    \"id\" bigint GENERATED BY DEFAULT AS IDENTITY,\n    \"body\" text NOT NULL,\n    \"post_id\" bigint NOT NULL,\n    \"created_at\" timestamptz NOT NULL,\n    \"updated_at\" timestamptz NOT NULL,\n    PRIMARY KEY (\"id\")\n)",
				`CREATE INDEX "ix_comments_post_id" ON "comments" ("post_id")`,
				`ALTER TABLE "comments" ADD CONSTRAINT "fk_comments_post_id" FOREIGN KEY ("post_id") REFERENCES "posts" ("id") ON DELETE CASCADE`,
			},
			fkOff: true,
		},
		{
			name: "mutually referencing tables dropped",
			old: mt.Edit(mt.Base, `	Tag: {`, `	A: relations: b: {belongsTo: "B", optional: true}
	B: relations: a: {belongsTo: "A", optional: true}
	Tag: {`),
			new: mt.Base,
			pg: []string{
				// bs goes first: the key of as to it must go before.
				`ALTER TABLE "as" DROP CONSTRAINT "fk_as_b_id"`,
				`DROP TABLE "bs"`,
				`DROP TABLE "as"`,
			},
			lite:  []string{`DROP TABLE "bs"`, `DROP TABLE "as"`},
			fkOff: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			old := tt.old
			if old == "" {
				old = mt.Base
			}
			m := scenarioStep(t, scenario{old: old, new: tt.new})
			if got := ddl.Migrate(ddl.Postgres, m); tt.pg != nil && strings.Join(got, ";\n") != strings.Join(tt.pg, ";\n") {
				t.Errorf("postgres:\n%s\nwant:\n%s", strings.Join(got, ";\n"), strings.Join(tt.pg, ";\n"))
			}
			if got := ddl.Migrate(ddl.SQLite, m); tt.lite != nil && strings.Join(got, ";\n") != strings.Join(tt.lite, ";\n") {
				t.Errorf("sqlite:\n%s\nwant:\n%s", strings.Join(got, ";\n"), strings.Join(tt.lite, ";\n"))
			}
			if got := ddl.ForeignKeysOff(ddl.SQLite, m); got != tt.fkOff {
				t.Errorf("ForeignKeysOff(SQLite) = %v", got)
			}
			if ddl.ForeignKeysOff(ddl.Postgres, m) {
				t.Error("ForeignKeysOff(Postgres) = true")
			}
		})
	}
}

// migrateSQLite runs a step on a SQLite database holding rows, as a
// target's wrapper must (ddl.Migrate): with foreign keys off when the step
// says so, in one transaction, foreign_key_check before the commit.
const migrateSQLite = `
import json, sqlite3, sys
spec = json.load(open(sys.argv[1]))
con = sqlite3.connect(":memory:", isolation_level=None)
con.execute("PRAGMA foreign_keys = ON")

def run(steps, where):
    for sql, expect in steps:
        try:
            rows = con.execute(sql).fetchall()
            ok = True
        except sqlite3.Error as e:
            ok = False
            err = e
        if ok and expect == "fail":
            sys.exit("%s: expected to fail: %s" % (where, sql))
        if not ok and expect != "fail":
            sys.exit("%s: %s: %s" % (where, sql, err))
        if expect.startswith("="):
            got = list(rows[0]) if rows else None
            if got != json.loads(expect[1:]):
                sys.exit("%s: %s: got %s, want %s" % (where, sql, json.dumps(got), expect[1:]))

for sql in spec["initial"]:
    con.execute(sql)
run(spec["setup"], "setup")
if spec["fkOff"]:
    con.execute("PRAGMA foreign_keys = OFF")
con.execute("BEGIN")
for sql in spec["step"]:
    try:
        con.execute(sql)
    except sqlite3.Error as e:
        sys.exit("step: %s: %s" % (sql, e))
bad = con.execute("PRAGMA foreign_key_check").fetchall()
if bad:
    sys.exit("foreign_key_check: %r" % (bad,))
con.execute("COMMIT")
con.execute("PRAGMA foreign_keys = ON")
run(spec["checks"], "check")
`

func pairs(steps []step) [][2]string {
	out := [][2]string{}
	for _, s := range steps {
		out = append(out, [2]string{s.sql, s.expect})
	}
	return out
}

func TestMigrateSQLiteExecutes(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 not found: the SQLite migrations are not executed")
	}
	for _, sc := range scenarios() {
		t.Run(sc.name, func(t *testing.T) {
			m := scenarioStep(t, sc)
			if got := ddl.ForeignKeysOff(ddl.SQLite, m); got == sc.inPlace {
				t.Errorf("ForeignKeysOff = %v", got)
			}
			old, _ := mt.Tables(sc.old)
			b, err := json.Marshal(map[string]any{
				"initial": ddl.CreateTables(ddl.SQLite, old),
				"setup":   pairs(sc.setup(ddl.SQLite)),
				"step":    ddl.Migrate(ddl.SQLite, m),
				"fkOff":   ddl.ForeignKeysOff(ddl.SQLite, m),
				"checks":  pairs(sc.checks(ddl.SQLite)),
			})
			if err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command("python3", "-c", migrateSQLite, writeTemp(t, t.TempDir(), "scenario.json", string(b)))
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("%v\n%s\nstep:\n%s", err, out, ddl.Script(ddl.Migrate(ddl.SQLite, m)))
			}
		})
	}
}

func TestMigratePostgresExecutes(t *testing.T) {
	base := os.Getenv("BGEN_TEST_POSTGRES")
	if base == "" {
		t.Skip("BGEN_TEST_POSTGRES is not set (a postgres:// URL of a role that may CREATE DATABASE; scripts/postgres.sh prints one): the PostgreSQL migrations are not executed")
	}
	if _, err := exec.LookPath("psql"); err != nil {
		t.Skip("psql not found: the PostgreSQL migrations are not executed")
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("BGEN_TEST_POSTGRES: %v", err)
	}
	psql := func(dbURL string, args ...string) (string, error) {
		cmd := exec.Command("psql", append([]string{dbURL, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-tA"}, args...)...)
		out, err := cmd.CombinedOutput()
		return strings.TrimSpace(string(out)), err
	}
	for _, sc := range scenarios() {
		t.Run(sc.name, func(t *testing.T) {
			m := scenarioStep(t, sc)
			old, _ := mt.Tables(sc.old)
			rb := make([]byte, 4)
			rand.Read(rb)
			db := "bgen_migrate_" + hex.EncodeToString(rb)
			if out, err := psql(base, "-c", `CREATE DATABASE "`+db+`"`); err != nil {
				t.Fatalf("create database: %v\n%s", err, out)
			}
			t.Cleanup(func() {
				if out, err := psql(base, "-c", `DROP DATABASE IF EXISTS "`+db+`"`); err != nil {
					t.Errorf("drop database: %v\n%s", err, out)
				}
			})
			dbu := *u
			dbu.Path = "/" + db
			dbURL := dbu.String()
			dir := t.TempDir()
			if out, err := psql(dbURL, "-f", writeTemp(t, dir, "initial.sql", ddl.Script(ddl.CreateTables(ddl.Postgres, old)))); err != nil {
				t.Fatalf("initial: %v\n%s", err, out)
			}
			run := func(where string, steps []step) {
				for _, s := range steps {
					out, err := psql(dbURL, "-c", s.sql)
					switch {
					case s.expect == "fail" && err == nil:
						t.Errorf("%s: expected to fail: %s", where, s.sql)
					case s.expect != "fail" && err != nil:
						t.Errorf("%s: %s: %v\n%s", where, s.sql, err, out)
					case strings.HasPrefix(s.expect, "="):
						if got, want := pgRow(out), canonJSON(s.expect[1:]); got != want {
							t.Errorf("%s: %s: got %s, want %s", where, s.sql, got, s.expect[1:])
						}
					}
				}
			}
			run("setup", sc.setup(ddl.Postgres))
			stepSQL := ddl.Script(ddl.Migrate(ddl.Postgres, m))
			if out, err := psql(dbURL, "-1", "-f", writeTemp(t, dir, "step.sql", stepSQL)); err != nil {
				t.Fatalf("step: %v\n%s\n%s", err, out, stepSQL)
			}
			run("check", sc.checks(ddl.Postgres))
		})
	}
}
