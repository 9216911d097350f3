package fastapi

import (
	"strings"

	"github.com/bgen-dev/bgen/emitters"
	"github.com/bgen-dev/bgen/emitters/ddl"
	"github.com/bgen-dev/bgen/ir"
)

// migration is the view of one step of the schema's history
// (emitters.Migrations): one alembic revision, alembic/versions/<Name>.py,
// emitters.Frozen. Revision ids are the steps' names, and each revises
// the step before, so the history is one line of revisions.
type migration struct {
	Name    string // the revision id: "0002_add_posts_subtitle"
	Down    string // the step before's, "" for the first
	Doc     string // the summary, for the revision's docstring
	First   bool
	Version int

	// The step's statements per dialect (emitters/ddl), and for the first
	// step the ones that drop its tables (its downgrade).
	DDLPostgres, DDLSQLite   []string
	DropPostgres, DropSQLite []string
	// The statements as the later steps' template assigns them:
	// `POSTGRESQL: tuple[str, ...] = <this>`, formatted as ruff does.
	PostgresTuple, SQLiteTuple string

	// Tables is the schema after the step, as app/migrations.py compares
	// a database made by another target with it.
	Tables []stepTable
}

// stepTable is one table of a step's schema: its columns and indexes, as
// Python tuples formatted inside app/migrations.py's STEPS.
type stepTable struct {
	Name             string
	Columns, Indexes string
}

// stepItems is a tuple of strings at the indent of STEPS' tables.
func stepItems(items []string) string {
	quoted := make([]string, len(items))
	for i, s := range items {
		quoted[i] = pyStr(s)
	}
	return pyItems(quoted, "                ")
}

// isFirst and isLater select a per-migration row's steps.
func isFirst(m *migration) bool { return m.First }
func isLater(m *migration) bool { return !m.First }

func newMigrations(api *ir.API) []*migration {
	var out []*migration
	steps := emitters.Migrations(api)
	for i, m := range steps {
		v := &migration{Name: m.Name, Version: m.Version, First: m.From == nil, Doc: docLine(m.Summary)}
		if i > 0 {
			v.Down = steps[i-1].Name
		}
		v.DDLPostgres = ddl.Migrate(ddl.Postgres, m)
		v.DDLSQLite = ddl.Migrate(ddl.SQLite, m)
		v.PostgresTuple = statementTuple("POSTGRESQL: tuple[str, ...] = ", v.DDLPostgres)
		v.SQLiteTuple = statementTuple("SQLITE: tuple[str, ...] = ", v.DDLSQLite)
		if v.First {
			v.DropPostgres = ddl.DropTables(ddl.Postgres, m.To)
			v.DropSQLite = ddl.DropTables(ddl.SQLite, m.To)
		}
		for _, t := range m.To {
			var cols, ixs []string
			for _, c := range t.Columns {
				cols = append(cols, c.Name)
			}
			for _, ix := range t.Indexes {
				ixs = append(ixs, ix.Name)
			}
			v.Tables = append(v.Tables, stepTable{Name: t.Name, Columns: stepItems(cols), Indexes: stepItems(ixs)})
		}
		out = append(out, v)
	}
	return out
}

// docLine is s on one line, safe inside a """docstring""".
func docLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	s = strings.ReplaceAll(s, `\`, `\\`)
	return strings.ReplaceAll(s, `"""`, `\"\"\"`)
}

// schemaItems are t's unique constraints, foreign keys and indexes as
// SQLAlchemy schema items, named as bgen's DDL names them, each laid out
// at indent as ruff formats it: with them the models' metadata describes
// the database the migrations make, which alembic's autogenerate compares
// (alembic/env.py's target_metadata).
func schemaItems(t *ir.Table, indent string) []pyCode {
	var out []pyCode
	for _, u := range t.Uniques {
		args := append(quoteAll(u.Columns), "name="+pyStr(u.Name))
		out = append(out, pyCallAt(qual("sqlalchemy", "UniqueConstraint"), args, indent))
	}
	for _, fk := range t.ForeignKeys {
		refs := make([]string, len(fk.RefColumns))
		for i, c := range fk.RefColumns {
			refs[i] = fk.RefTable + "." + c
		}
		args := []string{
			"[" + strings.Join(quoteAll(fk.Columns), ", ") + "]",
			"[" + strings.Join(quoteAll(refs), ", ") + "]",
			"name=" + pyStr(fk.Name),
			"ondelete=" + pyStr(ddl.OnDelete(fk.OnDelete)),
		}
		out = append(out, pyCallAt(qual("sqlalchemy", "ForeignKeyConstraint"), args, indent))
	}
	for _, ix := range t.Indexes {
		args := append([]string{pyStr(ix.Name)}, quoteAll(ix.Columns)...)
		out = append(out, pyCallAt(qual("sqlalchemy", "Index"), args, indent))
	}
	return out
}

func quoteAll(items []string) []string {
	out := make([]string, len(items))
	for i, s := range items {
		out[i] = pyStr(s)
	}
	return out
}

// pyCallAt is fn(args...) as an item of a collection at indent (followed
// by a comma): on one line when it fits in 88 columns, else one argument
// per line with a magic trailing comma.
func pyCallAt(fn pyCode, args []string, indent string) pyCode {
	line := fn.text + "(" + strings.Join(args, ", ") + ")"
	if len(indent)+len(line)+1 <= 88 {
		return codef("%s", fn).with(line)
	}
	inner := indent + "    "
	return codef("%s", fn).with(fn.text + "(\n" + inner + strings.Join(args, ",\n"+inner) + ",\n" + indent + ")")
}

// with is c's imports with other text.
func (c pyCode) with(text string) pyCode { return pyCode{text: text, imports: c.imports} }

// TableArgs is the entity's `__table_args__ = (...)` line(s) (schemaItems),
// as ruff formats them; HasTableArgs says whether there are any.
func (v *entity) TableArgs() pyCode {
	items := schemaItems(v.IR.Schema, "        ")
	var c pyCode
	for _, it := range items {
		c.imports = append(c.imports, it.imports...)
	}
	if len(items) == 1 && !strings.Contains(items[0].text, "\n") {
		// A one-tuple's comma is not magic: ruff joins it when it fits.
		if line := "__table_args__ = (" + items[0].text + ",)"; len("    "+line) <= 88 {
			return c.with(line)
		}
	}
	text := "__table_args__ = (\n"
	for _, it := range items {
		text += "        " + it.text + ",\n"
	}
	return c.with(text + "    )")
}

func (v *entity) HasTableArgs() bool { return len(schemaItems(v.IR.Schema, "")) > 0 }

// TableArgs are the join table's constraints and indexes, after its
// columns.
func (j *joinTable) TableArgs() []pyCode { return schemaItems(j.IR, "    ") }

// Model is the field's line in its model class, `attr: Mapped[T] =
// mapped_column(...)`, as ruff formats it: on one line when it fits in
// 88 columns, else with the arguments on one line of their own, else one
// per line.
func (f *field) Model() pyCode {
	args := []string{pyStr(f.Column), f.SAType.text}
	if f.IsID {
		args = append(args, "primary_key=True")
	}
	if f.NotNull {
		args = append(args, "nullable=False")
	}
	head := f.Attr + ": Mapped[" + f.PyType.text + "] = mapped_column("
	imports := append(append([]pyImport{}, f.PyType.imports...), f.SAType.imports...)
	code := func(text string) pyCode { return pyCode{text: text, imports: imports} }
	joined := strings.Join(args, ", ")
	if len("    "+head+joined+")") <= 88 {
		return code(head + joined + ")")
	}
	if len("        "+joined) <= 88 {
		return code(head + "\n        " + joined + "\n    )")
	}
	return code(head + "\n        " + strings.Join(args, ",\n        ") + ",\n    )")
}

// statementTuple is a tuple of statements assigned after prefix, as ruff
// formats it: one item on the line when it fits (a one-tuple's comma is
// not magic), else one per line.
func statementTuple(prefix string, stmts []string) string {
	items := quoteAll(stmts)
	switch {
	case len(items) == 0:
		return "()"
	case len(items) == 1 && len(prefix)+len(items[0])+3 <= 88:
		return "(" + items[0] + ",)"
	}
	return "(\n    " + strings.Join(items, ",\n    ") + ",\n)"
}
