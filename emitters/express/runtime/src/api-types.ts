// The shapes of the generated API description (src/api.ts): settings and
// the route table.

import type { Tx } from "./db.js";
import type { Caller, Rule } from "./runtime/auth.js";
import type { EntityMeta, FieldMeta } from "./runtime/meta.js";

export interface ParamDef {
  readonly name: string;
  /** The entity whose id the parameter names: a value that does not parse is a 404. */
  readonly entity?: EntityMeta;
  /** A custom endpoint's declared parameter: a value that fails it is a 422. */
  readonly field?: FieldMeta;
}

interface RouteBase {
  readonly method: string;
  readonly path: string;
  /** Every rule must hold (a sub-resource read needs the parent's and the target's). */
  readonly access: readonly Rule[];
  readonly params: readonly ParamDef[];
}

export type RouteDef =
  | (RouteBase & { readonly kind: "operation"; readonly name: "list" | "get" | "create" | "update" | "delete"; readonly entity: EntityMeta })
  | (RouteBase & { readonly kind: "relation" | "link" | "unlink"; readonly name: string; readonly entity: EntityMeta; readonly target: EntityMeta; readonly relation: RelationDef })
  | (RouteBase & { readonly kind: "auth"; readonly name: "register" | "login" | "me" })
  | (RouteBase & { readonly kind: "system"; readonly name: "health" | "ready" | "openapi" })
  | EndpointRoute;

export type EndpointRoute = RouteBase & {
  readonly kind: "endpoint";
  readonly name: string;
  readonly query: readonly FieldMeta[];
  /** The body's fields; absent when the endpoint takes no body. */
  readonly body?: readonly FieldMeta[];
  /** The entity whose row entityParam names, for an owner rule. */
  readonly entity?: EntityMeta;
  readonly entityParam?: string;
  readonly status: number;
  readonly handler: EndpointHandler;
};

/** A relation's read, link or unlink: hasMany and hasOne read the target
 * rows whose key equals the parent's id; manyToMany goes through a join
 * table. */
export interface RelationDef {
  readonly kind: "hasMany" | "hasOne" | "manyToMany";
  /** hasMany, hasOne: the target's key field (JSON name). */
  readonly key?: string;
  /** manyToMany: the join table and its columns for this side and the target. */
  readonly join?: { readonly table: string; readonly left: string; readonly right: string };
}

/** What a custom endpoint's body gets: its validated inputs, the caller
 * (undefined when not authenticated) and the request's transaction. */
export interface EndpointContext {
  readonly params: Readonly<Record<string, unknown>>;
  readonly query: Readonly<Record<string, unknown>>;
  readonly body: Readonly<Record<string, unknown>> | undefined;
  readonly caller: Caller | undefined;
  readonly tx: Tx;
}

/** A custom endpoint's body: it returns the response body, or undefined
 * while it is not implemented (a 501). */
export type EndpointHandler = (ctx: EndpointContext) => Promise<unknown>;

export interface AuthDef {
  readonly entity: EntityMeta;
  readonly identity: string;
  readonly password: string;
  readonly roleField?: string;
  readonly register: readonly string[];
  readonly ttlSeconds: number;
}

export interface ApiDef {
  readonly name: string;
  readonly version: string;
  readonly basePath: string;
  readonly defaultLimit: number;
  readonly maxLimit: number;
  readonly maxBodyBytes: number;
  readonly corsOrigins: readonly string[];
  readonly auth?: AuthDef;
  /** Every entity, in spec order. */
  readonly entities: readonly EntityMeta[];
  readonly routes: readonly RouteDef[];
}
