// Your code: bgen wrote this file once and will not touch it again.
//
// GET /reports/low-stock: Products whose stock is below a threshold
// Return the response body; returning undefined answers 501 Not Implemented.

import type { EndpointContext } from "../api-types.js";
import type { LowStockQuery } from "../schemas/endpoints.schema.js";

export function lowStock(
  ctx: EndpointContext<Record<string, never>, LowStockQuery, undefined>,
): Promise<unknown> {
  void ctx;
  return Promise.resolve(undefined);
}
