package ddl

import (
	"fmt"
	"strings"

	"github.com/bgen-dev/bgen/ir"
)

// ForeignKeysOffPragma and ForeignKeyCheckPragma frame a SQLite step for
// which ForeignKeysOff is true (see Migrate).
const (
	ForeignKeysOffPragma  = "PRAGMA foreign_keys = OFF"
	ForeignKeyCheckPragma = "PRAGMA foreign_key_check"
)

// rebuildPrefix starts the temporary name of a table SQLite rebuilds.
const rebuildPrefix = "_bgen_tmp_"

// Migrate returns the statements of one step of the schema's history, in
// dialect d, without trailing semicolons. The first step (m.From == nil)
// is exactly CreateTables(d, m.To). Later steps apply m.Changes in their
// order (ir/migrate.Plan's: drops, renames, creates, adds).
//
// PostgreSQL: ALTER TABLE throughout. A column's type changes with USING
// a conversion; a column made NOT NULL gets its default in the rows that
// hold NULL first; a new NOT NULL column with a default is filled with it
// (ADD COLUMN ... DEFAULT). A renamed table's primary key constraint and
// identity sequence are renamed after it (<table>_pkey, <table>_id_seq),
// as PostgreSQL names them for a new table. Every statement is
// transactional: run the step in one transaction.
//
// SQLite: what SQLite alters in place is altered (ADD COLUMN of a column
// that is nullable or has a default, RENAME COLUMN, RENAME TO, CREATE and
// DROP INDEX); a table with any other change (a column dropped or altered,
// a constraint added or dropped) is rebuilt the way alembic's batch mode
// does, after every rename: CREATE TABLE "_bgen_tmp_<table>" as the new
// schema has it, INSERT ... SELECT of every kept column (converted when its
// type changes, NULLs replaced by the default when it becomes NOT NULL),
// the AUTOINCREMENT counter carried over, DROP TABLE the old, RENAME the
// new to the table's name, CREATE INDEX of each of its indexes. Rows,
// foreign keys (theirs and those pointing at them) and indexes survive.
// SQLite keeps constraint names inside the table's definition and reports
// violations by column, so a renamed unique, check or foreign key
// constraint is renamed there only when its table is next rebuilt.
//
// The SQLite statements need SQLite 3.26 or later (RENAME COLUMN, and
// RENAME TO rewriting the foreign keys of other tables that reference the
// renamed one) with PRAGMA legacy_alter_table off, its default.
//
// A SQLite step that rebuilds or drops a table must run with foreign key
// enforcement off: with it on, DROP TABLE deletes the rows first and so
// fires ON DELETE CASCADE and SET NULL in other tables. PRAGMA foreign_keys
// is a no-op inside a transaction, so the caller (the target's migration
// wrapper), when ForeignKeysOff(SQLite, m) is true, runs
// ForeignKeysOffPragma on the connection before it begins the step's
// transaction, runs the statements, runs ForeignKeyCheckPragma and rolls
// back if it returns any row, commits, and then turns enforcement back on
// (ForeignKeysPragma). Doing so for every SQLite step is also correct.
func Migrate(d Dialect, m *ir.Migration) []string {
	if m.From == nil {
		return CreateTables(d, m.To)
	}
	if d == SQLite {
		return migrateSQLite(m)
	}
	return migratePostgres(m)
}

// ForeignKeyCheck are statements that fail a SQLite step, inside its
// transaction, when a foreign key no longer holds (a row PRAGMA
// foreign_key_check lists): for a migrator that runs a step's script as
// it is, with no code of its own between the statements and the commit.
func ForeignKeyCheck() []string {
	return []string{
		`CREATE TEMP TABLE "bgen_foreign_key_check" ("violation" TEXT, CONSTRAINT "foreign keys hold (PRAGMA foreign_key_check)" CHECK ("violation" IS NULL))`,
		`INSERT INTO "bgen_foreign_key_check" SELECT "table" || ' row ' || "rowid" || ' references ' || "parent" FROM pragma_foreign_key_check`,
		`DROP TABLE "bgen_foreign_key_check"`,
	}
}

// ForeignKeysOff reports whether step m must run with foreign key
// enforcement off in d (see Migrate): a SQLite step that rebuilds or drops
// a table.
func ForeignKeysOff(d Dialect, m *ir.Migration) bool {
	if d != SQLite || m.From == nil {
		return false
	}
	for _, c := range m.Changes {
		if c.Kind == ir.DropTable {
			return true
		}
	}
	return len(sqliteRebuilds(m)) > 0
}

func migratePostgres(m *ir.Migration) []string {
	var out, pendingFKs []string
	dropOrder := map[string]int{} // dropped tables, in the order dropped
	for _, c := range m.Changes {
		if c.Kind == ir.DropTable {
			dropOrder[c.Table] = len(dropOrder) + 1
		}
	}
	droppedFKs := false
	alter := func(table, rest string) { out = append(out, "ALTER TABLE "+q(table)+" "+rest) }
	for _, c := range m.Changes {
		if c.Kind != ir.CreateTable {
			// The foreign keys of the tables just created, once they all exist.
			out = append(out, pendingFKs...)
			pendingFKs = nil
		}
		switch c.Kind {
		case ir.DropForeignKey, ir.DropUnique, ir.DropCheck:
			alter(c.Table, "DROP CONSTRAINT "+q(c.Constraint))
		case ir.DropIndex:
			out = append(out, "DROP INDEX "+q(c.Constraint))
		case ir.DropTable:
			if !droppedFKs {
				// A foreign key of a dropped table to one dropped before
				// it would block that drop (cycles).
				droppedFKs = true
				for _, d := range m.Changes {
					if d.Kind != ir.DropTable {
						continue
					}
					if t := findTable(m.From, d.Table); t != nil {
						for _, fk := range t.ForeignKeys {
							if o := dropOrder[fk.RefTable]; o > 0 && o < dropOrder[t.Name] {
								alter(t.Name, "DROP CONSTRAINT "+q(fk.Name))
							}
						}
					}
				}
			}
			out = append(out, "DROP TABLE "+q(c.Table))
		case ir.DropColumn:
			alter(c.Table, "DROP COLUMN "+q(c.Column))
		case ir.RenameTable:
			alter(c.From, "RENAME TO "+q(c.Table))
			if t := findTable(m.From, c.From); t != nil {
				if len(t.PrimaryKey) > 0 {
					alter(c.Table, "RENAME CONSTRAINT "+q(pgObjectName(c.From, "", "pkey"))+" TO "+q(pgObjectName(c.Table, "", "pkey")))
				}
				for _, col := range t.Columns {
					if col.AutoIncrement {
						out = append(out, "ALTER SEQUENCE "+q(pgObjectName(c.From, col.Name, "seq"))+" RENAME TO "+q(pgObjectName(c.Table, col.Name, "seq")))
					}
				}
			}
		case ir.RenameColumn:
			alter(c.Table, "RENAME COLUMN "+q(c.From)+" TO "+q(c.Column))
		case ir.RenameConstraint:
			alter(c.Table, "RENAME CONSTRAINT "+q(c.From)+" TO "+q(c.Constraint))
		case ir.RenameIndex:
			out = append(out, "ALTER INDEX "+q(c.From)+" RENAME TO "+q(c.Constraint))
		case ir.CreateTable:
			t := m.ToTable(c.Table)
			if t == nil {
				continue
			}
			out = append(out, createTable(Postgres, t))
			for _, ix := range t.Indexes {
				out = append(out, CreateIndex(t, ix))
			}
			for _, fk := range t.ForeignKeys {
				pendingFKs = append(pendingFKs, "ALTER TABLE "+q(t.Name)+" ADD "+foreignKey(fk))
			}
		case ir.AddColumn:
			if t := m.ToTable(c.Table); t != nil && t.Column(c.Column) != nil {
				alter(c.Table, "ADD COLUMN "+ColumnDef(Postgres, t.Column(c.Column)))
			}
		case ir.AlterColumn:
			if t := m.ToTable(c.Table); t != nil && t.Column(c.Column) != nil {
				if oc := m.FromColumn(c.Table, c.Column); oc != nil {
					out = append(out, pgAlterColumn(c.Table, oc, t.Column(c.Column))...)
				}
			}
		case ir.AddUnique:
			if u, ok := findConstraint(m.ToTable(c.Table), c.Constraint, true); ok {
				alter(c.Table, fmt.Sprintf("ADD CONSTRAINT %s UNIQUE (%s)", q(u.Name), cols(u.Columns)))
			}
		case ir.AddIndex:
			t := m.ToTable(c.Table)
			if ix, ok := findConstraint(t, c.Constraint, false); ok {
				out = append(out, CreateIndex(t, ix))
			}
		case ir.AddCheck:
			if ck, ok := findCheck(m.ToTable(c.Table), c.Constraint); ok {
				alter(c.Table, fmt.Sprintf("ADD CONSTRAINT %s %s", q(ck.Name), checkExpr(ck)))
			}
		case ir.AddForeignKey:
			if fk, ok := findForeignKey(m.ToTable(c.Table), c.Constraint); ok {
				alter(c.Table, "ADD "+foreignKey(fk))
			}
		}
	}
	return append(out, pendingFKs...)
}

// pgAlterColumn changes column oc of table into c: identity, default, type
// (USING a conversion), NOT NULL (after filling NULLs with the default).
func pgAlterColumn(table string, oc, c *ir.Column) []string {
	pre := "ALTER TABLE " + q(table) + " ALTER COLUMN " + q(c.Name) + " "
	var out []string
	oldType, newType := ColumnType(Postgres, oc), ColumnType(Postgres, c)
	retype := oldType != newType
	oldDef, newDef := defaultSQL(Postgres, oc), defaultSQL(Postgres, c)
	if oc.AutoIncrement && !c.AutoIncrement {
		out = append(out, pre+"DROP IDENTITY IF EXISTS")
	}
	if oldDef != "" && (retype || newDef != oldDef) {
		// Dropped before the type changes: the old default need not
		// convert.
		out = append(out, pre+"DROP DEFAULT")
	}
	if retype {
		s := pre + "TYPE " + newType
		if using := pgUsing(oc, c, q(c.Name)); using != "" {
			s += " USING " + using
		}
		out = append(out, s)
	}
	if newDef != "" && (newDef != oldDef || retype) {
		out = append(out, pre+"SET DEFAULT "+newDef)
	}
	if !oc.AutoIncrement && c.AutoIncrement {
		out = append(out, pre+"ADD GENERATED BY DEFAULT AS IDENTITY",
			fmt.Sprintf("SELECT setval(pg_get_serial_sequence(%s, %s), COALESCE(MAX(%s), 0) + 1, false) FROM %s",
				str(q(table)), str(c.Name), q(c.Name), q(table)))
	}
	switch {
	case oc.Nullable && !c.Nullable && !c.AutoIncrement:
		if newDef != "" {
			out = append(out, fmt.Sprintf("UPDATE %s SET %s = %s WHERE %s IS NULL", q(table), q(c.Name), newDef, q(c.Name)))
		}
		out = append(out, pre+"SET NOT NULL")
	case !oc.Nullable && c.Nullable:
		out = append(out, pre+"DROP NOT NULL")
	}
	return out
}

// defaultSQL is c's literal default in d, or "".
func defaultSQL(d Dialect, c *ir.Column) string {
	if c.Default == nil || c.Default.Kind != ir.DefaultLiteral {
		return ""
	}
	return Literal(d, c, c.Default.Value)
}

// family is how a type converts: the string-like types store alike.
func family(t ir.Type) string {
	switch t {
	case ir.String, ir.Email, ir.Enum, ir.Password, ir.Text, ir.URL:
		return "string"
	}
	return string(t)
}

func numeric(f string) bool { return f == "int" || f == "float" || f == "decimal" }

// pgUsing is the USING expression converting col from oc's type to c's, or
// "" when PostgreSQL converts by itself (string-likes, lengths, numeric
// precision).
func pgUsing(oc, c *ir.Column, col string) string {
	from, to := family(oc.Type), family(c.Type)
	target := ColumnType(Postgres, c)
	switch {
	case from == to:
		return ""
	case to == "json" && from == "decimal":
		return "to_jsonb(" + col + "::text)"
	case to == "json":
		return "to_jsonb(" + col + ")"
	case from == "json" && to == "string":
		return col + " #>> '{}'"
	case from == "json":
		return "(" + col + " #>> '{}')::" + target
	case from == "bool" && numeric(to):
		return "CASE WHEN " + col + " THEN 1 ELSE 0 END"
	case numeric(from) && to == "bool":
		return col + " <> 0"
	case from == "datetime" && to == "date":
		return "(" + col + " AT TIME ZONE 'UTC')::date"
	case from == "date" && to == "datetime":
		return col + "::timestamp AT TIME ZONE 'UTC'"
	case from == "datetime" && to == "string":
		return "to_char(" + col + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"
	case numeric(from) && numeric(to):
		return col + "::" + target
	}
	return col + "::text::" + target
}

// pgObjectName is the name PostgreSQL gives an object it names after a
// table (and column): name1[_name2]_label, the longer of the names cut
// until the whole fits in 63 bytes (makeObjectName).
func pgObjectName(name1, name2, label string) string {
	const maxLen = 63
	overhead := len(label) + 1
	if name2 != "" {
		overhead++
	}
	n1, n2 := len(name1), len(name2)
	for n1+n2 > maxLen-overhead {
		if n1 > n2 {
			n1--
		} else {
			n2--
		}
	}
	s := name1[:n1]
	if name2 != "" {
		s += "_" + name2[:n2]
	}
	return s + "_" + label
}

// sqliteRebuilds returns the tables of m.To (by name) that a SQLite step
// rebuilds: tables, not created by m, with a change SQLite cannot ALTER.
func sqliteRebuilds(m *ir.Migration) map[string]bool {
	created := map[string]bool{}
	for _, c := range m.Changes {
		if c.Kind == ir.CreateTable {
			created[c.Table] = true
		}
	}
	out := map[string]bool{}
	mark := func(name string) {
		if name != "" && !created[name] && m.ToTable(name) != nil {
			out[name] = true
		}
	}
	for _, c := range m.Changes {
		switch c.Kind {
		case ir.DropForeignKey, ir.DropUnique, ir.DropCheck, ir.DropColumn:
			mark(newName(m, c.Table))
		case ir.AddUnique, ir.AddCheck, ir.AddForeignKey:
			mark(c.Table)
		case ir.AddColumn:
			if t := m.ToTable(c.Table); t != nil {
				if col := t.Column(c.Column); col != nil && !sqliteCanAdd(col) {
					mark(c.Table)
				}
			}
		case ir.AlterColumn:
			if t := m.ToTable(c.Table); t != nil {
				col, oc := t.Column(c.Column), m.FromColumn(c.Table, c.Column)
				if col != nil && oc != nil && sqliteAlters(oc, col) {
					mark(c.Table)
				}
			}
		}
	}
	return out
}

// sqliteCanAdd reports whether ALTER TABLE ADD COLUMN can add c: SQLite
// refuses a NOT NULL column without a default, and a primary key.
func sqliteCanAdd(c *ir.Column) bool {
	return !c.AutoIncrement && (c.Nullable || defaultSQL(SQLite, c) != "")
}

// sqliteAlters reports whether changing oc into c changes anything SQLite
// stores: its definition (type, NOT NULL, default) or its values.
func sqliteAlters(oc, c *ir.Column) bool {
	a, b := *oc, *c
	a.Name = b.Name
	return ColumnDef(SQLite, &a) != ColumnDef(SQLite, &b) || sqliteConvert(oc, c, "x") != "x"
}

// newName is the name in m.To of m.From's table old ("" when dropped).
func newName(m *ir.Migration, old string) string {
	for _, c := range m.Changes {
		switch {
		case c.Kind == ir.DropTable && c.Table == old:
			return ""
		case c.Kind == ir.RenameTable && c.From == old:
			return c.Table
		}
	}
	return old
}

func migrateSQLite(m *ir.Migration) []string {
	rebuild := sqliteRebuilds(m)
	var out []string
	alter := func(table, rest string) { out = append(out, "ALTER TABLE "+q(table)+" "+rest) }
	for _, c := range m.Changes {
		switch c.Kind {
		case ir.DropIndex:
			if !rebuild[newName(m, c.Table)] {
				out = append(out, "DROP INDEX "+q(c.Constraint))
			}
		case ir.DropTable:
			out = append(out, "DROP TABLE "+q(c.Table))
		case ir.RenameTable:
			alter(c.From, "RENAME TO "+q(c.Table))
		case ir.RenameColumn:
			alter(c.Table, "RENAME COLUMN "+q(c.From)+" TO "+q(c.Column))
		case ir.RenameIndex:
			t := m.ToTable(c.Table)
			if ix, ok := findConstraint(t, c.Constraint, false); ok && !rebuild[c.Table] {
				out = append(out, "DROP INDEX "+q(c.From), CreateIndex(t, ix))
			}
		case ir.CreateTable:
			if t := m.ToTable(c.Table); t != nil {
				out = append(out, createTable(SQLite, t))
				for _, ix := range t.Indexes {
					out = append(out, CreateIndex(t, ix))
				}
			}
		case ir.AddColumn:
			if t := m.ToTable(c.Table); t != nil && t.Column(c.Column) != nil && !rebuild[c.Table] {
				alter(c.Table, "ADD COLUMN "+ColumnDef(SQLite, t.Column(c.Column)))
			}
		case ir.AddIndex:
			t := m.ToTable(c.Table)
			if ix, ok := findConstraint(t, c.Constraint, false); ok && !rebuild[c.Table] {
				out = append(out, CreateIndex(t, ix))
			}
		}
		// The rest (constraints added, dropped or renamed, columns dropped
		// or altered) is done by the rebuilds below, or is nothing to
		// SQLite (a renamed constraint; a length).
	}
	for _, t := range m.To {
		if rebuild[t.Name] {
			out = append(out, sqliteRebuild(m, t)...)
		}
	}
	return out
}

// sqliteRebuild rebuilds table t (already renamed, its columns too) as
// m.To has it, keeping its rows.
func sqliteRebuild(m *ir.Migration, t *ir.Table) []string {
	tmp := *t
	tmp.Name = rebuildPrefix + t.Name
	out := []string{createTable(SQLite, &tmp)}
	var names, exprs []string
	autoinc := false
	for _, c := range t.Columns {
		autoinc = autoinc || c.AutoIncrement
		oc := m.FromColumn(t.Name, c.Name)
		if oc == nil {
			continue // added: its default, or NULL
		}
		names = append(names, q(c.Name))
		e := sqliteConvert(oc, c, q(c.Name))
		if oc.Nullable && !c.Nullable {
			if def := defaultSQL(SQLite, c); def != "" {
				e = "COALESCE(" + e + ", " + def + ")"
			}
		}
		exprs = append(exprs, e)
	}
	if len(names) > 0 {
		out = append(out, fmt.Sprintf("INSERT INTO %s (%s) SELECT %s FROM %s", q(tmp.Name), strings.Join(names, ", "), strings.Join(exprs, ", "), q(t.Name)))
	}
	if autoinc {
		// AUTOINCREMENT never reuses an id: carry the old counter over.
		out = append(out,
			fmt.Sprintf(`DELETE FROM "sqlite_sequence" WHERE "name" = %s`, str(tmp.Name)),
			fmt.Sprintf(`INSERT INTO "sqlite_sequence" ("name", "seq") SELECT %s, "seq" FROM "sqlite_sequence" WHERE "name" = %s`, str(tmp.Name), str(t.Name)))
	}
	out = append(out,
		"DROP TABLE "+q(t.Name),
		"ALTER TABLE "+q(tmp.Name)+" RENAME TO "+q(t.Name))
	for _, ix := range t.Indexes {
		out = append(out, CreateIndex(t, ix))
	}
	return out
}

// sqliteConvert is the expression converting e, a value of column oc, to
// column c's type as SQLite stores it (conventions.md: booleans 1/0,
// decimals as text with exactly scale decimals, datetimes as UTC text,
// json as text).
func sqliteConvert(oc, c *ir.Column, e string) string {
	from, to := family(oc.Type), family(c.Type)
	nullSafe := func(x string) string { return "CASE WHEN " + e + " IS NULL THEN NULL ELSE " + x + " END" }
	if from == to {
		if from == "decimal" && oc.Scale != c.Scale {
			switch {
			case c.Scale > oc.Scale && oc.Scale == 0:
				return e + " || " + str("."+strings.Repeat("0", c.Scale))
			case c.Scale > oc.Scale:
				return e + " || " + str(strings.Repeat("0", c.Scale-oc.Scale))
			}
			return nullSafe(fmt.Sprintf("printf('%%.%df', %s)", c.Scale, e))
		}
		return e
	}
	if from == "json" {
		// A JSON string becomes its text; any other JSON value its JSON.
		e = "CASE json_type(" + e + ") WHEN 'text' THEN json_extract(" + e + ", '$') ELSE " + e + " END"
		from = "string"
		if to == "string" {
			return e
		}
	}
	switch to {
	case "json":
		if from == "bool" {
			return "CASE " + e + " WHEN 1 THEN 'true' WHEN 0 THEN 'false' END"
		}
		return nullSafe("json_quote(" + e + ")")
	case "int":
		if from == "bool" {
			return e
		}
		return "CAST(" + e + " AS INTEGER)"
	case "float":
		return "CAST(" + e + " AS REAL)"
	case "decimal":
		return nullSafe(fmt.Sprintf("printf('%%.%df', %s)", c.Scale, e))
	case "bool":
		if numeric(from) {
			return nullSafe("CASE WHEN " + e + " <> 0 THEN 1 ELSE 0 END")
		}
		return nullSafe("CASE WHEN lower(" + e + ") IN ('1', 't', 'true', 'y', 'yes', 'on') THEN 1 ELSE 0 END")
	case "string":
		switch from {
		case "bool":
			return "CASE " + e + " WHEN 1 THEN 'true' WHEN 0 THEN 'false' END"
		case "int", "float":
			return "CAST(" + e + " AS TEXT)"
		}
		return e
	case "date":
		if from == "datetime" {
			return "substr(" + e + ", 1, 10)"
		}
		return e
	case "datetime":
		if from == "date" {
			return e + " || 'T00:00:00.000Z'"
		}
		return e
	case "uuid":
		return "lower(" + e + ")"
	}
	return e
}

func findTable(tables []*ir.Table, name string) *ir.Table {
	for _, t := range tables {
		if t.Name == name {
			return t
		}
	}
	return nil
}

// findConstraint finds t's unique constraint (unique) or index named name.
func findConstraint(t *ir.Table, name string, unique bool) (ir.Constraint, bool) {
	if t == nil {
		return ir.Constraint{}, false
	}
	list := t.Indexes
	if unique {
		list = t.Uniques
	}
	for _, c := range list {
		if c.Name == name {
			return c, true
		}
	}
	return ir.Constraint{}, false
}

func findCheck(t *ir.Table, name string) (ir.Check, bool) {
	if t != nil {
		for _, c := range t.Checks {
			if c.Name == name {
				return c, true
			}
		}
	}
	return ir.Check{}, false
}

func findForeignKey(t *ir.Table, name string) (ir.ForeignKey, bool) {
	if t != nil {
		for _, fk := range t.ForeignKeys {
			if fk.Name == name {
				return fk, true
			}
		}
	}
	return ir.ForeignKey{}, false
}
