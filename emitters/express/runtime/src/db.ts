// The database: one generated Prisma client per provider, chosen at start
// from DATABASE_URL (docs/contract.md's forms), transactions, and the
// project's own migrator, which records each step in _prisma_migrations as
// Prisma does.

import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import Database from "better-sqlite3";
import pg from "pg";
import { PrismaClient as PostgresClient } from "./generated/postgres/client.js";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client.js";
import type { Provider } from "./runtime/codec.js";
import { quoteIdent } from "./runtime/listing.js";
import type { SqlArg } from "./runtime/listing.js";

/** The model operations the runtime uses, for either client. */
export interface Delegate {
  findMany(args: object): Promise<Record<string, unknown>[]>;
  findFirst(args: object): Promise<Record<string, unknown> | null>;
  create(args: object): Promise<Record<string, unknown>>;
  update(args: object): Promise<Record<string, unknown>>;
  delete(args: object): Promise<Record<string, unknown>>;
}

/** One transaction: the Prisma models, and SQL for what the models cannot
 * say (list queries, join tables). SQL is written with ? placeholders on
 * both providers. */
export interface Tx {
  model(name: string): Delegate;
  query(
    sql: string,
    args?: readonly SqlArg[],
  ): Promise<Record<string, unknown>[]>;
  execute(sql: string, args?: readonly SqlArg[]): Promise<number>;
}

export interface Db {
  readonly provider: Provider;
  /** Runs fn, which only reads, in one transaction. */
  read<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Runs fn in one write transaction, committed when fn resolves. */
  write<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export function providerOf(url: string): Provider {
  return url.startsWith("sqlite:") ? "sqlite" : "postgres";
}

/** sqlite:///relative.db and sqlite:////abs/path.db to a file path. */
export function sqlitePath(url: string): string {
  return url.slice("sqlite:///".length);
}

function pgUrl(url: string): string {
  return url.replace(/^postgresql:/, "postgres:");
}

/** How long a request waits for the database: a pooled connection, the
 * SQLite lock, the transaction itself. */
const BOUND_MS = 30000;
const SQLITE_BUSY_MS = 5000;

/** Opens url. lockTable is any table of the schema: on SQLite a write
 * transaction takes the write lock first thing, by a statement on it that
 * changes nothing (Prisma's adapter begins every transaction DEFERRED;
 * conventions.md wants BEGIN IMMEDIATE), so that it waits for another
 * process's writer up to the busy timeout instead of failing when its
 * snapshot is stale. */
export function openDb(url: string, lockTable: string | undefined): Db {
  if (providerOf(url) === "sqlite") {
    const adapter = new PrismaBetterSqlite3(
      { url: "file:" + sqlitePath(url), timeout: SQLITE_BUSY_MS },
      { timestampFormat: "iso8601" },
    );
    const lock =
      lockTable === undefined
        ? undefined
        : `DELETE FROM ${quoteIdent(lockTable)} WHERE 0`;
    return wrap("sqlite", new SqliteClient({ adapter }), lock);
  }
  const adapter = new PrismaPg({
    connectionString: pgUrl(url),
    connectionTimeoutMillis: BOUND_MS,
  });
  return wrap("postgres", new PostgresClient({ adapter }), undefined);
}

/** The part of either generated client the runtime uses. */
interface Client {
  $transaction<T>(
    fn: (tx: TxClient) => Promise<T>,
    opts: {
      timeout: number;
      maxWait: number;
      isolationLevel?: "RepeatableRead";
    },
  ): Promise<T>;
  $queryRawUnsafe(sql: string, ...args: unknown[]): Promise<unknown>;
  $executeRawUnsafe(sql: string, ...args: unknown[]): Promise<number>;
  $disconnect(): Promise<void>;
}

interface TxClient {
  $queryRawUnsafe(sql: string, ...args: unknown[]): Promise<unknown>;
  $executeRawUnsafe(sql: string, ...args: unknown[]): Promise<number>;
}

/** Numbers ? placeholders $1, $2, ... for PostgreSQL. Statements never
 * hold a literal question mark: every value is a parameter. */
function rebind(provider: Provider, sql: string): string {
  if (provider === "sqlite") return sql;
  let n = 0;
  return sql.replace(/\?/g, () => `$${String(++n)}`);
}

function wrap(
  provider: Provider,
  generated: SqliteClient | PostgresClient,
  lock: string | undefined,
): Db {
  // Both clients have these members; their generated types differ per schema.
  const client = generated as unknown as Client;
  const asTx = (t: TxClient): Tx => ({
    model(name: string): Delegate {
      const d = (t as unknown as Record<string, Delegate | undefined>)[name];
      if (d === undefined) throw new Error(`no Prisma model ${name}`);
      return d;
    },
    async query(sql, args = []) {
      return (await t.$queryRawUnsafe(
        rebind(provider, sql),
        ...args,
      )) as Record<string, unknown>[];
    },
    execute(sql, args = []) {
      return t.$executeRawUnsafe(rebind(provider, sql), ...args);
    },
  });
  let ready: Promise<unknown> | undefined;
  const init = (): Promise<unknown> => {
    // The SQLite adapter has one connection: one pragma sets it up.
    ready ??=
      provider === "sqlite"
        ? client
            .$executeRawUnsafe("PRAGMA foreign_keys = ON")
            .catch((e: unknown) => {
              ready = undefined;
              throw e;
            })
        : Promise.resolve();
    return ready;
  };
  return {
    provider,
    async read<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      await init();
      const isolation =
        provider === "postgres"
          ? { isolationLevel: "RepeatableRead" as const }
          : {};
      return client.$transaction((t) => fn(asTx(t)), {
        timeout: BOUND_MS,
        maxWait: BOUND_MS,
        ...isolation,
      });
    },
    async write<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      await init();
      return client.$transaction(
        async (t) => {
          if (lock !== undefined) await t.$executeRawUnsafe(lock);
          return fn(asTx(t));
        },
        { timeout: BOUND_MS, maxWait: BOUND_MS },
      );
    },
    async ping(): Promise<void> {
      await init();
      await client.$queryRawUnsafe("SELECT 1");
    },
    close(): Promise<void> {
      return client.$disconnect();
    },
  };
}

/** Prisma's codes for a database that cannot serve now: not reachable,
 * timed out (SQLite: locked past the busy timeout), connection closed, no
 * pooled connection in time, no transaction in time. */
const UNAVAILABLE_CODES = new Set([
  "P1001",
  "P1002",
  "P1008",
  "P1017",
  "P2024",
  "P2028",
]);
/** The drivers' codes for the same, when they reach us unwrapped. */
const DRIVER_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "SQLITE_BUSY",
  "SQLITE_LOCKED",
]);
const UNAVAILABLE_KINDS = new Set([
  "DatabaseNotReachable",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
]);
const UNAVAILABLE_MESSAGES =
  /Connection terminated|connection error|timeout exceeded when trying to connect|Can't reach database server|Server has closed the connection|database is locked/i;

/** Reports whether err says the database cannot serve now (down,
 * restarting, a lost connection, no connection in time, SQLite locked):
 * a 503 with Retry-After, not a server error. */
export function isUnavailable(err: unknown): boolean {
  for (
    let e: unknown = err, depth = 0;
    typeof e === "object" && e !== null && depth < 5;
    depth++
  ) {
    const o = e as {
      code?: unknown;
      message?: unknown;
      meta?: {
        driverAdapterError?: {
          cause?: { kind?: unknown; originalCode?: unknown };
        };
      };
      cause?: unknown;
    };
    if (
      typeof o.code === "string" &&
      (UNAVAILABLE_CODES.has(o.code) || DRIVER_CODES.has(o.code))
    )
      return true;
    const cause = o.meta?.driverAdapterError?.cause;
    if (typeof cause?.kind === "string" && UNAVAILABLE_KINDS.has(cause.kind))
      return true;
    // PostgreSQL class 08 (connection exception), 57P01-03 (shutting down, starting up).
    if (
      typeof cause?.originalCode === "string" &&
      /^(08|57P0[123])/.test(cause.originalCode)
    )
      return true;
    if (typeof o.message === "string" && UNAVAILABLE_MESSAGES.test(o.message))
      return true;
    e = o.cause;
  }
  return false;
}

const here = path.dirname(fileURLToPath(import.meta.url));

/** The migrations folder of a provider, next to its schema. */
export function migrationsDir(provider: Provider): string {
  const root = path.resolve(here, "..", "prisma");
  return provider === "sqlite"
    ? path.join(root, "sqlite", "migrations")
    : path.join(root, "migrations");
}

interface Step {
  name: string;
  sql: string;
  checksum: string;
}

function steps(provider: Provider): Step[] {
  const dir = migrationsDir(provider);
  return readdirSync(dir, { withFileTypes: true })
    .filter(
      (d) =>
        d.isDirectory() && existsSync(path.join(dir, d.name, "migration.sql")),
    )
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return {
        name,
        sql,
        checksum: createHash("sha256").update(sql).digest("hex"),
      };
    });
}

/** Tables each step creates, to adopt a database another target made. */
function createdTables(sql: string): string[] {
  return [...sql.matchAll(/CREATE TABLE "((?:[^"]|"")+)"/g)].map((m) =>
    (m[1] ?? "").replace(/""/g, '"'),
  );
}

interface Conn {
  query(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  exec(sql: string): Promise<void>;
  tx(fn: () => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

async function connect(url: string): Promise<Conn> {
  if (providerOf(url) === "sqlite") {
    const db = new Database(sqlitePath(url));
    db.pragma("journal_mode = WAL");
    db.pragma("busy_timeout = 5000");
    // Steps run with enforcement off, as SQLite's table rebuilds need; a
    // step that rebuilds a table checks its foreign keys before it commits.
    db.pragma("foreign_keys = OFF");
    return {
      query: (sql, params = []) => {
        const stmt = db.prepare(sql);
        if (!stmt.reader) {
          stmt.run(...params);
          return Promise.resolve([]);
        }
        return Promise.resolve(
          stmt.all(...params) as Record<string, unknown>[],
        );
      },
      exec: (sql) => {
        db.exec(sql);
        return Promise.resolve();
      },
      async tx(fn) {
        db.exec("BEGIN IMMEDIATE");
        try {
          await fn();
          db.exec("COMMIT");
        } catch (e) {
          db.exec("ROLLBACK");
          throw e;
        }
      },
      close: () => {
        db.close();
        return Promise.resolve();
      },
    };
  }
  const client = new pg.Client({ connectionString: pgUrl(url) });
  await client.connect();
  return {
    query: async (sql, params = []) =>
      (await client.query(sql, params)).rows as Record<string, unknown>[],
    exec: async (sql) => {
      await client.query(sql);
    },
    async tx(fn) {
      await client.query("BEGIN");
      try {
        await fn();
        await client.query("COMMIT");
      } catch (e) {
        await client.query("ROLLBACK");
        throw e;
      }
    },
    close: () => client.end(),
  };
}

async function tableExists(
  c: Conn,
  provider: Provider,
  name: string,
): Promise<boolean> {
  const rows =
    provider === "sqlite"
      ? await c.query(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?",
          [name],
        )
      : await c.query(
          "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1",
          [name],
        );
  return rows.length > 0;
}

const BOOKKEEPING = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum" VARCHAR(64) NOT NULL,
    "finished_at" TIMESTAMPTZ,
    "migration_name" VARCHAR(255) NOT NULL,
    "logs" TEXT,
    "rolled_back_at" TIMESTAMPTZ,
    "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

const BOOKKEEPING_SQLITE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" TEXT PRIMARY KEY NOT NULL,
    "checksum" TEXT NOT NULL,
    "finished_at" DATETIME,
    "migration_name" TEXT NOT NULL,
    "logs" TEXT,
    "rolled_back_at" DATETIME,
    "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

/** Applies pending migrations; returns the names applied. A database
 * without _prisma_migrations whose tables already exist (made by another
 * target) is adopted: its steps are recorded, not run. */
export async function migrate(url: string): Promise<string[]> {
  const provider = providerOf(url);
  const c = await connect(url);
  const applied: string[] = [];
  try {
    const fresh = !(await tableExists(c, provider, "_prisma_migrations"));
    await c.exec(provider === "sqlite" ? BOOKKEEPING_SQLITE : BOOKKEEPING);
    const done = new Set(
      (
        await c.query(
          `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
        )
      ).map((r) => String(r["migration_name"])),
    );
    const ph = (i: number): string =>
      provider === "sqlite" ? "?" : `$${String(i)}`;
    const now =
      provider === "sqlite" ? "strftime('%Y-%m-%d %H:%M:%f', 'now')" : "now()";
    for (const s of steps(provider)) {
      if (done.has(s.name)) continue;
      let adopt = false;
      if (fresh) {
        const tables = createdTables(s.sql);
        const present = await Promise.all(
          tables.map((t) => tableExists(c, provider, t)),
        );
        if (tables.length > 0 && present.every(Boolean)) adopt = true;
        else if (present.some(Boolean))
          throw new Error(
            `migration ${s.name}: some of its tables exist already; the database was not made by this schema`,
          );
      }
      try {
        await c.tx(async () => {
          if (!adopt) await c.exec(s.sql);
          await c.query(
            `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count) VALUES (${ph(1)}, ${ph(2)}, ${ph(3)}, ${now}, ${now}, 1)`,
            [randomUUID(), s.checksum, s.name],
          );
        });
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        throw new Error(
          `migration ${s.name} failed and was rolled back (${path.join(migrationsDir(provider), s.name, "migration.sql")}): ${reason}`,
          { cause: err },
        );
      }
      applied.push(s.name);
    }
  } finally {
    await c.close();
  }
  return applied;
}

/** Puts a SQLite file in WAL mode (a property of the file). */
export function prepareSqlite(url: string): void {
  if (providerOf(url) !== "sqlite") return;
  const db = new Database(sqlitePath(url));
  db.pragma("journal_mode = WAL");
  db.close();
}
