// This file is yours: bgen created it once and never overwrites it.

// Package hooks holds your service hooks; they run inside the request's transaction.
package hooks

import (
	"context"

	"blog/internal/model"
)

// User holds the hooks of User; an error returned aborts the request.
type User struct{}

// BeforeCreate runs before a row is inserted.
func (User) BeforeCreate(ctx context.Context, row *model.User) error {
	return nil
}

// BeforeUpdate runs before a row is written back.
func (User) BeforeUpdate(ctx context.Context, row *model.User) error {
	return nil
}

// BeforeDelete runs before a row is deleted.
func (User) BeforeDelete(ctx context.Context, row model.User) error {
	return nil
}
