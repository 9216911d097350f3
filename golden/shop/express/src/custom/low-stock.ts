// Your code: bgen wrote this file once and will not touch it again.
//
// GET /reports/low-stock: Products whose stock is below a threshold
// Return the response body; returning undefined answers 501 Not Implemented.

import type { EndpointContext } from "../api-types.js";

export function lowStock(ctx: EndpointContext): Promise<unknown> {
  void ctx;
  return Promise.resolve(undefined);
}
