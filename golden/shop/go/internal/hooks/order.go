// This file is yours: bgen created it once and never overwrites it.

package hooks

import (
	"context"

	"shop/internal/model"
)

// Order holds the hooks of Order; an error returned aborts the request.
type Order struct{}

// BeforeCreate runs before a row is inserted.
func (Order) BeforeCreate(ctx context.Context, row *model.Order) error {
	return nil
}

// BeforeUpdate runs before a row is written back.
func (Order) BeforeUpdate(ctx context.Context, row *model.Order) error {
	return nil
}

// BeforeDelete runs before a row is deleted.
func (Order) BeforeDelete(ctx context.Context, row model.Order) error {
	return nil
}
