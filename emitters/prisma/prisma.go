// Package prisma renders the IR's tables (ir.API.Tables) as a Prisma
// schema, so that a Prisma client reads and writes the very database the
// other targets migrate. The schema only describes: the migrations stay
// emitters/ddl's SQL, and every constraint keeps the IR's name (uq_, ix_,
// fk_) through map: arguments, so `prisma migrate diff` against a database
// made from that SQL finds nothing to do.
//
// Columns keep conventions.md's storage on both providers. On PostgreSQL
// each type is its native type (timestamptz, date, numeric(p,s), uuid,
// jsonb, varchar(n)); on SQLite, where the storage is TEXT for date,
// datetime, decimal, uuid and json, those fields are Prisma Strings and the
// application converts them (the generated runtime's codec). Ints are
// BigInt on both: the contract's ints are 64-bit.
//
// The package is pure: IR in, text out.
package prisma

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/bgen-dev/bgen/emitters/ddl"
	"github.com/bgen-dev/bgen/ir"
	"github.com/bgen-dev/bgen/naming"
)

// Provider is a Prisma datasource provider.
type Provider string

const (
	PostgreSQL Provider = "postgresql"
	SQLite     Provider = "sqlite"
)

// Dialect is the ddl dialect of p.
func (p Provider) Dialect() ddl.Dialect {
	if p == SQLite {
		return ddl.SQLite
	}
	return ddl.Postgres
}

// Options say where the generated client goes.
type Options struct {
	// Output is the generator's output folder, relative to the schema
	// file: "../src/generated/prisma".
	Output string
	// Header is the first comment line(s), without "// ".
	Header []string
}

// Model is one Prisma model: a table under a model name, with the field
// name of every column.
type Model struct {
	Name  string
	Table *ir.Table
	// Fields maps a column name to the model's field name: the entity's
	// JSON name for entity columns, the column in camel case otherwise.
	Fields map[string]string
	// Delegate is the client property of the model: Name in lower camel
	// case ("blogPost").
	Delegate string
}

// Models returns one model per table of api, in table order. Entity
// tables take the entity's name; join tables the table's name in Pascal
// case, with "Link" appended if an entity already has that name.
func Models(api *ir.API) []*Model {
	taken := map[string]bool{}
	for _, e := range api.Entities {
		taken[e.Name.Pascal()] = true
	}
	entities := map[string]*ir.Entity{}
	for _, e := range api.Entities {
		entities[e.Name.Pascal()] = e
	}
	var models []*Model
	for _, t := range api.Tables {
		m := &Model{Table: t, Fields: map[string]string{}}
		if e := entities[t.Entity]; t.Entity != "" && e != nil {
			m.Name = e.Name.Pascal()
			for _, f := range e.Fields {
				if f.Column != "" {
					m.Fields[f.Column] = f.Name
				}
			}
		} else {
			m.Name = naming.Split(t.Name).Pascal()
			for taken[m.Name] {
				m.Name += "Link"
			}
			taken[m.Name] = true
		}
		for _, c := range t.Columns {
			if m.Fields[c.Name] == "" {
				m.Fields[c.Name] = naming.Split(c.Name).Camel()
			}
		}
		m.Delegate = lowerFirst(m.Name)
		models = append(models, m)
	}
	return models
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// relation is one foreign key, seen from both models.
type relation struct {
	fk        ir.ForeignKey
	from, to  *Model
	fromField string // the relation field on from
	toField   string // the back-relation field on to
	oneToOne  bool   // the FK columns are unique: the back side is optional, not a list
}

// Schema renders api's tables as a Prisma schema for provider p.
func Schema(api *ir.API, p Provider, opts Options) string {
	models := Models(api)
	byTable := map[string]*Model{}
	for _, m := range models {
		byTable[m.Table.Name] = m
	}
	// Relation fields: named after the constraint so that they never
	// clash with a column's field.
	var rels []*relation
	used := map[*Model]map[string]bool{}
	use := func(m *Model, name string) string {
		if used[m] == nil {
			used[m] = map[string]bool{}
			for _, f := range m.Fields {
				used[m][f] = true
			}
		}
		for used[m][name] {
			name += "_"
		}
		used[m][name] = true
		return name
	}
	for _, m := range models {
		for _, fk := range m.Table.ForeignKeys {
			to := byTable[fk.RefTable]
			if to == nil {
				continue
			}
			r := &relation{fk: fk, from: m, to: to}
			r.fromField = use(m, fieldOf(m, fk.Columns[0])+"Ref")
			r.toField = use(to, lowerFirst(m.Name)+naming.Split(fk.Columns[0]).Pascal()+"Refs")
			r.oneToOne = uniqueCols(m.Table, fk.Columns)
			rels = append(rels, r)
		}
	}

	var b strings.Builder
	for _, h := range opts.Header {
		b.WriteString("// " + h + "\n")
	}
	if len(opts.Header) > 0 {
		b.WriteString("\n")
	}
	b.WriteString("generator client {\n")
	b.WriteString("  provider            = \"prisma-client\"\n")
	fmt.Fprintf(&b, "  output              = %s\n", strconv.Quote(opts.Output))
	b.WriteString("  moduleFormat        = \"esm\"\n")
	b.WriteString("  importFileExtension = \"js\"\n")
	b.WriteString("}\n\n")
	b.WriteString("datasource db {\n")
	fmt.Fprintf(&b, "  provider = %q\n", string(p))
	b.WriteString("}\n")

	for _, m := range models {
		b.WriteString("\nmodel " + m.Name + " {\n")
		var lines [][2]string
		pk := len(m.Table.PrimaryKey) == 1
		for _, c := range m.Table.Columns {
			attrs := []string{}
			if pk && c.Name == m.Table.PrimaryKey[0] {
				attrs = append(attrs, "@id")
				if c.AutoIncrement {
					attrs = append(attrs, "@default(autoincrement())")
				}
			}
			if d := defaultAttr(p, c); d != "" {
				attrs = append(attrs, d)
			}
			if c.Name != m.Fields[c.Name] {
				attrs = append(attrs, "@map("+strconv.Quote(c.Name)+")")
			}
			if nt := nativeType(p, c); nt != "" {
				attrs = append(attrs, nt)
			}
			typ := scalar(p, c)
			if c.Nullable {
				typ += "?"
			}
			lines = append(lines, [2]string{m.Fields[c.Name], strings.TrimSpace(typ + " " + strings.Join(attrs, " "))})
		}
		for _, r := range rels {
			if r.from == m {
				typ := r.to.Name
				if anyNullable(m.Table, r.fk.Columns) {
					typ += "?"
				}
				refs := make([]string, len(r.fk.RefColumns))
				for i, c := range r.fk.RefColumns {
					refs[i] = r.to.Fields[c]
				}
				// SQLite has no named foreign keys in Prisma's eyes (the
				// DDL still names them); PostgreSQL keeps the IR's name.
				mapArg := ""
				if p == PostgreSQL {
					mapArg = fmt.Sprintf(", map: %q", r.fk.Name)
				}
				lines = append(lines, [2]string{r.fromField, fmt.Sprintf("%s @relation(%q, fields: [%s], references: [%s], onDelete: %s, onUpdate: NoAction%s)",
					typ, r.fk.Name, strings.Join(fieldsOf(m, r.fk.Columns), ", "), strings.Join(refs, ", "), onDelete(r.fk.OnDelete), mapArg)})
			}
		}
		for _, r := range rels {
			if r.to == m {
				typ := r.from.Name + "[]"
				if r.oneToOne {
					typ = r.from.Name + "?"
				}
				lines = append(lines, [2]string{r.toField, fmt.Sprintf("%s @relation(%q)", typ, r.fk.Name)})
			}
		}
		width := 0
		for _, l := range lines {
			width = max(width, len(l[0]))
		}
		for _, l := range lines {
			fmt.Fprintf(&b, "  %-*s %s\n", width, l[0], l[1])
		}
		var blocks []string
		if len(m.Table.PrimaryKey) > 1 {
			blocks = append(blocks, fmt.Sprintf("@@id([%s])", strings.Join(fieldsOf(m, m.Table.PrimaryKey), ", ")))
		}
		for _, u := range m.Table.Uniques {
			blocks = append(blocks, fmt.Sprintf("@@unique([%s], map: %q)", strings.Join(fieldsOf(m, u.Columns), ", "), u.Name))
		}
		for _, ix := range m.Table.Indexes {
			blocks = append(blocks, fmt.Sprintf("@@index([%s], map: %q)", strings.Join(fieldsOf(m, ix.Columns), ", "), ix.Name))
		}
		blocks = append(blocks, fmt.Sprintf("@@map(%q)", m.Table.Name))
		if len(blocks) > 0 {
			b.WriteString("\n")
		}
		for _, bl := range blocks {
			b.WriteString("  " + bl + "\n")
		}
		b.WriteString("}\n")
	}
	return b.String()
}

func fieldOf(m *Model, col string) string { return m.Fields[col] }

func fieldsOf(m *Model, cols []string) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = m.Fields[c]
	}
	return out
}

func uniqueCols(t *ir.Table, cols []string) bool {
	want := append([]string(nil), cols...)
	sort.Strings(want)
	for _, u := range t.Uniques {
		got := append([]string(nil), u.Columns...)
		sort.Strings(got)
		if strings.Join(got, "\x00") == strings.Join(want, "\x00") {
			return true
		}
	}
	return false
}

func anyNullable(t *ir.Table, cols []string) bool {
	for _, c := range t.Columns {
		for _, n := range cols {
			if c.Name == n && c.Nullable {
				return true
			}
		}
	}
	return false
}

func onDelete(a ir.OnDelete) string {
	switch a {
	case ir.Cascade:
		return "Cascade"
	case ir.SetNull:
		return "SetNull"
	}
	return "Restrict"
}

// Scalar is the Prisma scalar type of a column (without "?"), as the
// generated client returns it: BigInt, Float, Boolean, String, and on
// PostgreSQL DateTime, Decimal and Json.
func Scalar(p Provider, c *ir.Column) string { return scalar(p, c) }

func scalar(p Provider, c *ir.Column) string {
	switch c.Type {
	case ir.Int:
		return "BigInt"
	case ir.Float:
		return "Float"
	case ir.Bool:
		return "Boolean"
	}
	if p == SQLite {
		return "String"
	}
	switch c.Type {
	case ir.Decimal:
		return "Decimal"
	case ir.Date, ir.DateTime:
		return "DateTime"
	case ir.JSON:
		return "Json"
	}
	return "String"
}

func nativeType(p Provider, c *ir.Column) string {
	if p == SQLite {
		return ""
	}
	switch c.Type {
	case ir.String, ir.Email, ir.Enum, ir.Password:
		n := c.Length
		if n <= 0 {
			n = 255
		}
		return fmt.Sprintf("@db.VarChar(%d)", n)
	case ir.Text, ir.URL:
		return "@db.Text"
	case ir.Float:
		return "@db.DoublePrecision"
	case ir.Decimal:
		pr := c.Precision
		if pr <= 0 {
			pr = ir.DefaultPrecision
		}
		return fmt.Sprintf("@db.Decimal(%d, %d)", pr, c.Scale)
	case ir.Date:
		return "@db.Date"
	case ir.DateTime:
		return "@db.Timestamptz"
	case ir.UUID:
		return "@db.Uuid"
	}
	return ""
}

// defaultAttr is the column's literal default: plain for booleans,
// numbers and strings, dbgenerated (ddl's exact literal) otherwise.
func defaultAttr(p Provider, c *ir.Column) string {
	if c.Default == nil || c.Default.Kind != ir.DefaultLiteral || c.Default.Value == nil {
		return ""
	}
	v := c.Default.Value
	switch c.Type {
	case ir.Bool:
		if b, ok := v.(bool); ok {
			return fmt.Sprintf("@default(%t)", b)
		}
	case ir.Int, ir.Float:
		lit := ddl.Literal(p.Dialect(), c, v)
		return "@default(" + lit + ")"
	case ir.String, ir.Text, ir.Email, ir.URL, ir.Enum, ir.Password:
		if s, ok := v.(string); ok {
			return "@default(" + strconv.Quote(s) + ")"
		}
	}
	return "@default(dbgenerated(" + strconv.Quote(ddl.Literal(p.Dialect(), c, v)) + "))"
}
