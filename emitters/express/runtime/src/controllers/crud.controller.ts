// The generated routes' handlers: CRUD, sub-resources, links, auth. They
// read the entity descriptions (src/schemas) and work through the
// repository delegate of the entity's Prisma model.

import { randomUUID } from "node:crypto";
import type { Db, Delegate, Tx } from "../db.js";
import type { ApiDef, RouteDef } from "../api-types.js";
import type { Caller, Rule, Tokens } from "../runtime/auth.js";
import { checkPassword, hashPassword } from "../runtime/auth.js";
import { fromDb, toDb } from "../runtime/codec.js";
import type { JsonObject } from "../runtime/json.js";
import { parseList } from "../runtime/listing.js";
import type { EntityMeta, FieldMeta } from "../runtime/meta.js";
import { fieldOf } from "../runtime/meta.js";
import { HttpError, conflict, forbidden, invalid, notFound, unauthorized } from "../runtime/problem.js";
import type { FieldError } from "../runtime/problem.js";
import { checkValue, formatDateTime, validateBody } from "../runtime/validation.js";
import type { Wire } from "../runtime/validation.js";

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Request {
  route: RouteDef;
  params: Record<string, string>;
  query: Map<string, string>;
  body: JsonObject | undefined;
  token: string | undefined;
}

export class Handlers {
  constructor(
    private readonly api: ApiDef,
    private readonly db: Db,
    private readonly tokens: () => Tokens,
  ) {}

  private model(tx: Tx, e: EntityMeta | string): Delegate {
    const name = typeof e === "string" ? e : e.model;
    const d = tx[name];
    if (d === undefined) throw new Error(`no model ${name}`);
    return d;
  }

  /** A row as its resource: e.read fields in order. */
  resource(e: EntityMeta, row: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const name of e.read) {
      const f = fieldOf(e, name);
      out[name] = fromDb(f, row[f.key]);
    }
    return out;
  }

  private idValue(e: EntityMeta, raw: string): unknown {
    const f = fieldOf(e, "id");
    if (e.idType === "int") {
      if (!/^(0|[1-9][0-9]{0,18})$/.test(raw)) throw notFound();
      const n = BigInt(raw);
      if (n > 2n ** 63n - 1n) throw notFound();
      return toDb(this.db.provider, f, n);
    }
    if (!/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(raw)) throw notFound();
    return raw.toLowerCase();
  }

  /** Resolves the caller and checks every rule; returns the owner
   * filters to apply (entity name -> caller id). */
  private async authorize(tx: Tx, rules: readonly Rule[], token: string | undefined): Promise<{ caller?: Caller; ownerOnly: boolean[] }> {
    const ownerOnly: boolean[] = [];
    let caller: Caller | undefined;
    let resolved = false;
    const resolve = async (): Promise<Caller | undefined> => {
      if (resolved) return caller;
      resolved = true;
      const auth = this.api.auth;
      if (token === undefined || auth === undefined) return undefined;
      const sub = this.tokens().verify(token);
      if (sub === undefined) return undefined;
      let id: unknown;
      try {
        id = this.idValue(auth.entity, sub);
      } catch {
        return undefined;
      }
      const row = await this.model(tx, auth.entity).findFirst({ where: { [fieldOf(auth.entity, "id").key]: id } });
      if (row === null) return undefined;
      const role = auth.roleField !== undefined ? String(row[fieldOf(auth.entity, auth.roleField).key]) : undefined;
      caller = role === undefined ? { id: sub } : { id: sub, role };
      return caller;
    };
    if (token !== undefined) await resolve();
    for (const r of rules) {
      if (r.public === true) {
        ownerOnly.push(false);
        continue;
      }
      const c = await resolve();
      if (c === undefined) throw unauthorized();
      if (r.authenticated === true || (c.role !== undefined && (r.roles ?? []).includes(c.role))) {
        ownerOnly.push(false);
        continue;
      }
      if (r.owner === true) {
        ownerOnly.push(true);
        continue;
      }
      throw forbidden();
    }
    return caller === undefined ? { ownerOnly } : { caller, ownerOnly };
  }

  private ownerWhere(e: EntityMeta, caller: Caller | undefined): Record<string, unknown> {
    if (caller === undefined) throw unauthorized();
    const auth = this.api.auth;
    if (e.ownerKey !== undefined) {
      const f = fieldOf(e, e.ownerKey);
      return { [f.key]: toDb(this.db.provider, f, e.idType === "int" || f.type === "int" ? BigInt(caller.id) : caller.id) };
    }
    if (auth !== undefined && auth.entity.name === e.name) {
      return { [fieldOf(e, "id").key]: this.idValue(e, caller.id) };
    }
    return {};
  }

  async handle(req: Request): Promise<Reply> {
    const r = req.route;
    switch (r.kind) {
      case "operation":
        return this.operation(req, r.entity, r.name);
      case "relation":
        return this.relation(req);
      case "link":
      case "unlink":
        return this.link(req);
      case "auth":
        return this.auth(req, r.name);
      default:
        throw new HttpError(500, "unrouted");
    }
  }

  private listOptions(): { defaultLimit: number; maxLimit: number } {
    return { defaultLimit: this.api.defaultLimit, maxLimit: this.api.maxLimit };
  }

  private async page(tx: Tx, e: EntityMeta, query: Map<string, string>, extra: Record<string, unknown>[]): Promise<Reply> {
    const q = parseList(e, this.db.provider, query, this.listOptions());
    const where = { AND: [...q.where, ...extra] };
    const d = this.model(tx, e);
    const rows = await d.findMany({ where, orderBy: q.orderBy, skip: q.offset, take: q.limit });
    const total = await d.count({ where });
    return { status: 200, body: { items: rows.map((x) => this.resource(e, x)), total, limit: q.limit, offset: q.offset } };
  }

  private async operation(req: Request, e: EntityMeta, op: string): Promise<Reply> {
    const write = op !== "list" && op !== "get";
    const run = write ? this.db.write.bind(this.db) : this.db.read.bind(this.db);
    let values: Map<string, Wire> | undefined;
    if (op === "create" || op === "update") values = validateBody(e, req.body ?? {}, op);
    const idKey = fieldOf(e, "id").key;
    return run(async (tx) => {
      const { caller, ownerOnly } = await this.authorize(tx, req.route.access, req.token);
      const owner = ownerOnly.some(Boolean) ? [this.ownerWhere(e, caller)] : [];
      const d = this.model(tx, e);
      if (op === "list") return this.page(tx, e, req.query, owner);
      if (op === "create") {
        const data = await this.data(tx, e, values ?? new Map(), "create");
        if (e.ownerKey !== undefined && caller !== undefined) {
          const f = fieldOf(e, e.ownerKey);
          data[f.key] = toDb(this.db.provider, f, f.type === "int" ? BigInt(caller.id) : caller.id);
        }
        const row = await this.insert(d, e, data);
        const res = this.resource(e, row);
        return { status: 201, body: res, headers: { Location: `${this.api.basePath}${e.path}/${String(res["id"])}` } };
      }
      const where = { AND: [{ [idKey]: this.idValue(e, req.params["id"] ?? "") }, ...owner] };
      const row = await d.findFirst({ where });
      if (row === null) throw notFound();
      if (op === "get") return { status: 200, body: this.resource(e, row) };
      if (op === "update") {
        const data = await this.data(tx, e, values ?? new Map(), "update");
        const updated = await this.save(() => d.update({ where: { [idKey]: row[idKey] }, data }), e);
        return { status: 200, body: this.resource(e, updated) };
      }
      try {
        await d.delete({ where: { [idKey]: row[idKey] } });
      } catch (err) {
        if (prismaCode(err) === "P2003" || /FOREIGN KEY|foreign key/.test(String(err))) {
          throw conflict([{ field: "id", code: "referenced", message: "is referenced by other rows" }], "the row is referenced by other rows");
        }
        throw err;
      }
      return { status: 204 };
    });
  }

  /** The client's data for a create or update: defaults, timestamps,
   * password hashes, reference checks. */
  private async data(tx: Tx, e: EntityMeta, values: Map<string, Wire>, op: "create" | "update"): Promise<Record<string, unknown>> {
    const p = this.db.provider;
    const data: Record<string, unknown> = {};
    const now = formatDateTime(new Date());
    const errors: FieldError[] = [];
    for (const f of e.fields) {
      let v: unknown = values.get(f.name);
      const has = values.has(f.name);
      if (f.kind === "timestamp") {
        if (op === "create" || f.name === "updatedAt") data[f.key] = toDb(p, f, now);
        continue;
      }
      if (f.kind === "id") {
        if (op === "create" && e.idType === "uuid") data[f.key] = randomUUID();
        continue;
      }
      if (!has) {
        if (op === "create" && f.default !== undefined) {
          v = defaultValue(f);
        } else continue;
      }
      if (f.type === "password" && typeof v === "string") v = await hashPassword(v);
      if (f.kind === "foreignKey" && v !== null && v !== undefined && f.references !== undefined) {
        const target = this.entityByName(f.references);
        if (target !== undefined) {
          const id = fieldOf(target, "id");
          const found = await this.model(tx, target).findFirst({ where: { [id.key]: toDb(p, id, v) } });
          if (found === null) errors.push({ field: f.name, code: "reference", message: "does not exist" });
        }
      }
      data[f.key] = toDb(p, f, v);
    }
    if (errors.length > 0) throw invalid(errors);
    return data;
  }

  private entityByName(name: string): EntityMeta | undefined {
    for (const r of this.api.routes) {
      if ("entity" in r && r.entity !== undefined && r.entity.name === name) return r.entity;
      if ("target" in r && r.target.name === name) return r.target;
    }
    if (this.api.auth?.entity.name === name) return this.api.auth.entity;
    return undefined;
  }

  private insert(d: Delegate, e: EntityMeta, data: Record<string, unknown>): Promise<Record<string, unknown>> {
    return this.save(() => d.create({ data }), e);
  }

  private async save(fn: () => Promise<Record<string, unknown>>, e: EntityMeta): Promise<Record<string, unknown>> {
    try {
      return await fn();
    } catch (err) {
      if (prismaCode(err) === "P2002") throw conflict(uniqueErrors(e, err));
      if (prismaCode(err) === "P2003") throw invalid([{ field: "id", code: "reference", message: "does not exist" }]);
      throw err;
    }
  }

  private async relation(req: Request): Promise<Reply> {
    const r = req.route;
    if (r.kind !== "relation") throw new HttpError(500, "unrouted");
    return this.db.read(async (tx) => {
      const { caller, ownerOnly } = await this.authorize(tx, r.access, req.token);
      const parentId = this.idValue(r.entity, req.params["id"] ?? "");
      const pWhere: Record<string, unknown>[] = [{ [fieldOf(r.entity, "id").key]: parentId }];
      if (ownerOnly[0] === true) pWhere.push(this.ownerWhere(r.entity, caller));
      const parent = await this.model(tx, r.entity).findFirst({ where: { AND: pWhere } });
      if (parent === null) throw notFound();
      const tOwner = ownerOnly[1] === true ? [this.ownerWhere(r.target, caller)] : [];
      const rel = r.relation;
      if (rel.kind === "manyToMany" && rel.join !== undefined) {
        const links = await this.model(tx, rel.join.model).findMany({ where: { [rel.join.left]: parentId } });
        const ids = links.map((l) => l[rel.join?.right ?? ""]);
        return this.page(tx, r.target, req.query, [{ [fieldOf(r.target, "id").key]: { in: ids } }, ...tOwner]);
      }
      const key = fieldOf(r.target, rel.key ?? "");
      if (rel.kind === "hasOne") {
        const row = await this.model(tx, r.target).findFirst({ where: { AND: [{ [key.key]: parentId }, ...tOwner] } });
        if (row === null) throw notFound();
        return { status: 200, body: this.resource(r.target, row) };
      }
      return this.page(tx, r.target, req.query, [{ [key.key]: parentId }, ...tOwner]);
    });
  }

  private async link(req: Request): Promise<Reply> {
    const r = req.route;
    if ((r.kind !== "link" && r.kind !== "unlink") || r.relation.join === undefined) throw new HttpError(500, "unrouted");
    const join = r.relation.join;
    const linkParam = r.params[1]?.name ?? "";
    return this.db.write(async (tx) => {
      const { caller, ownerOnly } = await this.authorize(tx, r.access, req.token);
      const parentId = this.idValue(r.entity, req.params["id"] ?? "");
      const targetId = this.idValue(r.target, req.params[linkParam] ?? "");
      const pWhere: Record<string, unknown>[] = [{ [fieldOf(r.entity, "id").key]: parentId }];
      if (ownerOnly.some(Boolean)) pWhere.push(this.ownerWhere(r.entity, caller));
      const parent = await this.model(tx, r.entity).findFirst({ where: { AND: pWhere } });
      if (parent === null) throw notFound();
      const target = await this.model(tx, r.target).findFirst({ where: { [fieldOf(r.target, "id").key]: targetId } });
      if (target === null) throw notFound();
      const d = this.model(tx, join.model);
      const where = { [join.left]: parentId, [join.right]: targetId };
      if (r.kind === "link") {
        const existing = await d.findFirst({ where });
        if (existing === null) await d.create({ data: where });
      } else {
        const res = await d.deleteMany({ where });
        if (res.count === 0) throw notFound();
      }
      return { status: 204 };
    });
  }

  /** Creates a user from a register (or create-user) body. */
  async createUser(body: JsonObject, withRole: boolean): Promise<Record<string, unknown>> {
    const auth = this.api.auth;
    if (auth === undefined) throw new HttpError(404, "no auth");
    const e = auth.entity;
    const values = validateBody(e, body, "create", withRole ? e.create : auth.register);
    return this.db.write(async (tx) => {
      const data = await this.data(tx, e, values, "create");
      const row = await this.insert(this.model(tx, e), e, data);
      return this.resource(e, row);
    });
  }

  private async auth(req: Request, name: string): Promise<Reply> {
    const auth = this.api.auth;
    if (auth === undefined) throw notFound();
    const e = auth.entity;
    if (name === "register") {
      const res = await this.createUser(req.body ?? {}, false);
      return { status: 201, body: res, headers: { Location: `${this.api.basePath}${e.path}/${String(res["id"])}` } };
    }
    if (name === "login") {
      const body = req.body ?? {};
      const errors: FieldError[] = [];
      const idf = fieldOf(e, auth.identity);
      const pwf = fieldOf(e, auth.password);
      const bare = (f: FieldMeta): FieldMeta => ({ name: f.name, key: f.key, type: f.type === "password" ? "string" : f.type, kind: f.kind, optional: false, required: true });
      const vals: Record<string, unknown> = {};
      for (const f of [idf, pwf]) {
        const v = body[f.name];
        if (v === undefined || v === null) {
          errors.push({ field: f.name, code: "required", message: "is required" });
          continue;
        }
        const r = checkValue(bare(f), v, errors);
        if (r.ok) vals[f.name] = r.value;
      }
      for (const k of Object.keys(body).sort()) {
        if (k !== idf.name && k !== pwf.name) errors.push({ field: k, code: "unknown", message: "is not a login field" });
      }
      if (errors.length > 0) throw invalid(errors);
      const row = await this.db.read((tx) => this.model(tx, e).findFirst({ where: { [idf.key]: toDb(this.db.provider, idf, vals[idf.name]) } }));
      const hash = row === null ? undefined : String(row[pwf.key]);
      const ok = await checkPassword(hash, String(vals[pwf.name]));
      if (!ok || row === null) throw unauthorized("wrong identity or password");
      const id = String(fromDb(fieldOf(e, "id"), row[fieldOf(e, "id").key]));
      const role = auth.roleField !== undefined ? String(row[fieldOf(e, auth.roleField).key]) : undefined;
      return { status: 200, body: { accessToken: this.tokens().issue(id, role), tokenType: "bearer", expiresIn: auth.ttlSeconds } };
    }
    return this.db.read(async (tx) => {
      const { caller } = await this.authorize(tx, [{ authenticated: true }], req.token);
      if (caller === undefined) throw unauthorized();
      const row = await this.model(tx, e).findFirst({ where: { [fieldOf(e, "id").key]: this.idValue(e, caller.id) } });
      if (row === null) throw unauthorized();
      return { status: 200, body: this.resource(e, row) };
    });
  }
}

function defaultValue(f: FieldMeta): unknown {
  const d = f.default;
  if (d === undefined) return undefined;
  if (d.kind === "now") return formatDateTime(new Date());
  if (d.kind === "uuid") return randomUUID();
  if (f.type === "int" && typeof d.value === "number") return BigInt(d.value);
  return d.value;
}

export function prismaCode(err: unknown): string | undefined {
  if (typeof err === "object" && err !== null && "code" in err) {
    const c = (err as { code: unknown }).code;
    return typeof c === "string" ? c : undefined;
  }
  return undefined;
}

/** The unique constraint a P2002 names: by constraint name, by column
 * list, or every field of every unique constraint as a last resort. */
function uniqueErrors(e: EntityMeta, err: unknown): FieldError[] {
  let text = String(err);
  try {
    text += JSON.stringify((err as { meta?: unknown }).meta ?? {});
  } catch {
    // meta is best effort
  }
  const hit = e.uniques.find((u) => text.includes(u.name)) ??
    e.uniques.find((u) => u.columns.every((c) => text.includes(`${e.table}.${c}`) || text.includes(`"${c}"`) || text.includes(c)));
  const cs = hit === undefined ? e.uniques : [hit];
  return cs.flatMap((u) => u.fields.map((f) => ({ field: f, code: "unique", message: "is already taken" })));
}
