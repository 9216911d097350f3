package golang

import (
	"fmt"
	"strings"

	"github.com/bgen-dev/bgen/emitters"
	"github.com/bgen-dev/bgen/emitters/ddl"
	"github.com/bgen-dev/bgen/ir"
)

// migrations emits every step of the schema's history (emitters.Migrations)
// as one goose file per dialect, migrations/<dialect>/<NNNNN>_<slug>.sql,
// embedded by the migrations package. The files are emitters.Frozen:
// written once, then history. goose runs each file in one transaction
// with its version row, so a failing step leaves the database as it was.
//
// On SQLite, database.Migrate runs the steps on a connection with foreign
// keys off, as SQLite's ALTER TABLE procedure (a table rebuilt and copied)
// needs and as SQLite only allows outside a transaction (see ddl.Migrate);
// a step that rebuilds or drops a table (ddl.ForeignKeysOff) ends with
// statements that fail it, rolled back, when a foreign key no longer holds
// (PRAGMA foreign_key_check).
func (g *gen) migrations() {
	for _, m := range emitters.Migrations(g.api) {
		for _, d := range []ddl.Dialect{ddl.Postgres, ddl.SQLite} {
			g.add("migrations/"+d.String()+"/"+gooseName(m), gooseFile(d, m), emitters.Frozen)
		}
	}
}

// gooseName is a step's file name: goose reads the version from its
// number, five digits as bgen has always written them.
func gooseName(m *ir.Migration) string {
	_, slug, ok := strings.Cut(m.Name, "_")
	if !ok {
		slug = m.Name
	}
	return fmt.Sprintf("%05d_%s.sql", m.Version, slug)
}

// gooseFile is one step's goose file in d: its statements (ddl.Migrate)
// and, for the first step only, a Down section dropping its tables.
func gooseFile(d ddl.Dialect, m *ir.Migration) []byte {
	stmts := ddl.Migrate(d, m)
	var sql strings.Builder
	if m.From == nil {
		// The first step, as bgen has always written it.
		fmt.Fprintf(&sql, "-- %s\n\n-- +goose Up\n", emitters.Header)
		for _, s := range stmts {
			fmt.Fprintf(&sql, "%s;\n\n", s)
		}
		sql.WriteString("-- +goose Down\n")
		for _, s := range ddl.DropTables(d, m.To) {
			fmt.Fprintf(&sql, "%s;\n", s)
		}
		return []byte(sql.String())
	}
	fmt.Fprintf(&sql, "-- %s\n", emitters.Header)
	fmt.Fprintf(&sql, "-- %s: %s\n", m.Name, oneLine(m.Summary))
	sql.WriteString("-- bgen wrote this step once and never rewrites it; goose runs it in one\n-- transaction.\n")
	if ddl.ForeignKeysOff(d, m) {
		sql.WriteString("-- Run it with foreign keys off (SQLite's default; `./bin/server migrate`\n" +
			"-- turns them off): it rebuilds or drops a table, and its last statements\n" +
			"-- fail the step when a foreign key no longer holds.\n")
		stmts = append(stmts, ddl.ForeignKeyCheck()...)
	}
	sql.WriteString("\n-- +goose Up\n")
	for _, s := range stmts {
		sql.WriteString(gooseStatement(s))
	}
	sql.WriteString("-- +goose Down\n-- bgen's migrations go forward only: to undo this step, restore a backup\n-- taken before it.\n")
	return []byte(sql.String())
}

// gooseStatement is one statement as goose reads it: goose ends a
// statement at a line ending in ";", so a statement holding such a line
// (a string literal) is marked out.
func gooseStatement(s string) string {
	for _, line := range strings.Split(s, "\n") {
		if strings.HasSuffix(strings.TrimSpace(line), ";") {
			return "-- +goose StatementBegin\n" + s + ";\n-- +goose StatementEnd\n\n"
		}
	}
	return s + ";\n\n"
}

// oneLine is s on one line, for a comment.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
