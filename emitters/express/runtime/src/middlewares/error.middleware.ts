// Errors as problem+json: an HttpError answers with its status; a
// database that cannot serve now is a 503 with Retry-After; anything else
// is logged and answered 500 without details.

import type {
  ErrorRequestHandler,
  NextFunction,
  Request,
  Response,
} from "express";
import { isUnavailable } from "../db.js";
import type { Logger } from "../runtime/log.js";
import { HttpError, unavailable } from "../runtime/problem.js";
import { sendProblem } from "../utils/http.js";
import { ClientGone } from "./body.middleware.js";

/** The last router: a path no router took. */
export function notFoundHandler(
  _req: Request,
  _res: Response,
  next: NextFunction,
): void {
  next(new HttpError(404, "no route matches this path"));
}

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (
    err: unknown,
    req: Request,
    res: Response,
    _next: NextFunction,
  ): void => {
    if (err instanceof ClientGone || res.headersSent) return;
    if (err instanceof HttpError) {
      sendProblem(res, err);
      return;
    }
    const fields = {
      requestId: req.requestId,
      method: req.method,
      path: req.path,
    };
    if (isUnavailable(err)) {
      log.warn(
        {
          ...fields,
          status: 503,
          error: err instanceof Error ? err.message : String(err),
        },
        "database unavailable",
      );
      sendProblem(res, unavailable());
      return;
    }
    const e = err instanceof Error ? err : new Error(String(err));
    log.error(
      {
        ...fields,
        status: 500,
        errorType: e.constructor.name,
        error: e.message,
        stack: e.stack,
      },
      "unexpected error",
    );
    sendProblem(res, new HttpError(500, "an unexpected error occurred"));
  };
}
