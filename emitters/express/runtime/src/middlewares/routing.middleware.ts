// 404 and 405 before any router sees the request: the route table
// (src/routes/index.ts) says which paths exist and their methods; the
// route with the fewest parameters among those matching the path is the
// one meant, so a static segment beats a parameter.

import type { NextFunction, Request, RequestHandler, Response } from "express";
import { HttpError } from "../runtime/problem.js";
import { METHODS } from "./security.middleware.js";

export interface RouteEntry {
  readonly method: string;
  /** The path with {name} parameters. */
  readonly path: string;
}

interface Compiled {
  readonly method: string;
  readonly re: RegExp;
  readonly params: number;
}

function compile(r: RouteEntry): Compiled {
  let params = 0;
  const src = r.path
    .split("/")
    .map((seg) => {
      if (/^\{.+\}$/.test(seg)) {
        params++;
        return "[^/]+";
      }
      return seg.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("/");
  return { method: r.method, re: new RegExp("^" + src + "$"), params };
}

export function routing(table: readonly RouteEntry[]): RequestHandler {
  const routes = table.map(compile);
  return (req: Request, _res: Response, next: NextFunction): void => {
    const matches = routes.filter((r) => r.re.test(req.decodedPath));
    if (matches.length === 0)
      throw new HttpError(404, "no route matches this path");
    const fewest = Math.min(...matches.map((r) => r.params));
    const best = matches.filter((r) => r.params === fewest);
    const method = req.method === "HEAD" ? "GET" : req.method;
    if (!best.some((r) => r.method === method)) {
      const methods = new Set(best.map((r) => r.method));
      if (methods.has("GET")) methods.add("HEAD");
      const allow = METHODS.filter((m) => methods.has(m)).join(", ");
      throw new HttpError(
        405,
        "the method is not allowed on this path",
        undefined,
        { Allow: allow },
      );
    }
    next();
  };
}
