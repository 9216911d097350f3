// The Express application: request id, security headers, CORS, request
// limits, routing from the generated route table (the most specific path
// wins, 405 with Allow), body reading, problem+json errors, access log.
// Each request goes through the steps of the go target, in its order:
// limits, path, query string, route, credentials, ids, body, handler.

import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import express from "express";
import type { NextFunction, Request, Response } from "express";
import helmet from "helmet";
import type { ApiDef, RouteDef } from "./api-types.js";
import { Handlers } from "./controllers/crud.controller.js";
import { isUnavailable } from "./db.js";
import type { Db } from "./db.js";
import { Tokens } from "./runtime/auth.js";
import type { Config } from "./runtime/config.js";
import { JsonDepthError, isObject, parseJson, stringify } from "./runtime/json.js";
import type { JsonObject } from "./runtime/json.js";
import { parseQueryString } from "./runtime/listing.js";
import type { Logger } from "./runtime/log.js";
import { HttpError, badRequest, notFound, problem, unauthorized, unavailable } from "./runtime/problem.js";

const here = path.dirname(fileURLToPath(import.meta.url));

/** The contract's request limits; the HTTP server's own are looser. */
const MAX_TARGET_BYTES = 8192;
const MAX_HEADER_BYTES = 16384;
const MAX_DEPTH = 64;
const BODY_TIMEOUT_MS = 30000;
const METHOD_ORDER = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];

interface CompiledRoute {
  route: RouteDef;
  re: RegExp;
  names: string[];
  /** Path parameters: the route with fewer is the more specific. */
  wildcards: number;
}

function compile(route: RouteDef): CompiledRoute {
  const names: string[] = [];
  const src = route.path
    .split("/")
    .map((seg) => {
      const m = /^\{(.+)\}$/.exec(seg);
      if (m === null) return seg.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      names.push(m[1] ?? "");
      return "([^/]+)";
    })
    .join("/");
  return { route, re: new RegExp("^" + src + "$"), names, wildcards: names.length };
}

/** The client went away before its body arrived: nobody to answer. */
class ClientGone extends Error {}

function send(res: Response, status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): void {
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.status(status);
  if (body === undefined) {
    res.end();
    return;
  }
  res.setHeader("Content-Type", status >= 400 ? "application/problem+json" : "application/json; charset=utf-8");
  res.end(stringify(body));
}

function sendError(res: Response, err: HttpError): void {
  send(res, err.status, problem(err.status, err.detail, err.errors), err.headers);
}

/** Reads a body of at most limit bytes, within BODY_TIMEOUT_MS. */
function readBody(req: Request, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const done = (err?: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.removeAllListeners("data");
      if (err !== undefined) reject(err);
      else resolve(Buffer.concat(chunks));
    };
    const timer = setTimeout(() => {
      done(new HttpError(408, "the body did not arrive in time", undefined, { Connection: "close" }));
    }, BODY_TIMEOUT_MS);
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        done(new HttpError(413, `the body is larger than ${String(limit)} bytes`));
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => {
      done();
    });
    req.on("error", () => {
      done(new ClientGone());
    });
  });
}

/** CORS for the allowed origins only ("*": any). A preflight from one is
 * answered here; any other request goes on, so that an OPTIONS request
 * that is not a preflight is a 405 like any other unrouted method. */
function corsFor(origins: readonly string[]): (req: Request, res: Response, next: NextFunction) => void {
  const anyOrigin = origins.includes("*");
  return (req, res, next) => {
    const origin = req.header("origin");
    if (origin === undefined || origin === "" || !(anyOrigin || origins.includes(origin))) {
      next();
      return;
    }
    res.append("Vary", "Origin");
    res.setHeader("Access-Control-Allow-Origin", origin);
    res.setHeader("Access-Control-Expose-Headers", "X-Request-ID, Location");
    if (req.method === "OPTIONS" && req.header("access-control-request-method") !== undefined) {
      res.setHeader("Access-Control-Allow-Methods", METHOD_ORDER.join(", "));
      res.setHeader("Access-Control-Allow-Headers", "Authorization, Content-Type, X-Request-ID");
      res.setHeader("Access-Control-Max-Age", "600");
      res.status(204).end();
      return;
    }
    next();
  };
}

/** Whether the route reads a JSON body. */
function takesBody(route: RouteDef): boolean {
  switch (route.kind) {
    case "operation":
      return route.name === "create" || route.name === "update";
    case "auth":
      return route.name !== "me";
    case "endpoint":
      return route.body !== undefined;
    default:
      return false;
  }
}

export function createApp(api: ApiDef, db: Db, config: Config, log: Logger): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  let tokens: Tokens | undefined;
  const getTokens = (): Tokens => (tokens ??= new Tokens(config.jwtSecret(), api.auth?.ttlSeconds ?? 86400));
  const handlers = new Handlers(api, db, getTokens);
  const routes = api.routes.map(compile);
  const openapi = readFileSync(path.resolve(here, "..", "openapi.json"));

  app.use((req: Request, res: Response, next: NextFunction) => {
    const start = process.hrtime.bigint();
    const given = req.header("x-request-id");
    const id = given !== undefined && /^[A-Za-z0-9._~-]{1,128}$/.test(given) ? given : randomUUID();
    res.locals["requestId"] = id;
    res.setHeader("X-Request-ID", id);
    res.on("finish", () => {
      const ms = Number((process.hrtime.bigint() - start) / 1000n) / 1000;
      log.info({ requestId: id, method: req.method, path: req.path, status: res.statusCode, durationMs: ms }, "request");
    });
    next();
  });
  app.use(helmet({ contentSecurityPolicy: false, frameguard: { action: "deny" }, referrerPolicy: { policy: "no-referrer" }, strictTransportSecurity: false }));
  app.use(corsFor(config.corsOrigins));

  const fail = (req: Request, res: Response, err: unknown): void => {
    if (err instanceof ClientGone || res.headersSent) return;
    if (err instanceof HttpError) {
      sendError(res, err);
      return;
    }
    const fields = { requestId: res.locals["requestId"], method: req.method, path: req.path };
    if (isUnavailable(err)) {
      log.warn({ ...fields, status: 503, error: err instanceof Error ? err.message : String(err) }, "database unavailable");
      sendError(res, unavailable());
      return;
    }
    const e = err instanceof Error ? err : new Error(String(err));
    log.error({ ...fields, status: 500, errorType: e.constructor.name, error: e.message, stack: e.stack }, "unexpected error");
    sendError(res, new HttpError(500, "an unexpected error occurred"));
  };

  const dispatch = async (req: Request, res: Response): Promise<void> => {
    const target = req.originalUrl;
    if (Buffer.byteLength(target) > MAX_TARGET_BYTES) throw new HttpError(414, `the request target is longer than ${String(MAX_TARGET_BYTES)} bytes`);
    let headerBytes = 0;
    for (const h of req.rawHeaders) headerBytes += Buffer.byteLength(h);
    if (headerBytes > MAX_HEADER_BYTES) throw new HttpError(431, `the header fields are larger than ${String(MAX_HEADER_BYTES)} bytes`);
    const q = target.indexOf("?");
    const rawPath = q < 0 ? target : target.slice(0, q);
    // No route has a segment with a slash in it.
    if (/%2f/i.test(rawPath)) throw notFound();
    let urlPath: string;
    try {
      urlPath = decodeURIComponent(rawPath);
    } catch {
      throw notFound();
    }
    const query = parseQueryString(q < 0 ? "" : target.slice(q + 1));

    const matches = routes.flatMap((c) => {
      const m = c.re.exec(urlPath);
      return m === null ? [] : [{ c, m }];
    });
    if (matches.length === 0) throw new HttpError(404, "no route matches this path");
    const fewest = Math.min(...matches.map((x) => x.c.wildcards));
    const best = matches.filter((x) => x.c.wildcards === fewest);
    const method = req.method === "HEAD" ? "GET" : req.method;
    const hit = best.find((x) => x.c.route.method === method);
    if (hit === undefined) {
      const methods = new Set(best.map((x) => x.c.route.method));
      if (methods.has("GET")) methods.add("HEAD");
      const allow = METHOD_ORDER.filter((m) => methods.has(m)).join(", ");
      throw new HttpError(405, "the method is not allowed on this path", undefined, { Allow: allow });
    }
    const route = hit.c.route;
    const params: Record<string, string> = {};
    hit.c.names.forEach((n, i) => {
      params[n] = hit.m[i + 1] ?? "";
    });

    if (route.kind === "system") {
      switch (route.name) {
        case "health":
          return send(res, 200, { status: "ok" });
        case "openapi":
          res.setHeader("Content-Type", "application/json; charset=utf-8");
          res.status(200).end(openapi);
          return;
        case "ready":
          try {
            await db.ping();
          } catch {
            return sendError(res, unavailable());
          }
          return send(res, 200, { status: "ok" });
      }
    }

    // A protected route without a valid token is a 401 before its body is read.
    const authz = req.header("authorization");
    const bearer = authz === undefined ? undefined : /^Bearer (.*)$/i.exec(authz)?.[1]?.trim();
    const subject = bearer === undefined || api.auth === undefined ? undefined : getTokens().verify(bearer);
    if (subject === undefined && route.access.some((r) => r.public !== true)) throw unauthorized();
    for (const p of route.params) {
      if (p.entity !== undefined) handlers.idValue(p.entity, params[p.name] ?? "");
    }

    let body: JsonObject | undefined;
    if (takesBody(route)) body = await readJsonBody(req, res);
    const reply = await handlers.handle({ route, params, query, body, subject });
    send(res, reply.status, reply.body, reply.headers);
  };

  /** A JSON object body: 415 for another media type, 413 over the size
   * limit, 408 when it stops arriving, 400 for anything but an object. A
   * client that waits for 100 Continue is told to send only now (the
   * server hands such requests to the app without answering them). */
  const readJsonBody = async (req: Request, res: Response): Promise<JsonObject> => {
    if (!/^application\/json\s*(;.*)?$/i.test(req.header("content-type") ?? "")) throw new HttpError(415, "the body must be application/json");
    if (Number(req.header("content-length") ?? "0") > api.maxBodyBytes) {
      throw new HttpError(413, `the body is larger than ${String(api.maxBodyBytes)} bytes`);
    }
    if (/^100-continue$/i.test(req.header("expect") ?? "")) res.writeContinue();
    const raw = await readBody(req, api.maxBodyBytes);
    let v;
    try {
      v = parseJson(raw.toString("utf8"), MAX_DEPTH);
    } catch (e) {
      if (e instanceof JsonDepthError) throw badRequest(`the body nests arrays and objects deeper than ${String(MAX_DEPTH)} levels`);
      throw badRequest("the body must be a JSON object");
    }
    if (!isObject(v)) throw badRequest("the body must be a JSON object");
    return v;
  };

  app.use((req: Request, res: Response) => {
    dispatch(req, res).catch((err: unknown) => {
      fail(req, res, err);
    });
  });
  return app;
}
