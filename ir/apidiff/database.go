package apidiff

import (
	"bytes"
	"encoding/json"
	"path"
	"path/filepath"
	"slices"

	"github.com/bgen-dev/bgen/ir"
	"github.com/bgen-dev/bgen/ir/migrate"
)

// DatabaseStatus says whether the two schemas were compared.
type DatabaseStatus string

const (
	// DatabaseCompared: Changes holds every step between the schemas.
	DatabaseCompared DatabaseStatus = "compared"
	// DatabaseFailed: the planner refused the change (a renamedFrom naming
	// nothing, say); Reason is its error. bgen build would refuse it too,
	// so it counts as breaking.
	DatabaseFailed DatabaseStatus = "failed"
)

// Database is the database side of a report.
type Database struct {
	Status DatabaseStatus `json:"status"`
	Reason string         `json:"reason,omitempty"`
	// Changes are the steps of the migration from the old schema to the
	// new, destructive (breaking) ones first, each group in the planner's
	// order. Empty unless Status is compared.
	Changes []Change `json:"changes"`
}

// Change is one step of the migration, as ir.Change has it.
type Change struct {
	// Severity is breaking for a destructive change (ir.Change.Destructive).
	Severity   Severity      `json:"severity"`
	Kind       ir.ChangeKind `json:"kind"`
	Table      string        `json:"table"`
	From       string        `json:"from,omitempty"`
	Column     string        `json:"column,omitempty"`
	Constraint string        `json:"constraint,omitempty"`
	Reason     string        `json:"reason,omitempty"`
	Pos        string        `json:"pos,omitempty"`
}

// CompareDatabase plans the migration from schema old to schema new as a
// build would (ir/migrate.Plan, destructive changes allowed) from a history
// whose one step created old, and returns its changes.
func CompareDatabase(old, new []*ir.Table) Database {
	history, err := migrate.Plan(nil, old, migrate.Options{AllowDestructive: true})
	if err != nil {
		return failed(err)
	}
	return CompareHistory(history, new)
}

// CompareHistory plans the step a build would add to history (an output
// directory's, say) for schema new, destructive changes allowed, and
// returns its changes.
func CompareHistory(history []*ir.Migration, new []*ir.Table) Database {
	db := Database{Status: DatabaseCompared, Changes: []Change{}}
	if len(history) > 0 && sameSchema(history[len(history)-1].To, new) {
		return db
	}
	steps, err := migrate.Plan(history, new, migrate.Options{AllowDestructive: true})
	if err != nil {
		return failed(err)
	}
	if len(steps) > len(history) {
		for _, c := range steps[len(steps)-1].Changes {
			db.Changes = append(db.Changes, change(c))
		}
	}
	slices.SortStableFunc(db.Changes, func(a, b Change) int { return rank(a.Severity) - rank(b.Severity) })
	return db
}

func failed(err error) Database {
	return Database{Status: DatabaseFailed, Reason: err.Error(), Changes: []Change{}}
}

// InDir returns db with each change's position, relative to the new
// spec's directory ("api.cue:12:5"), made relative to the directory that
// holds it instead: dir is the new spec's directory as seen from there
// ("specs/v2" gives "specs/v2/api.cue:12:5"). "" and "." change nothing.
func (db Database) InDir(dir string) Database {
	if dir == "" || dir == "." {
		return db
	}
	out := db
	out.Changes = make([]Change, len(db.Changes))
	for i, c := range db.Changes {
		if c.Pos != "" && !path.IsAbs(c.Pos) && !filepath.IsAbs(c.Pos) {
			c.Pos = path.Join(filepath.ToSlash(dir), c.Pos)
		}
		out.Changes[i] = c
	}
	return out
}

func change(c *ir.Change) Change {
	sev := NonBreaking
	if c.Destructive {
		sev = Breaking
	}
	return Change{Severity: sev, Kind: c.Kind, Table: c.Table, From: c.From, Column: c.Column,
		Constraint: c.Constraint, Reason: c.Reason, Pos: c.Pos}
}

// sameSchema reports whether two schemas are the same, as their snapshots
// would record them (a schema read back from JSON equals the one it was
// written from).
func sameSchema(a, b []*ir.Table) bool {
	ja, errA := json.Marshal(a)
	jb, errB := json.Marshal(b)
	return errA == nil && errB == nil && bytes.Equal(ja, jb)
}
