// The shapes of the generated route table (src/routes/index.ts) and API
// settings (src/api.ts).

import type { Rule } from "./runtime/auth.js";
import type { EntityMeta, FieldMeta } from "./runtime/meta.js";

export interface ParamDef {
  readonly name: string;
  readonly entity?: EntityMeta;
  readonly field?: FieldMeta;
}

export type RouteDef =
  | { readonly kind: "operation"; readonly method: string; readonly path: string; readonly name: "list" | "get" | "create" | "update" | "delete"; readonly entity: EntityMeta; readonly access: readonly Rule[]; readonly params: readonly ParamDef[] }
  | { readonly kind: "relation"; readonly method: string; readonly path: string; readonly name: string; readonly entity: EntityMeta; readonly target: EntityMeta; readonly relation: RelationDef; readonly access: readonly Rule[]; readonly params: readonly ParamDef[] }
  | { readonly kind: "link" | "unlink"; readonly method: string; readonly path: string; readonly name: string; readonly entity: EntityMeta; readonly target: EntityMeta; readonly relation: RelationDef; readonly access: readonly Rule[]; readonly params: readonly ParamDef[] }
  | { readonly kind: "auth"; readonly method: string; readonly path: string; readonly name: "register" | "login" | "me"; readonly access: readonly Rule[]; readonly params: readonly ParamDef[] }
  | { readonly kind: "endpoint"; readonly method: string; readonly path: string; readonly name: string; readonly entity?: EntityMeta; readonly access: readonly Rule[]; readonly params: readonly ParamDef[]; readonly status: number; readonly handler: EndpointHandler }
  | { readonly kind: "system"; readonly method: string; readonly path: string; readonly name: "health" | "ready" | "openapi"; readonly access: readonly Rule[]; readonly params: readonly ParamDef[] };

/** A relation's read, link or unlink: hasMany reads target rows whose
 * key equals the parent's id; manyToMany goes through a join model;
 * hasOne reads one row. */
export interface RelationDef {
  readonly kind: "hasMany" | "hasOne" | "manyToMany";
  /** hasMany, hasOne: the target's key field name (JSON). */
  readonly key?: string;
  /** manyToMany: the join model's client property and its two fields. */
  readonly join?: { readonly model: string; readonly left: string; readonly right: string };
}

export interface EndpointContext {
  readonly params: Readonly<Record<string, unknown>>;
  readonly query: Readonly<Record<string, unknown>>;
  readonly body: Readonly<Record<string, unknown>> | undefined;
  readonly callerId: string | undefined;
}

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
  readonly routes: readonly RouteDef[];
}
