// zod_test.go's comparison: every body, login, path and query of a corpus
// derived from the specs' field metadata goes through the validation the
// zod schemas replace (dist/zodcheck/legacy.js) and through the schemas
// (dist/s-<spec>/*.schema.js with src/runtime/schema.ts's parse and
// safeParse); any difference in the errors (field, code, message, order), the
// 422's detail or the values (bigint, number and string told apart) is a
// failure. Usage: node check.mjs cases.json

import { readFileSync } from "node:fs";

const dist = new URL("./dist/", import.meta.url);
const load = (p) => import(new URL(p, dist).href);
const legacy = await load("zodcheck/legacy.js");
const { safeParse, parse } = await load("runtime/schema.js");
const { parseJson, JsonNumber } = await load("runtime/json.js");
const { HttpError } = await load("runtime/problem.js");

const cases = JSON.parse(readFileSync(process.argv[2], "utf8"));

// --- a seeded random source, so that a failure can be reproduced ---
let seed = 0x2545f491;
function rand(n) {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) % n;
}
const pick = (xs) => xs[rand(xs.length)];
function shuffle(xs) {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rand(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

// --- field metadata as the old validator reads it ---
function fieldMeta(f) {
  const m = { ...f };
  if (f.pattern !== undefined) m.pattern = new RegExp(f.pattern, "u");
  return m;
}

// --- candidate values, as JSON texts ---
const J = (v) => JSON.stringify(v);
const COMMON = ["null", "true", "false", "0", "1", "-1", "1.5", '"x"', '""', "[]", "{}", "[1]", '{"a":1}', '"\\u0000"', '[null]', '"null"'];
const SAMPLES = ["abc", "abc-def", "AB123", "abcd12", "abc12", "abcde12", "ab", "a", "x1", "a-b", "UPPER", "hello world", "abc\u0000", "\u0000abc", "ab\u0000c", "é", "😀", "\ud83d", "a\nb", "  ", "ａｂｃ", "abc12 ", "aaaaaaaaaaaaaaaa", "ABCDEFGHIJKL", "abcdefghijkl"];

function repeat(s, n) {
  return n <= 0 ? "" : s.repeat(n);
}

/** Strings around a field's length limits, of 1-, 2- and 4-byte characters. */
function lengthEdges(f) {
  const out = [];
  const ns = new Set([0, 1, 2, 3]);
  for (const n of [f.minLength, f.maxLength]) {
    if (n === undefined) continue;
    for (const d of [-1, 0, 1]) if (n + d >= 0) ns.add(n + d);
  }
  if (f.type === "password") for (const n of [17, 18, 19, 35, 36, 37, 71, 72, 73]) ns.add(n);
  for (const n of ns) {
    for (const c of ["a", "é", "😀", "Z9"]) out.push(repeat(c, n).slice(0, c === "Z9" ? n : undefined));
  }
  return out;
}

function intTexts(f) {
  const out = ["0", "-0", "5", "5.0", "5e0", "1e2", "1E2", "100e-2", "1.5", "0.99999999999999999999", "5.00000000000000000001", "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809", "1e30", "1e400", "-1e400", "1e-400", "12345678901234567890123", "92233720368547758070e-1", "9007199254740993"];
  for (const b of [f.min, f.max]) {
    if (b === undefined) continue;
    for (const d of [-2, -1, 0, 1, 2]) out.push(String(BigInt(b) + BigInt(d)));
    out.push(String(b) + ".0", String(b - 0.5));
  }
  return out;
}

function floatTexts(f) {
  const out = ["0", "-0", "0.25", "0.75", "0.7500000001", "0.2499999999", "1e400", "-1e400", "1e-400", "-0.5", "-0.50001", "-0.49999", "123456789012345678901234567890", "1.7976931348623157e308", "1.7976931348623159e308", "5e-324"];
  for (const b of [f.min, f.max]) {
    if (b === undefined) continue;
    for (const d of [-1e-9, 0, 1e-9, -1, 1]) out.push(String(b + d));
  }
  return out;
}

function decimalStrings(f) {
  const s = f.scale ?? 2;
  const p = f.precision ?? 18;
  const out = ["0", "0.5", "0.50", "0.500", "0.501", "-0", "-0.00", "-0.01", "00012.3", "1e2", "+1", ".5", "5.", "1234567890123456.78", "12345678901234567.8", "9999999999999999.99", "-3", "-2.99", "-3.01", "0.25", "0.24", "0.75", "0.76", "0.001", "0.999", "1.000", "1 ", "abc", "１", "", "-", "1.2.3", "0.1234", "-000.100"];
  const whole = p - s;
  out.push(repeat("9", whole) + (s > 0 ? "." + repeat("9", s) : ""), repeat("9", whole + 1), "-" + repeat("9", whole), repeat("1", Math.max(whole, 1)) + "." + repeat("5", s + 1));
  for (const b of [f.min, f.max]) {
    if (b === undefined) continue;
    const step = 10 ** -s;
    for (const d of [-step, 0, step]) out.push((b + d).toFixed(s));
    out.push(String(b));
  }
  return out;
}

const EMAILS = ["a@b.c", "A@B.CO", "LIB@Example.COM", "a@b", "@b.c", "a@.b", "a@b.", "a b@c.d", "a@@b.c", "a\u00a0@b.c", "a\u2028@b.c", "a\t@b.c", "ÄÖ@b.c", "a@b.c\u0000", "x@y.zz", "abcdefghij@b.com", "abcdefghijk@b.com", "Abcdefghij@B.com", repeat("a", 250) + "@b.c", repeat("a", 251) + "@b.c", repeat("é", 125) + "@b.c", "a@b.c ", "a@b..c", "a.b@c.d.e"];
const URLS = ["http://a", "https://example.com/x?y#z", "ftp://a", "http://", "http://a b", "http://[::1]:80", "http://a:8x", "http://%zz", "http://%41", "HTTP://A", "https://user@host:443/p", "http://[zz]", "//a", "http:/a", "https://a.b/" + repeat("c", 12), "https://a.b/" + repeat("c", 13), "http://a\u0000", "http://ä.de", "http://a:", "https://x.io/é"];
const DATES = ["2024-02-29", "2023-02-29", "0000-01-01", "0001-01-01", "9999-12-31", "2024-13-01", "2024-1-01", " 2024-01-01", "2024-04-31", "10000-01-01", "2024-00-10", "2024-01-00", "２０２４-01-01"];
const DATETIMES = ["2024-01-01T00:00:00Z", "2024-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00", "9999-12-31T23:59:59+01:00", "0001-01-01T00:00:00+01:00", "0001-01-01T00:30:00-00:30", "2024-01-01T00:00:00.123456789Z", "2024-01-01t00:00:00z", "2024-01-01T24:00:00Z", "2024-01-01T00:00:00", "2024-01-01T00:00:60Z", "2024-01-01T00:00:00+24:00", "2024-02-30T00:00:00Z", "2024-01-01T00:00:00.5-00:00", "2024-01-01 00:00:00Z", "2024-01-01T00:00:00.999999Z", "2024-03-10T02:30:00-05:00"];
const UUIDS = ["123e4567-e89b-12d3-a456-426614174000", "123E4567-E89B-12D3-A456-426614174000", "123e4567e89b12d3a456426614174000", "g23e4567-e89b-12d3-a456-426614174000", "{123e4567-e89b-12d3-a456-426614174000}", "00000000-0000-0000-0000-000000000000"];
const JSONS = ["{}", "[]", "1", '"s"', "true", "false", '{"a":1,"a":2}', '[{"b":{"c":1,"c":1}}]', '"\\u0000"', '{"\\u0000":1}', '{"k":"a\\u0000"}', "1e400", "[1e400]", '{"x":-1e400}', "12345678901234567890", "-12345678901234567890", "1.5", "1e2", '{"__proto__":1}', '{"__proto__":{"a":1}}', "[[[[]]]]", '{"a":[1,2,{"b":null}]}', "9007199254740993", "0.1", "-0", '{"a":{"b":{"a":1,"b":2}}}', '["\\ud800"]', "null"];

/** JSON texts for a body field of f. */
function bodyTexts(f) {
  const strs = (xs) => xs.map(J);
  let typed;
  switch (f.type) {
    case "int":
      typed = intTexts(f);
      break;
    case "float":
      typed = floatTexts(f);
      break;
    case "decimal":
      typed = strs(decimalStrings(f));
      break;
    case "bool":
      typed = ['"true"', '"false"'];
      break;
    case "date":
      typed = strs(DATES);
      break;
    case "datetime":
      typed = strs(DATETIMES);
      break;
    case "uuid":
      typed = strs(UUIDS);
      break;
    case "json":
      typed = JSONS;
      break;
    case "enum":
      typed = strs([...f.values, ...f.values.map((v) => v.toUpperCase()), ...f.values.map((v) => v + " "), f.values[0] + "\u0000"]);
      break;
    case "email":
      typed = strs([...EMAILS, ...lengthEdges(f).map((s) => s + "@b.co")]);
      break;
    case "url":
      typed = strs([...URLS, ...lengthEdges(f).map((s) => "http://a.b/" + s)]);
      break;
    default:
      typed = strs([...SAMPLES, ...lengthEdges(f)]);
  }
  return [...COMMON, ...typed];
}

/** Texts for a path or query parameter of f. */
function paramTexts(f) {
  const strs = (xs) => xs.map((t) => JSON.parse(t)).filter((v) => typeof v === "string");
  const common = ["", " ", "abc", "null", "true", "false", "0", "1", "-1", "1.5", "\u0000"];
  switch (f.type) {
    case "int":
      return [...common, "-0", "007", "5", "-5", "1.0", "1e2", "+1", " 1", "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809", "00000000000000000000001", ...intTexts(f)];
    case "float":
      return [...common, ".5", "5.", "+1", "0x10", "Infinity", "NaN", "-0", "01", "1e400", "1e-400", ...floatTexts(f)];
    case "bool":
      return [...common, "True", "TRUE", "yes"];
    default:
      return [...common, ...strs(bodyTexts(f))];
  }
}

const UNKNOWN = ["zzz", "Zed", "é", "\u0000x", "__proto__", "a", "", "10", "2", "constructor", "toString", "hasOwnProperty", "😀", "ａ", "Id", "ID", "created_at", " id", "valueOf"];

// --- running both sides ---

function canon(v) {
  if (v === null) return null;
  if (v === undefined) return "undef";
  if (typeof v === "bigint") return "big:" + v.toString();
  if (typeof v === "number") return "num:" + (Object.is(v, -0) ? "-0" : String(v));
  if (typeof v === "string") return "str:" + v;
  if (typeof v === "boolean") return v;
  if (v instanceof Map) return { map: [...v.entries()].map(([k, x]) => [k, canon(x)]) };
  if (v instanceof JsonNumber) return "jsonnumber:" + v.text;
  if (Array.isArray(v)) return v.map(canon);
  if (typeof v === "object") {
    return { proto: Object.getPrototypeOf(v) === null ? "null" : Object.getPrototypeOf(v) === Object.prototype ? "object" : "other", entries: Object.entries(v).map(([k, x]) => [k, canon(x)]) };
  }
  return "?" + typeof v;
}

/** The outcome of fn: its value, or the 422 it throws. */
function outcome(fn) {
  try {
    return { ok: true, value: fn() };
  } catch (e) {
    if (e instanceof HttpError) return { ok: false, status: e.status, detail: e.detail, errors: e.errors };
    return { ok: false, threw: String(e && e.stack ? e.stack : e) };
  }
}

/** An object's entries as the old validator's Map holds them. */
const asMap = (o) => new Map(Object.entries(o));

let compared = 0;
const failures = [];
const seen = new Map();
const codes = new Map();

function compare(where, input, old, neu) {
  compared++;
  const a = JSON.stringify(canon(old.ok ? { ok: true, value: old.value } : old));
  const b = JSON.stringify(canon(neu.ok ? { ok: true, value: neu.value } : neu));
  const kind = where.split(" ")[0];
  seen.set(kind, (seen.get(kind) ?? 0) + 1);
  for (const e of old.ok ? [{ code: "(valid)" }] : (old.errors ?? [{ code: "(threw)" }])) codes.set(e.code, (codes.get(e.code) ?? 0) + 1);
  if (a !== b && failures.length < 30) failures.push(`${where}\n  input: ${input}\n  old:   ${a}\n  zod:   ${b}`);
}

/** Bodies for fields (the ones a schema accepts) among known (every
 * field of the entity, or the same fields). */
function bodies(fields, known) {
  const texts = new Map(fields.map((f) => [f.name, bodyTexts(f)]));
  const valid = new Map();
  for (const f of fields) {
    const ok = texts.get(f.name).filter((t) => {
      const errors = [];
      legacy.checkFields([fieldMeta(f)], parseJson(`{${J(f.name)}:${t}}`), errors, new Map());
      return errors.length === 0;
    });
    valid.set(f.name, ok.length > 0 ? ok : ["null"]);
  }
  const obj = (entries) => "{" + entries.map(([k, t]) => J(k) + ":" + t).join(",") + "}";
  const base = fields.map((f) => [f.name, valid.get(f.name)[0]]);
  const out = ["{}", obj(base)];
  for (const f of fields) {
    for (const t of texts.get(f.name)) {
      out.push(obj(base.map(([k, v]) => [k, k === f.name ? t : v])));
      out.push(obj([[f.name, t]]));
    }
    out.push(obj(base.filter(([k]) => k !== f.name)));
    for (const t of valid.get(f.name)) out.push(obj(base.map(([k, v]) => [k, k === f.name ? t : v])));
  }
  for (const k of known) {
    if (fields.some((f) => f.name === k)) continue;
    for (const t of ["1", "null", '"x"', "{}"]) {
      out.push(obj([...base, [k, t]]));
      out.push(obj([[k, t], ...base.slice(1)]));
    }
  }
  const extra = [...known, ...UNKNOWN];
  for (let i = 0; i < 40; i++) out.push(obj(shuffle([...base, ...shuffle(UNKNOWN).slice(0, 1 + rand(6)).map((k) => [k, pick(COMMON)])])));
  for (let i = 0; i < 400; i++) {
    const entries = [];
    for (const f of fields) if (rand(3) > 0) entries.push([f.name, rand(2) === 0 ? pick(valid.get(f.name)) : pick(texts.get(f.name))]);
    for (let j = rand(4); j > 0; j--) entries.push([pick(extra), pick(COMMON)]);
    if (rand(10) === 0 && entries.length > 0) entries.push([entries[0][0], pick(COMMON)]); // a name given twice
    out.push(obj(shuffle(entries)));
  }
  return out;
}

function paramInputs(fields) {
  const texts = new Map(fields.map((f) => [f.name, paramTexts(f)]));
  const out = [{}];
  const base = Object.fromEntries(fields.map((f) => [f.name, texts.get(f.name)[0]]));
  for (const f of fields) {
    for (const t of texts.get(f.name)) {
      out.push({ ...base, [f.name]: t });
      out.push({ [f.name]: t });
    }
  }
  for (let i = 0; i < 300; i++) {
    const o = {};
    for (const f of fields) if (rand(3) > 0) o[f.name] = pick(texts.get(f.name));
    out.push(o);
  }
  return out;
}

for (const spec of cases) {
  const mod = (file) => load(`s-${spec.name}/${file}.schema.js`);
  for (const e of spec.entities) {
    const meta = { fields: e.fields.map(fieldMeta), create: e.create, update: e.update };
    const s = await mod(e.kebab);
    const known = e.fields.map((f) => f.name);
    for (const mode of ["create", "update"]) {
      const accepted = e.fields.filter((f) => meta[mode].includes(f.name));
      const schema = s[`${mode}${e.pascal}Schema`];
      for (const text of bodies(mode === "create" ? accepted : accepted.map((f) => ({ ...f, required: false })), known)) {
        compare(`${mode} ${spec.name}.${e.pascal}`, text, outcome(() => legacy.validateBody(meta, parseJson(text), mode)), outcome(() => asMap(parse(schema, parseJson(text)))));
      }
    }
  }
  if (spec.auth !== null) {
    const a = spec.auth;
    const e = spec.entities.find((x) => x.pascal === a.entity);
    const meta = { fields: e.fields.map(fieldMeta), create: e.create, update: e.update };
    const s = await mod("auth");
    const known = e.fields.map((f) => f.name);
    for (const [kind, names, schema] of [["register", a.register, s.registerSchema], ["createUser", e.create, s.createUserSchema]]) {
      for (const text of bodies(e.fields.filter((f) => names.includes(f.name)), known)) {
        compare(`${kind} ${spec.name}`, text, outcome(() => legacy.validateBody(meta, parseJson(text), "create", names)), outcome(() => asMap(parse(schema, parseJson(text)))));
      }
    }
    const creds = e.fields.filter((f) => f.name === a.identity || f.name === a.password).map((f) => ({ ...f, type: "string", required: true, optional: false, minLength: undefined, maxLength: undefined, pattern: undefined }));
    const logins = bodies(creds, known);
    for (const f of e.fields.filter((x) => x.name === a.identity || x.name === a.password)) {
      for (const t of bodyTexts(f)) logins.push(`{${J(a.identity)}:${f.name === a.identity ? t : '"pw"'},${J(a.password)}:${f.name === a.password ? t : '"pw"'}}`);
    }
    for (const text of logins) {
      const old = outcome(() => {
        const [id, pw] = legacy.loginBody(parseJson(text), a.identity, a.password);
        return { [a.identity]: id, [a.password]: pw };
      });
      compare(`login ${spec.name}`, text, old, outcome(() => parse(s.loginSchema, parseJson(text))));
    }
  }
  if (spec.endpoints.length > 0) {
    const s = await mod("endpoints");
    for (const ep of spec.endpoints) {
      for (const [part, fields] of [["Params", ep.params], ["Query", ep.query]]) {
        if (fields.length === 0) continue;
        const metas = fields.map(fieldMeta);
        for (const texts of paramInputs(fields)) {
          const errors = [];
          const out = new Map();
          legacy.checkFields(metas, legacy.paramObject(metas, texts), errors, out);
          const old = errors.length > 0 ? { ok: false, errors } : { ok: true, value: out };
          const r = safeParse(s[`${ep.camel}${part}Schema`], texts);
          compare(`${part.toLowerCase()} ${spec.name}.${ep.camel}`, JSON.stringify(texts), old, r.success ? { ok: true, value: asMap(r.data) } : { ok: false, errors: r.errors });
        }
      }
      if (ep.body !== null) {
        const metas = ep.body.map(fieldMeta);
        for (const text of bodies(ep.body, ep.body.map((f) => f.name))) {
          const errors = [];
          const out = new Map();
          const body = parseJson(text);
          legacy.checkFields(metas, body, errors, out);
          errors.push(...legacy.unknownFields(body, metas.map((f) => f.name)));
          const old = errors.length > 0 ? { ok: false, errors } : { ok: true, value: out };
          const r = safeParse(s[`${ep.camel}BodySchema`], parseJson(text));
          compare(`body ${spec.name}.${ep.camel}`, text, old, r.success ? { ok: true, value: asMap(r.data) } : { ok: false, errors: r.errors });
        }
      }
    }
  }
}

console.log(`${compared} inputs compared: ${[...seen].map(([k, n]) => `${k} ${n}`).join(", ")}`);
console.log(`old outcomes: ${[...codes].sort().map(([k, n]) => `${k} ${n}`).join(", ")}`);
if (failures.length > 0) {
  console.log(`${failures.length} differences (at most 30 shown):\n` + failures.join("\n"));
  process.exitCode = 1;
}
