// This file is yours: bgen created it once and never overwrites it.

package custom

import "context"

// SalesSummary answers GET /api/reports/sales: Totals for a period.
// Replace the body; it runs inside the request's transaction (d.Tx).
func SalesSummary(ctx context.Context, d Deps, in SalesSummaryInput) (SalesSummaryOutput, error) {
	return SalesSummaryOutput{}, NotImplemented()
}
