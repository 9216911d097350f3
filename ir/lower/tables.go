package lower

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"

	"github.com/bgen-dev/bgen/ir"
	"github.com/bgen-dev/bgen/naming"
)

// MaxIdentLen is PostgreSQL's identifier limit in bytes.
const MaxIdentLen = 63

// ConstraintName joins prefix, table and columns with "_" and, when the
// result is longer than PostgreSQL's 63 bytes, cuts it to 54 bytes plus "_"
// and the first 8 hex digits of the full name's SHA-256, so that long names
// stay distinct and deterministic.
func ConstraintName(prefix, table string, columns ...string) string {
	name := prefix + "_" + table + "_" + strings.Join(columns, "_")
	return shortenIdent(name)
}

func shortenIdent(name string) string {
	if len(name) <= MaxIdentLen {
		return name
	}
	sum := sha256.Sum256([]byte(name))
	return name[:54] + "_" + hex.EncodeToString(sum[:])[:8]
}

// lowerTables builds the schema: every entity's table in spec order, then
// every join table once, in the order of the first relation declaring it.
func (l *lowerer) lowerTables() []*ir.Table {
	var tables []*ir.Table
	// Foreign keys made one-to-one by a hasOne pointing back.
	oneToOne := map[*ir.Field]bool{}
	for _, e := range l.api.Entities {
		for _, r := range e.Relations {
			if r.Kind == ir.HasOne && r.Inverse != nil && r.Inverse.Key != nil {
				oneToOne[r.Inverse.Key] = true
			}
		}
	}
	for _, e := range l.api.Entities {
		t := l.entityTable(e, oneToOne)
		e.Schema = t
		tables = append(tables, t)
	}
	seen := map[string]bool{}
	for _, e := range l.api.Entities {
		for _, r := range e.Relations {
			if r.Kind != ir.ManyToMany || r.Join == nil || seen[r.Join.Table] {
				continue
			}
			seen[r.Join.Table] = true
			tables = append(tables, joinTableSchema(r))
		}
	}
	return tables
}

// column is the DDL column of an entity field.
func column(f *ir.Field) *ir.Column {
	c := &ir.Column{
		Name:     f.Column,
		Type:     f.Type,
		Nullable: f.Optional,
	}
	switch f.Type {
	case ir.String:
		if f.MaxLength != nil {
			c.Length = *f.MaxLength
		} else {
			c.Length = ir.DefaultStringMax
		}
	case ir.Email:
		c.Length = ir.DefaultEmailMax
	case ir.Enum, ir.Password:
		c.Length = 255
	case ir.Decimal:
		c.Precision, c.Scale = f.Precision, f.Scale
	}
	if f.Kind == ir.KindID && f.Type == ir.Int {
		c.AutoIncrement = true
	}
	if f.Default != nil && f.Default.Kind == ir.DefaultLiteral {
		d := *f.Default
		c.Default = &d
	}
	if f.RenamedFrom != "" {
		c.RenamedFrom = naming.Split(f.RenamedFrom).Snake()
	}
	c.Pos = f.Pos
	return c
}

func (l *lowerer) entityTable(e *ir.Entity, oneToOne map[*ir.Field]bool) *ir.Table {
	t := &ir.Table{
		Name:       e.Table,
		Entity:     e.Name.Pascal(),
		PrimaryKey: []string{"id"},
		Pos:        e.Pos,
	}
	if e.RenamedFrom != "" {
		t.RenamedFrom = naming.Split(e.RenamedFrom).Plural().Snake()
		t.RenamedFromEntity = e.RenamedFrom
	}
	for _, f := range e.Fields {
		t.Columns = append(t.Columns, column(f))
	}
	have := map[string]bool{} // column lists already unique or indexed
	key := func(cols []string) string { return strings.Join(cols, "\x00") }
	fields := func(cols []string) []string { // resource order
		var names []string
		for _, f := range e.Fields {
			if slices.Contains(cols, f.Column) {
				names = append(names, f.Name)
			}
		}
		return names
	}
	addUnique := func(cols []string) {
		if have[key(cols)] {
			return
		}
		have[key(cols)] = true
		t.Uniques = append(t.Uniques, ir.Constraint{Name: ConstraintName("uq", t.Name, cols...), Columns: cols, Fields: fields(cols)})
	}
	addIndex := func(cols []string) {
		if have[key(cols)] {
			return
		}
		have[key(cols)] = true
		t.Indexes = append(t.Indexes, ir.Constraint{Name: ConstraintName("ix", t.Name, cols...), Columns: cols, Fields: fields(cols)})
	}
	for _, f := range e.Fields {
		if f.Unique && f.Kind != ir.KindID {
			addUnique([]string{f.Column})
		}
	}
	for _, f := range e.Fields {
		if f.Kind == ir.KindForeignKey && oneToOne[f] {
			addUnique([]string{f.Column})
		}
	}
	for _, fs := range e.Unique {
		addUnique(columnsOf(fs))
	}
	for _, f := range e.Fields {
		if f.Kind == ir.KindForeignKey {
			addIndex([]string{f.Column})
		}
	}
	for _, f := range e.Fields {
		if f.Index {
			addIndex([]string{f.Column})
		}
	}
	for _, fs := range e.Indexes {
		addIndex(columnsOf(fs))
	}
	for _, r := range e.Relations {
		if r.Kind != ir.BelongsTo || r.Key == nil {
			continue
		}
		r.Key.ForeignKey = ConstraintName("fk", t.Name, r.Key.Column)
		t.ForeignKeys = append(t.ForeignKeys, ir.ForeignKey{
			Name:       r.Key.ForeignKey,
			Columns:    []string{r.Key.Column},
			RefTable:   r.Target.Table,
			RefColumns: []string{"id"},
			OnDelete:   r.OnDelete,
		})
	}
	for _, f := range e.Fields {
		if f.Type == ir.Enum {
			t.Checks = append(t.Checks, ir.Check{
				Name:   ConstraintName("ck", t.Name, f.Column),
				Column: f.Column,
				Values: append([]string(nil), f.Values...),
			})
		}
	}
	return t
}

func columnsOf(fs []*ir.Field) []string {
	cols := make([]string, len(fs))
	for i, f := range fs {
		cols[i] = f.Column
	}
	return cols
}

// joinTableSchema is the table behind manyToMany r: both keys, a composite
// primary key, both foreign keys cascading, and an index on the right key
// (the primary key covers lookups by the left one).
func joinTableSchema(r *ir.Relation) *ir.Table {
	j := r.Join
	t := &ir.Table{
		Name: j.Table,
		Pos:  r.Pos,
		Columns: []*ir.Column{
			{Name: j.Left, Type: r.Entity.IDType, Pos: r.Pos},
			{Name: j.Right, Type: r.Target.IDType, Pos: r.Pos},
		},
		PrimaryKey: []string{j.Left, j.Right},
		Indexes:    []ir.Constraint{{Name: ConstraintName("ix", j.Table, j.Right), Columns: []string{j.Right}}},
		ForeignKeys: []ir.ForeignKey{
			{Name: ConstraintName("fk", j.Table, j.Left), Columns: []string{j.Left}, RefTable: r.Entity.Table, RefColumns: []string{"id"}, OnDelete: ir.Cascade},
			{Name: ConstraintName("fk", j.Table, j.Right), Columns: []string{j.Right}, RefTable: r.Target.Table, RefColumns: []string{"id"}, OnDelete: ir.Cascade},
		},
	}
	return t
}

// checkTables reports two tables, or two constraints, with one name
// (PostgreSQL's index and constraint names share a schema-wide namespace).
func (l *lowerer) checkTables(tables []*ir.Table) {
	tscope, cscope := naming.NewScope(), naming.NewScope()
	add := func(s *naming.Scope, name, owner string) {
		if clash, ok := s.Add(name, owner); !ok {
			l.errf("%s: name %q is also used by %s", owner, name, clash)
		}
	}
	for _, t := range tables {
		add(tscope, t.Name, "table "+t.Name)
		for _, c := range t.Uniques {
			add(cscope, c.Name, "constraint "+c.Name+" of table "+t.Name)
		}
		for _, c := range t.Indexes {
			add(cscope, c.Name, "index "+c.Name+" of table "+t.Name)
		}
		for _, c := range t.ForeignKeys {
			add(cscope, c.Name, "constraint "+c.Name+" of table "+t.Name)
		}
		for _, c := range t.Checks {
			add(cscope, c.Name, "constraint "+c.Name+" of table "+t.Name)
		}
	}
}
