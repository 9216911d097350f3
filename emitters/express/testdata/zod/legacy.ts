// The request validation the zod schemas replace, frozen as it was when
// they were written (validation.ts: checkValue, checkFields, unknownFields,
// validateBody; crud.controller.ts: loginBody, paramObject), for
// zod_test.go to compare them on a corpus. Not part of any project.

import { JsonNumber, hasDuplicates, isObject, toPlain } from "../runtime/json.js";
import type { JsonObject, JsonValue } from "../runtime/json.js";
import { invalid } from "../runtime/problem.js";
import type { FieldError } from "../runtime/problem.js";
import { canonicalDecimal, exactInt, foldEmail, isEmail, isURL, parseDate, parseDateTime, parseUUID } from "../runtime/validation.js";

export type Wire = unknown;

/** The parts of the runtime's FieldMeta the validator reads. */
export interface FieldMeta {
  readonly name: string;
  readonly type: string;
  readonly optional: boolean;
  readonly required: boolean;
  readonly min?: number;
  readonly max?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: RegExp;
  readonly values?: readonly string[];
  readonly precision?: number;
  readonly scale?: number;
}

export interface EntityMeta {
  readonly fields: readonly FieldMeta[];
  readonly create: readonly string[];
  readonly update: readonly string[];
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

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

/** A login body: the identity and the password, strings without U+0000;
 * nothing else. Throws a 422. */
export function loginBody(body: JsonObject, identity: string, password: string): [string, string] {
  const errors: FieldError[] = [];
  const str = (name: string): string => {
    const v = body[name];
    if (v === undefined) errors.push({ field: name, code: "required", message: "is required" });
    else if (typeof v !== "string") errors.push({ field: name, code: "type", message: "must be a string" });
    else if (v.includes("\u0000")) errors.push({ field: name, code: "format", message: "must not contain the NUL character" });
    else return v;
    return "";
  };
  const pair: [string, string] = [str(identity), str(password)];
  errors.push(...unknownFields(body, [identity, password]));
  if (errors.length > 0) throw invalid(errors);
  return pair;
}

/** Path or query texts as the JSON a body would carry: an int, a number
 * or a boolean as its literal when the field has that type and the text
 * is one, anything else as a string (which then fails the type check). */
export function paramObject(fields: readonly FieldMeta[], texts: Readonly<Record<string, string>>): JsonObject {
  const out: JsonObject = Object.create(null) as JsonObject;
  for (const f of fields) {
    const s = texts[f.name];
    if (s === undefined) continue;
    if (f.type === "int" && /^-?[0-9]+$/.test(s)) out[f.name] = new JsonNumber(BigInt(s).toString());
    else if (f.type === "float" && /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/.test(s)) out[f.name] = new JsonNumber(s);
    else if (f.type === "bool" && (s === "true" || s === "false")) out[f.name] = s === "true";
    else out[f.name] = s;
  }
  return out;
}
