// Conversion between wire values (validation.ts's Wire) and what the
// Prisma client of each provider reads and writes, keeping
// docs/conventions.md's storage: on SQLite date, datetime, decimal, uuid
// and json are TEXT in their canonical form; on PostgreSQL they are
// native (DateTime, Decimal, jsonb). A json value is read as its JSON
// text on both (the handlers read jsonb as text), so that integers keep
// every digit.

import { parseJson, stringify } from "./json.js";
import { formatDateTime } from "./validation.js";
import type { FieldMeta } from "./meta.js";

export type Provider = "sqlite" | "postgres";

/** A value as the Prisma client takes or gives it. */
export type DbValue = string | number | bigint | boolean | Date | null | object;

interface DecimalLike {
  toFixed(dp: number): string;
}

function isDecimalLike(v: unknown): v is DecimalLike {
  return (
    typeof v === "object" &&
    v !== null &&
    "toFixed" in v &&
    typeof (v as DecimalLike).toFixed === "function"
  );
}

/** A wire value to the client's value for field f. */
export function toDb(p: Provider, f: FieldMeta, v: unknown): DbValue {
  if (v === null || v === undefined) return null;
  switch (f.type) {
    case "int":
      return typeof v === "bigint" ? v : BigInt(String(v));
    case "float":
      return Number(v);
    case "bool":
      return Boolean(v);
    case "json":
      // The TEXT column on SQLite; on PostgreSQL the handlers write it
      // into jsonb by SQL.
      return stringify(v);
    case "date":
      return p === "sqlite"
        ? String(v)
        : new Date(String(v) + "T00:00:00.000Z");
    case "datetime":
      return p === "sqlite" ? String(v) : new Date(String(v));
    default:
      return String(v);
  }
}

/** The client's value for field f to its wire value. */
export function fromDb(f: FieldMeta, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  switch (f.type) {
    case "int":
      return typeof v === "bigint" ? v : BigInt(String(v));
    case "float":
      return Number(v);
    case "bool":
      return v === true || v === 1 || v === 1n;
    case "decimal":
      if (isDecimalLike(v)) return v.toFixed(f.scale ?? 2);
      return String(v);
    case "date":
      return v instanceof Date ? formatDateTime(v).slice(0, 10) : String(v);
    case "datetime":
      return v instanceof Date ? formatDateTime(v) : String(v);
    case "json":
      return parseJson(String(v), Infinity);
    default:
      return v;
  }
}
