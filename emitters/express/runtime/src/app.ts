// The Express application: security headers, request id, CORS, request
// limits, body reading, routing from the generated route table (the most
// specific path wins, 405 with Allow), problem+json errors, access log.

import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import cors from "cors";
import express from "express";
import type { NextFunction, Request as XRequest, Response } from "express";
import helmet from "helmet";
import type { ApiDef, RouteDef } from "./api-types.js";
import { Handlers } from "./controllers/crud.controller.js";
import type { Reply } from "./controllers/crud.controller.js";
import type { Db } from "./db.js";
import { Tokens } from "./runtime/auth.js";
import type { Config } from "./runtime/config.js";
import { JsonDepthError, JsonNumber, isObject, parseJson, stringify, toPlain } from "./runtime/json.js";
import type { JsonObject } from "./runtime/json.js";
import { parseQueryString } from "./runtime/listing.js";
import type { Logger } from "./runtime/log.js";
import { HttpError, invalid, notImplemented, problem, unavailable } from "./runtime/problem.js";
import type { FieldError } from "./runtime/problem.js";
import { checkValue } from "./runtime/validation.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const METHOD_ORDER = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];

interface Compiled {
  route: RouteDef;
  re: RegExp;
  names: string[];
  literals: number;
}

function compile(route: RouteDef): Compiled {
  const names: string[] = [];
  let literals = 0;
  const src = route.path
    .split("/")
    .map((seg) => {
      const m = /^\{(.+)\}$/.exec(seg);
      if (m) {
        names.push(m[1] ?? "");
        return "([^/]+)";
      }
      if (seg !== "") literals++;
      return seg.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("/");
  return { route, re: new RegExp("^" + src + "$"), names, literals };
}

function send(res: Response, status: number, body: unknown, headers: Record<string, string> = {}): void {
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  if (body === undefined) {
    res.status(status).end();
    return;
  }
  const problemBody = status >= 400;
  res.status(status);
  res.setHeader("Content-Type", problemBody ? "application/problem+json" : "application/json; charset=utf-8");
  res.end(stringify(body));
}

function readBody(req: XRequest, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const timer = setTimeout(() => {
      reject(new HttpError(408, "the request body did not arrive in time"));
    }, 30000);
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        clearTimeout(timer);
        req.pause();
        reject(new HttpError(413, `the body is larger than ${String(limit)} bytes`));
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks));
    });
    req.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

export function createApp(api: ApiDef, db: Db, config: Config, log: Logger): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  const tokens = (): Tokens => new Tokens(config.jwtSecret(), api.auth?.ttlSeconds ?? 86400);
  const handlers = new Handlers(api, db, tokens);
  const routes = api.routes.map(compile);
  const openapi = readFileSync(path.resolve(here, "..", "openapi.json"));

  app.use((req: XRequest, res: Response, next: NextFunction) => {
    const start = process.hrtime.bigint();
    const given = req.header("x-request-id");
    const id = given !== undefined && /^[A-Za-z0-9._~-]{1,128}$/.test(given) ? given : randomUUID();
    res.locals["requestId"] = id;
    res.setHeader("X-Request-ID", id);
    res.on("finish", () => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      log.info({ requestId: id, method: req.method, path: req.path, status: res.statusCode, durationMs: Math.round(ms * 1000) / 1000 }, "request");
    });
    next();
  });
  app.use(helmet({ contentSecurityPolicy: false, frameguard: { action: "deny" }, referrerPolicy: { policy: "no-referrer" }, strictTransportSecurity: false }));
  app.use(cors({ origin: (origin, cb) => { cb(null, origin !== undefined && config.corsOrigins.includes(origin)); } }));

  app.use((req: XRequest, res: Response) => {
    void dispatch(req, res).catch((err: unknown) => {
      fail(req, res, err);
    });
  });

  const fail = (req: XRequest, res: Response, err: unknown): void => {
    if (err instanceof HttpError) {
      send(res, err.status, problem(err.status, err.detail, err.errors), err.headers);
      return;
    }
    if (isUnavailable(err)) {
      const e = unavailable();
      send(res, 503, problem(503, e.detail), e.headers);
      return;
    }
    const e = err instanceof Error ? err : new Error(String(err));
    log.error({ requestId: res.locals["requestId"], method: req.method, path: req.path, status: 500, errorType: e.name, error: e.message, stack: e.stack }, "unexpected error");
    send(res, 500, problem(500, "an unexpected error occurred"));
  };

  const dispatch = async (req: XRequest, res: Response): Promise<void> => {
    const rawUrl = req.originalUrl;
    if (Buffer.byteLength(rawUrl) > 8192) throw new HttpError(414, "the request target is too long");
    let headerBytes = 0;
    for (let i = 0; i < req.rawHeaders.length; i++) headerBytes += Buffer.byteLength(req.rawHeaders[i] ?? "");
    if (headerBytes > 16384) throw new HttpError(431, "the header fields are too large");
    const q = rawUrl.indexOf("?");
    const rawPath = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const rawQuery = q < 0 ? "" : rawUrl.slice(q + 1);
    if (/%2f/i.test(rawPath)) throw new HttpError(404, "not found");
    let p: string;
    try {
      p = decodeURIComponent(rawPath);
    } catch {
      throw new HttpError(404, "not found");
    }
    const matches = routes.map((c) => ({ c, m: c.re.exec(p) })).filter((x) => x.m !== null);
    if (matches.length === 0) throw new HttpError(404, "not found");
    // The most specific path wins: more literal segments.
    const best = Math.max(...matches.map((x) => x.c.literals));
    const top = matches.filter((x) => x.c.literals === best);
    const method = req.method === "HEAD" ? "GET" : req.method;
    const hit = top.find((x) => x.c.route.method === method);
    if (hit === undefined || hit.m === null) {
      const methods = new Set(top.map((x) => x.c.route.method));
      if (methods.has("GET")) methods.add("HEAD");
      const allow = METHOD_ORDER.filter((m) => methods.has(m)).join(", ");
      throw new HttpError(405, `${req.method} is not allowed here`, undefined, { Allow: allow });
    }
    const route = hit.c.route;
    const params: Record<string, string> = {};
    hit.c.names.forEach((n, i) => {
      params[n] = hit.m?.[i + 1] ?? "";
    });
    const query = parseQueryString(rawQuery);
    const auth = req.header("authorization");
    const token = auth !== undefined && /^Bearer /i.test(auth) ? auth.slice(7).trim() : undefined;

    if (route.kind === "system") {
      if (route.name === "health") return send(res, 200, { status: "ok" });
      if (route.name === "openapi") {
        res.setHeader("Content-Type", "application/json; charset=utf-8");
        res.status(200).end(openapi);
        return;
      }
      try {
        await db.ping();
      } catch {
        const e = unavailable();
        return send(res, 503, problem(503, e.detail), e.headers);
      }
      return send(res, 200, { status: "ok" });
    }

    const takesBody = ["POST", "PUT", "PATCH"].includes(route.method) && route.kind !== "link" && !(route.kind === "endpoint" && route.name === "");
    let body: JsonObject | undefined;
    if (takesBody && (route.kind !== "endpoint" || hasBody(route))) {
      const type = req.header("content-type") ?? "";
      if (!/^application\/json\s*(;.*)?$/i.test(type)) throw new HttpError(415, "the body must be application/json");
      const len = Number(req.header("content-length") ?? "0");
      if (len > api.maxBodyBytes) throw new HttpError(413, `the body is larger than ${String(api.maxBodyBytes)} bytes`);
      const raw = await readBody(req, api.maxBodyBytes);
      let v;
      try {
        v = parseJson(raw.toString("utf8"));
      } catch (e) {
        if (e instanceof JsonDepthError) throw new HttpError(400, "the body is nested too deeply");
        throw new HttpError(400, "the body is not valid JSON");
      }
      if (!isObject(v)) throw new HttpError(400, "the body must be a JSON object");
      body = v;
    }

    let reply: Reply;
    if (route.kind === "endpoint") {
      reply = await endpoint(route, params, query, body);
    } else {
      reply = await handlers.handle({ route, params, query, body, token });
    }
    send(res, reply.status, reply.body, reply.headers);
  };

  const hasBody = (route: RouteDef): boolean => route.kind === "endpoint" && route.params.length >= 0 && route.method !== "GET" && route.method !== "DELETE";

  const endpoint = async (route: RouteDef, params: Record<string, string>, query: Map<string, string>, body: JsonObject | undefined): Promise<Reply> => {
    if (route.kind !== "endpoint") throw new HttpError(500, "unrouted");
    const errors: FieldError[] = [];
    const values: Record<string, unknown> = {};
    for (const prm of route.params) {
      if (prm.field === undefined) continue;
      const raw = params[prm.name] ?? "";
      const r = checkValue(prm.field, prm.field.type === "int" || prm.field.type === "float" || prm.field.type === "decimal" ? new JsonNumber(raw) : raw, errors);
      if (r.ok) values[prm.name] = r.value;
    }
    if (errors.length > 0) throw invalid(errors);
    const result = await db.write(() =>
      route.handler({ params: values, query: Object.fromEntries(query), body: body === undefined ? undefined : (toPlain(body) as Record<string, unknown>), callerId: undefined }),
    );
    if (result === undefined) throw notImplemented(route.name);
    return { status: route.status, body: route.status === 204 ? undefined : result };
  };

  return app;
}

function isUnavailable(err: unknown): boolean {
  const s = String(err);
  return /ECONNREFUSED|ECONNRESET|database is locked|SQLITE_BUSY|Connection terminated|P1001|P1017|P2024/.test(s);
}
