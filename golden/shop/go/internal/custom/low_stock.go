// This file is yours: bgen created it once and never overwrites it.

package custom

import (
	"context"

	"shop/internal/model"
)

// LowStock answers GET /api/reports/low-stock: Products whose stock is below a threshold.
// Replace the body; it runs inside the request's transaction (d.Tx).
func LowStock(ctx context.Context, d Deps, in LowStockInput) ([]model.Product, error) {
	return nil, NotImplemented()
}
