// This file is yours: bgen created it once and never overwrites it.

package custom

import (
	"context"

	"shop/internal/model"
)

// FeaturedProducts answers GET /api/products/featured: Products picked for the front page.
// Replace the body; it runs inside the request's transaction (d.Tx).
func FeaturedProducts(ctx context.Context, d Deps, in FeaturedProductsInput) ([]model.Product, error) {
	return nil, NotImplemented()
}
