// Package migrate plans the database schema's history: given the steps
// already written (each with the schema it produced) and the schema the
// spec describes now, it returns the history with a new step when the
// schema changed. It is pure: the snapshots are read and written by the
// caller (internal/cli), and emitters render the steps (emitters/ddl for
// the SQL).
package migrate

import (
	"errors"
	"fmt"

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

func (e *DestructiveError) Error() string {
	return fmt.Sprintf("%d destructive change(s); rerun with --allow-destructive to write them", len(e.Changes))
}

// ErrNotImplemented is returned for a changed schema until the diff lands.
var ErrNotImplemented = errors.New("migrate: incremental migrations are not implemented yet")

// Plan returns the history for schema tables: history itself when the
// last step's schema equals tables, else history plus one new step. With
// no history, the one step creates every table ("0001_initial").
func Plan(history []*ir.Migration, tables []*ir.Table, opts Options) ([]*ir.Migration, error) {
	if len(history) == 0 {
		changes := make([]*ir.Change, 0, len(tables))
		for _, t := range tables {
			changes = append(changes, &ir.Change{Kind: ir.CreateTable, Table: t.Name})
		}
		return []*ir.Migration{{Version: 1, Name: "0001_initial", Summary: "The initial schema.", To: tables, Changes: changes}}, nil
	}
	return nil, ErrNotImplemented
}
