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
)

// Change is one target-neutral schema change of a Migration.
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
