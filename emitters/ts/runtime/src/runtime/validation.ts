// Request-body validation with the contract's error codes, in the order
// docs/conventions.md fixes: unknown, readOnly, immutable, required, type,
// enum, format, min, max, minLength, maxLength, pattern; known fields in
// resource order, then unknown names sorted by code point.

import { JsonNumber, hasDuplicates, isObject, toPlain } from "./json.js";
import type { JsonObject, JsonValue } from "./json.js";
import type { EntityMeta, FieldMeta } from "./meta.js";
import { invalid } from "./problem.js";
import type { FieldError } from "./problem.js";

/** A validated value: a string (canonical for decimal, date, datetime,
 * uuid, email), a bigint for int, a number for float, a boolean, null, or
 * plain JSON for json. */
export type Wire = unknown;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** A control character (Unicode category Cc) or a white-space character
 * (Unicode's White_Space). */
const SPACE_OR_CONTROL = /[\p{White_Space}\p{Cc}]/u;

/** The email rule: one @, a non-empty local part, a domain with a dot
 * (not first or last), no white space or control character, at most 254
 * bytes. */
export function isEmail(s: string): boolean {
  if (Buffer.byteLength(s) > 254 || SPACE_OR_CONTROL.test(s)) return false;
  const parts = s.split("@");
  if (parts.length !== 2) return false;
  const [local = "", domain = ""] = parts;
  return local !== "" && domain.includes(".") && !domain.startsWith(".") && !domain.endsWith(".");
}

/** The url rule: an absolute http or https URL with a host (a port, if
 * any, all digits), valid percent escapes, no white space or control
 * character. */
export function isURL(s: string): boolean {
  if (SPACE_OR_CONTROL.test(s) || /%(?![0-9A-Fa-f]{2})/.test(s)) return false;
  const m = /^https?:\/\/([^/?#]*)/i.exec(s);
  if (m === null) return false;
  const authority = m[1] ?? "";
  const host = authority.slice(authority.lastIndexOf("@") + 1);
  if (host.startsWith("[")) return /^\[[0-9A-Fa-f:.]+\](:[0-9]*)?$/.test(host);
  return host !== "" && /^[A-Za-z0-9\-._~!$&'()*+,;=%<>"\u0080-\uffff]*(:[0-9]*)?$/.test(host);
}

/** Lower-cases ASCII letters only. */
export function foldEmail(s: string): string {
  return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** An integer as a query string, a path or a token claim writes it:
 * -?[0-9]+ within 64 bits (no sign +, no spaces). */
export function parseInt64(s: string): bigint | undefined {
  if (!/^-?[0-9]+$/.test(s)) return undefined;
  const n = BigInt(s);
  return n < INT64_MIN || n > INT64_MAX ? undefined : n;
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
  return BigInt(sign + (digits === "" ? "0" : digits) + "0".repeat(exp));
}

/** A decimal string in canonical form (optional "-", no leading zeros
 * but one, exactly scale decimals), or undefined: not -?digits[.digits],
 * more than scale decimals, or more than precision - scale whole digits. */
export function canonicalDecimal(text: string, precision: number, scale: number): string | undefined {
  const m = /^(-?)([0-9]+)(?:\.([0-9]+))?$/.exec(text);
  if (m === null) return undefined;
  const whole = (m[2] ?? "").replace(/^0+/, "");
  const frac = m[3] ?? "";
  if (frac.length > scale || whole.length + scale > precision) return undefined;
  const out = (whole === "" ? "0" : whole) + (scale > 0 ? "." + frac.padEnd(scale, "0") : "");
  return m[1] === "-" && /[1-9]/.test(out) ? "-" + out : out;
}

const DATE_RE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;
const DATETIME_RE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]+))?(Z|[+-][0-9]{2}:[0-9]{2})$/;

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
  if (z !== "Z") {
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

/** Checks one present, non-null value of field f, as the go target's
 * validator does; pushes at most one error. */
export function checkValue(f: FieldMeta, v: JsonValue, errors: FieldError[], field = f.name): { ok: true; value: Wire } | { ok: false } {
  const fail = (code: string, message: string): { ok: false } => {
    errors.push({ field, code, message });
    return { ok: false };
  };
  const bounded = (n: number, value: Wire): { ok: true; value: Wire } | { ok: false } => {
    if (f.min !== undefined && n < f.min) return fail("min", `must be at least ${String(f.min)}`);
    if (f.max !== undefined && n > f.max) return fail("max", `must be at most ${String(f.max)}`);
    return { ok: true, value };
  };
  switch (f.type) {
    case "int": {
      const n = v instanceof JsonNumber ? exactInt(v.text) : undefined;
      if (n === undefined || n < INT64_MIN || n > INT64_MAX) return fail("type", "must be an integer");
      return bounded(Number(n), n);
    }
    case "float": {
      const n = v instanceof JsonNumber ? Number(v.text) : NaN;
      if (!Number.isFinite(n)) return fail("type", "must be a number");
      return bounded(n, n);
    }
    case "bool":
      return typeof v === "boolean" ? { ok: true, value: v } : fail("type", "must be a boolean");
    case "json":
      if (hasDuplicates(v)) return fail("format", "must not name a member twice in one object");
      if (containsNul(v)) return fail("format", "must not contain the NUL character");
      try {
        return { ok: true, value: toPlain(v) };
      } catch {
        return fail("format", "must hold numbers within the range of a double");
      }
    default:
      break;
  }
  if (typeof v !== "string") return fail("type", "must be a string");
  switch (f.type) {
    case "enum":
      return (f.values ?? []).includes(v) ? { ok: true, value: v } : fail("enum", "must be one of " + (f.values ?? []).join(", "));
    case "decimal": {
      const d = canonicalDecimal(v, f.precision ?? 18, f.scale ?? 2);
      if (d === undefined) return fail("format", `must be a decimal string with at most ${String(f.scale ?? 2)} decimals`);
      return bounded(Number(d), d);
    }
    case "date": {
      const d = parseDate(v);
      return d === undefined ? fail("format", "must be a date (YYYY-MM-DD) from 0001-01-01 to 9999-12-31") : { ok: true, value: d };
    }
    case "datetime": {
      const d = parseDateTime(v);
      return d === undefined ? fail("format", "must be an RFC 3339 datetime from 0001-01-01 to 9999-12-31 in UTC") : { ok: true, value: d };
    }
    case "uuid": {
      const u = parseUUID(v);
      return u === undefined ? fail("format", "must be a UUID") : { ok: true, value: u };
    }
    default:
      return checkString(f, f.type === "email" ? foldEmail(v) : v, fail);
  }
}

/** The rules of a string, text, email, url or password value, in the
 * contract's order. */
function checkString(f: FieldMeta, s: string, fail: (code: string, message: string) => { ok: false }): { ok: true; value: Wire } | { ok: false } {
  const n = [...s].length;
  if (s.includes("\u0000")) return fail("format", "must not contain the NUL character");
  if (f.type === "email" && !isEmail(s)) return fail("format", "must be an email address");
  if (f.type === "url" && !isURL(s)) return fail("format", "must be an http or https URL");
  if (f.minLength !== undefined && f.minLength > 0 && n < f.minLength) return fail("minLength", `must be at least ${String(f.minLength)} characters`);
  if (f.maxLength !== undefined && n > f.maxLength) return fail("maxLength", `must be at most ${String(f.maxLength)} characters`);
  // bcrypt reads no further than 72 bytes.
  if (f.type === "password" && Buffer.byteLength(s) > 72) return fail("maxLength", "must be at most 72 bytes in UTF-8");
  if (f.pattern !== undefined && !f.pattern.test(s)) return fail("pattern", "must match " + f.pattern.source);
  return { ok: true, value: s };
}

/** Checks the value of f in obj, if present: null only for an optional
 * field; a missing required field is an error. */
function checkField(f: FieldMeta, obj: JsonObject, errors: FieldError[], out: Map<string, Wire>): void {
  const v = Object.prototype.hasOwnProperty.call(obj, f.name) ? obj[f.name] : undefined;
  if (v === undefined) {
    if (f.required) errors.push({ field: f.name, code: "required", message: "is required" });
  } else if (v === null) {
    if (f.optional) out.set(f.name, null);
    else errors.push({ field: f.name, code: "type", message: "must not be null" });
  } else {
    const r = checkValue(f, v, errors);
    if (r.ok) out.set(f.name, r.value);
  }
}

/** An unknown error for each name of obj outside known, in code point order. */
export function unknownFields(obj: JsonObject, known: readonly string[]): FieldError[] {
  return Object.keys(obj)
    .filter((k) => !known.includes(k))
    .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
    .map((k) => ({ field: k, code: "unknown", message: "is not a known field" }));
}

/** Checks a custom endpoint's inputs (path, query or body fields) into
 * out, adding each failing field's error to errors. */
export function checkFields(fields: readonly FieldMeta[], obj: JsonObject, errors: FieldError[], out: Map<string, Wire>): void {
  for (const f of fields) checkField(f, obj, errors, out);
}

export type Mode = "create" | "update";

/** Validates a create or update body of entity e against the names it
 * accepts (e.create, e.update, or the register set): a known field it
 * does not accept is readOnly (immutable in an update, for a field create
 * accepts). Throws a 422 naming every failing field. */
export function validateBody(e: EntityMeta, body: JsonObject, mode: Mode, accepts?: readonly string[]): Map<string, Wire> {
  const accepted = accepts ?? (mode === "create" ? e.create : e.update);
  const errors: FieldError[] = [];
  const out = new Map<string, Wire>();
  for (const f of e.fields) {
    if (accepted.includes(f.name)) {
      checkField(mode === "create" ? f : { ...f, required: false }, body, errors, out);
    } else if (Object.prototype.hasOwnProperty.call(body, f.name)) {
      const immutable = mode === "update" && e.create.includes(f.name);
      errors.push(immutable ? { field: f.name, code: "immutable", message: "cannot be changed" } : { field: f.name, code: "readOnly", message: "is read-only" });
    }
  }
  errors.push(...unknownFields(body, e.fields.map((f) => f.name)));
  if (errors.length > 0) throw invalid(errors);
  return out;
}
