// List queries (docs/contract.md "Lists", docs/conventions.md "Lists"):
// parsing the query string, then SQL that reads the same on both
// providers, as every target writes it: contains and q are LOWER(column)
// LIKE with an escape, so % and _ are literal; decimals, TEXT on SQLite,
// compare and sort as CAST(column AS REAL); nullable sort keys say NULLS
// FIRST or NULLS LAST; ties go to id ascending.

import type { Provider } from "./codec.js";
import type { EntityMeta, FieldMeta } from "./meta.js";
import { fieldOf } from "./meta.js";
import { badRequest } from "./problem.js";
import {
  canonicalDecimal,
  foldEmail,
  parseDate,
  parseDateTime,
  parseInt64,
  parseUUID,
} from "./validation.js";

/** A value bound to a SQL placeholder. */
export type SqlArg = string | number | bigint | boolean | null;

/** A SQL condition with ? placeholders, and its arguments. */
export interface Condition {
  readonly sql: string;
  readonly args: readonly SqlArg[];
}

export interface SortKey {
  readonly field: FieldMeta;
  readonly desc: boolean;
}

export interface ListQuery {
  readonly conditions: readonly Condition[];
  readonly sort: readonly SortKey[];
  readonly limit: number;
  /** Up to 2^63 - 1: an int like any other. */
  readonly offset: bigint;
}

export interface ListOptions {
  readonly defaultLimit: number;
  readonly maxLimit: number;
}

/** The contract's limits on list parameters. */
const MAX_FREE_TEXT = 256;
const MAX_IN_VALUES = 100;

export function quoteIdent(ident: string): string {
  return '"' + ident.replace(/"/g, '""') + '"';
}

/** Splits a raw query string into its parameters, in order. A malformed
 * percent escape or a raw ';' is a 400. */
export function parseQueryString(raw: string): [string, string][] {
  const out: [string, string][] = [];
  if (raw === "") return out;
  if (raw.includes(";")) throw badRequest("the query string is malformed");
  for (const part of raw.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const decode = (s: string): string => {
      try {
        return decodeURIComponent(s.replace(/\+/g, " "));
      } catch {
        throw badRequest("the query string is malformed");
      }
    };
    out.push(
      eq < 0
        ? [decode(part), ""]
        : [decode(part.slice(0, eq)), decode(part.slice(eq + 1))],
    );
  }
  return out;
}

/** The parameters by name; a name given twice is a 400. */
export function uniqueParams(
  params: readonly (readonly [string, string])[],
): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of params) {
    if (out.has(k))
      throw badRequest(`query parameter "${k}" is given more than once`);
    out.set(k, v);
  }
  return out;
}

/** A filter value as the column compares it, or undefined if it does not
 * parse as the field's type. */
function filterValue(f: FieldMeta, s: string): SqlArg | undefined {
  switch (f.type) {
    case "int":
      return parseInt64(s);
    case "float": {
      if (!/^-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$/.test(s)) return undefined;
      const n = Number(s);
      return Number.isFinite(n) ? n : undefined;
    }
    case "decimal": {
      const d = canonicalDecimal(s, f.precision ?? 18, f.scale ?? 2);
      return d === "overflow" ? undefined : d;
    }
    case "bool":
      return s === "true" ? true : s === "false" ? false : undefined;
    case "date":
      return parseDate(s);
    case "datetime":
      return parseDateTime(s);
    case "uuid":
      return parseUUID(s);
    case "enum":
      return (f.values ?? []).includes(s) ? s : undefined;
    case "email":
      return s.includes("\u0000") ? undefined : foldEmail(s);
    default:
      // PostgreSQL's text cannot hold U+0000, so no target takes it.
      return s.includes("\u0000") ? undefined : s;
  }
}

/** Refuses a q or contains value that is too long or holds U+0000. */
function freeText(param: string, v: string): void {
  if ([...v].length > MAX_FREE_TEXT)
    throw badRequest(
      `${param} is longer than ${String(MAX_FREE_TEXT)} characters`,
    );
  if (v.includes("\u0000")) throw badRequest(`${param} must not contain NUL`);
}

/** Matches s anywhere, case-insensitively, with % and _ taken literally. */
function likePattern(s: string): string {
  return "%" + s.toLowerCase().replace(/[\\%_]/g, (c) => "\\" + c) + "%";
}

/** The SQL expression of f's column: decimals compare as numbers on SQLite. */
function columnExpr(p: Provider, f: FieldMeta): string {
  const col = quoteIdent(f.column);
  return f.type === "decimal" && p === "sqlite" ? `CAST(${col} AS REAL)` : col;
}

function placeholder(p: Provider, f: FieldMeta): string {
  return f.type === "decimal" && p === "sqlite" ? "CAST(? AS REAL)" : "?";
}

function likeCondition(f: FieldMeta, needle: string): Condition {
  return {
    sql: `LOWER(${quoteIdent(f.column)}) LIKE ? ESCAPE '\\'`,
    args: [likePattern(needle)],
  };
}

const COMPARISONS: Readonly<Record<string, string>> = {
  eq: "=",
  ne: "<>",
  gt: ">",
  gte: ">=",
  lt: "<",
  lte: "<=",
};

/** One filter parameter (name or name[op]) as a condition. */
function filterCondition(
  e: EntityMeta,
  p: Provider,
  param: string,
  value: string,
): Condition {
  const m = /^([^[\]]+)(?:\[([^[\]]+)\])?$/.exec(param);
  const filter =
    m === null ? undefined : e.filters.find((x) => x.param === m[1]);
  const op = m?.[2] ?? "eq";
  if (filter === undefined || (op !== "eq" && !filter.ops.includes(op))) {
    throw badRequest(`unknown query parameter "${param}"`);
  }
  const f = fieldOf(e, filter.field);
  const one = (s: string): SqlArg => {
    const v = filterValue(f, s);
    if (v === undefined) throw badRequest(`${param} has a malformed value`);
    return v;
  };
  switch (op) {
    case "isNull":
      if (value !== "true" && value !== "false")
        throw badRequest(`${param} must be true or false`);
      return {
        sql: `${quoteIdent(f.column)} IS ${value === "true" ? "NULL" : "NOT NULL"}`,
        args: [],
      };
    case "contains":
      freeText(param, value);
      return likeCondition(f, value);
    case "in": {
      const parts = value.split(",");
      if (parts.length > MAX_IN_VALUES)
        throw badRequest(
          `${param} has more than ${String(MAX_IN_VALUES)} values`,
        );
      const args = parts.map(one);
      return {
        sql: `${columnExpr(p, f)} IN (${args.map(() => placeholder(p, f)).join(", ")})`,
        args,
      };
    }
  }
  const cmp = COMPARISONS[op];
  if (cmp === undefined) throw badRequest(`unknown query parameter "${param}"`);
  return {
    sql: `${columnExpr(p, f)} ${cmp} ${placeholder(p, f)}`,
    args: [one(value)],
  };
}

/** Reads limit, offset, sort, q and e's filters; any other, repeated or
 * malformed parameter is a 400. */
export function parseList(
  e: EntityMeta,
  p: Provider,
  params: readonly (readonly [string, string])[],
  o: ListOptions,
): ListQuery {
  const conditions: Condition[] = [];
  let limit = o.defaultLimit;
  let offset = 0n;
  let terms: { name: string; desc: boolean }[] = e.defaultSort.map((k) => ({
    name: k.field,
    desc: k.desc,
  }));
  for (const [name, value] of uniqueParams(params)) {
    switch (name) {
      case "limit": {
        const n = parseInt64(value);
        if (n === undefined || n < 1n || n > BigInt(o.maxLimit))
          throw badRequest(
            `limit must be an integer from 1 to ${String(o.maxLimit)}`,
          );
        limit = Number(n);
        continue;
      }
      case "offset": {
        const n = parseInt64(value);
        if (n === undefined || n < 0n)
          throw badRequest("offset must be an integer >= 0");
        offset = n;
        continue;
      }
      case "sort":
        // An empty sort names no field: a 400 below.
        terms = value
          .split(",")
          .map((t) =>
            t.startsWith("-")
              ? { name: t.slice(1), desc: true }
              : { name: t, desc: false },
          );
        continue;
      case "q":
        if (e.search.length > 0) {
          freeText(name, value);
          const alts = e.search.map((s) => likeCondition(fieldOf(e, s), value));
          conditions.push({
            sql: "(" + alts.map((c) => c.sql).join(" OR ") + ")",
            args: alts.flatMap((c) => c.args),
          });
          continue;
        }
    }
    conditions.push(filterCondition(e, p, name, value));
  }
  const sort = terms.map((t) => {
    if (!e.sort.includes(t.name))
      throw badRequest(`cannot sort by "${t.name}"`);
    return { field: fieldOf(e, t.name), desc: t.desc };
  });
  if (!sort.some((k) => k.field.kind === "id"))
    sort.push({ field: fieldOf(e, "id"), desc: false });
  return { conditions, sort, limit, offset };
}

/** The WHERE clause (empty without conditions) and its arguments. */
export function whereClause(conditions: readonly Condition[]): Condition {
  if (conditions.length === 0) return { sql: "", args: [] };
  return {
    sql: " WHERE " + conditions.map((c) => c.sql).join(" AND "),
    args: conditions.flatMap((c) => c.args),
  };
}

/** The ORDER BY clause of q's sort keys. */
export function orderClause(p: Provider, sort: readonly SortKey[]): string {
  const keys = sort.map(({ field, desc }) => {
    const col = columnExpr(p, field);
    if (field.optional)
      return desc ? `${col} DESC NULLS LAST` : `${col} ASC NULLS FIRST`;
    return desc ? `${col} DESC` : `${col} ASC`;
  });
  return " ORDER BY " + keys.join(", ");
}
