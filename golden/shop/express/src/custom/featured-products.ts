// Your code: bgen wrote this file once and will not touch it again.
//
// GET /products/featured: Products picked for the front page
// Return the response body; returning undefined answers 501 Not Implemented.

import type { EndpointContext } from "../api-types.js";

export function featuredProducts(
  ctx: EndpointContext<Record<string, never>, Record<string, never>, undefined>,
): Promise<unknown> {
  void ctx;
  return Promise.resolve(undefined);
}
