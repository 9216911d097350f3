// Strict JSON reading for request bodies, as docs/conventions.md fixes it:
// numbers keep their source text (ints are exact to 64 bits), an object
// with the same member twice is remembered (a json field refuses it), lone
// surrogate escapes become U+FFFD, and nesting is bounded.

/** A JSON number, kept as written. */
export class JsonNumber {
  constructor(readonly text: string) {}
  toJSON(): number {
    return Number(this.text);
  }
}

/** A parsed JSON value. Objects are null-prototype records. */
export type JsonValue =
  null | boolean | string | JsonNumber | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/** Objects that had a member name twice. */
export const duplicateKeys = new WeakSet<object>();

export class JsonSyntaxError extends Error {}
export class JsonDepthError extends Error {}

export function isObject(v: JsonValue | undefined): v is JsonObject {
  return (
    typeof v === "object" &&
    v !== null &&
    !(v instanceof JsonNumber) &&
    !Array.isArray(v)
  );
}

/** Parses text; depth counts arrays and objects, the outermost being 1. */
export function parseJson(text: string, maxDepth = 64): JsonValue {
  let i = 0;
  const n = text.length;
  const ws = (): void => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) i++;
      else break;
    }
  };
  const fail = (): never => {
    throw new JsonSyntaxError(`invalid JSON at offset ${i}`);
  };
  const str = (): string => {
    i++; // opening quote
    let out = "";
    let start = i;
    for (;;) {
      if (i >= n) fail();
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        out += text.slice(start, i);
        i++;
        return out;
      }
      if (c < 0x20) fail();
      if (c === 0x5c) {
        out += text.slice(start, i);
        i++;
        const e = text[i];
        i++;
        switch (e) {
          case '"':
            out += '"';
            break;
          case "\\":
            out += "\\";
            break;
          case "/":
            out += "/";
            break;
          case "b":
            out += "\b";
            break;
          case "f":
            out += "\f";
            break;
          case "n":
            out += "\n";
            break;
          case "r":
            out += "\r";
            break;
          case "t":
            out += "\t";
            break;
          case "u": {
            const hex = (): number => {
              const h = text.slice(i, i + 4);
              if (!/^[0-9a-fA-F]{4}$/.test(h)) fail();
              i += 4;
              return parseInt(h, 16);
            };
            const u = hex();
            if (u >= 0xd800 && u <= 0xdbff) {
              if (text[i] === "\\" && text[i + 1] === "u") {
                const save = i;
                i += 2;
                const lo = hex();
                if (lo >= 0xdc00 && lo <= 0xdfff) {
                  out += String.fromCharCode(u, lo);
                } else {
                  out += "\ufffd";
                  i = save;
                }
              } else {
                out += "\ufffd";
              }
            } else if (u >= 0xdc00 && u <= 0xdfff) {
              out += "\ufffd";
            } else {
              out += String.fromCharCode(u);
            }
            break;
          }
          default:
            fail();
        }
        start = i;
        continue;
      }
      // Raw lone surrogates in the text become U+FFFD as well.
      if (c >= 0xd800 && c <= 0xdfff) {
        const next = text.charCodeAt(i + 1);
        if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
          i += 2;
          continue;
        }
        out += text.slice(start, i) + "\ufffd";
        i++;
        start = i;
        continue;
      }
      i++;
    }
  };
  const num = (): JsonNumber => {
    const m = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/.exec(
      text.slice(i, i + 4096),
    );
    if (!m) fail();
    const s = (m as RegExpExecArray)[0];
    i += s.length;
    return new JsonNumber(s);
  };
  const value = (depth: number): JsonValue => {
    ws();
    if (i >= n) fail();
    const c = text[i];
    if (c === "{") {
      if (depth + 1 > maxDepth) throw new JsonDepthError("too deeply nested");
      i++;
      const obj: JsonObject = Object.create(null) as JsonObject;
      ws();
      if (text[i] === "}") {
        i++;
        return obj;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        const k = str();
        ws();
        if (text[i] !== ":") fail();
        i++;
        const v = value(depth + 1);
        if (Object.prototype.hasOwnProperty.call(obj, k))
          duplicateKeys.add(obj);
        obj[k] = v;
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "}") {
          i++;
          return obj;
        }
        fail();
      }
    }
    if (c === "[") {
      if (depth + 1 > maxDepth) throw new JsonDepthError("too deeply nested");
      i++;
      const arr: JsonValue[] = [];
      ws();
      if (text[i] === "]") {
        i++;
        return arr;
      }
      for (;;) {
        arr.push(value(depth + 1));
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "]") {
          i++;
          return arr;
        }
        fail();
      }
    }
    if (c === '"') return str();
    if (text.startsWith("true", i)) {
      i += 4;
      return true;
    }
    if (text.startsWith("false", i)) {
      i += 5;
      return false;
    }
    if (text.startsWith("null", i)) {
      i += 4;
      return null;
    }
    return num();
  };
  const v = value(0);
  ws();
  if (i !== n) fail();
  return v;
}

/** Reports whether v or anything in it has a duplicate member. */
export function hasDuplicates(v: JsonValue): boolean {
  if (Array.isArray(v)) return v.some(hasDuplicates);
  if (isObject(v)) {
    if (duplicateKeys.has(v)) return true;
    return Object.values(v).some(hasDuplicates);
  }
  return false;
}

/** Converts a parsed value to plain JavaScript (numbers as doubles, or
 * as the exact integer when the text has no fraction or exponent and
 * does not fit a double exactly: then a bigint). Throws RangeError on a
 * number that overflows a double. */
export function toPlain(v: JsonValue): unknown {
  if (v instanceof JsonNumber) {
    if (/^-?[0-9]+$/.test(v.text)) {
      const b = BigInt(v.text);
      if (
        b <= BigInt(Number.MAX_SAFE_INTEGER) &&
        b >= BigInt(Number.MIN_SAFE_INTEGER)
      )
        return Number(b);
      return b;
    }
    const f = Number(v.text);
    if (!Number.isFinite(f)) throw new RangeError("number out of range");
    return f;
  }
  if (Array.isArray(v)) return v.map(toPlain);
  if (isObject(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = toPlain(x);
    return out;
  }
  return v;
}

/** Compact JSON text of a plain value; bigints as exact integers, keys in
 * insertion order. */
export function stringify(v: unknown): string {
  if (v === null || v === undefined) return "null";
  switch (typeof v) {
    case "bigint":
      return v.toString();
    case "number":
      return Number.isFinite(v) ? JSON.stringify(v) : "null";
    case "string":
    case "boolean":
      return JSON.stringify(v);
    case "object": {
      if (v instanceof JsonNumber) return v.text;
      if (Array.isArray(v)) return "[" + v.map(stringify).join(",") + "]";
      if (v instanceof Date) return JSON.stringify(v.toISOString());
      const parts: string[] = [];
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        if (x === undefined) continue;
        parts.push(JSON.stringify(k) + ":" + stringify(x));
      }
      return "{" + parts.join(",") + "}";
    }
  }
  return "null";
}
