package ir

// Migration is one step of the database schema's history: what takes a
// database from the schema of the step before (From) to this step's (To).
// Steps are never rewritten once written; every target renders the same
// steps, in its own migration format, from these target-neutral changes
// (emitters/ddl turns them into each dialect's SQL).
type Migration struct {
	Version int    // 1, 2, ...: the order steps are applied in
	Name    string // the file stem every target uses: "0001_initial", "0002_add_posts_subtitle"
	// Summary is one line for a migration's docstring or comment.
	Summary string
	From    []*Table // nil for the first step
	To      []*Table
	Changes []*Change
}

// ChangeKind is one kind of schema change.
type ChangeKind string

const (
	CreateTable    ChangeKind = "createTable"
	DropTable      ChangeKind = "dropTable"
	RenameTable    ChangeKind = "renameTable"
	AddColumn      ChangeKind = "addColumn"
	DropColumn     ChangeKind = "dropColumn"
	RenameColumn   ChangeKind = "renameColumn"
	AlterColumn    ChangeKind = "alterColumn" // type, length, precision, nullability or default
	AddUnique      ChangeKind = "addUnique"
	DropUnique     ChangeKind = "dropUnique"
	AddIndex       ChangeKind = "addIndex"
	DropIndex      ChangeKind = "dropIndex"
	AddForeignKey  ChangeKind = "addForeignKey"
	DropForeignKey ChangeKind = "dropForeignKey"
	AddCheck       ChangeKind = "addCheck"
	DropCheck      ChangeKind = "dropCheck"
	// RenameConstraint renames a unique, foreign key or check constraint
	// whose name follows its table's or column's (From: old name,
	// Constraint: new name); RenameIndex the same for an index.
	RenameConstraint ChangeKind = "renameConstraint"
	RenameIndex      ChangeKind = "renameIndex"
)

// Change is one target-neutral schema change of a Migration. A step's
// changes are in the order they apply (ir/migrate.Plan): first what is
// dropped (constraints and indexes, then tables and columns), named as
// they were; then renames (tables, columns, constraints, indexes); then
// what is created or changed (tables, columns, then constraints and
// indexes), named as they become. A created table brings its columns,
// constraints and indexes; a dropped table takes its own with it.
type Change struct {
	Kind  ChangeKind
	Table string // the table's name after the change (before it, for drops)
	// From is the old name of a renamed table or column.
	From       string `json:",omitempty"`
	Column     string `json:",omitempty"` // the column added, dropped, renamed (new name) or altered
	Constraint string `json:",omitempty"` // the unique, index, foreign key or check added or dropped

	// Destructive says the change can lose data or fail on existing rows:
	// a dropped table or column, a narrowed type or constraint, a column
	// made required without a default. Reason says what, for people.
	Destructive bool   `json:",omitempty"`
	Reason      string `json:",omitempty"`
	// Pos is the spec position that caused the change ("api.cue:12:5"), or
	// "" when nothing in the spec does (a drop: the name is gone).
	Pos string `json:",omitempty"`
}

// FromTable returns the table of m.From that m.To's table name was before
// the step (following a RenameTable change), or nil when the step creates
// it.
func (m *Migration) FromTable(name string) *Table {
	old := name
	for _, c := range m.Changes {
		switch {
		case c.Kind == CreateTable && c.Table == name:
			return nil
		case c.Kind == RenameTable && c.Table == name:
			old = c.From
		}
	}
	return findTable(m.From, old)
}

// FromColumn returns the column of m.From that column col of m.To's table
// was before the step (following RenameTable and RenameColumn changes),
// or nil when the step adds it (or creates its table).
func (m *Migration) FromColumn(table, col string) *Column {
	t := m.FromTable(table)
	if t == nil {
		return nil
	}
	old := col
	for _, c := range m.Changes {
		if c.Table != table {
			continue
		}
		switch {
		case c.Kind == AddColumn && c.Column == col:
			return nil
		case c.Kind == RenameColumn && c.Column == col:
			old = c.From
		}
	}
	return t.Column(old)
}

// ToTable returns the table of m.To named name, or nil.
func (m *Migration) ToTable(name string) *Table { return findTable(m.To, name) }

// Column returns t's column named name, or nil.
func (t *Table) Column(name string) *Column {
	for _, c := range t.Columns {
		if c.Name == name {
			return c
		}
	}
	return nil
}

func findTable(tables []*Table, name string) *Table {
	for _, t := range tables {
		if t.Name == name {
			return t
		}
	}
	return nil
}
