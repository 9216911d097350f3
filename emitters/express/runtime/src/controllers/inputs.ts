// A custom endpoint's inputs: the query string holds only the endpoint's
// parameters (anything else is a 400), and path, query and body are
// validated together, so that one 422 names every failing field.

import type { z } from "zod";
import { uniqueParams } from "../runtime/listing.js";
import { badRequest, invalid } from "../runtime/problem.js";
import type { FieldError } from "../runtime/problem.js";
import { safeParse } from "../runtime/schema.js";

/** The query string's parameters by name: a name given twice, or one
 * outside known, is a 400. */
export function knownParams(
  params: readonly (readonly [string, string])[],
  known: readonly string[],
): Record<string, string> {
  const given = uniqueParams(params);
  for (const name of given.keys()) {
    if (!known.includes(name))
      throw badRequest(`unknown query parameter "${name}"`);
  }
  return Object.fromEntries(given);
}

type Outputs<T extends readonly (readonly [z.ZodType, unknown])[]> = {
  -readonly [K in keyof T]: z.output<T[K][0]>;
};

/** Each input parsed by its schema, in order; every failing field of all
 * of them in one 422. */
export function parseAll<T extends readonly (readonly [z.ZodType, unknown])[]>(
  ...parts: T
): Outputs<T> {
  const errors: FieldError[] = [];
  const out = parts.map(([schema, input]) => {
    const r = safeParse(schema, input);
    if (r.success) return r.data;
    errors.push(...r.errors);
    return undefined;
  });
  if (errors.length > 0) throw invalid(errors);
  return out as Outputs<T>;
}
