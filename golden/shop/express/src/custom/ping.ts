// Your code: bgen wrote this file once and will not touch it again.
//
// POST /ping: Accepts a ping and answers nothing
// Return null once written (the answer is 204 No Content); returning undefined
// answers 501 Not Implemented.

import type { EndpointContext } from "../api-types.js";

export function ping(
  ctx: EndpointContext<Record<string, never>, Record<string, never>, undefined>,
): Promise<unknown> {
  void ctx;
  return Promise.resolve(undefined);
}
