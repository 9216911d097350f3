// The shape of the user's hooks (src/hooks/<entity>.hooks.ts): optional
// functions the services call inside the request's transaction.

import type { Tx } from "./db.js";
import type { Caller } from "./runtime/auth.js";

export interface HookContext {
  /** The request's transaction: every model of the Prisma client. */
  readonly tx: Tx;
  /** The authenticated caller, if the request carried a valid token. */
  readonly caller: Caller | undefined;
}

/** Hooks around one entity's writes. Before-hooks may change row; a
 * thrown HttpError refuses the write and rolls the transaction back. */
export interface Hooks<Row extends object> {
  /** row holds the client's fields and the server's defaults; the id is
   * not there yet where the database assigns it. */
  beforeCreate?(ctx: HookContext, row: Partial<Row>): Promise<void>;
  afterCreate?(ctx: HookContext, row: Readonly<Row>): Promise<void>;
  beforeUpdate?(ctx: HookContext, row: Row): Promise<void>;
  afterUpdate?(ctx: HookContext, row: Readonly<Row>): Promise<void>;
  beforeDelete?(ctx: HookContext, row: Readonly<Row>): Promise<void>;
  afterDelete?(ctx: HookContext, row: Readonly<Row>): Promise<void>;
}
