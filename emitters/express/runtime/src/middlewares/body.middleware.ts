// JSON bodies: 415 for another media type, 413 over the size limit, 408
// when the body stops arriving, 400 for anything but a JSON object.
// Numbers keep their exact text (src/runtime/json.ts), so that 64-bit
// integers and decimals arrive as sent.

import type { NextFunction, Request, RequestHandler, Response } from "express";
import { JsonDepthError, isObject, parseJson } from "../runtime/json.js";
import { HttpError, badRequest } from "../runtime/problem.js";

const MAX_DEPTH = 64;
const BODY_TIMEOUT_MS = 30000;

/** The client went away before its body arrived: nobody to answer. */
export class ClientGone extends Error {}

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
      done(
        new HttpError(408, "the body did not arrive in time", undefined, {
          Connection: "close",
        }),
      );
    }, BODY_TIMEOUT_MS);
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        done(
          new HttpError(413, `the body is larger than ${String(limit)} bytes`),
        );
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

/** Reads a JSON object body into req.body. A client that waits for 100
 * Continue is told to send only now (the server hands such requests to
 * the app without answering them). */
export function jsonBody(maxBytes: number): RequestHandler {
  return async (
    req: Request,
    res: Response,
    next: NextFunction,
  ): Promise<void> => {
    if (!/^application\/json\s*(;.*)?$/i.test(req.header("content-type") ?? ""))
      throw new HttpError(415, "the body must be application/json");
    if (Number(req.header("content-length") ?? "0") > maxBytes)
      throw new HttpError(
        413,
        `the body is larger than ${String(maxBytes)} bytes`,
      );
    if (/^100-continue$/i.test(req.header("expect") ?? "")) res.writeContinue();
    const raw = await readBody(req, maxBytes);
    let v;
    try {
      v = parseJson(raw.toString("utf8"), MAX_DEPTH);
    } catch (e) {
      if (e instanceof JsonDepthError)
        throw badRequest(
          `the body nests arrays and objects deeper than ${String(MAX_DEPTH)} levels`,
        );
      throw badRequest("the body must be a JSON object");
    }
    if (!isObject(v)) throw badRequest("the body must be a JSON object");
    req.body = v;
    next();
  };
}
