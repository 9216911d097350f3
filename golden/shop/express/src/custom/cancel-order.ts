// Your code: bgen wrote this file once and will not touch it again.
//
// POST /orders/{id}/cancel: Cancel an open order
// Return the response body; returning undefined answers 501 Not Implemented.

import type { EndpointContext } from "../api-types.js";
import type {
  CancelOrderBody,
  CancelOrderParams,
} from "../schemas/endpoints.schema.js";

export function cancelOrder(
  ctx: EndpointContext<
    CancelOrderParams,
    Record<string, never>,
    CancelOrderBody
  >,
): Promise<unknown> {
  void ctx;
  return Promise.resolve(undefined);
}
