package apidiff

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/bgen-dev/bgen/ir"
)

// Report is what `bgen diff` prints: the API findings and the database
// changes between two versions of a spec. Its JSON form (JSON) is:
//
//	{
//	  "old": "OLD as given", "new": "NEW as given",
//	  "breaking": true,                          // any breaking finding or destructive change, or the database side failed
//	  "summary": {"breaking": 3, "nonBreaking": 5},
//	  "api": [{"severity": "breaking", "kind": "operation-removed",
//	           "subject": "DELETE /api/tags/{id}", "in": ["create"],  // "in": fields only
//	           "message": "the delete operation of Tag was removed"}],
//	  "database": {"status": "compared" | "failed", "reason": "...",
//	               "changes": [{"severity": "breaking", "kind": "dropColumn", "table": "posts",
//	                            "from": "", "column": "summary", "constraint": "",
//	                            "reason": "...", "pos": "api.cue:12:5"}]}
//	}
//
// Lists are never null; empty strings are left out.
type Report struct {
	Old      string    `json:"old"`
	New      string    `json:"new"`
	Breaking bool      `json:"breaking"`
	Summary  Summary   `json:"summary"`
	API      []Finding `json:"api"`
	Database Database  `json:"database"`
}

// Summary counts a report's findings and database changes by severity.
type Summary struct {
	Breaking    int `json:"breaking"`
	NonBreaking int `json:"nonBreaking"`
}

// NewReport gathers the findings of Compare and the database side of
// CompareDatabase; old and new name the two versions as the user gave
// them.
func NewReport(old, new string, api []Finding, db Database) *Report {
	if api == nil {
		api = []Finding{}
	}
	if db.Changes == nil {
		db.Changes = []Change{}
	}
	r := &Report{Old: old, New: new, API: api, Database: db}
	for _, f := range api {
		r.count(f.Severity)
	}
	for _, c := range db.Changes {
		r.count(c.Severity)
	}
	r.Breaking = r.Summary.Breaking > 0 || db.Status == DatabaseFailed
	return r
}

func (r *Report) count(s Severity) {
	if s == Breaking {
		r.Summary.Breaking++
	} else {
		r.Summary.NonBreaking++
	}
}

// JSON renders the report as indented JSON ending in a newline.
func (r *Report) JSON() []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		panic(err) // strings, ints and bools only
	}
	return buf.Bytes()
}

// summary is the report's first line, without markup.
func (r *Report) summary() string {
	api, db := 0, 0
	for _, f := range r.API {
		if f.Severity == Breaking {
			api++
		}
	}
	for _, c := range r.Database.Changes {
		if c.Severity == Breaking {
			db++
		}
	}
	s := counted(r.Summary.Breaking, "breaking change", "breaking changes")
	if api > 0 && db > 0 {
		s += fmt.Sprintf(" (%d API, %d database)", api, db)
	}
	s += ", " + counted(r.Summary.NonBreaking, "non-breaking change", "non-breaking changes")
	if r.Database.Status == DatabaseFailed {
		s += "; the database migration fails"
	}
	return s
}

func counted(n int, one, many string) string {
	if n == 0 {
		return "no " + many
	}
	return fmt.Sprintf("%d %s", n, plural(n, one, many))
}

// subject renders a finding's subject with its contexts.
func (f Finding) subject() string {
	if len(f.In) == 0 {
		return f.Subject
	}
	return f.Subject + " (" + strings.Join(f.In, ", ") + ")"
}

// on names what a database change concerns: a table, a column or a
// constraint of it.
func (c Change) on() string {
	switch {
	case c.Column != "":
		return c.Table + "." + c.Column
	case c.Constraint != "":
		return c.Table + " " + c.Constraint
	}
	return c.Table
}

// message says what a database change does: its reason, or else what its
// kind means.
func (c Change) message() string {
	msg := c.Reason
	if msg == "" {
		msg = changeText[c.Kind]
		if msg == "" {
			msg = string(c.Kind)
		}
		if c.From != "" {
			msg += " (was " + c.From + ")"
		}
	}
	if c.Pos != "" {
		msg += " (" + c.Pos + ")"
	}
	return msg
}

var changeText = map[ir.ChangeKind]string{
	ir.CreateTable:    "table created",
	ir.DropTable:      "table dropped",
	ir.RenameTable:    "table renamed",
	ir.AddColumn:      "column added",
	ir.DropColumn:     "column dropped",
	ir.RenameColumn:   "column renamed",
	ir.AlterColumn:    "column altered",
	ir.AddUnique:      "unique constraint added",
	ir.DropUnique:     "unique constraint dropped",
	ir.AddIndex:       "index added",
	ir.DropIndex:      "index dropped",
	ir.AddForeignKey:  "foreign key added",
	ir.DropForeignKey: "foreign key dropped",
	ir.AddCheck:       "check constraint added",
	ir.DropCheck:      "check constraint dropped",
}

// Text renders the report for a terminal.
func (r *Report) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "bgen diff %s -> %s: %s\n", r.Old, r.New, r.summary())
	section := func(title string, rows [][3]string) {
		if len(rows) == 0 {
			return
		}
		fmt.Fprintf(&b, "\n%s:\n", title)
		width := 0
		for _, row := range rows {
			width = max(width, len(row[0]))
		}
		for _, row := range rows {
			fmt.Fprintf(&b, "  %-*s  %s: %s\n", width, row[0], row[1], row[2])
		}
	}
	for _, sev := range []Severity{Breaking, NonBreaking} {
		section("API, "+string(sev), r.apiRows(sev, false))
	}
	if len(r.API) == 0 {
		b.WriteString("\nAPI: no changes\n")
	}
	switch r.Database.Status {
	case DatabaseCompared:
		for _, sev := range []Severity{Breaking, NonBreaking} {
			section("Database, "+string(sev), r.dbRows(sev, false))
		}
		if len(r.Database.Changes) == 0 {
			b.WriteString("\nDatabase: no changes\n")
		}
	default:
		fmt.Fprintf(&b, "\nDatabase: the migration cannot be planned: %s\n", r.Database.Reason)
	}
	return b.String()
}

func (r *Report) apiRows(sev Severity, md bool) [][3]string {
	var rows [][3]string
	for _, f := range r.API {
		if f.Severity != sev {
			continue
		}
		subject := f.subject()
		if md {
			subject = code(f.Subject)
			if len(f.In) > 0 {
				subject += " (" + strings.Join(f.In, ", ") + ")"
			}
		}
		rows = append(rows, [3]string{string(f.Kind), subject, f.Message})
	}
	return rows
}

func (r *Report) dbRows(sev Severity, md bool) [][3]string {
	var rows [][3]string
	for _, c := range r.Database.Changes {
		if c.Severity != sev {
			continue
		}
		on := c.on()
		if md {
			on = code(on)
		}
		rows = append(rows, [3]string{string(c.Kind), on, c.message()})
	}
	return rows
}

// Markdown renders the report for a pull request comment: a summary line,
// a table of the breaking changes of each side, then the non-breaking
// ones, folded.
func (r *Report) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "**bgen diff: %s**\n\n%s → %s\n", r.summary(), code(r.Old), code(r.New))
	table := func(rows [][3]string) {
		b.WriteString("\n| kind | concerns | change |\n|---|---|---|\n")
		for _, row := range rows {
			fmt.Fprintf(&b, "| %s | %s | %s |\n", cell(row[0]), cell(row[1]), cell(row[2]))
		}
	}
	section := func(title string, rows [][3]string, folded bool) {
		if len(rows) == 0 {
			return
		}
		if folded {
			fmt.Fprintf(&b, "\n<details><summary>%s (%d)</summary>\n", title, len(rows))
			table(rows)
			b.WriteString("\n</details>\n")
			return
		}
		fmt.Fprintf(&b, "\n#### %s (%d)\n", title, len(rows))
		table(rows)
	}
	compared := r.Database.Status == DatabaseCompared
	if len(r.API) == 0 {
		b.WriteString("\nNo API changes.\n")
	}
	section("API: breaking", r.apiRows(Breaking, true), false)
	switch {
	case !compared:
		fmt.Fprintf(&b, "\n#### Database\n\nThe migration cannot be planned:\n\n%s\n", fenced(r.Database.Reason))
	case len(r.Database.Changes) == 0:
		b.WriteString("\nNo database changes.\n")
	}
	if compared {
		section("Database: breaking", r.dbRows(Breaking, true), false)
	}
	section("API: non-breaking", r.apiRows(NonBreaking, true), true)
	if compared {
		section("Database: non-breaking", r.dbRows(NonBreaking, true), true)
	}
	return b.String()
}

// cell escapes a table cell's pipes.
func cell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

// fenced renders s as a Markdown code block.
func fenced(s string) string {
	fence := "```"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	return fence + "\n" + strings.TrimRight(s, "\n") + "\n" + fence
}
