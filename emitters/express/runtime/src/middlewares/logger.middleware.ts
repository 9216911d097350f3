// The access log: one JSON line per answered request.

import type { NextFunction, Request, RequestHandler, Response } from "express";
import type { Logger } from "../runtime/log.js";

export function accessLog(log: Logger): RequestHandler {
  return (req: Request, res: Response, next: NextFunction): void => {
    const start = process.hrtime.bigint();
    res.on("finish", () => {
      const durationMs =
        Number((process.hrtime.bigint() - start) / 1000n) / 1000;
      log.info(
        {
          requestId: req.requestId,
          method: req.method,
          path: req.path,
          status: res.statusCode,
          durationMs,
        },
        "request",
      );
    });
    next();
  };
}
