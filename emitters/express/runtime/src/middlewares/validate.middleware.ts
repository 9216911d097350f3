// Body validation with the route's zod schema (src/schemas): req.body
// becomes the schema's output, or the request is a 422 naming every field
// that fails, with the contract's codes.

import type { NextFunction, Request, RequestHandler, Response } from "express";
import type { z } from "zod";
import { parse } from "../runtime/schema.js";

export function validate(schema: z.ZodType): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction): void => {
    req.body = parse(schema, req.body);
    next();
  };
}
