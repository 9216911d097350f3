// Your code: bgen wrote this file once and will not touch it again.
//
// POST /ping: Accepts a ping and answers nothing
// Return the response body; returning undefined answers 501 Not Implemented.

import type { EndpointContext } from "../api-types.js";

export function ping(ctx: EndpointContext): Promise<unknown> {
  void ctx;
  return Promise.resolve(undefined);
}
