// The shape of the user's hooks (src/hooks/<entity>.hooks.ts): optional
// functions the generated handlers call inside the request's transaction.

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
  beforeCreate?(ctx: HookContext, row: Row): Promise<void>;
  afterCreate?(ctx: HookContext, row: Readonly<Row>): Promise<void>;
  beforeUpdate?(ctx: HookContext, row: Row): Promise<void>;
  afterUpdate?(ctx: HookContext, row: Readonly<Row>): Promise<void>;
  beforeDelete?(ctx: HookContext, row: Readonly<Row>): Promise<void>;
  afterDelete?(ctx: HookContext, row: Readonly<Row>): Promise<void>;
}

/** Any entity's hooks, as the handlers hold them. */
export type AnyHooks = Hooks<object>;
