// This file is yours: bgen created it once and never overwrites it.

package hooks

import (
	"context"

	"shop/internal/model"
)

// Label holds the hooks of Label; an error returned aborts the request.
type Label struct{}

// BeforeCreate runs before a row is inserted.
func (Label) BeforeCreate(ctx context.Context, row *model.Label) error {
	return nil
}

// BeforeUpdate runs before a row is written back.
func (Label) BeforeUpdate(ctx context.Context, row *model.Label) error {
	return nil
}

// BeforeDelete runs before a row is deleted.
func (Label) BeforeDelete(ctx context.Context, row model.Label) error {
	return nil
}
