// The routes every project has: liveness, readiness (the database
// answers) and the OpenAPI document.

import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Router } from "express";
import type { Request, Response } from "express";
import type { Db } from "../db.js";
import { unavailable } from "../runtime/problem.js";
import { sendJson, sendProblem } from "../utils/http.js";
import { routerOptions } from "./options.js";

const here = path.dirname(fileURLToPath(import.meta.url));

export function systemRoutes(db: Db): Router {
  const openapi = readFileSync(path.resolve(here, "..", "..", "openapi.json"));
  const router = Router(routerOptions);
  router.get("/health", (_req: Request, res: Response) => {
    sendJson(res, 200, { status: "ok" });
  });
  router.get("/ready", async (_req: Request, res: Response) => {
    try {
      await db.ping();
    } catch {
      sendProblem(res, unavailable());
      return;
    }
    sendJson(res, 200, { status: "ok" });
  });
  router.get("/openapi.json", (_req: Request, res: Response) => {
    res.setHeader("Content-Type", "application/json; charset=utf-8");
    res.status(200).end(openapi);
  });
  return router;
}
