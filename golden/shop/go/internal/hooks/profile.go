// This file is yours: bgen created it once and never overwrites it.

package hooks

import (
	"context"

	"shop/internal/model"
)

// Profile holds the hooks of Profile; an error returned aborts the request.
type Profile struct{}

// BeforeCreate runs before a row is inserted.
func (Profile) BeforeCreate(ctx context.Context, row *model.Profile) error {
	return nil
}

// BeforeUpdate runs before a row is written back.
func (Profile) BeforeUpdate(ctx context.Context, row *model.Profile) error {
	return nil
}

// BeforeDelete runs before a row is deleted.
func (Profile) BeforeDelete(ctx context.Context, row model.Profile) error {
	return nil
}
