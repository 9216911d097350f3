// Credentials: a bearer token is verified on every request; a route whose
// rules are not all public refuses a request without a valid one (401)
// before its ids and its body are looked at. Roles and ownership are the
// services' to check (src/services/access.service.ts): they need the
// caller's row.

import type { NextFunction, Request, RequestHandler, Response } from "express";
import type { Tokens } from "../runtime/auth.js";
import { unauthorized } from "../runtime/problem.js";

/** Sets req.subject from a valid "Authorization: Bearer" token. */
export function authenticate(
  tokens: (() => Tokens) | undefined,
): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const header = req.header("authorization");
    const bearer =
      header === undefined
        ? undefined
        : /^Bearer (.*)$/i.exec(header)?.[1]?.trim();
    if (bearer !== undefined && tokens !== undefined) {
      const subject = tokens().verify(bearer);
      if (subject !== undefined) req.subject = subject;
    }
    next();
  };
}

/** 401 unless the request carried a valid token. */
export function requireToken(
  req: Request,
  _res: Response,
  next: NextFunction,
): void {
  if (req.subject === undefined) throw unauthorized();
  next();
}
