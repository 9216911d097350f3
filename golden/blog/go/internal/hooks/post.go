// This file is yours: bgen created it once and never overwrites it.

package hooks

import (
	"context"

	"blog/internal/model"
)

// Post holds the hooks of Post; an error returned aborts the request.
type Post struct{}

// BeforeCreate runs before a row is inserted.
func (Post) BeforeCreate(ctx context.Context, row *model.Post) error {
	return nil
}

// BeforeUpdate runs before a row is written back.
func (Post) BeforeUpdate(ctx context.Context, row *model.Post) error {
	return nil
}

// BeforeDelete runs before a row is deleted.
func (Post) BeforeDelete(ctx context.Context, row model.Post) error {
	return nil
}
