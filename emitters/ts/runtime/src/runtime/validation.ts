// Request-body validation with the contract's error codes, in the order
// docs/conventions.md fixes: unknown, readOnly, immutable, required, type,
// enum, format, min, max, minLength, maxLength, pattern; known fields in
// resource order, then unknown names sorted by code point.

import { JsonNumber, hasDuplicates, isObject, toPlain } from "./json.js";
import type { JsonObject, JsonValue } from "./json.js";
import type { EntityMeta, FieldMeta } from "./meta.js";
import { invalid } from "./problem.js";
import type { FieldError } from "./problem.js";

/** A validated value as it travels on the wire: strings for decimal, date,
 * datetime and uuid (canonical), bigint for int, plain JSON for json. */
export type Wire = string | number | bigint | boolean | null | unknown;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** The email rule: one @, non-empty local part, a dotted domain, no
 * spaces or control characters, at most 254 characters. */
export function isEmail(s: string): boolean {
  if (s.length > 254 || /[\s\p{Cc}]/u.test(s)) return false;
  const at = s.indexOf("@");
  if (at <= 0 || at !== s.lastIndexOf("@")) return false;
  const domain = s.slice(at + 1);
  const dot = domain.indexOf(".");
  return dot > 0 && dot < domain.length - 1 && !domain.includes("..");
}

export function isURL(s: string): boolean {
  if (/[\s\p{Cc}]/u.test(s)) return false;
  try {
    const u = new URL(s);
    return (u.protocol === "http:" || u.protocol === "https:") && u.hostname !== "";
  } catch {
    return false;
  }
}

/** Lower-cases ASCII letters only. */
export function foldEmail(s: string): string {
  return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** Exact value of a JSON number as an integer, or undefined. */
export function exactInt(text: string): bigint | undefined {
  const m = /^(-?)([0-9]+)(?:\.([0-9]+))?(?:[eE]([+-]?[0-9]+))?$/.exec(text);
  if (!m) return undefined;
  const sign = m[1] ?? "";
  let digits = (m[2] ?? "") + (m[3] ?? "");
  let exp = Number(m[4] ?? "0") - (m[3] ?? "").length;
  if (Math.abs(exp) > 400) {
    if (/^0*$/.test(digits)) return 0n;
    return undefined;
  }
  while (exp < 0) {
    if (!digits.endsWith("0")) return /^0*$/.test(digits) ? 0n : undefined;
    digits = digits.slice(0, -1);
    exp++;
  }
  const v = BigInt(sign + (digits === "" ? "0" : digits) + "0".repeat(exp));
  return v;
}

/** Canonical decimal with exactly scale digits, or undefined. */
export function canonicalDecimal(text: string, precision: number, scale: number): string | undefined | "overflow" {
  const m = /^(-?)([0-9]+)(?:\.([0-9]+))?(?:[eE]([+-]?[0-9]+))?$/.exec(text);
  if (!m) return undefined;
  let whole = m[2] ?? "0";
  let frac = m[3] ?? "";
  const exp = Number(m[4] ?? "0");
  if (exp > 0) {
    const move = frac.slice(0, exp).padEnd(exp, "0");
    whole += move;
    frac = frac.slice(exp);
  } else if (exp < 0) {
    const k = -exp;
    const w = whole.padStart(k + 1, "0");
    frac = w.slice(w.length - k) + frac;
    whole = w.slice(0, w.length - k);
  }
  whole = whole.replace(/^0+(?=[0-9])/, "");
  if (frac.replace(/0+$/, "").length > scale) return undefined;
  if (whole.length > precision - scale && whole !== "0") return "overflow";
  frac = frac.padEnd(scale, "0").slice(0, scale);
  const neg = m[1] === "-" && /[1-9]/.test(whole + frac);
  return (neg ? "-" : "") + whole + (scale > 0 ? "." + frac : "");
}

const DATE_RE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;
const DATETIME_RE =
  /^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]+))?([Zz]|[+-][0-9]{2}:[0-9]{2})$/;

export function parseDate(s: string): string | undefined {
  const m = DATE_RE.exec(s);
  if (!m) return undefined;
  const y = Number(m[1]), mo = Number(m[2]), d = Number(m[3]);
  if (y < 1 || mo < 1 || mo > 12 || d < 1) return undefined;
  const dt = new Date(Date.UTC(2000, mo - 1, d));
  dt.setUTCFullYear(y);
  if (dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return undefined;
  return s;
}

/** RFC 3339 to UTC with exactly 3 fraction digits (truncated). */
export function parseDateTime(s: string): string | undefined {
  const m = DATETIME_RE.exec(s);
  if (!m) return undefined;
  const [y, mo, d, h, mi, se] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number, number];
  if (parseDate(`${m[1] ?? ""}-${m[2] ?? ""}-${m[3] ?? ""}`) === undefined) return undefined;
  if (h > 23 || mi > 59 || se > 59) return undefined;
  const ms = Number((m[7] ?? "").padEnd(3, "0").slice(0, 3));
  let off = 0;
  const z = m[8] ?? "Z";
  if (z !== "Z" && z !== "z") {
    const oh = Number(z.slice(1, 3)), om = Number(z.slice(4, 6));
    if (oh > 23 || om > 59) return undefined;
    off = (oh * 60 + om) * (z.startsWith("-") ? -1 : 1);
  }
  const dt = new Date(Date.UTC(2000, mo - 1, d, h, mi, se, ms));
  dt.setUTCFullYear(y);
  const t = dt.getTime() - off * 60000;
  const out = new Date(t);
  const year = out.getUTCFullYear();
  if (year < 1 || year > 9999) return undefined;
  return formatDateTime(out);
}

export function formatDateTime(d: Date): string {
  const y = d.getUTCFullYear();
  const iso = d.toISOString();
  // toISOString writes years past 9999 or before 1 in expanded form; the
  // range check keeps them out, so the four-digit form holds.
  return String(y).padStart(4, "0") + iso.slice(iso.indexOf("-", 1));
}

const UUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export function parseUUID(s: string): string | undefined {
  return UUID_RE.test(s) ? s.toLowerCase() : undefined;
}

function containsNul(v: JsonValue): boolean {
  if (typeof v === "string") return v.includes("\u0000");
  if (Array.isArray(v)) return v.some(containsNul);
  if (isObject(v)) return Object.entries(v).some(([k, x]) => k.includes("\u0000") || containsNul(x));
  return false;
}

function utf8Length(s: string): number {
  return Buffer.byteLength(s, "utf8");
}

/** Checks one present value of field f; pushes at most one error. */
export function checkValue(f: FieldMeta, v: JsonValue, errors: FieldError[], field = f.name): { ok: true; value: Wire } | { ok: false } {
  const add = (code: string, message: string): { ok: false } => {
    errors.push({ field, code, message });
    return { ok: false };
  };
  const bounds = (n: number): { ok: false } | undefined => {
    if (f.min !== undefined && n < f.min) return add("min", `must be at least ${String(f.min)}`);
    if (f.max !== undefined && n > f.max) return add("max", `must be at most ${String(f.max)}`);
    return undefined;
  };
  switch (f.type) {
    case "int": {
      if (!(v instanceof JsonNumber)) return add("type", "must be an integer");
      const n = exactInt(v.text);
      if (n === undefined || n < INT64_MIN || n > INT64_MAX) return add("type", "must be an integer");
      const b = bounds(Number(n));
      return b ?? { ok: true, value: n };
    }
    case "float": {
      if (!(v instanceof JsonNumber)) return add("type", "must be a number");
      const n = Number(v.text);
      if (!Number.isFinite(n)) return add("type", "must be a number");
      const b = bounds(n);
      return b ?? { ok: true, value: n };
    }
    case "decimal": {
      let text: string;
      if (v instanceof JsonNumber) text = v.text;
      else if (typeof v === "string") text = v;
      else return add("type", "must be a decimal");
      const c = canonicalDecimal(text, f.precision ?? 18, f.scale ?? 2);
      if (c === undefined) return add("format", `must be a decimal with at most ${String(f.scale ?? 2)} decimals`);
      if (c === "overflow") return add("format", "has too many digits");
      const b = bounds(Number(c));
      return b ?? { ok: true, value: c };
    }
    case "bool":
      if (typeof v !== "boolean") return add("type", "must be a boolean");
      return { ok: true, value: v };
    case "json":
      if (hasDuplicates(v) || containsNul(v)) return add("format", "must be valid JSON");
      try {
        return { ok: true, value: toPlain(v) };
      } catch {
        return add("format", "must be valid JSON");
      }
    default:
      break;
  }
  if (typeof v !== "string") return add("type", "must be a string");
  let s = v;
  if (f.type === "enum") {
    if (!(f.values ?? []).includes(s)) return add("enum", "must be one of " + (f.values ?? []).join(", "));
    return { ok: true, value: s };
  }
  if (s.includes("\u0000")) return add("format", "must not contain the NUL character");
  switch (f.type) {
    case "date": {
      const d = parseDate(s);
      return d === undefined ? add("format", "must be a date (YYYY-MM-DD)") : { ok: true, value: d };
    }
    case "datetime": {
      const d = parseDateTime(s);
      return d === undefined ? add("format", "must be an RFC 3339 date-time") : { ok: true, value: d };
    }
    case "uuid": {
      const u = parseUUID(s);
      return u === undefined ? add("format", "must be a UUID") : { ok: true, value: u };
    }
    case "email":
      s = foldEmail(s);
      if (!isEmail(s)) return add("format", "must be an email address");
      break;
    case "url":
      if (!isURL(s)) return add("format", "must be an http or https URL");
      break;
    default:
      break;
  }
  const n = [...s].length;
  if (f.minLength !== undefined && n < f.minLength) return add("minLength", `must be at least ${String(f.minLength)} characters`);
  if (f.maxLength !== undefined && n > f.maxLength) return add("maxLength", `must be at most ${String(f.maxLength)} characters`);
  if (f.type === "password" && utf8Length(s) > 72) return add("maxLength", "must be at most 72 bytes in UTF-8");
  if (f.pattern !== undefined && !f.pattern.test(s)) return add("pattern", "must match " + f.pattern.source);
  return { ok: true, value: s };
}

export type Mode = "create" | "update";

/** Validates a create or update body of entity e against the names it
 * accepts (e.create, e.update, or the register set). Throws a 422. */
export function validateBody(e: EntityMeta, body: JsonObject, mode: Mode, accepts?: readonly string[]): Map<string, Wire> {
  const accepted = new Set(accepts ?? (mode === "create" ? e.create : e.update));
  const creatable = new Set(e.create);
  const known = new Map(e.fields.map((f) => [f.name, f]));
  const errors: FieldError[] = [];
  const out = new Map<string, Wire>();
  for (const f of e.fields) {
    const present = Object.prototype.hasOwnProperty.call(body, f.name);
    const v = body[f.name];
    if (!accepted.has(f.name)) {
      if (!present) continue;
      if (mode === "update" && creatable.has(f.name) && accepts === undefined) {
        errors.push({ field: f.name, code: "immutable", message: "cannot be changed" });
      } else {
        errors.push({ field: f.name, code: "readOnly", message: "is read-only" });
      }
      continue;
    }
    if (!present || v === undefined) {
      if (mode === "create" && f.required) errors.push({ field: f.name, code: "required", message: "is required" });
      continue;
    }
    if (v === null) {
      if (f.optional) out.set(f.name, null);
      else if (mode === "create" && f.required) errors.push({ field: f.name, code: "required", message: "is required" });
      else errors.push({ field: f.name, code: "type", message: "must not be null" });
      continue;
    }
    const r = checkValue(f, v, errors);
    if (r.ok) out.set(f.name, r.value);
  }
  const unknown = Object.keys(body).filter((k) => !known.has(k)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const head: FieldError[] = unknown.map((k) => ({ field: k, code: "unknown", message: "is not a field of " + e.name }));
  const all = errors;
  if (unknown.length > 0) all.push(...head);
  if (all.length > 0) throw invalid(all);
  return out;
}
