// The first steps of every request, in the contract's order: its id,
// then the limits on the request target and the header fields, then the
// path (a segment never holds a slash; a bad escape names nothing) and
// the query string.

import { randomUUID } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import { parseQueryString } from "../runtime/listing.js";
import { HttpError, notFound } from "../runtime/problem.js";

// What these middlewares add to a request, on Express's own Request
// (@types/express's documented way to extend it, which needs a namespace).
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** The request's id (X-Request-ID): the client's if well formed, else a new UUID. */
      requestId: string;
      /** The decoded path. */
      decodedPath: string;
      /** The query string's parameters, in order, as sent. */
      queryParams: [string, string][];
      /** The verified bearer token's subject (src/middlewares/auth.middleware.ts). */
      subject?: string;
    }
  }
}

/** The contract's request limits; the HTTP server's own are looser. */
const MAX_TARGET_BYTES = 8192;
const MAX_HEADER_BYTES = 16384;

/** Takes the client's X-Request-ID if it is 1 to 128 URL-safe characters,
 * else makes one; the answer carries it. */
export function requestId(
  req: Request,
  res: Response,
  next: NextFunction,
): void {
  const given = req.header("x-request-id");
  req.requestId =
    given !== undefined && /^[A-Za-z0-9._~-]{1,128}$/.test(given)
      ? given
      : randomUUID();
  res.setHeader("X-Request-ID", req.requestId);
  next();
}

/** 414 for a long target, 431 for large header fields; 404 for a path
 * that cannot name a route; 400 for a malformed query string. */
export function requestTarget(
  req: Request,
  _res: Response,
  next: NextFunction,
): void {
  const target = req.originalUrl;
  if (Buffer.byteLength(target) > MAX_TARGET_BYTES)
    throw new HttpError(
      414,
      `the request target is longer than ${String(MAX_TARGET_BYTES)} bytes`,
    );
  let headerBytes = 0;
  for (const h of req.rawHeaders) headerBytes += Buffer.byteLength(h);
  if (headerBytes > MAX_HEADER_BYTES)
    throw new HttpError(
      431,
      `the header fields are larger than ${String(MAX_HEADER_BYTES)} bytes`,
    );
  const q = target.indexOf("?");
  const rawPath = q < 0 ? target : target.slice(0, q);
  if (/%2f/i.test(rawPath)) throw notFound();
  try {
    req.decodedPath = decodeURIComponent(rawPath);
  } catch {
    throw notFound();
  }
  req.queryParams = parseQueryString(q < 0 ? "" : target.slice(q + 1));
  next();
}
