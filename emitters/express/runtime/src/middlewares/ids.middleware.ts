// Path ids: one that cannot name a row is a 404, before the body is read.

import type { NextFunction, Request, RequestHandler, Response } from "express";
import { notFound } from "../runtime/problem.js";
import { intId, uuidId } from "../utils/ids.js";

/** Checks each named path parameter as an id of its type. */
export function ids(
  params: Readonly<Record<string, "int" | "uuid">>,
): RequestHandler {
  const checks = Object.entries(params);
  return (req: Request, _res: Response, next: NextFunction): void => {
    for (const [name, type] of checks) {
      const raw = req.params[name];
      if (typeof raw !== "string") throw notFound();
      if (type === "int") intId(raw);
      else uuidId(raw);
    }
    next();
  };
}
