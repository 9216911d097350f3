// The generated tests' harness. Each test file starts the application of
// src/app.ts in process (createApp, as `serve` builds it) on a new SQLite
// database in a temporary folder, migrated by the project's migrator, and
// calls it over HTTP with supertest. The tests run against the build in
// dist/: run `npm run build` first.

import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before } from "node:test";
import request from "supertest";
import { createApp } from "../dist/app.js";
import { settings } from "../dist/config/index.js";
import { createServices } from "../dist/container.js";
import type { Services } from "../dist/container.js";
import { migrate, openDb, prepareSqlite } from "../dist/db.js";
import type { Db } from "../dist/db.js";
import { loadConfig } from "../dist/runtime/config.js";
import { isObject, parseJson } from "../dist/runtime/json.js";
import { newLogger } from "../dist/runtime/log.js";

/** A resource, or any other JSON object a reply carries. */
export type Resource = Record<string, unknown>;

export interface Reply {
  readonly method: string;
  readonly target: string;
  readonly status: number;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly text: string;
  /** The body parsed as JSON; undefined when there is none or it is not JSON. */
  readonly json: unknown;
}

export interface Call {
  /** The bearer token; the privileged caller's by default, null for none. */
  readonly token?: string | null;
  /** Sent as JSON (JSON.stringify). */
  readonly body?: unknown;
  /** Sent as it is, as application/json unless headers say otherwise. */
  readonly raw?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface Page {
  readonly items: Resource[];
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
}

/** A caller: a user made for a test, and its token. */
export interface Caller {
  readonly token: string;
  readonly user: Resource;
}

const SECRET = "the-generated-tests-secret-of-at-least-32-bytes";
const SETTINGS = [
  "PORT",
  "HOST",
  "DATABASE_URL",
  "APP_ENV",
  "JWT_SECRET",
  "LOG_LEVEL",
  "CORS_ORIGINS",
  "AUTO_MIGRATE",
];

type Agent = ReturnType<typeof request>;

function open(agent: Agent, method: string, target: string): request.Test {
  switch (method) {
    case "GET":
      return agent.get(target);
    case "HEAD":
      return agent.head(target);
    case "POST":
      return agent.post(target);
    case "PUT":
      return agent.put(target);
    case "PATCH":
      return agent.patch(target);
    case "DELETE":
      return agent.delete(target);
    case "OPTIONS":
      return agent.options(target);
    default:
      throw new Error(`no such method: ${method}`);
  }
}

/** Collects a response body as text, whatever its type (superagent's
 * parser for node: res is the response stream). */
function text(
  res: unknown,
  done: (err: Error | null, body: unknown) => void,
): void {
  const stream = res as http.IncomingMessage;
  let data = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    data += chunk;
  });
  stream.on("end", () => {
    done(null, data);
  });
  stream.on("error", (err) => {
    done(err, data);
  });
}

/** One test file's server, database and privileged caller. */
export class Harness {
  private server: http.Server | undefined;
  private db: Db | undefined;
  private dir: string | undefined;
  private services: Services | undefined;
  private readonly registered = new Map<string, Caller>();
  /** The privileged caller, when the API has auth (see start). */
  admin: Caller | undefined;

  /** Starts the application on a new database. With admin (a create-user
   * body) and its login, makes the privileged caller whose token every
   * call sends by default. */
  async start(admin?: {
    readonly body: string;
    readonly login: Resource;
  }): Promise<void> {
    const dir = mkdtempSync(path.join(tmpdir(), `${settings.name}-test-`));
    this.dir = dir;
    const url = "sqlite:///" + path.join(dir, "test.db");
    for (const k of SETTINGS) Reflect.deleteProperty(process.env, k);
    Object.assign(process.env, {
      APP_ENV: "test",
      DATABASE_URL: url,
      JWT_SECRET: SECRET,
      LOG_LEVEL: "error",
      AUTO_MIGRATE: "false",
    });
    const config = loadConfig(settings.corsOrigins, path.join(dir, ".env"));
    prepareSqlite(url);
    await migrate(url);
    const db = openDb(url, settings.lockTable);
    this.db = db;
    const services = createServices(db, config);
    this.services = services;
    // The server options of `serve` (src/cli.ts): the application meets
    // every request limit before the HTTP server does.
    const server = http.createServer(
      { maxHeaderSize: 1 << 20, requestTimeout: 0 },
      createApp(db, services, config, newLogger(config.logLevel)),
    );
    this.server = server;
    await new Promise<void>((resolve) => {
      server.listen(0, "127.0.0.1", resolve);
    });
    if (admin !== undefined)
      this.admin = await this.caller(admin.body, admin.login);
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server !== undefined) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    }
    await this.db?.close();
    if (this.dir !== undefined)
      rmSync(this.dir, { recursive: true, force: true });
  }

  /** Creates a user as the create-user command does (role allowed) and
   * logs it in. */
  async caller(body: string, login: Resource): Promise<Caller> {
    const createUser = this.services?.createUser;
    if (createUser === undefined)
      throw new Error("the harness has not started, or the API has no auth");
    const v = parseJson(body);
    if (!isObject(v))
      throw new Error("a create-user body must be a JSON object");
    await createUser(v);
    const r = await this.call("POST", `${settings.basePath}/auth/login`, {
      body: login,
      token: null,
    });
    const token = expectObject(r, 200)["accessToken"];
    assert.equal(typeof token, "string", "login: no accessToken");
    const user = expectObject(
      await this.call("GET", `${settings.basePath}/auth/me`, {
        token: String(token),
      }),
      200,
    );
    return { token: String(token), user };
  }

  /** Registers a user and logs it in, once per harness and login. */
  async register(body: Resource, login: Resource): Promise<Caller> {
    const key = JSON.stringify(login);
    const known = this.registered.get(key);
    if (known !== undefined) return known;
    const user = expectObject(
      await this.call("POST", `${settings.basePath}/auth/register`, {
        body,
        token: null,
      }),
      201,
    );
    const token = expectObject(
      await this.call("POST", `${settings.basePath}/auth/login`, {
        body: login,
        token: null,
      }),
      200,
    )["accessToken"];
    assert.equal(typeof token, "string", "login: no accessToken");
    const caller = { token: String(token), user };
    this.registered.set(key, caller);
    return caller;
  }

  /** The privileged caller's id. */
  adminId(): unknown {
    if (this.admin === undefined)
      throw new Error("the API has no privileged caller");
    return this.admin.user["id"];
  }

  async call(method: string, target: string, c: Call = {}): Promise<Reply> {
    if (this.server === undefined)
      throw new Error("the harness has not started");
    let req = open(request(this.server), method, target)
      .ok(() => true)
      .buffer(true)
      .parse(text);
    const token = c.token === undefined ? this.admin?.token : c.token;
    if (token !== undefined && token !== null)
      req = req.set("Authorization", `Bearer ${token}`);
    for (const [k, v] of Object.entries(c.headers ?? {})) req = req.set(k, v);
    const raw =
      c.raw ?? (c.body === undefined ? undefined : JSON.stringify(c.body));
    if (raw !== undefined) {
      if (
        !Object.keys(c.headers ?? {}).some(
          (k) => k.toLowerCase() === "content-type",
        )
      )
        req = req.set("Content-Type", "application/json");
      req = req.send(raw);
    }
    const res = await req;
    const body: unknown = res.body;
    const t = typeof body === "string" ? body : "";
    const headers: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(res.headers as Record<string, unknown>))
      headers[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : String(v);
    let json: unknown;
    if (/json/.test(headers["content-type"] ?? "") && t !== "") {
      try {
        json = JSON.parse(t);
      } catch {
        json = undefined;
      }
    }
    return { method, target, status: res.status, headers, text: t, json };
  }

  /** Creates through the API: a 201 with the resource and its Location. */
  async create(
    collection: string,
    body: unknown,
    c: Call = {},
  ): Promise<Resource> {
    const r = await this.call("POST", collection, { ...c, body });
    const created = expectObject(r, 201);
    assert.equal(
      r.headers["location"],
      `${collection}/${String(created["id"])}`,
      `${show(r)}: Location`,
    );
    return created;
  }
}

/** A harness started before the calling file's tests and stopped after. */
export function harness(admin?: {
  readonly body: string;
  readonly login: Resource;
}): Harness {
  const h = new Harness();
  before(() => h.start(admin));
  after(() => h.stop());
  return h;
}

/** Valid rows of the tests' entities (values of bgen's ir/sample), each
 * handed out once. */
export class Rows {
  private readonly used = new Map<string, number>();

  constructor(
    private readonly rows: Readonly<Record<string, readonly Resource[]>>,
  ) {}

  /** A copy of the next unused row of kind. */
  next(kind: string): Resource {
    const i = this.used.get(kind) ?? 0;
    const row = this.rows[kind]?.[i];
    if (row === undefined)
      throw new Error(`no row ${String(i)} of ${kind}: bgen wrote too few`);
    this.used.set(kind, i + 1);
    return { ...row };
  }
}

export function show(r: Reply): string {
  return `${r.method} ${r.target}: ${String(r.status)} ${r.text.slice(0, 4000)}`;
}

export function expectStatus(r: Reply, status: number): void {
  assert.equal(r.status, status, `${show(r)}\nwant status ${String(status)}`);
}

/** A success with a JSON object body; returns it. */
export function expectObject(r: Reply, status: number): Resource {
  expectStatus(r, status);
  assert.match(
    r.headers["content-type"] ?? "",
    /^application\/json\b/,
    `${show(r)}: Content-Type`,
  );
  assert.ok(
    typeof r.json === "object" && r.json !== null && !Array.isArray(r.json),
    `${show(r)}: not a JSON object`,
  );
  return r.json as Resource;
}

/** A list page; returns it. */
export function expectPage(r: Reply, status = 200): Page {
  const body = expectObject(r, status);
  const { items, total, limit, offset } = body;
  assert.ok(Array.isArray(items), `${show(r)}: items`);
  assert.ok(
    typeof total === "number" &&
      typeof limit === "number" &&
      typeof offset === "number",
    `${show(r)}: total, limit, offset`,
  );
  return { items: items as Resource[], total, limit, offset };
}

/** A problem+json body of status; returns it. */
export function expectProblem(r: Reply, status: number): Resource {
  expectStatus(r, status);
  assert.match(
    r.headers["content-type"] ?? "",
    /^application\/problem\+json\b/,
    `${show(r)}: Content-Type`,
  );
  assert.ok(
    typeof r.json === "object" && r.json !== null,
    `${show(r)}: no problem body`,
  );
  const p = r.json as Resource;
  assert.equal(p["status"], status, `${show(r)}: problem status`);
  assert.equal(p["type"], "about:blank", `${show(r)}: problem type`);
  assert.equal(typeof p["title"], "string", `${show(r)}: problem title`);
  assert.equal(typeof p["detail"], "string", `${show(r)}: problem detail`);
  return p;
}

/** A 409 or 422 whose errors are exactly want, [field, code] each, in
 * order. */
export function expectErrors(
  r: Reply,
  status: number,
  want: readonly (readonly [string, string])[],
): void {
  const p = expectProblem(r, status);
  const errors = p["errors"];
  assert.ok(Array.isArray(errors), `${show(r)}: no errors`);
  const got = (errors as Resource[]).map((e) => [e["field"], e["code"]]);
  assert.deepEqual(got, want, `${show(r)}: errors`);
  if (status === 422)
    assert.equal(
      p["detail"],
      want.length === 1
        ? "1 field is invalid"
        : `${String(want.length)} fields are invalid`,
      `${show(r)}: detail`,
    );
}

/** A 401 with WWW-Authenticate: Bearer. */
export function expectUnauthorized(r: Reply): void {
  expectProblem(r, 401);
  assert.equal(
    r.headers["www-authenticate"],
    "Bearer",
    `${show(r)}: WWW-Authenticate`,
  );
}

/** The JSON text of body with field set to raw, a JSON text (a value
 * JSON.stringify cannot write: 9223372036854775808, 1e30). */
export function withRaw(body: Resource, field: string, raw: string): string {
  const rest = JSON.stringify(
    Object.fromEntries(Object.entries(body).filter(([k]) => k !== field)),
  );
  return (
    (rest === "{}" ? "{" : rest.slice(0, -1) + ",") +
    JSON.stringify(field) +
    ":" +
    raw +
    "}"
  );
}

/** A query string: ?name=value&..., each part percent-encoded. */
export function query(params: Readonly<Record<string, string>>): string {
  const parts = Object.entries(params).map(
    ([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`,
  );
  return parts.length === 0 ? "" : "?" + parts.join("&");
}

/** A value as a query parameter writes it. */
export function param(v: unknown): string {
  return typeof v === "string" ? v : JSON.stringify(v);
}

/** The fields names of body (those it has). */
export function pick(body: Resource, names: readonly string[]): Resource {
  return Object.fromEntries(
    Object.entries(body).filter(([k]) => names.includes(k)),
  );
}

/** Checks each filter operator of a parameter against one row's value:
 * list(op, value) returns the ids listed. */
export async function expectFilter(
  list: (op: string, value: string) => Promise<unknown[]>,
  ops: readonly string[],
  value: string,
  id: unknown,
  name: string,
): Promise<void> {
  for (const op of ops) {
    if (op === "isNull") {
      assert.ok(
        (await list(op, "false")).includes(id),
        `${name}[isNull]=false lists the row`,
      );
      assert.ok(
        !(await list(op, "true")).includes(id),
        `${name}[isNull]=true does not list the row`,
      );
      continue;
    }
    const listed = (await list(op, value)).includes(id);
    const want = ["eq", "in", "gte", "lte", "contains"].includes(op);
    assert.equal(
      listed,
      want,
      `${name}${op === "eq" ? "" : `[${op}]`}=${value} ${want ? "lists" : "does not list"} the row`,
    );
  }
}

export function ids(items: readonly Resource[]): unknown[] {
  return items.map((x) => x["id"]);
}

/** How a field's values compare, as the database sorts them. */
export type Order = "number" | "decimal" | "text" | "bool";

function compareCodePoints(a: string, b: string): number {
  const x = [...a],
    y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i]?.codePointAt(0) ?? 0) - (y[i]?.codePointAt(0) ?? 0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

function compare(a: unknown, b: unknown, order: Order): number {
  switch (order) {
    case "number":
    case "decimal":
      return Number(a) - Number(b);
    case "bool":
      return Number(a === true) - Number(b === true);
    case "text":
      return compareCodePoints(String(a), String(b));
  }
}

/** items are sorted by field (nulls first ascending, last descending),
 * ties by id ascending. */
export function expectSorted(
  items: readonly Resource[],
  field: string,
  desc: boolean,
  order: Order,
  idOrder: Order,
): void {
  for (let i = 1; i < items.length; i++) {
    const a = items[i - 1] ?? {},
      b = items[i] ?? {};
    const x = a[field],
      y = b[field];
    let c: number;
    if (x === null || y === null)
      c = (x === null ? 0 : 1) - (y === null ? 0 : 1);
    else c = compare(x, y, order);
    if (desc) c = -c;
    if (x === null && y === null) c = 0;
    if (c === 0) c = compare(a["id"], b["id"], idOrder);
    assert.ok(
      c < 0,
      `sorted by ${desc ? "-" : ""}${field}: item ${String(i - 1)} (${JSON.stringify(a)}) comes before item ${String(i)} (${JSON.stringify(b)})`,
    );
  }
}
