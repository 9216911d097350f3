// Access rules (docs/spec.md "Access"): who the caller is, and whether a
// route's rules let them in. Every rule of a route must hold; a rule holds
// for the public, for any caller, for a caller with one of its roles, or,
// as its owner alternative, only on the caller's own rows.

import type { Tx } from "../db.js";
import type { Caller, Rule } from "../runtime/auth.js";
import type { EntityMeta } from "../runtime/meta.js";
import { fieldOf } from "../runtime/meta.js";
import { forbidden, unauthorized } from "../runtime/problem.js";
import { canonicalId } from "../utils/ids.js";

/** The decision on a route's rules: the caller, and for each rule whether
 * only its owner alternative holds (the caller sees only their rows). */
export interface Access {
  readonly caller: Caller | undefined;
  readonly ownerOnly: readonly boolean[];
}

/** Who callers are: the auth entity and its role field, if the spec has
 * authentication. */
export interface AuthEntity {
  readonly meta: EntityMeta;
  readonly roleField?: string;
}

export class AccessService {
  constructor(private readonly auth: AuthEntity | undefined) {}

  /** The caller a verified token's subject names: the subject must be an
   * id exactly as this target writes it, of a user that still exists; the
   * role is read from the row, not trusted from the token. */
  async caller(
    tx: Tx,
    subject: string | undefined,
  ): Promise<Caller | undefined> {
    if (subject === undefined || this.auth === undefined) return undefined;
    const { meta, roleField } = this.auth;
    const id = canonicalId(meta, subject);
    if (id === undefined || String(id) !== subject) return undefined;
    const row = await tx
      .model(meta.model)
      .findFirst({ where: { [fieldOf(meta, "id").key]: id } });
    if (row === null) return undefined;
    return roleField === undefined
      ? { id: subject }
      : { id: subject, role: String(row[fieldOf(meta, roleField).key]) };
  }

  /** Checks each rule: 401 without a caller where a rule is not public,
   * 403 where no alternative can hold. */
  async check(
    tx: Tx,
    subject: string | undefined,
    rules: readonly Rule[],
  ): Promise<Access> {
    const caller = await this.caller(tx, subject);
    const ownerOnly = rules.map((r) => {
      if (r.public === true) return false;
      if (caller === undefined) throw unauthorized();
      if (
        r.authenticated === true ||
        (caller.role !== undefined && (r.roles ?? []).includes(caller.role))
      )
        return false;
      if (r.owner === true) return true;
      throw forbidden();
    });
    return { caller, ownerOnly };
  }
}
