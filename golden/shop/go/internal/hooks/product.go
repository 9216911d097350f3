// This file is yours: bgen created it once and never overwrites it.

package hooks

import (
	"context"

	"shop/internal/model"
)

// Product holds the hooks of Product; an error returned aborts the request.
type Product struct{}

// BeforeCreate runs before a row is inserted.
func (Product) BeforeCreate(ctx context.Context, row *model.Product) error {
	return nil
}

// BeforeUpdate runs before a row is written back.
func (Product) BeforeUpdate(ctx context.Context, row *model.Product) error {
	return nil
}

// BeforeDelete runs before a row is deleted.
func (Product) BeforeDelete(ctx context.Context, row model.Product) error {
	return nil
}
