// Your code: bgen wrote this file once and will not touch it again.
//
// GET /reports/sales: Totals for a period
// Return the response body; returning undefined answers 501 Not Implemented.

import type { EndpointContext } from "../api-types.js";
import type { SalesSummaryQuery } from "../schemas/endpoints.schema.js";

export function salesSummary(
  ctx: EndpointContext<Record<string, never>, SalesSummaryQuery, undefined>,
): Promise<unknown> {
  void ctx;
  return Promise.resolve(undefined);
}
