// Password fields are stored as bcrypt hashes, made before the write
// transaction begins (a hash takes tens of milliseconds).

import { hashPassword } from "../runtime/auth.js";
import type { EntityMeta } from "../runtime/meta.js";

/** values with each password field of meta replaced by its hash. */
export async function hashPasswords<V extends object>(
  meta: EntityMeta,
  values: V,
): Promise<V> {
  const out: Record<string, unknown> = {
    ...(values as Record<string, unknown>),
  };
  for (const f of meta.fields) {
    const v = out[f.name];
    if (f.type === "password" && typeof v === "string")
      out[f.name] = await hashPassword(v);
  }
  return out as V;
}
