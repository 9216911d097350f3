// The contract's value rules (docs/conventions.md "Validation"): emails,
// URLs, 64-bit integers, decimals, dates, datetimes and UUIDs, read and
// written canonically. The zod schemas (schema.ts) check bodies with them;
// lists and paths read their parameters with them.

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
  return (
    local !== "" &&
    domain.includes(".") &&
    !domain.startsWith(".") &&
    !domain.endsWith(".")
  );
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
  return (
    host !== "" &&
    /^[A-Za-z0-9\-._~!$&'()*+,;=%<>"\u0080-\uffff]*(:[0-9]*)?$/.test(host)
  );
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
export function canonicalDecimal(
  text: string,
  precision: number,
  scale: number,
): string | undefined {
  const m = /^(-?)([0-9]+)(?:\.([0-9]+))?$/.exec(text);
  if (m === null) return undefined;
  const whole = (m[2] ?? "").replace(/^0+/, "");
  const frac = m[3] ?? "";
  if (frac.length > scale || whole.length + scale > precision) return undefined;
  const out =
    (whole === "" ? "0" : whole) +
    (scale > 0 ? "." + frac.padEnd(scale, "0") : "");
  return m[1] === "-" && /[1-9]/.test(out) ? "-" + out : out;
}

const DATE_RE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;
const DATETIME_RE =
  /^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]+))?(Z|[+-][0-9]{2}:[0-9]{2})$/;

export function parseDate(s: string): string | undefined {
  const m = DATE_RE.exec(s);
  if (!m) return undefined;
  const y = Number(m[1]),
    mo = Number(m[2]),
    d = Number(m[3]);
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
  const [y, mo, d, h, mi, se] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(
    Number,
  ) as [number, number, number, number, number, number];
  if (parseDate(`${m[1] ?? ""}-${m[2] ?? ""}-${m[3] ?? ""}`) === undefined)
    return undefined;
  if (h > 23 || mi > 59 || se > 59) return undefined;
  const ms = Number((m[7] ?? "").padEnd(3, "0").slice(0, 3));
  let off = 0;
  const z = m[8] ?? "Z";
  if (z !== "Z") {
    const oh = Number(z.slice(1, 3)),
      om = Number(z.slice(4, 6));
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

const UUID_RE =
  /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export function parseUUID(s: string): string | undefined {
  return UUID_RE.test(s) ? s.toLowerCase() : undefined;
}
