// This file is yours: bgen created it once and never overwrites it.

// Package hooks holds your service hooks; they run inside the request's transaction.
package hooks

import (
	"context"

	"shop/internal/model"
)

// Customer holds the hooks of Customer; an error returned aborts the request.
type Customer struct{}

// BeforeCreate runs before a row is inserted.
func (Customer) BeforeCreate(ctx context.Context, row *model.Customer) error {
	return nil
}

// BeforeUpdate runs before a row is written back.
func (Customer) BeforeUpdate(ctx context.Context, row *model.Customer) error {
	return nil
}

// BeforeDelete runs before a row is deleted.
func (Customer) BeforeDelete(ctx context.Context, row model.Customer) error {
	return nil
}
