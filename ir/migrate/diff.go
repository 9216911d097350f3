package migrate

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/bgen-dev/bgen/ir"
)

// phases collects a step's changes by the order they apply in.
type phases struct {
	dropConstraints []*ir.Change // foreign keys, checks, uniques, indexes
	dropTables      []*ir.Change
	dropColumns     []*ir.Change
	renameTables    []*ir.Change
	renameColumns   []*ir.Change
	renameCons      []*ir.Change // constraints and indexes
	createTables    []*ir.Change
	columns         []*ir.Change // add and alter
	addConstraints  []*ir.Change // checks, uniques, indexes
	addForeignKeys  []*ir.Change
}

func (ph *phases) all() []*ir.Change {
	var out []*ir.Change
	for _, l := range [][]*ir.Change{
		ph.dropConstraints, ph.dropTables, ph.dropColumns,
		ph.renameTables, ph.renameColumns, ph.renameCons,
		ph.createTables, ph.columns, ph.addConstraints, ph.addForeignKeys,
	} {
		out = append(out, l...)
	}
	return out
}

// diff returns the ordered changes from p.old to p.new (tables paired).
func (p *planner) diff() []*ir.Change {
	ph := &phases{}
	for i := len(p.old) - 1; i >= 0; i-- {
		o := p.old[i]
		if p.back[o] == nil {
			ph.dropTables = append(ph.dropTables, &ir.Change{
				Kind: ir.DropTable, Table: o.Name, Destructive: true,
				Reason: fmt.Sprintf("drops table %s and every row in it; nothing in the spec names it any more (so this change has no spec position)", o.Name),
			})
		}
	}
	for _, n := range p.new {
		o := p.pair[n]
		if o == nil {
			ph.createTables = append(ph.createTables, &ir.Change{Kind: ir.CreateTable, Table: n.Name, Pos: n.Pos})
			continue
		}
		if o.Name != n.Name {
			ph.renameTables = append(ph.renameTables, &ir.Change{Kind: ir.RenameTable, Table: n.Name, From: o.Name, Pos: n.Pos})
		}
		p.diffTable(ph, n, o)
	}
	return ph.all()
}

// diffTable adds the changes of paired tables n (new) and o (old).
func (p *planner) diffTable(ph *phases, n, o *ir.Table) {
	m := p.cols[n]
	mapc := p.mapCols(n, o)
	added := map[string]bool{}   // new columns added by this step
	retyped := map[string]bool{} // new columns whose storage changes
	// Columns.
	for _, c := range n.Columns {
		ocName := m[c.Name]
		if ocName == "" {
			added[c.Name] = true
			ch := &ir.Change{Kind: ir.AddColumn, Table: n.Name, Column: c.Name, Pos: c.Pos}
			if !c.Nullable && literal(c) == "" && !c.AutoIncrement {
				ch.Destructive = true
				ch.Reason = fmt.Sprintf("adds required column %s.%s without a default: the migration fails on a table that has rows (make the field optional or give it a default)", n.Name, c.Name)
			}
			ph.columns = append(ph.columns, ch)
			continue
		}
		oc := o.Column(ocName)
		if ocName != c.Name {
			ph.renameColumns = append(ph.renameColumns, &ir.Change{Kind: ir.RenameColumn, Table: n.Name, From: ocName, Column: c.Name, Pos: c.Pos})
		}
		if storageOf(oc) != storageOf(c) || oc.AutoIncrement != c.AutoIncrement {
			retyped[c.Name] = true
		}
		if ch := alterColumn(n.Name, oc, c); ch != nil {
			ph.columns = append(ph.columns, ch)
		}
	}
	for _, oc := range o.Columns {
		if !slices.Contains(mapValues(m), oc.Name) {
			ph.dropColumns = append(ph.dropColumns, &ir.Change{
				Kind: ir.DropColumn, Table: o.Name, Column: oc.Name, Destructive: true,
				Reason: fmt.Sprintf("drops column %s.%s and its values; no field of the spec names it any more (so this change has no spec position)", o.Name, oc.Name),
			})
		}
	}
	// posOf is the position of what declares a constraint on cols.
	posOf := func(cols []string) string {
		if len(cols) == 1 {
			if c := n.Column(cols[0]); c != nil && c.Pos != "" {
				return c.Pos
			}
		}
		return n.Pos
	}
	// oldPos is the position of a dropped constraint's columns, when
	// they are still in the spec.
	oldPos := func(cols []string) string {
		if nc := mapc(cols); nc != nil {
			return posOf(nc)
		}
		return ""
	}
	rename := func(kind ir.ChangeKind, from, to string, cols []string) {
		if from != to {
			ph.renameCons = append(ph.renameCons, &ir.Change{Kind: kind, Table: n.Name, From: from, Constraint: to, Pos: posOf(cols)})
		}
	}
	drop := func(kind ir.ChangeKind, name string, cols []string) {
		ph.dropConstraints = append(ph.dropConstraints, &ir.Change{Kind: kind, Table: o.Name, Constraint: name, Pos: oldPos(cols)})
	}
	anyOf := func(cols []string, set map[string]bool) bool {
		return slices.ContainsFunc(cols, func(c string) bool { return set[c] })
	}

	// Foreign keys.
	var fkAdds []*ir.Change
	usedFK := map[int]bool{}
	for _, fk := range n.ForeignKeys {
		i := slices.IndexFunc(o.ForeignKeys, func(ofk ir.ForeignKey) bool { return slices.Equal(mapc(ofk.Columns), fk.Columns) })
		ch := &ir.Change{Kind: ir.AddForeignKey, Table: n.Name, Constraint: fk.Name, Pos: posOf(fk.Columns)}
		if i >= 0 {
			usedFK[i] = true
			ofk := o.ForeignKeys[i]
			sameRef := p.newName(ofk.RefTable) == fk.RefTable && slices.Equal(ofk.RefColumns, fk.RefColumns)
			if sameRef && ofk.OnDelete == fk.OnDelete && !anyOf(fk.Columns, retyped) && !p.refRetyped(fk) {
				rename(ir.RenameConstraint, ofk.Name, fk.Name, fk.Columns)
				continue
			}
			drop(ir.DropForeignKey, ofk.Name, ofk.Columns)
			if sameRef {
				// Same rows referenced: only the action or the key's type changes.
				fkAdds = append(fkAdds, ch)
				continue
			}
		}
		if !allOf(fk.Columns, added) {
			ch.Destructive = true
			ch.Reason = fmt.Sprintf("adds foreign key %s on existing column(s) %s.%s referencing %s: a value that matches no row of %s makes the migration fail", fk.Name, n.Name, strings.Join(fk.Columns, ", "), fk.RefTable, fk.RefTable)
		}
		fkAdds = append(fkAdds, ch)
	}
	for i, ofk := range o.ForeignKeys {
		if !usedFK[i] {
			drop(ir.DropForeignKey, ofk.Name, ofk.Columns)
		}
	}

	// Checks (enum values).
	var checkAdds []*ir.Change
	usedCk := map[int]bool{}
	for _, ck := range n.Checks {
		i := slices.IndexFunc(o.Checks, func(ock ir.Check) bool {
			mc := mapc([]string{ock.Column})
			return mc != nil && mc[0] == ck.Column
		})
		ch := &ir.Change{Kind: ir.AddCheck, Table: n.Name, Constraint: ck.Name, Pos: posOf([]string{ck.Column})}
		if i >= 0 {
			usedCk[i] = true
			ock := o.Checks[i]
			if slices.Equal(ock.Values, ck.Values) {
				rename(ir.RenameConstraint, ock.Name, ck.Name, []string{ck.Column})
				continue
			}
			drop(ir.DropCheck, ock.Name, []string{ock.Column})
			var removed []string
			for _, v := range ock.Values {
				if !slices.Contains(ck.Values, v) {
					removed = append(removed, v)
				}
			}
			if len(removed) > 0 {
				ch.Destructive = true
				ch.Reason = fmt.Sprintf("removes value(s) %s from enum column %s.%s: a row holding one makes the migration fail", quoteAll(removed), n.Name, ck.Column)
			}
		} else if !added[ck.Column] {
			ch.Destructive = true
			ch.Reason = fmt.Sprintf("restricts existing column %s.%s to the values %s: a row holding another value makes the migration fail", n.Name, ck.Column, quoteAll(ck.Values))
		}
		checkAdds = append(checkAdds, ch)
	}
	for i, ock := range o.Checks {
		if !usedCk[i] {
			drop(ir.DropCheck, ock.Name, []string{ock.Column})
		}
	}

	// Unique constraints.
	var uniqueAdds []*ir.Change
	usedUq := map[int]bool{}
	for _, u := range n.Uniques {
		i := -1
		for j, ou := range o.Uniques {
			if !usedUq[j] && slices.Equal(mapc(ou.Columns), u.Columns) {
				i = j
				break
			}
		}
		if i >= 0 {
			usedUq[i] = true
			rename(ir.RenameConstraint, o.Uniques[i].Name, u.Name, u.Columns)
			continue
		}
		ch := &ir.Change{Kind: ir.AddUnique, Table: n.Name, Constraint: u.Name, Pos: posOf(u.Columns)}
		// A column added without a value (NULL in every row) cannot
		// collide; anything else may.
		if !slices.ContainsFunc(u.Columns, func(c string) bool {
			col := n.Column(c)
			return added[c] && col != nil && col.Nullable && literal(col) == ""
		}) {
			ch.Destructive = true
			ch.Reason = fmt.Sprintf("adds unique constraint %s on %s(%s): existing rows with equal values make the migration fail", u.Name, n.Name, strings.Join(u.Columns, ", "))
		}
		uniqueAdds = append(uniqueAdds, ch)
	}
	for i, ou := range o.Uniques {
		if !usedUq[i] {
			drop(ir.DropUnique, ou.Name, ou.Columns)
		}
	}

	// Indexes.
	var indexAdds []*ir.Change
	usedIx := map[int]bool{}
	for _, ix := range n.Indexes {
		i := -1
		for j, oix := range o.Indexes {
			if !usedIx[j] && slices.Equal(mapc(oix.Columns), ix.Columns) {
				i = j
				break
			}
		}
		if i >= 0 {
			usedIx[i] = true
			rename(ir.RenameIndex, o.Indexes[i].Name, ix.Name, ix.Columns)
			continue
		}
		indexAdds = append(indexAdds, &ir.Change{Kind: ir.AddIndex, Table: n.Name, Constraint: ix.Name, Pos: posOf(ix.Columns)})
	}
	for i, oix := range o.Indexes {
		if !usedIx[i] {
			drop(ir.DropIndex, oix.Name, oix.Columns)
		}
	}

	ph.addConstraints = append(ph.addConstraints, checkAdds...)
	ph.addConstraints = append(ph.addConstraints, uniqueAdds...)
	ph.addConstraints = append(ph.addConstraints, indexAdds...)
	ph.addForeignKeys = append(ph.addForeignKeys, fkAdds...)
}

// refRetyped reports whether the column fk references changes its storage
// (its table's id changes type): the foreign key is dropped and added again
// around the change.
func (p *planner) refRetyped(fk ir.ForeignKey) bool {
	n := p.newByName[fk.RefTable]
	if n == nil || p.pair[n] == nil {
		return false
	}
	o := p.pair[n]
	for _, rc := range fk.RefColumns {
		c := n.Column(rc)
		oc := o.Column(p.cols[n][rc])
		if c == nil || oc == nil || storageOf(c) != storageOf(oc) {
			return true
		}
	}
	return false
}

func allOf(cols []string, set map[string]bool) bool {
	for _, c := range cols {
		if !set[c] {
			return false
		}
	}
	return len(cols) > 0
}

func mapValues(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

func quoteAll(vs []string) string {
	q := make([]string, len(vs))
	for i, v := range vs {
		q[i] = fmt.Sprintf("%q", v)
	}
	return strings.Join(q, ", ")
}

// storage is what the database keeps of a column's type: types that store
// alike (string and email, text and url) do not differ.
type storage struct {
	base                     string
	length, precision, scale int
}

func storageOf(c *ir.Column) storage {
	switch c.Type {
	case ir.String, ir.Email, ir.Enum, ir.Password:
		n := c.Length
		if n <= 0 {
			n = ir.DefaultStringMax
		}
		return storage{base: "varchar", length: n}
	case ir.Text, ir.URL:
		return storage{base: "text"}
	case ir.Decimal:
		p := c.Precision
		if p <= 0 {
			p = ir.DefaultPrecision
		}
		return storage{base: "decimal", precision: p, scale: c.Scale}
	}
	return storage{base: string(c.Type)}
}

func (s storage) String() string {
	switch s.base {
	case "varchar":
		return fmt.Sprintf("varchar(%d)", s.length)
	case "decimal":
		return fmt.Sprintf("decimal(%d,%d)", s.precision, s.scale)
	}
	return s.base
}

// literal is c's literal default as canonical JSON ("" for none), so that
// a default read back from a JSON snapshot (float64) equals the spec's
// (int64).
func literal(c *ir.Column) string {
	if c.Default == nil || c.Default.Kind != ir.DefaultLiteral {
		return ""
	}
	b, err := json.Marshal(c.Default.Value)
	if err != nil {
		return fmt.Sprint(c.Default.Value)
	}
	return string(b)
}

// alterColumn is the AlterColumn change from oc to c, or nil when the
// database sees no difference.
func alterColumn(table string, oc, c *ir.Column) *ir.Change {
	so, sn := storageOf(oc), storageOf(c)
	var what, risks []string
	switch {
	case so == sn && oc.AutoIncrement == c.AutoIncrement:
	case so.base == "varchar" && sn.base == "varchar":
		what = append(what, fmt.Sprintf("length %d to %d", so.length, sn.length))
		if sn.length < so.length {
			risks = append(risks, fmt.Sprintf("narrows %s.%s from %s to %s: a longer value makes the migration fail", table, c.Name, so, sn))
		}
	case so.base == "varchar" && sn.base == "text":
		what = append(what, fmt.Sprintf("type %s to %s", so, sn))
	case so.base == "decimal" && sn.base == "decimal":
		what = append(what, fmt.Sprintf("type %s to %s", so, sn))
		if sn.scale < so.scale || sn.precision-sn.scale < so.precision-so.scale {
			risks = append(risks, fmt.Sprintf("narrows %s.%s from %s to %s: values are rounded to %d decimals, and one with more integer digits makes the migration fail", table, c.Name, so, sn, sn.scale))
		}
	default:
		what = append(what, fmt.Sprintf("type %s to %s", so, sn))
		risks = append(risks, fmt.Sprintf("changes the type of %s.%s from %s to %s: a value that does not convert makes the migration fail", table, c.Name, so, sn))
	}
	switch {
	case oc.Nullable && !c.Nullable:
		what = append(what, "NOT NULL")
		if literal(c) == "" {
			risks = append(risks, fmt.Sprintf("makes %s.%s required (NOT NULL) without a default: a NULL in an existing row makes the migration fail", table, c.Name))
		}
	case !oc.Nullable && c.Nullable:
		what = append(what, "nullable")
	}
	if literal(oc) != literal(c) {
		what = append(what, "default")
	}
	if len(what) == 0 {
		return nil
	}
	ch := &ir.Change{Kind: ir.AlterColumn, Table: table, Column: c.Name, Pos: c.Pos}
	if len(risks) > 0 {
		ch.Destructive = true
		ch.Reason = strings.Join(risks, "; ")
	}
	return ch
}

// describe returns a step's slug and summary. Changes that follow from
// another do not count (see Plan).
func (p *planner) describe(changes []*ir.Change) (slug, summary string) {
	createdTables, droppedTables := map[string]bool{}, map[string]bool{}
	for _, c := range changes {
		switch c.Kind {
		case ir.CreateTable:
			createdTables[c.Table] = true
		case ir.DropTable:
			droppedTables[c.Table] = true
		}
	}
	var slugs, texts []string
	// Table and column changes that do not follow from another; failing
	// those, the ones that do; failing those, constraints and indexes.
	for _, derived := range []bool{false, true} {
		if len(slugs) > 0 {
			break
		}
		for _, c := range changes {
			if p.followsOther(c, createdTables, droppedTables) != derived {
				continue
			}
			if s, t := describeChange(c); s != "" {
				slugs = append(slugs, s)
				texts = append(texts, t)
			}
		}
	}
	if len(slugs) == 0 {
		// Constraints and indexes only: one part per constraint name.
		kinds := map[string][]ir.ChangeKind{}
		var order []string
		for _, c := range changes {
			if c.Constraint == "" {
				continue
			}
			if _, ok := kinds[c.Constraint]; !ok {
				order = append(order, c.Constraint)
			}
			kinds[c.Constraint] = append(kinds[c.Constraint], c.Kind)
		}
		for _, name := range order {
			verb := "alter"
			switch ks := kinds[name]; {
			case len(ks) == 1 && strings.HasPrefix(string(ks[0]), "add"):
				verb = "add"
			case len(ks) == 1 && strings.HasPrefix(string(ks[0]), "drop"):
				verb = "drop"
			case len(ks) == 1 && strings.HasPrefix(string(ks[0]), "rename"):
				verb = "rename"
			}
			slugs = append(slugs, verb+"_"+name)
			texts = append(texts, verb+" "+constraintWord(kinds[name][len(kinds[name])-1])+" "+name)
		}
	}
	slug = "schema"
	if len(slugs) == 1 {
		slug = slugs[0]
	}
	const maxTexts = 4
	if len(texts) > maxTexts {
		texts = append(texts[:maxTexts:maxTexts], fmt.Sprintf("and %d more", len(texts)-maxTexts))
	}
	summary = strings.Join(texts, "; ") + "."
	summary = strings.ToUpper(summary[:1]) + summary[1:]
	return slug, summary
}

// describeChange is the slug and text of a table or column change; "" for
// a constraint or index.
func describeChange(c *ir.Change) (s, t string) {
	switch c.Kind {
	case ir.CreateTable:
		s, t = "create_"+c.Table, "create table "+c.Table
	case ir.DropTable:
		s, t = "drop_"+c.Table, "drop table "+c.Table
	case ir.RenameTable:
		s, t = "rename_"+c.From+"_to_"+c.Table, "rename table "+c.From+" to "+c.Table
	case ir.AddColumn:
		s, t = "add_"+c.Table+"_"+c.Column, "add column "+c.Table+"."+c.Column
	case ir.DropColumn:
		s, t = "drop_"+c.Table+"_"+c.Column, "drop column "+c.Table+"."+c.Column
	case ir.RenameColumn:
		s, t = "rename_"+c.Table+"_"+c.From+"_to_"+c.Column, "rename column "+c.Table+"."+c.From+" to "+c.Column
	case ir.AlterColumn:
		s, t = "alter_"+c.Table+"_"+c.Column, "alter column "+c.Table+"."+c.Column
	}
	return s, t
}

// followsOther reports whether c follows from another change of its step:
// a join table renamed, or its keys renamed, with a table it references;
// a join table created or dropped with a table it references.
func (p *planner) followsOther(c *ir.Change, created, dropped map[string]bool) bool {
	joinOf := func(t *ir.Table, tables map[string]bool) bool {
		if t == nil || t.Entity != "" {
			return false
		}
		for _, fk := range t.ForeignKeys {
			if fk.RefTable != t.Name && tables[fk.RefTable] {
				return true
			}
		}
		return false
	}
	switch c.Kind {
	case ir.RenameTable:
		return p.inferred[c.Table]
	case ir.RenameColumn:
		return p.inferred[c.Table+"."+c.Column]
	case ir.CreateTable:
		return joinOf(p.newByName[c.Table], created)
	case ir.DropTable:
		return joinOf(p.oldByName[c.Table], dropped)
	}
	return false
}

func constraintWord(k ir.ChangeKind) string {
	switch k {
	case ir.AddUnique, ir.DropUnique:
		return "unique constraint"
	case ir.AddIndex, ir.DropIndex, ir.RenameIndex:
		return "index"
	case ir.AddForeignKey, ir.DropForeignKey:
		return "foreign key"
	case ir.AddCheck, ir.DropCheck:
		return "check"
	}
	return "constraint"
}

// stepName is "%04d_<slug>", the slug cut at a "_" so that the name fits
// MaxNameLen, and made of [a-z0-9_] only.
func stepName(version int, slug string) string {
	prefix := fmt.Sprintf("%04d_", version)
	var b strings.Builder
	for _, r := range strings.ToLower(slug) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	slug = b.String()
	if max := MaxNameLen - len(prefix); len(slug) > max {
		cut := slug[:max]
		if i := strings.LastIndexByte(cut, '_'); i > 0 && slug[max] != '_' {
			cut = cut[:i]
		}
		// A name cut after "to" or "and" reads as unfinished.
		for strings.HasSuffix(cut, "_to") || strings.HasSuffix(cut, "_and") || strings.HasSuffix(cut, "_") {
			cut = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(cut, "_"), "_to"), "_and")
		}
		slug = cut
	}
	if slug == "" {
		slug = "schema"
	}
	return prefix + slug
}
