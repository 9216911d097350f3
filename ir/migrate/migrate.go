// Package migrate plans the database schema's history: given the steps
// already written (each with the schema it produced) and the schema the
// spec describes now, it returns the history with a new step when the
// schema changed. It is pure: the snapshots are read and written by the
// caller (internal/cli), and emitters render the steps (emitters/ddl for
// the SQL).
//
// # The diff
//
// Plan pairs the tables of the last step's schema (old) with the spec's
// (new): by name; else, for an entity with renamedFrom, with the old table
// of the entity it names (a rename); else, for a join table, with the old
// join table between the same tables when one of them is renamed (a join
// table named after a renamed table follows it). Columns pair the same way
// inside paired tables (by name, else by the field's renamedFrom, else for
// a join table's key by the renamed table it references). What is left
// unpaired is dropped (old) or created (new). Constraints and indexes of
// paired tables pair by their columns (as renamed), so that one whose name
// follows a renamed table or column (uq_<table>_<cols>, ix_, fk_, ck_) is
// renamed, not dropped and re-created.
//
// # renamedFrom
//
// renamedFrom X on Y (an entity, or a field of an entity) means:
//
//   - the old schema has X and not Y: Y is X renamed (a rename change);
//   - the old schema has Y already: nothing to do; the rename was applied
//     by an earlier step (so renamedFrom may stay in the spec);
//   - the old schema has neither: an error at Y's position (X names
//     nothing to rename, or Y's table is new);
//   - the old schema has both, as two tables or two columns: an error (a
//     rename cannot keep X; drop it in one step, rename in the next).
//
// A table is X when its entity is X (or, failing that, when its name is X's
// default table name); a column is X when its name is X's column name.
//
// # Destructive changes
//
// A change is destructive when it can lose data or fail on rows that
// already exist (Change.Destructive and Reason; docs/spec.md lists the
// rules). Without Options.AllowDestructive, Plan returns a
// *DestructiveError listing every one of them and no step.
package migrate

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/bgen-dev/bgen/ir"
)

// Options are a planning's switches.
type Options struct {
	// AllowDestructive lets a new step hold destructive changes; without it
	// Plan returns a *DestructiveError listing them.
	AllowDestructive bool
}

// DestructiveError lists the destructive changes a new step would hold.
type DestructiveError struct {
	Changes []*ir.Change
}

// Error is one line of summary and then one line per change:
// "  <pos>: <reason>", or "  (no position): <reason>" for a drop.
func (e *DestructiveError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d destructive change(s); rerun with --allow-destructive to write them", len(e.Changes))
	for _, c := range e.Changes {
		pos := c.Pos
		if pos == "" {
			pos = "(no position)"
		}
		fmt.Fprintf(&b, "\n  %s: %s", pos, c.Reason)
	}
	return b.String()
}

// MaxNameLen is the longest step name Plan makes: alembic keeps the
// current revision in a varchar(32) column, and the step's name is its
// revision id.
const MaxNameLen = 32

// Plan returns the history for schema tables: history itself when the
// last step's schema equals tables (as far as the database sees it), else
// history plus one new step. With no history, the one step creates every
// table ("0001_initial").
//
// The new step is Version = last.Version+1, From = last.To, To = tables,
// and is named "%04d_<slug>": the slug says what changed when one thing did
// ("0002_add_posts_subtitle", "0003_create_comments",
// "0004_rename_articles_to_posts", "0005_drop_posts_views",
// "0006_alter_posts_title", "0007_add_uq_posts_slug"), else "schema"
// ("0008_schema"); the name is at most MaxNameLen bytes. Changes that
// follow from another (a join table renamed with its entity's table, the
// constraints renamed with their table or column, a new foreign key's
// index) do not count.
//
// Errors: a renamedFrom that names nothing or that would keep both names
// (see the package comment), each at its spec position, joined; or a
// *DestructiveError.
func Plan(history []*ir.Migration, tables []*ir.Table, opts Options) ([]*ir.Migration, error) {
	if len(history) == 0 {
		changes := make([]*ir.Change, 0, len(tables))
		for _, t := range tables {
			changes = append(changes, &ir.Change{Kind: ir.CreateTable, Table: t.Name, Pos: t.Pos})
		}
		return []*ir.Migration{{Version: 1, Name: "0001_initial", Summary: "The initial schema.", To: tables, Changes: changes}}, nil
	}
	last := history[len(history)-1]
	p := newPlanner(last.To, tables)
	p.pairTables()
	if len(p.errs) > 0 {
		return nil, errors.Join(p.errs...)
	}
	changes := p.diff()
	if len(changes) == 0 {
		return history, nil
	}
	var destructive []*ir.Change
	for _, c := range changes {
		if c.Destructive {
			destructive = append(destructive, c)
		}
	}
	if len(destructive) > 0 && !opts.AllowDestructive {
		return nil, &DestructiveError{Changes: destructive}
	}
	version := last.Version + 1
	slug, summary := p.describe(changes)
	m := &ir.Migration{
		Version: version,
		Name:    stepName(version, slug),
		Summary: summary,
		From:    last.To,
		To:      tables,
		Changes: changes,
	}
	return append(slices.Clip(history), m), nil
}

// planner holds one diff of old (the last step's To) against new.
type planner struct {
	old, new []*ir.Table
	oldByName,
	newByName map[string]*ir.Table
	// pair maps a new table to the old table it was, and back.
	pair, back map[*ir.Table]*ir.Table
	// cols maps, per paired new table, each new column name to the old
	// column name it was ("" for none).
	cols map[*ir.Table]map[string]string
	// inferred marks the join tables and join columns paired because a
	// table they reference is renamed: their renames follow from it.
	inferred map[string]bool
	errs     []error
}

func newPlanner(old, new []*ir.Table) *planner {
	p := &planner{
		old: old, new: new,
		oldByName: map[string]*ir.Table{}, newByName: map[string]*ir.Table{},
		pair: map[*ir.Table]*ir.Table{}, back: map[*ir.Table]*ir.Table{},
		cols:     map[*ir.Table]map[string]string{},
		inferred: map[string]bool{},
	}
	for _, t := range old {
		p.oldByName[t.Name] = t
	}
	for _, t := range new {
		p.newByName[t.Name] = t
	}
	return p
}

func (p *planner) errorf(pos, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if pos != "" {
		msg = pos + ": " + msg
	}
	p.errs = append(p.errs, errors.New(msg))
}

func (p *planner) link(n, o *ir.Table) {
	p.pair[n], p.back[o] = o, n
}

// renamedFromTable is the old table of the entity n.RenamedFromEntity: by
// entity name, else by n.RenamedFrom (the entity's default table name).
func (p *planner) renamedFromTable(n *ir.Table) *ir.Table {
	if n.RenamedFromEntity != "" {
		for _, o := range p.old {
			if o.Entity == n.RenamedFromEntity {
				return o
			}
		}
	}
	if n.RenamedFrom != "" {
		if o := p.oldByName[n.RenamedFrom]; o != nil && o.Entity != "" {
			return o
		}
	}
	return nil
}

func renamedFromName(n *ir.Table) string {
	if n.RenamedFromEntity != "" {
		return n.RenamedFromEntity
	}
	return n.RenamedFrom
}

// pairTables pairs tables (by name, by renamedFrom, join tables by what
// they reference) and then their columns.
func (p *planner) pairTables() {
	for _, n := range p.new {
		if o := p.oldByName[n.Name]; o != nil {
			p.link(n, o)
		}
	}
	for _, n := range p.new {
		if n.RenamedFrom == "" && n.RenamedFromEntity == "" {
			continue
		}
		x, y := p.renamedFromTable(n), p.oldByName[n.Name]
		what := fmt.Sprintf("entity %s (table %s): renamedFrom %q", n.Entity, n.Name, renamedFromName(n))
		switch {
		case x != nil && y != nil && x != y:
			p.errorf(n.Pos, "%s: the schema of the last migration has both table %s and table %s; a rename cannot keep both (remove renamedFrom: %s is then dropped)", what, x.Name, y.Name, x.Name)
		case x == nil && y == nil:
			p.errorf(n.Pos, "%s: the schema of the last migration has neither table %s nor %s, so there is nothing to rename", what, n.RenamedFrom, n.Name)
		case y != nil:
			// Already renamed (or only the entity's name changed).
		case p.back[x] != nil && p.back[x].Name != x.Name:
			p.errorf(n.Pos, "%s: table %s is renamed to %s already (%s has the same renamedFrom)", what, x.Name, p.back[x].Name, describeTable(p.back[x]))
		case p.back[x] != nil:
			p.errorf(n.Pos, "%s: table %s is still in the spec (%s), so it cannot be renamed", what, x.Name, describeTable(p.back[x]))
		default:
			p.link(n, x)
		}
	}
	// Join tables that follow a renamed table.
	for _, n := range p.new {
		if n.Entity != "" || p.pair[n] != nil {
			continue
		}
		for _, o := range p.old {
			if o.Entity != "" || p.back[o] != nil || p.newByName[o.Name] != nil {
				continue
			}
			if p.followsRename(n, o) {
				p.link(n, o)
				p.inferred[n.Name] = true
				break
			}
		}
	}
	for _, n := range p.new {
		o := p.pair[n]
		if o == nil {
			for _, c := range n.Columns {
				// (An unpaired table with renamedFrom has its error already.)
				if c.RenamedFrom != "" && n.RenamedFrom == "" && n.RenamedFromEntity == "" {
					p.errorf(c.Pos, "field of column %s.%s: renamedFrom %q: table %s is new in this migration, so there is no column %s to rename", n.Name, c.Name, c.RenamedFrom, n.Name, c.RenamedFrom)
				}
			}
			continue
		}
		p.pairColumns(n, o)
	}
	// A table whose primary key changes (a join table that became an
	// entity's, or back), or a join table whose keys do not all pair, is a
	// different table under the same name: drop it and create it again.
	for _, n := range p.new {
		o := p.pair[n]
		if o == nil {
			continue
		}
		m := p.cols[n]
		paired := 0
		for _, c := range n.Columns {
			if m[c.Name] != "" {
				paired++
			}
		}
		joinChanged := n.Entity == "" && (paired != len(n.Columns) || paired != len(o.Columns))
		if joinChanged || (n.Entity == "") != (o.Entity == "") || !slices.Equal(p.mapCols(n, o)(o.PrimaryKey), n.PrimaryKey) {
			delete(p.pair, n)
			delete(p.back, o)
			delete(p.cols, n)
			delete(p.inferred, n.Name)
		}
	}
}

func describeTable(t *ir.Table) string {
	if t.Entity != "" {
		return "entity " + t.Entity
	}
	return "a join table"
}

// followsRename reports whether join table n is old join table o after a
// rename of a table they reference: the same number of keys, referencing
// the same tables once o's references are renamed, one of them renamed.
func (p *planner) followsRename(n, o *ir.Table) bool {
	if len(n.ForeignKeys) != len(o.ForeignKeys) || len(n.Columns) != len(o.Columns) {
		return false
	}
	var nrefs, orefs []string
	renamed := false
	for _, fk := range n.ForeignKeys {
		nrefs = append(nrefs, fk.RefTable)
	}
	for _, fk := range o.ForeignKeys {
		ref := p.newName(fk.RefTable)
		if ref != fk.RefTable {
			renamed = true
		}
		orefs = append(orefs, ref)
	}
	slices.Sort(nrefs)
	slices.Sort(orefs)
	return renamed && slices.Equal(nrefs, orefs)
}

// newName is the new name of old table name ("" when dropped); oldName the
// reverse ("" when created).
func (p *planner) newName(name string) string {
	if o := p.oldByName[name]; o != nil {
		if n := p.back[o]; n != nil {
			return n.Name
		}
		return ""
	}
	return ""
}

func (p *planner) pairColumns(n, o *ir.Table) {
	m := map[string]string{}
	p.cols[n] = m
	claimed := map[string]bool{}
	for _, c := range n.Columns {
		if o.Column(c.Name) != nil {
			m[c.Name] = c.Name
			claimed[c.Name] = true
		}
	}
	for _, c := range n.Columns {
		if c.RenamedFrom == "" || c.RenamedFrom == c.Name {
			continue
		}
		x, y := o.Column(c.RenamedFrom), o.Column(c.Name)
		what := fmt.Sprintf("column %s.%s: renamedFrom %q (column %s)", n.Name, c.Name, c.RenamedFrom, c.RenamedFrom)
		switch {
		case x != nil && y != nil:
			p.errorf(c.Pos, "%s: table %s of the last migration has both columns %s and %s; a rename cannot keep both (remove renamedFrom: %s is then dropped)", what, o.Name, x.Name, y.Name, x.Name)
		case x == nil && y == nil:
			p.errorf(c.Pos, "%s: table %s of the last migration has neither column %s nor %s, so there is nothing to rename", what, o.Name, c.RenamedFrom, c.Name)
		case y != nil:
			// Already renamed by an earlier step.
		case n.Column(x.Name) != nil:
			p.errorf(c.Pos, "%s: column %s is still in the spec, so it cannot be renamed", what, x.Name)
		case claimed[x.Name]:
			p.errorf(c.Pos, "%s: column %s is renamed by another field already (the same renamedFrom)", what, x.Name)
		default:
			m[c.Name] = x.Name
			claimed[x.Name] = true
		}
	}
	if n.Entity != "" {
		return
	}
	// A join table's keys are named after the entities (or, joining a
	// table to itself, the relation): a key that references the same
	// table as an old key of the same join table, once renames apply, is
	// that key renamed (in column order, for a table joined to itself).
	for _, c := range n.Columns {
		if m[c.Name] != "" {
			continue
		}
		ref := refOf(n, c.Name)
		for _, oc := range o.Columns {
			if claimed[oc.Name] || n.Column(oc.Name) != nil {
				continue
			}
			if oref := refOf(o, oc.Name); ref != "" && oref != "" && p.newName(oref) == ref {
				m[c.Name] = oc.Name
				claimed[oc.Name] = true
				if p.entityRenamed(oref) {
					p.inferred[n.Name+"."+c.Name] = true
				}
				break
			}
		}
	}
}

// entityRenamed reports whether old table name is renamed, or its entity
// is: then the join keys named after the entity follow the rename.
func (p *planner) entityRenamed(name string) bool {
	o := p.oldByName[name]
	n := p.back[o]
	return o != nil && n != nil && (n.Name != o.Name || n.Entity != o.Entity)
}

// refOf is the table that t's column col references, or "".
func refOf(t *ir.Table, col string) string {
	for _, fk := range t.ForeignKeys {
		if len(fk.Columns) == 1 && fk.Columns[0] == col {
			return fk.RefTable
		}
	}
	return ""
}

// mapCols maps old column names of o (paired with n) to n's names; nil if
// one of them is dropped.
func (p *planner) mapCols(n, o *ir.Table) func([]string) []string {
	rev := map[string]string{}
	for nc, oc := range p.cols[n] {
		if oc != "" {
			rev[oc] = nc
		}
	}
	return func(cols []string) []string {
		out := make([]string, len(cols))
		for i, c := range cols {
			nc, ok := rev[c]
			if !ok {
				return nil
			}
			out[i] = nc
		}
		return out
	}
}
