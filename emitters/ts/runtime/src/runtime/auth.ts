// Tokens and passwords, interchangeable with every other target's:
// HS256 JWTs with sub (the id as a string), iat, exp and role; bcrypt
// cost 10, any of $2a$, $2b$, $2y$.

import bcrypt from "bcryptjs";
import jwt from "jsonwebtoken";
import { JsonNumber, isObject, parseJson } from "./json.js";
import type { JsonValue } from "./json.js";
import { parseInt64 } from "./validation.js";

export class Tokens {
  constructor(
    private readonly secret: string,
    private readonly ttlSeconds: number,
  ) {}

  issue(subject: string, role?: string): string {
    const now = Math.floor(Date.now() / 1000);
    const claims: Record<string, string | number> = {
      sub: subject,
      iat: now,
      exp: now + this.ttlSeconds,
    };
    if (role !== undefined) claims["role"] = role;
    return jwt.sign(claims, this.secret, { algorithm: "HS256" });
  }

  /** The token's subject, or undefined for any token the contract
   * refuses: exp an integer (a JSON integer within 64 bits) in the
   * future, iat and nbf, when present, integers not in the future, sub a
   * non-empty string. No leeway. */
  verify(token: string): string | undefined {
    try {
      jwt.verify(token, this.secret, {
        algorithms: ["HS256"],
        ignoreExpiration: true,
        ignoreNotBefore: true,
      });
    } catch {
      return undefined;
    }
    // The signature holds: read the claims again, exactly (JSON.parse
    // rounds integers past 2^53 and takes 1e300 for an integer).
    let claims: JsonValue;
    try {
      claims = parseJson(
        Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8"),
      );
    } catch {
      return undefined;
    }
    if (!isObject(claims)) return undefined;
    const now = BigInt(Math.floor(Date.now() / 1000));
    const int = (v: JsonValue | undefined): bigint | undefined =>
      v instanceof JsonNumber ? parseInt64(v.text) : undefined;
    const exp = int(claims["exp"]);
    if (exp === undefined || exp <= now) return undefined;
    for (const name of ["iat", "nbf"]) {
      if (!(name in claims)) continue;
      const v = int(claims[name]);
      if (v === undefined || v > now) return undefined;
    }
    const sub = claims["sub"];
    return typeof sub === "string" && sub !== "" ? sub : undefined;
  }
}

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, 10);
}

const DUMMY_HASH =
  "$2a$10$17ap31QcmNiVT6QYJuWXHeCt55Ofn0INYjO6rXgcz2wEm.30OEdKm";

/** Compares in constant work: an unknown identity costs one bcrypt too. */
export async function checkPassword(
  hash: string | undefined,
  password: string,
): Promise<boolean> {
  if (hash === undefined || hash === "") {
    await bcrypt.compare(password, DUMMY_HASH);
    return false;
  }
  return bcrypt.compare(password, hash.replace(/^\$2y\$/, "$2b$"));
}

export interface Rule {
  readonly public?: boolean;
  readonly authenticated?: boolean;
  readonly owner?: boolean;
  readonly roles?: readonly string[];
}

export interface Caller {
  readonly id: string;
  readonly role?: string;
}
