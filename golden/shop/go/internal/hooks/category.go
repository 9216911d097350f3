// This file is yours: bgen created it once and never overwrites it.

package hooks

import (
	"context"

	"shop/internal/model"
)

// Category holds the hooks of Category; an error returned aborts the request.
type Category struct{}

// BeforeCreate runs before a row is inserted.
func (Category) BeforeCreate(ctx context.Context, row *model.Category) error {
	return nil
}

// BeforeUpdate runs before a row is written back.
func (Category) BeforeUpdate(ctx context.Context, row *model.Category) error {
	return nil
}

// BeforeDelete runs before a row is deleted.
func (Category) BeforeDelete(ctx context.Context, row model.Category) error {
	return nil
}
