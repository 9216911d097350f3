// The generated routes' handlers: CRUD, sub-resources, links, auth and
// custom endpoints. They read the entity descriptions (src/schemas) and
// work through the Prisma model of each entity; list queries and join
// tables are SQL (src/runtime/listing.ts).

import { randomUUID } from "node:crypto";
import type { ApiDef, EndpointRoute, RouteDef } from "../api-types.js";
import type { Db, Tx } from "../db.js";
import type { AnyHooks, HookContext } from "../hooks.js";
import { hooks } from "../hooks/index.js";
import type { Caller, Rule, Tokens } from "../runtime/auth.js";
import { checkPassword, hashPassword } from "../runtime/auth.js";
import { fromDb, toDb } from "../runtime/codec.js";
import { JsonNumber, stringify } from "../runtime/json.js";
import type { JsonObject } from "../runtime/json.js";
import { orderClause, parseList, quoteIdent, uniqueParams, whereClause } from "../runtime/listing.js";
import type { Condition, ListQuery, SqlArg } from "../runtime/listing.js";
import type { EntityMeta, FieldMeta } from "../runtime/meta.js";
import { fieldOf } from "../runtime/meta.js";
import { badRequest, conflict, forbidden, invalid, notFound, notImplemented, unauthorized } from "../runtime/problem.js";
import type { FieldError } from "../runtime/problem.js";
import { checkFields, foldEmail, formatDateTime, parseInt64, parseUUID, unknownFields, validateBody } from "../runtime/validation.js";
import type { Wire } from "../runtime/validation.js";

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A routed request, its body read and its token verified. */
export interface Request {
  route: RouteDef;
  /** The path parameters, as sent. */
  params: Readonly<Record<string, string>>;
  /** The query string's parameters, in order. */
  query: readonly (readonly [string, string])[];
  body: JsonObject | undefined;
  /** The verified token's subject, if the request had a valid token. */
  subject: string | undefined;
}

type Row = Record<string, unknown>;

/** The access decision of a route's rules: the caller, and for each rule
 * whether only its owner alternative holds (the caller sees only their
 * rows). */
interface Access {
  caller: Caller | undefined;
  ownerOnly: readonly boolean[];
}

export class Handlers {
  private readonly entities: ReadonlyMap<string, EntityMeta>;

  constructor(
    private readonly api: ApiDef,
    private readonly db: Db,
    private readonly tokens: () => Tokens,
  ) {
    this.entities = new Map(api.entities.map((e) => [e.name, e]));
  }

  async handle(req: Request): Promise<Reply> {
    const r = req.route;
    switch (r.kind) {
      case "operation":
        return this.operation(req, r.entity, r.name);
      case "relation":
        return this.relation(req, r.entity, r.target, r.relation.kind === "hasOne");
      case "link":
      case "unlink":
        return this.link(req, r.entity, r.target);
      case "auth":
        return this.auth(req, r.name);
      case "endpoint":
        return this.endpoint(req, r);
      case "system":
        throw new Error(`system route ${r.name} reached the handlers`);
    }
  }

  // --- rows and ids ---

  /** A row as its resource: e.read fields in order. */
  private resource(e: EntityMeta, row: Row): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const name of e.read) {
      const f = fieldOf(e, name);
      out[name] = fromDb(f, row[f.key]);
    }
    return out;
  }

  /** A path's id as the client's value; one that does not parse (an int
   * id is positive, canonical decimal) is a 404. */
  idValue(e: EntityMeta, raw: string): bigint | string {
    const id = canonicalId(e, raw);
    if (id === undefined || id === 0n || (typeof id === "bigint" && id < 0n)) throw notFound();
    return id;
  }

  private idKey(e: EntityMeta): string {
    return fieldOf(e, "id").key;
  }

  /** Reads the row of e with id, json fields exact. */
  private async find(tx: Tx, e: EntityMeta, id: SqlArg): Promise<Row | null> {
    const row = await tx.model(e.model).findFirst({ where: { [this.idKey(e)]: id } });
    if (row === null) return null;
    const [exact] = await this.exactJson(tx, e, [row]);
    return exact ?? null;
  }

  private async exists(tx: Tx, e: EntityMeta, id: SqlArg): Promise<boolean> {
    const key = this.idKey(e);
    return (await tx.model(e.model).findFirst({ where: { [key]: id }, select: { [key]: true } })) !== null;
  }

  /** The json fields of e stored as text, for fromDb: on SQLite they are
   * TEXT already; on PostgreSQL they are read again as jsonb's text, since
   * the Prisma client parses jsonb with JSON.parse, which rounds integers
   * past 2^53. */
  private async exactJson(tx: Tx, e: EntityMeta, rows: Row[]): Promise<Row[]> {
    const json = e.fields.filter((f) => f.type === "json");
    if (this.db.provider === "sqlite" || json.length === 0 || rows.length === 0) return rows;
    const id = fieldOf(e, "id");
    const cols = json.map((f) => `${quoteIdent(f.column)}::text AS ${quoteIdent(f.key)}`).join(", ");
    const ids = rows.map((r) => idOf(e, r[id.key]));
    const texts = await tx.query(`SELECT ${quoteIdent(id.column)}::text AS id, ${cols} FROM ${quoteIdent(e.table)} WHERE ${quoteIdent(id.column)} IN (${ids.map(() => "?").join(", ")})`, ids);
    const byId = new Map(texts.map((t) => [String(t["id"]), t]));
    return rows.map((r) => {
      const t = byId.get(String(r[id.key]));
      const out: Row = { ...r };
      for (const f of json) out[f.key] = t?.[f.key] ?? null;
      return out;
    });
  }

  // --- access ---

  /** The caller named by a verified token's subject: the subject must be
   * an id exactly as this target writes it, of a user that still exists;
   * the role is read from the row, not trusted from the token. */
  private async caller(tx: Tx, subject: string | undefined): Promise<Caller | undefined> {
    const auth = this.api.auth;
    if (subject === undefined || auth === undefined) return undefined;
    const id = canonicalId(auth.entity, subject);
    if (id === undefined || String(id) !== subject) return undefined;
    const row = await tx.model(auth.entity.model).findFirst({ where: { [this.idKey(auth.entity)]: id } });
    if (row === null) return undefined;
    const role = auth.roleField === undefined ? undefined : String(row[fieldOf(auth.entity, auth.roleField).key]);
    return role === undefined ? { id: subject } : { id: subject, role };
  }

  /** Checks each rule (all must hold): 401 without a caller where a rule
   * is not public, 403 where no alternative can hold. */
  private async authorize(tx: Tx, rules: readonly Rule[], subject: string | undefined): Promise<Access> {
    const caller = await this.caller(tx, subject);
    const ownerOnly = rules.map((r) => {
      if (r.public === true) return false;
      if (caller === undefined) throw unauthorized();
      if (r.authenticated === true || (caller.role !== undefined && (r.roles ?? []).includes(caller.role))) return false;
      if (r.owner === true) return true;
      throw forbidden();
    });
    return { caller, ownerOnly };
  }

  /** The caller's id as a value of e's owner key (or of its id, for the
   * auth entity itself). */
  private ownerValue(e: EntityMeta, caller: Caller): SqlArg {
    const f = e.ownerKey === undefined ? fieldOf(e, "id") : fieldOf(e, e.ownerKey);
    return f.type === "int" ? BigInt(caller.id) : caller.id;
  }

  /** The column that says whose a row of e is, or undefined if e's rows
   * belong to nobody. */
  private ownerField(e: EntityMeta): FieldMeta | undefined {
    if (e.ownerKey !== undefined) return fieldOf(e, e.ownerKey);
    return this.api.auth?.entity.name === e.name ? fieldOf(e, "id") : undefined;
  }

  /** The condition that keeps the caller's rows of e; where e's rows
   * belong to nobody, the owner alternative cannot hold: 403. */
  private ownedCondition(e: EntityMeta, caller: Caller | undefined): Condition {
    const f = this.ownerField(e);
    if (f === undefined || caller === undefined) throw forbidden();
    return { sql: `${quoteIdent(f.column)} = ?`, args: [this.ownerValue(e, caller)] };
  }

  private owns(e: EntityMeta, caller: Caller | undefined, row: Row): boolean {
    const f = this.ownerField(e);
    if (f === undefined || caller === undefined) return false;
    const v = row[f.key];
    return v !== null && v !== undefined && String(v) === caller.id;
  }

  /** Reads the row of e with id under the access decision of one rule:
   * missing, or not the caller's where only the owner alternative holds,
   * is a 404. */
  private async load(tx: Tx, e: EntityMeta, id: SqlArg, ownerOnly: boolean | undefined, caller: Caller | undefined): Promise<Row> {
    const row = await this.find(tx, e, id);
    if (row === null || (ownerOnly === true && !this.owns(e, caller, row))) throw notFound();
    return row;
  }

  // --- lists ---

  private listQuery(e: EntityMeta, req: Request): ListQuery {
    return parseList(e, this.db.provider, req.query, this.api);
  }

  /** One page of e under the request's list parameters and the server's
   * own conditions. */
  private async page(tx: Tx, e: EntityMeta, q: ListQuery, extra: Condition[]): Promise<Reply> {
    const where = whereClause([...q.conditions, ...extra]);
    const table = quoteIdent(e.table);
    const id = fieldOf(e, "id");
    const counted = await tx.query(`SELECT COUNT(*) AS n FROM ${table}${where.sql}`, where.args);
    const total = BigInt(String(counted[0]?.["n"] ?? 0));
    const idRows = await tx.query(
      `SELECT ${quoteIdent(id.column)} AS id FROM ${table}${where.sql}${orderClause(this.db.provider, q.sort)} LIMIT ? OFFSET ?`,
      [...where.args, q.limit, q.offset],
    );
    const ids = idRows.map((r) => idOf(e, r["id"]));
    const rows = ids.length === 0 ? [] : await this.exactJson(tx, e, await tx.model(e.model).findMany({ where: { [id.key]: { in: ids } } }));
    const byId = new Map(rows.map((r) => [String(r[id.key]), r]));
    const items = ids.flatMap((i) => {
      const row = byId.get(String(i));
      return row === undefined ? [] : [this.resource(e, row)];
    });
    return { status: 200, body: { items, total, limit: q.limit, offset: q.offset } };
  }

  // --- operations ---

  private async operation(req: Request, e: EntityMeta, op: "list" | "get" | "create" | "update" | "delete"): Promise<Reply> {
    const rules = req.route.access;
    switch (op) {
      case "list": {
        const q = this.listQuery(e, req);
        return this.db.read(async (tx) => {
          const { caller, ownerOnly } = await this.authorize(tx, rules, req.subject);
          return this.page(tx, e, q, ownerOnly[0] === true ? [this.ownedCondition(e, caller)] : []);
        });
      }
      case "get": {
        const id = this.idValue(e, req.params["id"] ?? "");
        return this.db.read(async (tx) => {
          const { caller, ownerOnly } = await this.authorize(tx, rules, req.subject);
          return { status: 200, body: this.resource(e, await this.load(tx, e, id, ownerOnly[0], caller)) };
        });
      }
      case "create": {
        const values = await hashPasswords(e, validateBody(e, req.body ?? {}, "create"));
        return this.db.write(async (tx) => {
          const { caller } = await this.authorize(tx, rules, req.subject);
          if (e.ownerKey !== undefined && caller !== undefined) values.set(e.ownerKey, this.ownerValue(e, caller));
          const res = await this.insert(tx, e, values, { tx, caller });
          return { status: 201, body: res, headers: { Location: this.location(e, res) } };
        });
      }
      case "update": {
        const id = this.idValue(e, req.params["id"] ?? "");
        const values = await hashPasswords(e, validateBody(e, req.body ?? {}, "update"));
        return this.db.write(async (tx) => {
          const { caller, ownerOnly } = await this.authorize(tx, rules, req.subject);
          const current = this.resource(e, await this.load(tx, e, id, ownerOnly[0], caller));
          const hook = hooksOf(e);
          const ctx = { tx, caller };
          if (hook.beforeUpdate !== undefined) {
            const row: Row = { ...current, ...Object.fromEntries(values) };
            await hook.beforeUpdate(ctx, row);
            for (const f of e.fields) {
              if (f.kind !== "id" && f.name in row && row[f.name] !== current[f.name]) values.set(f.name, row[f.name]);
            }
          }
          const res = await this.save(tx, e, values, id);
          await hook.afterUpdate?.(ctx, res);
          return { status: 200, body: res };
        });
      }
      case "delete": {
        const id = this.idValue(e, req.params["id"] ?? "");
        return this.db.write(async (tx) => {
          const { caller, ownerOnly } = await this.authorize(tx, rules, req.subject);
          const current = this.resource(e, await this.load(tx, e, id, ownerOnly[0], caller));
          const hook = hooksOf(e);
          const ctx = { tx, caller };
          await hook.beforeDelete?.(ctx, current);
          try {
            await tx.model(e.model).delete({ where: { [this.idKey(e)]: id } });
          } catch (err) {
            if (prismaCode(err) === "P2025") throw notFound();
            if (prismaCode(err) === "P2003") {
              throw conflict([{ field: "id", code: "referenced", message: "is referenced by other rows" }], "the row is referenced by other rows");
            }
            throw err;
          }
          await hook.afterDelete?.(ctx, current);
          return { status: 204 };
        });
      }
    }
  }

  private location(e: EntityMeta, res: Record<string, unknown>): string {
    return `${this.api.basePath}${e.path}/${String(res["id"])}`;
  }

  /** Inserts a row of e from validated values, with its id, defaults and
   * timestamps, around the entity's create hooks; returns its resource. */
  private async insert(tx: Tx, e: EntityMeta, values: Map<string, Wire>, ctx: HookContext): Promise<Record<string, unknown>> {
    const now = formatDateTime(new Date());
    for (const f of e.fields) {
      if (f.kind === "timestamp") values.set(f.name, now);
      else if (f.kind === "id" && e.idType === "uuid") values.set(f.name, randomUUID());
      else if (!values.has(f.name) && f.default !== undefined) values.set(f.name, defaultValue(f, now));
    }
    const hook = hooksOf(e);
    if (hook.beforeCreate !== undefined) {
      const row: Row = Object.fromEntries(values);
      await hook.beforeCreate(ctx, row);
      for (const f of e.fields) if (f.name in row) values.set(f.name, row[f.name]);
    }
    await this.checkReferences(tx, e, values);
    const d = tx.model(e.model);
    const row = await this.writing(e, () => d.create({ data: this.data(e, values, "create") }));
    const res = this.resource(e, await this.afterWrite(tx, e, values, row));
    await hook.afterCreate?.(ctx, res);
    return res;
  }

  /** Updates the row of e with id from validated values; returns its resource. */
  private async save(tx: Tx, e: EntityMeta, values: Map<string, Wire>, id: SqlArg): Promise<Record<string, unknown>> {
    const stamp = e.fields.find((f) => f.kind === "timestamp" && f.name === "updatedAt");
    if (stamp !== undefined) values.set(stamp.name, formatDateTime(new Date()));
    await this.checkReferences(tx, e, values);
    const d = tx.model(e.model);
    const row = await this.writing(e, () => d.update({ where: { [this.idKey(e)]: id }, data: this.data(e, values, "update") }));
    return this.resource(e, await this.afterWrite(tx, e, values, row));
  }

  /** Whether f is written by SQL (afterWrite) rather than by the Prisma
   * client, which cannot write it exactly on PostgreSQL: a json value (the
   * client cannot carry an integer past 2^53) and a float (the client
   * sends a double with 16 digits, which overflows next to the double's
   * limit). */
  private bySql(f: FieldMeta): boolean {
    return this.db.provider === "postgres" && (f.type === "json" || f.type === "float");
  }

  /** The Prisma data of values, without the fields written by SQL; a
   * required one of those without a default gets a stand-in until then. */
  private data(e: EntityMeta, values: Map<string, Wire>, op: "create" | "update"): Row {
    const data: Row = {};
    for (const [name, v] of values) {
      const f = fieldOf(e, name);
      if (!this.bySql(f)) data[f.key] = toDb(this.db.provider, f, v);
      else if (op === "create" && !f.optional && f.default === undefined) data[f.key] = f.type === "json" ? {} : 0;
    }
    return data;
  }

  /** Writes the fields of values written by SQL, and returns the row with
   * them as written (json as the database's text, as exactJson reads it). */
  private async afterWrite(tx: Tx, e: EntityMeta, values: Map<string, Wire>, row: Row): Promise<Row> {
    const fields = e.fields.filter((f) => this.bySql(f) && values.has(f.name));
    const written: Row = { ...row };
    if (fields.length > 0) {
      const id = fieldOf(e, "id");
      const sets = fields.map((f) => `${quoteIdent(f.column)} = ${f.type === "json" ? "CAST(? AS jsonb)" : "?"}`).join(", ");
      const args = fields.map((f): SqlArg => {
        const v = values.get(f.name);
        if (v === null || v === undefined) return null;
        return f.type === "json" ? stringify(v) : Number(v);
      });
      await tx.execute(`UPDATE ${quoteIdent(e.table)} SET ${sets} WHERE ${quoteIdent(id.column)} = ?`, [...args, idOf(e, row[id.key])]);
      for (const f of fields) if (f.type === "float") written[f.key] = values.get(f.name);
    }
    const [exact] = await this.exactJson(tx, e, [written]);
    return exact ?? written;
  }

  /** A belongsTo whose row does not exist is a 422 reference. */
  private async checkReferences(tx: Tx, e: EntityMeta, values: Map<string, Wire>): Promise<void> {
    const errors: FieldError[] = [];
    for (const f of e.fields) {
      const v = values.get(f.name);
      if (f.kind !== "foreignKey" || f.references === undefined || v === null || v === undefined) continue;
      const target = this.entities.get(f.references);
      if (target === undefined) continue;
      if (!(await this.exists(tx, target, idOf(target, v)))) errors.push({ field: f.name, code: "reference", message: "does not exist" });
    }
    if (errors.length > 0) throw invalid(errors);
  }

  /** Runs a write, turning constraint violations into the contract's
   * answers: unique 409, a reference that vanished 422, a row that
   * vanished 404. */
  private async writing(e: EntityMeta, fn: () => Promise<Row>): Promise<Row> {
    try {
      return await fn();
    } catch (err) {
      switch (prismaCode(err)) {
        case "P2002":
          throw conflict(uniqueErrors(e, err), "a unique value is already taken");
        case "P2003":
          throw invalid(e.fields.filter((f) => f.kind === "foreignKey").map((f) => ({ field: f.name, code: "reference", message: "does not exist" })));
        case "P2025":
          throw notFound();
      }
      throw err;
    }
  }

  // --- relations ---

  private async relation(req: Request, e: EntityMeta, target: EntityMeta, hasOne: boolean): Promise<Reply> {
    const r = req.route;
    if (r.kind !== "relation") throw new Error("not a relation route");
    const rel = r.relation;
    const parentId = this.idValue(e, req.params["id"] ?? "");
    if (hasOne) {
      const key = fieldOf(target, rel.key ?? "");
      return this.db.read(async (tx) => {
        const { caller, ownerOnly } = await this.authorize(tx, r.access, req.subject);
        await this.load(tx, e, parentId, ownerOnly[0], caller);
        const row = await tx.model(target.model).findFirst({ where: { [key.key]: parentId } });
        if (row === null || (ownerOnly[1] === true && !this.owns(target, caller, row))) throw notFound();
        const [exact] = await this.exactJson(tx, target, [row]);
        return { status: 200, body: this.resource(target, exact ?? row) };
      });
    }
    const q = this.listQuery(target, req);
    const related: Condition = rel.join === undefined
      ? { sql: `${quoteIdent(fieldOf(target, rel.key ?? "").column)} = ?`, args: [parentId] }
      : {
        sql: `${quoteIdent(fieldOf(target, "id").column)} IN (SELECT ${quoteIdent(rel.join.right)} FROM ${quoteIdent(rel.join.table)} WHERE ${quoteIdent(rel.join.left)} = ?)`,
        args: [parentId],
      };
    return this.db.read(async (tx) => {
      const { caller, ownerOnly } = await this.authorize(tx, r.access, req.subject);
      await this.load(tx, e, parentId, ownerOnly[0], caller);
      return this.page(tx, target, q, ownerOnly[1] === true ? [related, this.ownedCondition(target, caller)] : [related]);
    });
  }

  private async link(req: Request, e: EntityMeta, target: EntityMeta): Promise<Reply> {
    const r = req.route;
    if ((r.kind !== "link" && r.kind !== "unlink") || r.relation.join === undefined) throw new Error("not a link route");
    const j = r.relation.join;
    const parentId = this.idValue(e, req.params["id"] ?? "");
    const targetId = this.idValue(target, req.params[r.params[1]?.name ?? ""] ?? "");
    return this.db.write(async (tx) => {
      const { caller, ownerOnly } = await this.authorize(tx, r.access, req.subject);
      await this.load(tx, e, parentId, ownerOnly[0], caller);
      if (!(await this.exists(tx, target, targetId))) throw notFound();
      const cols = `${quoteIdent(j.left)}, ${quoteIdent(j.right)}`;
      if (r.kind === "link") {
        await tx.execute(`INSERT INTO ${quoteIdent(j.table)} (${cols}) VALUES (?, ?) ON CONFLICT DO NOTHING`, [parentId, targetId]);
      } else {
        const n = await tx.execute(`DELETE FROM ${quoteIdent(j.table)} WHERE ${quoteIdent(j.left)} = ? AND ${quoteIdent(j.right)} = ?`, [parentId, targetId]);
        if (n === 0) throw notFound();
      }
      return { status: 204 };
    });
  }

  // --- auth ---

  /** Creates a user from a register body (or, withRole, a create-user
   * body: the role field allowed). */
  async createUser(body: JsonObject, withRole: boolean): Promise<Record<string, unknown>> {
    const auth = this.api.auth;
    if (auth === undefined) throw notFound();
    const e = auth.entity;
    const values = await hashPasswords(e, validateBody(e, body, "create", withRole ? e.create : auth.register));
    return this.db.write((tx) => this.insert(tx, e, values, { tx, caller: undefined }));
  }

  private async auth(req: Request, name: "register" | "login" | "me"): Promise<Reply> {
    const auth = this.api.auth;
    if (auth === undefined) throw notFound();
    const e = auth.entity;
    switch (name) {
      case "register": {
        const res = await this.createUser(req.body ?? {}, false);
        return { status: 201, body: res, headers: { Location: this.location(e, res) } };
      }
      case "login": {
        const [identity, password] = loginBody(req.body ?? {}, auth.identity, auth.password);
        const idf = fieldOf(e, auth.identity);
        const key = idf.type === "email" ? foldEmail(identity) : identity;
        const row = await this.db.read((tx) => tx.model(e.model).findFirst({ where: { [idf.key]: toDb(this.db.provider, idf, key) } }));
        const hash = row === null ? undefined : String(row[fieldOf(e, auth.password).key]);
        if (!(await checkPassword(hash, password)) || row === null) throw unauthorized(`wrong ${auth.identity} or password`);
        const id = String(fromDb(fieldOf(e, "id"), row[this.idKey(e)]));
        const role = auth.roleField === undefined ? undefined : String(row[fieldOf(e, auth.roleField).key]);
        return { status: 200, body: { accessToken: this.tokens().issue(id, role), tokenType: "bearer", expiresIn: auth.ttlSeconds } };
      }
      case "me":
        return this.db.read(async (tx) => {
          const { caller } = await this.authorize(tx, [{ authenticated: true }], req.subject);
          const row = caller === undefined ? null : await this.find(tx, e, this.idValue(e, caller.id));
          if (row === null) throw unauthorized();
          return { status: 200, body: this.resource(e, row) };
        });
    }
  }

  // --- custom endpoints ---

  /** Validates a custom endpoint's path, query and body, then runs its
   * body in a write transaction (it is the user's code and may write on a
   * GET) under its access rule. */
  private async endpoint(req: Request, r: EndpointRoute): Promise<Reply> {
    const errors: FieldError[] = [];
    const params = new Map<string, Wire>();
    const fields = r.params.flatMap((p) => (p.field === undefined ? [] : [p.field]));
    checkFields(fields, paramObject(fields, req.params), errors, params);
    const query = new Map<string, Wire>();
    if (r.query.length > 0 || r.method === "GET" || r.method === "DELETE") {
      const given = uniqueParams(req.query);
      for (const name of given.keys()) {
        if (!r.query.some((f) => f.name === name)) throw badRequest(`unknown query parameter "${name}"`);
      }
      checkFields(r.query, paramObject(r.query, Object.fromEntries(given)), errors, query);
    }
    const body = new Map<string, Wire>();
    if (r.body !== undefined) {
      const obj = req.body ?? {};
      checkFields(r.body, obj, errors, body);
      errors.push(...unknownFields(obj, r.body.map((f) => f.name)));
    }
    if (errors.length > 0) throw invalid(errors);
    const result = await this.db.write(async (tx) => {
      const { caller, ownerOnly } = await this.authorize(tx, r.access, req.subject);
      if (ownerOnly[0] === true && r.entity !== undefined && r.entityParam !== undefined) {
        const id = canonicalId(r.entity, String(params.get(r.entityParam)));
        if (id === undefined) throw notFound();
        await this.load(tx, r.entity, id, true, caller);
      }
      return r.handler({
        params: Object.fromEntries(params),
        query: Object.fromEntries(query),
        body: r.body === undefined ? undefined : Object.fromEntries(body),
        caller,
        tx,
      });
    });
    if (result === undefined) throw notImplemented(r.name);
    return r.status === 204 ? { status: 204 } : { status: r.status, body: result };
  }
}

/** An id exactly as a path or a token writes it: an int id in canonical
 * decimal within 64 bits, a uuid in any case (lower-cased). */
function canonicalId(e: EntityMeta, raw: string): bigint | string | undefined {
  if (e.idType === "uuid") return parseUUID(raw);
  if (!/^(0|-?[1-9][0-9]*)$/.test(raw)) return undefined;
  return parseInt64(raw);
}

/** An id of e as the client and SQL take it: a bigint for an int id,
 * text for a uuid. */
function idOf(e: EntityMeta, v: unknown): SqlArg {
  const s = String(v);
  return e.idType === "int" ? BigInt(s) : s;
}

/** The user's hooks of e (src/hooks/<entity>.hooks.ts). */
function hooksOf(e: EntityMeta): AnyHooks {
  return hooks[e.name] ?? {};
}

async function hashPasswords(e: EntityMeta, values: Map<string, Wire>): Promise<Map<string, Wire>> {
  for (const f of e.fields) {
    const v = values.get(f.name);
    if (f.type === "password" && typeof v === "string") values.set(f.name, await hashPassword(v));
  }
  return values;
}

function defaultValue(f: FieldMeta, now: string): Wire {
  const d = f.default;
  switch (d?.kind) {
    case "now":
      return now;
    case "uuid":
      return randomUUID();
    case "literal":
      return f.type === "int" && typeof d.value === "number" ? BigInt(d.value) : d.value;
    case undefined:
      return null;
  }
}

/** A login body: the identity and the password, strings without U+0000;
 * nothing else. Throws a 422. */
function loginBody(body: JsonObject, identity: string, password: string): [string, string] {
  const errors: FieldError[] = [];
  const str = (name: string): string => {
    const v = body[name];
    if (v === undefined) errors.push({ field: name, code: "required", message: "is required" });
    else if (typeof v !== "string") errors.push({ field: name, code: "type", message: "must be a string" });
    else if (v.includes("\u0000")) errors.push({ field: name, code: "format", message: "must not contain the NUL character" });
    else return v;
    return "";
  };
  const pair: [string, string] = [str(identity), str(password)];
  errors.push(...unknownFields(body, [identity, password]));
  if (errors.length > 0) throw invalid(errors);
  return pair;
}

/** Path or query texts as the JSON a body would carry: an int, a number
 * or a boolean as its literal when the field has that type and the text
 * is one, anything else as a string (which then fails the type check). */
function paramObject(fields: readonly FieldMeta[], texts: Readonly<Record<string, string>>): JsonObject {
  const out: JsonObject = Object.create(null) as JsonObject;
  for (const f of fields) {
    const s = texts[f.name];
    if (s === undefined) continue;
    if (f.type === "int" && /^-?[0-9]+$/.test(s)) out[f.name] = new JsonNumber(BigInt(s).toString());
    else if (f.type === "float" && /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/.test(s)) out[f.name] = new JsonNumber(s);
    else if (f.type === "bool" && (s === "true" || s === "false")) out[f.name] = s === "true";
    else out[f.name] = s;
  }
  return out;
}

function prismaCode(err: unknown): string | undefined {
  if (typeof err === "object" && err !== null && "code" in err) {
    const c = err.code;
    return typeof c === "string" ? c : undefined;
  }
  return undefined;
}

/** The constraint a unique violation names, from the driver adapter's
 * report: PostgreSQL names the constraint, SQLite its columns. */
function violated(err: unknown): { index?: string; fields?: string[] } {
  if (typeof err !== "object" || err === null || !("meta" in err)) return {};
  const meta = err.meta;
  if (!isRecord(meta) || !isRecord(meta["driverAdapterError"])) return {};
  const cause = meta["driverAdapterError"]["cause"];
  if (!isRecord(cause) || !isRecord(cause["constraint"])) return {};
  const c = cause["constraint"];
  const index = typeof c["index"] === "string" ? c["index"] : undefined;
  const fields = Array.isArray(c["fields"]) ? c["fields"].map(String) : undefined;
  return { ...(index === undefined ? {} : { index }), ...(fields === undefined ? {} : { fields }) };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null;
}

/** One unique error per field of the violated constraint. */
function uniqueErrors(e: EntityMeta, err: unknown): FieldError[] {
  const v = violated(err);
  const cols = (v.fields ?? []).map((c) => c.replace(/^"|"$/g, ""));
  const hit = e.uniques.find((u) => u.name === v.index) ??
    e.uniques.find((u) => u.columns.length === cols.length && u.columns.every((c) => cols.includes(c)));
  return (hit === undefined ? e.uniques : [hit]).flatMap((u) => u.fields.map((f) => ({ field: f, code: "unique", message: "is already taken" })));
}
