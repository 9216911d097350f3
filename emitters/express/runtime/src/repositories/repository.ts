// What every entity's repository does (src/repositories/<entity>.repository.ts
// extends it): rows in and out through the entity's Prisma model, as
// resources in their wire form; lists as SQL (src/runtime/listing.ts);
// the database's constraint errors as the contract's answers.

import { randomUUID } from "node:crypto";
import type { Db, Tx } from "../db.js";
import type { Caller } from "../runtime/auth.js";
import { fromDb, toDb } from "../runtime/codec.js";
import { stringify } from "../runtime/json.js";
import { orderClause, quoteIdent, whereClause } from "../runtime/listing.js";
import type { Condition, ListQuery, SqlArg } from "../runtime/listing.js";
import type { EntityMeta, FieldMeta } from "../runtime/meta.js";
import { fieldOf } from "../runtime/meta.js";
import { conflict, forbidden, invalid, notFound } from "../runtime/problem.js";
import type { FieldError } from "../runtime/problem.js";
import { formatDateTime } from "../runtime/validation.js";
import { idOf } from "../utils/ids.js";

/** One page of a list (docs/contract.md "Lists"). */
export interface Page<T> {
  items: T[];
  total: bigint;
  limit: number;
  offset: bigint;
}

/** Field values by field name, in their wire form (bigint for int,
 * canonical strings for decimals, dates and uuids). */
export type Values = Record<string, unknown>;

/** A database row as the Prisma client returns it. */
type Row = Record<string, unknown>;

/** A join table of a many-to-many relation: left holds this side's id. */
export interface Join {
  readonly table: string;
  readonly left: string;
  readonly right: string;
}

export class Repository<T extends object> {
  private readonly idField: FieldMeta;

  /** entities resolves the entity a foreign key references. */
  constructor(
    protected readonly db: Db,
    readonly meta: EntityMeta,
    private readonly entities: (name: string) => EntityMeta,
  ) {
    this.idField = fieldOf(meta, "id");
  }

  /** The row with id, or null. */
  async find(tx: Tx, id: SqlArg): Promise<T | null> {
    const row = await tx
      .model(this.meta.model)
      .findFirst({ where: { [this.idField.key]: id } });
    return row === null
      ? null
      : this.resource((await this.exactJson(tx, [row]))[0] ?? row);
  }

  /** The first row whose field equals value, or null. */
  async findBy(tx: Tx, field: string, value: SqlArg): Promise<T | null> {
    const f = fieldOf(this.meta, field);
    const row = await tx
      .model(this.meta.model)
      .findFirst({ where: { [f.key]: toDb(this.db.provider, f, value) } });
    return row === null
      ? null
      : this.resource((await this.exactJson(tx, [row]))[0] ?? row);
  }

  /** The first row whose field equals value with every field, those no
   * client reads (a password hash) included, or null. */
  async findStored(
    tx: Tx,
    field: string,
    value: SqlArg,
  ): Promise<Values | null> {
    const f = fieldOf(this.meta, field);
    const row = await tx
      .model(this.meta.model)
      .findFirst({ where: { [f.key]: toDb(this.db.provider, f, value) } });
    if (row === null) return null;
    const out: Values = {};
    for (const x of this.meta.fields) out[x.name] = fromDb(x, row[x.key]);
    return out;
  }

  /** The row with id as the caller may see it: missing, or not the
   * caller's where ownerOnly, is a 404. */
  async get(
    tx: Tx,
    id: SqlArg,
    ownerOnly = false,
    caller?: Caller,
  ): Promise<T> {
    const row = await this.find(tx, id);
    if (row === null || (ownerOnly && !this.owns(caller, row)))
      throw notFound();
    return row;
  }

  async exists(tx: Tx, id: SqlArg): Promise<boolean> {
    return rowExists(tx, this.meta, id);
  }

  /** One page under the request's list parameters and the server's own
   * conditions (ownership, a relation). */
  async page(
    tx: Tx,
    q: ListQuery,
    extra: readonly Condition[] = [],
  ): Promise<Page<T>> {
    const where = whereClause([...q.conditions, ...extra]);
    const table = quoteIdent(this.meta.table);
    const counted = await tx.query(
      `SELECT COUNT(*) AS n FROM ${table}${where.sql}`,
      where.args,
    );
    const total = BigInt(String(counted[0]?.["n"] ?? 0));
    const idRows = await tx.query(
      `SELECT ${quoteIdent(this.idField.column)} AS id FROM ${table}${where.sql}${orderClause(this.db.provider, q.sort)} LIMIT ? OFFSET ?`,
      [...where.args, q.limit, q.offset],
    );
    const ids = idRows.map((r) => idOf(this.meta, r["id"]));
    const rows =
      ids.length === 0
        ? []
        : await this.exactJson(
            tx,
            await tx
              .model(this.meta.model)
              .findMany({ where: { [this.idField.key]: { in: ids } } }),
          );
    const byId = new Map(rows.map((r) => [String(r[this.idField.key]), r]));
    const items = ids.flatMap((i) => {
      const row = byId.get(String(i));
      return row === undefined ? [] : [this.resource(row)];
    });
    return { items, total, limit: q.limit, offset: q.offset };
  }

  /** values with what the server sets on a new row: a uuid id, the
   * timestamps, and the defaults of fields the client left out. */
  withDefaults(values: object): Partial<T> {
    const now = formatDateTime(new Date());
    const out: Values = { ...values };
    for (const f of this.meta.fields) {
      if (f.kind === "timestamp") out[f.name] = now;
      else if (f.kind === "id" && this.meta.idType === "uuid")
        out[f.name] = randomUUID();
      else if (!(f.name in out) && f.default !== undefined)
        out[f.name] = defaultValue(f, now);
    }
    return out as Partial<T>;
  }

  /** What an update writes: the client's values, and every field that the
   * beforeUpdate hook changed in row (current with values applied). */
  changes(current: T, values: object, row: T): Partial<T> {
    const out: Values = { ...values };
    const was = current as Record<string, unknown>;
    const now = row as Record<string, unknown>;
    for (const f of this.meta.fields) {
      if (f.kind !== "id" && f.name in now && now[f.name] !== was[f.name])
        out[f.name] = now[f.name];
    }
    return out as Partial<T>;
  }

  /** Inserts a row from values (withDefaults applied); returns it. */
  async create(tx: Tx, fields: Partial<T>): Promise<T> {
    const values = fields as Values;
    await this.checkReferences(tx, values);
    const row = await this.writing(() =>
      tx.model(this.meta.model).create({ data: this.data(values, "create") }),
    );
    return this.resource(await this.afterWrite(tx, values, row));
  }

  /** Updates the row with id from values, stamping updatedAt; returns it. */
  async update(tx: Tx, id: SqlArg, values: Partial<T>): Promise<T> {
    const changed: Values = { ...values };
    const stamp = this.meta.fields.find(
      (f) => f.kind === "timestamp" && f.name === "updatedAt",
    );
    if (stamp !== undefined) changed[stamp.name] = formatDateTime(new Date());
    await this.checkReferences(tx, changed);
    const row = await this.writing(() =>
      tx.model(this.meta.model).update({
        where: { [this.idField.key]: id },
        data: this.data(changed, "update"),
      }),
    );
    return this.resource(await this.afterWrite(tx, changed, row));
  }

  /** Deletes the row with id: 404 if it is gone, 409 while other rows
   * reference it. */
  async delete(tx: Tx, id: SqlArg): Promise<void> {
    try {
      await tx
        .model(this.meta.model)
        .delete({ where: { [this.idField.key]: id } });
    } catch (err) {
      if (prismaCode(err) === "P2025") throw notFound();
      if (prismaCode(err) === "P2003") {
        throw conflict(
          [
            {
              field: "id",
              code: "referenced",
              message: "is referenced by other rows",
            },
          ],
          "the row is referenced by other rows",
        );
      }
      throw err;
    }
  }

  // --- relations ---

  /** The rows whose field equals value (a hasMany's key). */
  static where(meta: EntityMeta, field: string, value: SqlArg): Condition {
    return {
      sql: `${quoteIdent(fieldOf(meta, field).column)} = ?`,
      args: [value],
    };
  }

  /** The rows of meta linked through join to the row with id. */
  static linked(meta: EntityMeta, join: Join, id: SqlArg): Condition {
    return {
      sql: `${quoteIdent(fieldOf(meta, "id").column)} IN (SELECT ${quoteIdent(join.right)} FROM ${quoteIdent(join.table)} WHERE ${quoteIdent(join.left)} = ?)`,
      args: [id],
    };
  }

  /** Links the row with id to target's row (idempotent). */
  protected async link(
    tx: Tx,
    join: Join,
    id: SqlArg,
    target: SqlArg,
  ): Promise<void> {
    await tx.execute(
      `INSERT INTO ${quoteIdent(join.table)} (${quoteIdent(join.left)}, ${quoteIdent(join.right)}) VALUES (?, ?) ON CONFLICT DO NOTHING`,
      [id, target],
    );
  }

  /** Unlinks them; false if they were not linked. */
  protected async unlink(
    tx: Tx,
    join: Join,
    id: SqlArg,
    target: SqlArg,
  ): Promise<boolean> {
    const n = await tx.execute(
      `DELETE FROM ${quoteIdent(join.table)} WHERE ${quoteIdent(join.left)} = ? AND ${quoteIdent(join.right)} = ?`,
      [id, target],
    );
    return n > 0;
  }

  // --- ownership ---

  /** The field that says whose a row is: the owner relation's key, or
   * the id of the auth entity itself; undefined if rows belong to nobody. */
  protected ownerField(): FieldMeta | undefined {
    return this.meta.ownerKey === undefined
      ? undefined
      : fieldOf(this.meta, this.meta.ownerKey);
  }

  /** The caller's id as a value of the owner field. */
  private ownerValue(caller: Caller): SqlArg {
    const f = this.ownerField() ?? this.idField;
    return f.type === "int" ? BigInt(caller.id) : caller.id;
  }

  /** The condition that keeps the caller's rows; where rows belong to
   * nobody, the owner alternative cannot hold: 403. */
  ownedBy(caller: Caller | undefined): Condition {
    const f = this.ownerField();
    if (f === undefined || caller === undefined) throw forbidden();
    return {
      sql: `${quoteIdent(f.column)} = ?`,
      args: [this.ownerValue(caller)],
    };
  }

  owns(caller: Caller | undefined, row: T): boolean {
    const f = this.ownerField();
    if (f === undefined || caller === undefined) return false;
    const v: unknown = (row as Record<string, unknown>)[f.name];
    return v !== null && v !== undefined && String(v) === caller.id;
  }

  // --- rows ---

  /** A database row as its resource: the readable fields, in order. */
  protected resource(row: Row): T {
    const out: Record<string, unknown> = {};
    for (const name of this.meta.read) {
      const f = fieldOf(this.meta, name);
      out[name] = fromDb(f, row[f.key]);
    }
    return out as T;
  }

  /** The json fields as text, for fromDb: on SQLite they are TEXT
   * already; on PostgreSQL they are read again as jsonb's text, since the
   * Prisma client parses jsonb with JSON.parse, which rounds integers
   * past 2^53. */
  private async exactJson(tx: Tx, rows: Row[]): Promise<Row[]> {
    const json = this.meta.fields.filter((f) => f.type === "json");
    if (this.db.provider === "sqlite" || json.length === 0 || rows.length === 0)
      return rows;
    const id = this.idField;
    const cols = json
      .map((f) => `${quoteIdent(f.column)}::text AS ${quoteIdent(f.key)}`)
      .join(", ");
    const ids = rows.map((r) => idOf(this.meta, r[id.key]));
    const texts = await tx.query(
      `SELECT ${quoteIdent(id.column)}::text AS id, ${cols} FROM ${quoteIdent(this.meta.table)} WHERE ${quoteIdent(id.column)} IN (${ids.map(() => "?").join(", ")})`,
      ids,
    );
    const byId = new Map(texts.map((t) => [String(t["id"]), t]));
    return rows.map((r) => {
      const t = byId.get(String(r[id.key]));
      const out: Row = { ...r };
      for (const f of json) out[f.key] = t?.[f.key] ?? null;
      return out;
    });
  }

  /** Whether f is written by SQL (afterWrite) rather than by the Prisma
   * client, which cannot write it exactly: a float on either provider (the
   * client writes a double with 16 digits, so the largest doubles become
   * Infinity) and, on PostgreSQL, a json value (the client cannot carry an
   * integer past 2^53). */
  private bySql(f: FieldMeta): boolean {
    return (
      f.type === "float" ||
      (this.db.provider === "postgres" && f.type === "json")
    );
  }

  /** The Prisma data of values, without the fields written by SQL; a
   * required one of those without a default gets a stand-in until then. */
  private data(values: Values, op: "create" | "update"): Row {
    const data: Row = {};
    for (const [name, v] of Object.entries(values)) {
      const f = fieldOf(this.meta, name);
      if (!this.bySql(f)) data[f.key] = toDb(this.db.provider, f, v);
      else if (op === "create" && !f.optional && f.default === undefined)
        data[f.key] = f.type === "json" ? {} : 0;
    }
    return data;
  }

  /** Writes the fields of values written by SQL, and returns the row with
   * them as written (json as the database's text, as exactJson reads it). */
  private async afterWrite(tx: Tx, values: Values, row: Row): Promise<Row> {
    const fields = this.meta.fields.filter(
      (f) => this.bySql(f) && f.name in values,
    );
    const written: Row = { ...row };
    if (fields.length > 0) {
      const id = this.idField;
      const sets = fields
        .map(
          (f) =>
            `${quoteIdent(f.column)} = ${f.type === "json" ? "CAST(? AS jsonb)" : "?"}`,
        )
        .join(", ");
      const args = fields.map((f): SqlArg => {
        const v = values[f.name];
        if (v === null || v === undefined) return null;
        return f.type === "json" ? stringify(v) : Number(v);
      });
      await tx.execute(
        `UPDATE ${quoteIdent(this.meta.table)} SET ${sets} WHERE ${quoteIdent(id.column)} = ?`,
        [...args, idOf(this.meta, row[id.key])],
      );
      for (const f of fields)
        if (f.type === "float") written[f.key] = values[f.name];
    }
    return (await this.exactJson(tx, [written]))[0] ?? written;
  }

  /** A foreign key whose row does not exist is a 422 reference. */
  private async checkReferences(tx: Tx, values: Values): Promise<void> {
    const errors: FieldError[] = [];
    for (const f of this.meta.fields) {
      const v = values[f.name];
      if (
        f.kind !== "foreignKey" ||
        f.references === undefined ||
        v === null ||
        v === undefined
      )
        continue;
      const target = this.entities(f.references);
      if (!(await rowExists(tx, target, idOf(target, v))))
        errors.push({
          field: f.name,
          code: "reference",
          message: "does not exist",
        });
    }
    if (errors.length > 0) throw invalid(errors);
  }

  /** Runs a write, turning constraint violations into the contract's
   * answers: unique 409, a reference that vanished 422, a row that
   * vanished 404. */
  private async writing(fn: () => Promise<Row>): Promise<Row> {
    try {
      return await fn();
    } catch (err) {
      switch (prismaCode(err)) {
        case "P2002":
          throw conflict(
            uniqueErrors(this.meta, err),
            "a unique value is already taken",
          );
        case "P2003":
          throw invalid(
            this.meta.fields
              .filter((f) => f.kind === "foreignKey")
              .map((f) => ({
                field: f.name,
                code: "reference",
                message: "does not exist",
              })),
          );
        case "P2025":
          throw notFound();
      }
      throw err;
    }
  }
}

/** Whether meta's table has the row with id. */
async function rowExists(
  tx: Tx,
  meta: EntityMeta,
  id: SqlArg,
): Promise<boolean> {
  const key = fieldOf(meta, "id").key;
  const row = await tx
    .model(meta.model)
    .findFirst({ where: { [key]: id }, select: { [key]: true } });
  return row !== null;
}

function defaultValue(f: FieldMeta, now: string): unknown {
  const d = f.default;
  switch (d?.kind) {
    case "now":
      return now;
    case "uuid":
      return randomUUID();
    case "literal":
      return f.type === "int" && typeof d.value === "number"
        ? BigInt(d.value)
        : d.value;
    case undefined:
      return null;
  }
}

function prismaCode(err: unknown): string | undefined {
  if (typeof err === "object" && err !== null && "code" in err) {
    const c = err.code;
    return typeof c === "string" ? c : undefined;
  }
  return undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null;
}

/** The constraint a unique violation names, from the driver adapter's
 * report: PostgreSQL names the constraint, SQLite its columns. */
function violated(err: unknown): { index?: string; fields?: string[] } {
  if (
    !isRecord(err) ||
    !isRecord(err["meta"]) ||
    !isRecord(err["meta"]["driverAdapterError"])
  )
    return {};
  const cause = err["meta"]["driverAdapterError"]["cause"];
  if (!isRecord(cause) || !isRecord(cause["constraint"])) return {};
  const c = cause["constraint"];
  const index = typeof c["index"] === "string" ? c["index"] : undefined;
  const fields = Array.isArray(c["fields"])
    ? c["fields"].map(String)
    : undefined;
  return {
    ...(index === undefined ? {} : { index }),
    ...(fields === undefined ? {} : { fields }),
  };
}

/** One unique error per field of the violated constraint. */
function uniqueErrors(e: EntityMeta, err: unknown): FieldError[] {
  const v = violated(err);
  const cols = (v.fields ?? []).map((c) => c.replace(/^"|"$/g, ""));
  const hit =
    e.uniques.find((u) => u.name === v.index) ??
    e.uniques.find(
      (u) =>
        u.columns.length === cols.length &&
        u.columns.every((c) => cols.includes(c)),
    );
  return (hit === undefined ? e.uniques : [hit]).flatMap((u) =>
    u.fields.map((f) => ({
      field: f,
      code: "unique",
      message: "is already taken",
    })),
  );
}
