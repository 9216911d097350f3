// Security headers (helmet) and CORS for the configured origins only.

import type { NextFunction, Request, RequestHandler, Response } from "express";
import helmet from "helmet";

/** The contract's security headers; an API sends no HTML, so no CSP, and
 * HSTS is the TLS terminator's to send. */
export const securityHeaders = helmet({
  contentSecurityPolicy: false,
  frameguard: { action: "deny" },
  referrerPolicy: { policy: "no-referrer" },
  strictTransportSecurity: false,
});

/** The methods a preflight may ask for, in the order Allow lists them. */
export const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];

/** CORS for the allowed origins ("*": any). A preflight from one is
 * answered here; any other request goes on, so that an OPTIONS request
 * that is not a preflight is a 405 like any other unrouted method. */
export function cors(origins: readonly string[]): RequestHandler {
  const anyOrigin = origins.includes("*");
  return (req: Request, res: Response, next: NextFunction): void => {
    const origin = req.header("origin");
    if (
      origin === undefined ||
      origin === "" ||
      !(anyOrigin || origins.includes(origin))
    ) {
      next();
      return;
    }
    res.append("Vary", "Origin");
    res.setHeader("Access-Control-Allow-Origin", origin);
    res.setHeader("Access-Control-Expose-Headers", "X-Request-ID, Location");
    if (
      req.method === "OPTIONS" &&
      req.header("access-control-request-method") !== undefined
    ) {
      res.setHeader("Access-Control-Allow-Methods", METHODS.join(", "));
      res.setHeader(
        "Access-Control-Allow-Headers",
        "Authorization, Content-Type, X-Request-ID",
      );
      res.setHeader("Access-Control-Max-Age", "600");
      res.status(204).end();
      return;
    }
    next();
  };
}
