// List query parsing (docs/contract.md "Lists", docs/conventions.md
// "Lists") into a Prisma where and orderBy.

import type { Provider } from "./codec.js";
import { toDb } from "./codec.js";
import { JsonNumber } from "./json.js";
import type { EntityMeta, FieldMeta } from "./meta.js";
import { fieldOf } from "./meta.js";
import { badRequest } from "./problem.js";
import { checkValue, foldEmail } from "./validation.js";
import type { FieldError } from "./problem.js";

export type Where = Record<string, unknown>;
export type OrderBy = Record<string, "asc" | "desc" | { sort: "asc" | "desc"; nulls: "first" | "last" }>;

export interface ListQuery {
  where: Where[];
  orderBy: OrderBy[];
  limit: number;
  offset: number;
}

const OPS = new Set(["ne", "gt", "gte", "lt", "lte", "in", "contains", "isNull"]);

/** Splits a raw query string, refusing malformed escapes, raw ';' and
 * repeated names. */
export function parseQueryString(raw: string): Map<string, string> {
  const out = new Map<string, string>();
  if (raw === "") return out;
  if (raw.includes(";")) throw badRequest("malformed query string");
  for (const part of raw.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const rk = eq < 0 ? part : part.slice(0, eq);
    const rv = eq < 0 ? "" : part.slice(eq + 1);
    let k: string, v: string;
    try {
      k = decodeURIComponent(rk.replace(/\+/g, " "));
      v = decodeURIComponent(rv.replace(/\+/g, " "));
    } catch {
      throw badRequest("malformed query string");
    }
    if (out.has(k)) throw badRequest(`query parameter ${k} is given more than once`);
    out.set(k, v);
  }
  return out;
}

function parseInt64(s: string, name: string): bigint {
  if (!/^-?[0-9]+$/.test(s)) throw badRequest(`${name} must be an integer`);
  const n = BigInt(s);
  if (n < -(2n ** 63n) || n > 2n ** 63n - 1n) throw badRequest(`${name} must be an integer`);
  return n;
}

/** Parses one filter value by the field's type; a bad value is a 400. */
export function filterValue(f: FieldMeta, s: string, param: string): unknown {
  if (s.length > 256 && f.type !== "int") throw badRequest(`${param} is too long`);
  if (s.includes("\u0000")) throw badRequest(`${param} must not contain the NUL character`);
  const errors: FieldError[] = [];
  let v: unknown;
  switch (f.type) {
    case "int":
      return parseInt64(s, param);
    case "float":
    case "decimal":
      if (!/^-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$/.test(s)) throw badRequest(`${param} must be a number`);
      v = new JsonNumber(s);
      break;
    case "bool":
      if (s !== "true" && s !== "false") throw badRequest(`${param} must be true or false`);
      return s === "true";
    case "email":
      v = foldEmail(s);
      break;
    default:
      v = s;
  }
  const bare: FieldMeta = { name: f.name, key: f.key, type: f.type, kind: f.kind, optional: f.optional, required: false, values: f.values, precision: f.precision, scale: f.scale };
  const r = checkValue(bare, v as string, errors);
  if (!r.ok) throw badRequest(`${param} is not a valid ${f.type}`);
  return r.value;
}

export interface ListOptions {
  defaultLimit: number;
  maxLimit: number;
}

export function parseList(e: EntityMeta, p: Provider, q: Map<string, string>, o: ListOptions): ListQuery {
  const where: Where[] = [];
  let limit = o.defaultLimit;
  let offset = 0;
  let sortKeys = e.defaultSort.map((k) => ({ ...k }));
  for (const [name, value] of q) {
    if (name === "limit") {
      if (!/^[0-9]+$/.test(value)) throw badRequest("limit must be an integer between 1 and " + String(o.maxLimit));
      const n = Number(value);
      if (n < 1 || n > o.maxLimit) throw badRequest("limit must be an integer between 1 and " + String(o.maxLimit));
      limit = n;
      continue;
    }
    if (name === "offset") {
      const n = parseInt64(value, "offset");
      if (n < 0n) throw badRequest("offset must be a non-negative integer");
      if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw badRequest("offset is too large");
      offset = Number(n);
      continue;
    }
    if (name === "sort") {
      if (value === "") throw badRequest("sort must name fields");
      sortKeys = value.split(",").map((t) => {
        const desc = t.startsWith("-");
        const field = desc ? t.slice(1) : t;
        if (!e.sort.includes(field)) throw badRequest(`cannot sort by ${field}`);
        return { field, desc };
      });
      continue;
    }
    if (name === "q" && e.search.length > 0) {
      if ([...value].length > 256) throw badRequest("q is too long");
      if (value.includes("\u0000")) throw badRequest("q must not contain the NUL character");
      where.push({ OR: e.search.map((s) => ({ [fieldOf(e, s).key]: contains(p, value) })) });
      continue;
    }
    const m = /^([^[\]]+)(?:\[([^[\]]+)\])?$/.exec(name);
    const filter = m ? e.filters.find((x) => x.param === m[1]) : undefined;
    const op = m?.[2] ?? "eq";
    if (!m || filter === undefined || (op !== "eq" && (!OPS.has(op) || !filter.ops.includes(op)))) {
      throw badRequest(`unknown query parameter ${name}`);
    }
    const f = fieldOf(e, filter.field);
    const key = f.key;
    const one = (s: string): unknown => toDb(p, f, filterValue(f, s, name));
    switch (op) {
      case "eq":
        where.push({ [key]: one(value) });
        break;
      case "ne":
        where.push({ NOT: { [key]: one(value) } });
        break;
      case "gt":
      case "gte":
      case "lt":
      case "lte":
        where.push({ [key]: { [op]: one(value) } });
        break;
      case "in": {
        const parts = value.split(",");
        if (parts.length > 100) throw badRequest(`${name} takes at most 100 values`);
        where.push({ [key]: { in: parts.map(one) } });
        break;
      }
      case "contains":
        if ([...value].length > 256) throw badRequest(`${name} is too long`);
        if (value.includes("\u0000")) throw badRequest(`${name} must not contain the NUL character`);
        where.push({ [key]: contains(p, f.type === "email" ? foldEmail(value) : value) });
        break;
      case "isNull":
        if (value !== "true" && value !== "false") throw badRequest(`${name} must be true or false`);
        where.push(value === "true" ? { [key]: null } : { NOT: { [key]: null } });
        break;
    }
  }
  const orderBy: OrderBy[] = [];
  let hasId = false;
  for (const k of sortKeys) {
    const f = fieldOf(e, k.field);
    if (f.kind === "id") hasId = true;
    const sort = k.desc ? "desc" : "asc";
    orderBy.push({ [f.key]: f.optional ? { sort, nulls: k.desc ? "last" : "first" } : sort });
    if (f.kind === "id") break;
  }
  if (!hasId) orderBy.push({ [fieldOf(e, "id").key]: "asc" });
  return { where, orderBy, limit, offset };
}

function contains(p: Provider, s: string): Record<string, string> {
  return p === "postgres" ? { contains: s, mode: "insensitive" } : { contains: s };
}
