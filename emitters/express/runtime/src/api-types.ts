// What a custom endpoint's body (src/custom/<name>.ts) gets.

import type { Tx } from "./db.js";
import type { Caller } from "./runtime/auth.js";

/** A custom endpoint's validated path parameters, query parameters and
 * body (each as its zod schema in src/schemas/endpoints.schema.ts gives
 * it), the caller (undefined when not authenticated) and the request's
 * transaction. */
export interface EndpointContext<
  Params = Readonly<Record<string, unknown>>,
  Query = Readonly<Record<string, unknown>>,
  Body = Readonly<Record<string, unknown>> | undefined,
> {
  readonly params: Params;
  readonly query: Query;
  readonly body: Body;
  readonly caller: Caller | undefined;
  readonly tx: Tx;
}
