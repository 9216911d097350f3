// Writing answers: JSON with the project's own serializer (bigints as
// JSON integers), problem+json for errors.

import type { Response } from "express";
import { stringify } from "../runtime/json.js";
import { problem } from "../runtime/problem.js";
import type { HttpError } from "../runtime/problem.js";

/** Sends body as JSON with status; without a body, an empty answer. */
export function sendJson(res: Response, status: number, body?: unknown): void {
  res.status(status);
  if (body === undefined) {
    res.end();
    return;
  }
  res.setHeader("Content-Type", "application/json; charset=utf-8");
  res.end(stringify(body));
}

/** Sends err as the contract's problem+json, with its headers. */
export function sendProblem(res: Response, err: HttpError): void {
  for (const [k, v] of Object.entries(err.headers)) res.setHeader(k, v);
  res.status(err.status);
  res.setHeader("Content-Type", "application/problem+json");
  res.end(stringify(problem(err.status, err.detail, err.errors)));
}
