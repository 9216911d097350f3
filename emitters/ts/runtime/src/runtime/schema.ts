// Request validation with zod: the field builders the contract needs and
// zod does not have, and the mapping of zod's issues to the contract's
// errors. The generated schemas (src/schemas/*.schema.ts) are zod objects
// of these and of zod's own string, enum, boolean, bigint and number
// schemas; parse(schema, body) returns the typed value or throws the 422.
//
// The errors are docs/conventions.md's: one per failing field, the first
// check it fails in the order unknown, readOnly, immutable, required,
// type, enum, format, min, max, minLength, maxLength, pattern; known
// fields in resource order, then unknown names sorted by code point. Each
// schema lists its checks in that order and a field keeps its first
// issue; an issue on an absent key is "required"; the keys zod does not
// recognize are readOnly or immutable where the schema's BodyMeta (the
// contract registry) names them, else unknown.
//
// The values are the contract's: an int a bigint, a float a number, a
// decimal, date, datetime, uuid or email its canonical string, a json
// value plain JavaScript, an explicit null on an optional field null; an
// absent key stays absent.

import { z } from "zod";
import { JsonNumber, hasDuplicates, isObject, toPlain } from "./json.js";
import type { JsonValue } from "./json.js";
import { invalid } from "./problem.js";
import type { FieldError } from "./problem.js";
import {
  canonicalDecimal,
  exactInt,
  foldEmail,
  isEmail,
  isURL,
  parseDate,
  parseDateTime,
  parseUUID,
} from "./validation.js";

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

// --- what a body's schema says besides its fields ---

/** A create or update body's place among its entity's fields. */
export interface BodyMeta {
  /** Every field of the entity, in resource order: the order of the errors. */
  readonly fields: readonly string[];
  /** Fields of the entity this body does not take: code readOnly. */
  readonly readOnly?: readonly string[];
  /** Fields a create body takes and this update body does not: code immutable. */
  readonly immutable?: readonly string[];
}

/** The bodies' metadata: a key the schema does not know is readOnly or
 * immutable if it names a field of the entity, else unknown. */
export const contract = z.registry<BodyMeta>();

// --- field builders ---

function isInt64(n: bigint): boolean {
  return n >= INT64_MIN && n <= INT64_MAX;
}

/** For z.preprocess before z.bigint(): a JSON number whose exact value is
 * a whole number within 64 bits (5, 5.0, 5e0) as a bigint; anything else
 * as it came, for z.bigint() to refuse. */
export function jsonInt(v: unknown): unknown {
  if (!(v instanceof JsonNumber)) return v;
  const n = exactInt(v.text);
  return n !== undefined && isInt64(n) ? n : v;
}

/** For z.preprocess before z.number(): a JSON number as the nearest double
 * (one that overflows is Infinity, which z.number() refuses). */
export function jsonFloat(v: unknown): unknown {
  return v instanceof JsonNumber ? Number(v.text) : v;
}

/** For z.preprocess before z.bigint(), on a path or query text: -?[0-9]+
 * within 64 bits as a bigint; any other text as it came. */
export function textInt(v: unknown): unknown {
  if (typeof v !== "string" || !/^-?[0-9]+$/.test(v)) return v;
  const n = BigInt(v);
  return isInt64(n) ? n : v;
}

/** For z.preprocess before z.number(), on a path or query text: a JSON
 * number's text as the nearest double; any other text as it came. */
export function textFloat(v: unknown): unknown {
  return typeof v === "string" &&
    /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/.test(v)
    ? Number(v)
    : v;
}

/** For z.preprocess before z.boolean(), on a path or query text. */
export function textBool(v: unknown): unknown {
  return v === "true" ? true : v === "false" ? false : v;
}

/** A check that refuses a string ok does not hold with an invalid_format
 * issue (code format). */
function format(
  name: string,
  ok: (s: string) => boolean,
  message: string,
): z.core.$ZodCheck<string> {
  return z.check<string>((ctx) => {
    if (!ok(ctx.value))
      ctx.issues.push({
        code: "invalid_format",
        format: name,
        input: ctx.value,
        message,
      });
  });
}

const noNul = format(
  "nul",
  (s) => !s.includes("\u0000"),
  "must not contain the NUL character",
);

/** A JSON string without U+0000: string, text and password fields, before
 * their .min(), .max() (zod counts code points) and .regex(). */
export function text(): z.ZodString {
  return z.string().check(noNul);
}

/** An email address: ASCII letters lower-cased, then the contract's email
 * rule (not zod's z.email()). */
export function email(): z.ZodString {
  return z
    .string()
    .overwrite(foldEmail)
    .check(noNul, format("email", isEmail, "must be an email address"));
}

/** An absolute http or https URL, by the contract's rule (not zod's z.url()). */
export function url(): z.ZodString {
  return text().check(format("url", isURL, "must be an http or https URL"));
}

/** bcrypt reads no further than 72 bytes: a password's limit after its
 * maxLength. */
export const bcryptBytes = z.check<string>((ctx) => {
  if (Buffer.byteLength(ctx.value) > 72) {
    ctx.issues.push({
      code: "too_big",
      origin: "string",
      maximum: 72,
      inclusive: true,
      input: ctx.value,
      message: "must be at most 72 bytes in UTF-8",
    });
  }
});

/** A string read into its canonical form, or an invalid_format issue. */
function canonical(
  name: string,
  read: (s: string) => string | undefined,
  message: string,
): z.ZodPipe<z.ZodString, z.ZodTransform<string, string>> {
  return z.string().transform((s, ctx) => {
    const v = read(s);
    if (v !== undefined) return v;
    ctx.issues.push({
      code: "invalid_format",
      format: name,
      input: s,
      message,
    });
    return z.NEVER;
  });
}

/** A calendar day, YYYY-MM-DD, from 0001-01-01 to 9999-12-31. */
export function date(): z.ZodPipe<z.ZodString, z.ZodTransform<string, string>> {
  return canonical(
    "date",
    parseDate,
    "must be a date (YYYY-MM-DD) from 0001-01-01 to 9999-12-31",
  );
}

/** An RFC 3339 datetime, as UTC with exactly 3 fraction digits. */
export function datetime(): z.ZodPipe<
  z.ZodString,
  z.ZodTransform<string, string>
> {
  return canonical(
    "datetime",
    parseDateTime,
    "must be an RFC 3339 datetime from 0001-01-01 to 9999-12-31 in UTC",
  );
}

/** A UUID in any case, lower-cased. */
export function uuid(): z.ZodPipe<z.ZodString, z.ZodTransform<string, string>> {
  return canonical("uuid", parseUUID, "must be a UUID");
}

export interface Bounds {
  readonly min?: number;
  readonly max?: number;
}

/** A check of a value read as a double against bounds: too_small or
 * too_big (code min or max). */
function within<T>(
  origin: "number" | "bigint",
  bounds: Bounds,
  read: (v: T) => number,
): z.core.$ZodCheck<T> {
  return z.check<T>((ctx) => {
    const n = read(ctx.value);
    if (bounds.min !== undefined && n < bounds.min) {
      ctx.issues.push({
        code: "too_small",
        origin,
        minimum: bounds.min,
        inclusive: true,
        input: ctx.value,
      });
    } else if (bounds.max !== undefined && n > bounds.max) {
      ctx.issues.push({
        code: "too_big",
        origin,
        maximum: bounds.max,
        inclusive: true,
        input: ctx.value,
      });
    }
  });
}

/** An int's bounds past 2^53 in magnitude, for z.bigint().check(): the
 * value is compared as a double, as every target compares it, and the
 * bound named as JavaScript writes it. (Within 2^53, z.bigint().min()
 * and .max() decide the same.) */
export function intBounds(bounds: Bounds): z.core.$ZodCheck<bigint> {
  return within<bigint>("bigint", bounds, Number);
}

/** A decimal string with at most precision - scale whole digits and scale
 * decimals, in canonical form (exactly scale decimals), within bounds. */
export function decimal(
  precision: number,
  scale: number,
  bounds: Bounds = {},
): z.ZodPipe<z.ZodString, z.ZodTransform<string, string>> {
  return canonical(
    "decimal",
    (s) => canonicalDecimal(s, precision, scale),
    `must be a decimal string with at most ${String(scale)} decimals`,
  ).check(within<string>("number", bounds, Number));
}

function containsNul(v: JsonValue): boolean {
  if (typeof v === "string") return v.includes("\u0000");
  if (Array.isArray(v)) return v.some(containsNul);
  if (isObject(v))
    return Object.entries(v).some(
      ([k, x]) => k.includes("\u0000") || containsNul(x),
    );
  return false;
}

/** A check that refuses a JSON value ok does not hold (code format). */
function wellFormed(
  ok: (v: JsonValue) => boolean,
  message: string,
): z.core.$ZodCheck<JsonValue> {
  return z.check<JsonValue>((ctx) => {
    if (!ok(ctx.value))
      ctx.issues.push({
        code: "custom",
        params: { code: "format" },
        input: ctx.value,
        message,
      });
  });
}

/** Any JSON value but null (I-JSON: no member twice in one object, no
 * U+0000, numbers within a double), as plain JavaScript (json.ts toPlain:
 * integers past 2^53 as bigints). */
export function json(): z.ZodPipe<
  z.ZodCustom<JsonValue>,
  z.ZodTransform<unknown, JsonValue>
> {
  return z
    .custom<JsonValue>((v) => v !== undefined && v !== null, {
      params: { code: "type" },
    })
    .check(
      wellFormed(
        (v) => !hasDuplicates(v),
        "must not name a member twice in one object",
      ),
      wellFormed((v) => !containsNul(v), "must not contain the NUL character"),
    )
    .transform((v, ctx) => {
      try {
        return toPlain(v);
      } catch {
        ctx.issues.push({
          code: "custom",
          params: { code: "format" },
          input: v,
          message: "must hold numbers within the range of a double",
        });
        return z.NEVER;
      }
    });
}

/** A login credential: any string without U+0000 (null, too, is "must be
 * a string"). */
export function credential(): z.ZodString {
  return z.string({ error: "must be a string" }).check(noNul);
}

// --- issues to errors ---

const TYPES: Readonly<Record<string, string>> = {
  string: "must be a string",
  boolean: "must be a boolean",
  number: "must be a number",
  bigint: "must be an integer",
  object: "must be an object",
};

/** The source of a regex as a zod issue writes it (/source/flags). */
function regexSource(literal: string): string {
  return literal.slice(1, literal.lastIndexOf("/"));
}

/** The contract's message for an issue of zod's own schemas and checks
 * (the builders above write theirs). */
export const messages: z.core.$ZodErrorMap = (iss) => {
  if (iss.input === undefined) return "is required";
  if (iss.input === null) return "must not be null";
  switch (iss.code) {
    case "invalid_type":
      return TYPES[iss.expected] ?? `must be ${iss.expected}`;
    case "invalid_value":
      return typeof iss.input === "string"
        ? "must be one of " + iss.values.map(String).join(", ")
        : "must be a string";
    case "too_small":
      return `must be at least ${String(iss.minimum)}${iss.origin === "string" ? " characters" : ""}`;
    case "too_big":
      return `must be at most ${String(iss.maximum)}${iss.origin === "string" ? " characters" : ""}`;
    case "invalid_format":
      return iss.format === "regex" && iss.pattern !== undefined
        ? "must match " + regexSource(iss.pattern)
        : undefined;
    default:
      return undefined;
  }
};

/** The contract's code of a field's issue; value is the field's value. */
function codeOf(iss: z.core.$ZodIssue, value: unknown): string {
  switch (iss.code) {
    case "invalid_type":
      return "type";
    case "invalid_value":
      return typeof value === "string" ? "enum" : "type";
    case "invalid_format":
      return iss.format === "regex" ? "pattern" : "format";
    case "too_small":
      return iss.origin === "string" ? "minLength" : "min";
    case "too_big":
      return iss.origin === "string" ? "maxLength" : "max";
    case "custom": {
      const code: unknown = iss.params?.code;
      return typeof code === "string" ? code : "format";
    }
    default:
      return "type";
  }
}

function byCodePoint(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** The contract's errors for a failed parse of input by schema. */
function fieldErrors(
  schema: z.ZodType,
  input: Readonly<Record<string, unknown>>,
  issues: readonly z.core.$ZodIssue[],
): FieldError[] {
  const meta = contract.get(schema);
  const order =
    meta?.fields ??
    (schema instanceof z.ZodObject ? Object.keys(schema.shape) : []);
  const known = new Map<string, FieldError>();
  const unknown: string[] = [];
  for (const iss of issues) {
    if (iss.code === "unrecognized_keys" && iss.path.length === 0) {
      for (const key of iss.keys) {
        if (meta?.readOnly?.includes(key) === true)
          known.set(key, {
            field: key,
            code: "readOnly",
            message: "is read-only",
          });
        else if (meta?.immutable?.includes(key) === true)
          known.set(key, {
            field: key,
            code: "immutable",
            message: "cannot be changed",
          });
        else unknown.push(key);
      }
      continue;
    }
    const key = String(iss.path[0] ?? "");
    if (known.has(key)) continue;
    if (!Object.hasOwn(input, key))
      known.set(key, { field: key, code: "required", message: "is required" });
    else
      known.set(key, {
        field: key,
        code: codeOf(iss, input[key]),
        message: iss.message,
      });
  }
  const rank = (field: string): number => {
    const i = order.indexOf(field);
    return i < 0 ? order.length : i;
  };
  const errors = [...known.values()].sort(
    (a, b) => rank(a.field) - rank(b.field),
  );
  return [
    ...errors,
    ...unknown.sort(byCodePoint).map((k) => ({
      field: k,
      code: "unknown",
      message: "is not a known field",
    })),
  ];
}

export type Checked<S extends z.ZodType> =
  | { success: true; data: z.output<S> }
  | { success: false; errors: FieldError[] };

/** Parses input (a body, or path or query texts; anything but an object
 * is read as {}) with schema; on failure, the contract's errors in the
 * contract's order. */
export function safeParse<S extends z.ZodType>(
  schema: S,
  input: unknown,
): Checked<S> {
  // Own keys only: an absent field must not be found on Object.prototype.
  const own: Record<string, unknown> = Object.create(null) as Record<
    string,
    unknown
  >;
  if (typeof input === "object" && input !== null && !Array.isArray(input))
    Object.assign(own, input);
  const r = schema.safeParse(own, { error: messages });
  return r.success
    ? { success: true, data: r.data }
    : { success: false, errors: fieldErrors(schema, own, r.error.issues) };
}

/** Parses input with schema, or throws the contract's 422 (problem.ts
 * invalid) naming every failing field. */
export function parse<S extends z.ZodType>(
  schema: S,
  input: unknown,
): z.output<S> {
  const r = safeParse(schema, input);
  if (!r.success) throw invalid(r.errors);
  return r.data;
}
