// This file is yours: bgen created it once and never overwrites it.

package custom

import "context"

// Ping answers POST /api/ping: Accepts a ping and answers nothing.
// Replace the body; it runs inside the request's transaction (d.Tx).
func Ping(ctx context.Context, d Deps, in PingInput) error {
	return NotImplemented()
}
