// Ids as paths, tokens and SQL carry them.

import type { SqlArg } from "../runtime/listing.js";
import type { EntityMeta } from "../runtime/meta.js";
import { notFound } from "../runtime/problem.js";
import { parseInt64, parseUUID } from "../runtime/validation.js";

/** An id exactly as a path or a token writes it: an int id in canonical
 * decimal within 64 bits, a uuid in any case (lower-cased). */
export function canonicalId(
  e: EntityMeta,
  raw: string,
): bigint | string | undefined {
  if (e.idType === "uuid") return parseUUID(raw);
  if (!/^(0|-?[1-9][0-9]*)$/.test(raw)) return undefined;
  return parseInt64(raw);
}

/** A path's int id; one that cannot name a row (not a positive integer
 * in canonical decimal within 64 bits) is a 404. */
export function intId(raw: string): bigint {
  const id = /^[1-9][0-9]*$/.test(raw) ? parseInt64(raw) : undefined;
  if (id === undefined) throw notFound();
  return id;
}

/** A path's uuid id, lower-cased; anything else is a 404. */
export function uuidId(raw: string): string {
  const id = parseUUID(raw);
  if (id === undefined) throw notFound();
  return id;
}

/** A path's id of e: intId or uuidId by e's id type. */
export function pathId(e: EntityMeta, raw: string): bigint | string {
  return e.idType === "uuid" ? uuidId(raw) : intId(raw);
}

/** An id of e as SQL and the client take it: a bigint for an int id,
 * text for a uuid. */
export function idOf(e: EntityMeta, v: unknown): SqlArg {
  const s = String(v);
  return e.idType === "int" ? BigInt(s) : s;
}
