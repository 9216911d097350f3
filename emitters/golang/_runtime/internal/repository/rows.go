package repository

import (
	"context"
	"database/sql"
	"errors"
	"net/http"

	"bgenapp/internal/apierr"
	"bgenapp/internal/database"
)

// getOne runs a query for at most one row.
func getOne[T any](ctx context.Context, tx *database.Tx, query string, scan func(rowScanner) (T, error), args ...any) (T, bool, error) {
	row, err := scan(tx.QueryRow(ctx, query, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return row, false, nil
	}
	return row, err == nil, err
}

// exists reports whether table has a row with id.
func exists(ctx context.Context, tx *database.Tx, table string, id any) (bool, error) {
	var one int
	err := tx.QueryRow(ctx, "SELECT 1 FROM "+quote(table)+" WHERE "+quote("id")+" = ?", id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// deleteRow deletes the row of table with id; a restrict reference is a
// 409 `referenced`.
func deleteRow(ctx context.Context, tx *database.Tx, table string, id any) error {
	_, err := tx.Exec(ctx, "DELETE FROM "+quote(table)+" WHERE "+quote("id")+" = ?", id)
	if v, ok := database.Classify(err); ok && v.Kind == database.ForeignKey {
		return apierr.Conflict("other rows still reference this one", []apierr.FieldError{{Field: "id", Code: "referenced", Message: "is still referenced"}})
	}
	return err
}

// deleteWhere runs a DELETE and reports whether it removed a row.
func deleteWhere(ctx context.Context, tx *database.Tx, query string, args ...any) (bool, error) {
	res, err := tx.Exec(ctx, query, args...)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// RefField names the field behind a foreign key constraint.
type RefField struct {
	Constraint, Field string
}

// writeError maps the error of an INSERT or UPDATE: a unique violation is
// a 409; a foreign key violation (a referenced row deleted meanwhile; the
// normal case is caught before the write) is a 422 `reference`.
func writeError(err error, uniques []UniqueFields, refs []RefField) error {
	if err == nil {
		return nil
	}
	if v, ok := database.Classify(err); ok && v.Kind == database.ForeignKey {
		var errs []apierr.FieldError
		for _, r := range refs {
			if r.Constraint == v.Constraint || v.Constraint == "" && len(refs) == 1 {
				errs = append(errs, apierr.FieldError{Field: r.Field, Code: "reference", Message: "does not exist"})
			}
		}
		if len(errs) == 0 {
			return apierr.New(http.StatusUnprocessableEntity, "a referenced row does not exist")
		}
		return apierr.Invalid(errs)
	}
	return conflict(err, uniques)
}
