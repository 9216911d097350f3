// This file is yours: bgen created it once and never overwrites it.

package hooks

import (
	"context"

	"blog/internal/model"
)

// Tag holds the hooks of Tag; an error returned aborts the request.
type Tag struct{}

// BeforeCreate runs before a row is inserted.
func (Tag) BeforeCreate(ctx context.Context, row *model.Tag) error {
	return nil
}

// BeforeUpdate runs before a row is written back.
func (Tag) BeforeUpdate(ctx context.Context, row *model.Tag) error {
	return nil
}

// BeforeDelete runs before a row is deleted.
func (Tag) BeforeDelete(ctx context.Context, row model.Tag) error {
	return nil
}
