// The database: one generated Prisma client per provider, chosen at start
// from DATABASE_URL (docs/contract.md's forms), and the project's own
// migrator, which records each step in _prisma_migrations as Prisma does.

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

/** The model operations the runtime uses, for either client. */
export interface Delegate {
  findMany(args: object): Promise<Record<string, unknown>[]>;
  findFirst(args: object): Promise<Record<string, unknown> | null>;
  count(args: object): Promise<number>;
  create(args: object): Promise<Record<string, unknown>>;
  update(args: object): Promise<Record<string, unknown>>;
  upsert(args: object): Promise<Record<string, unknown>>;
  delete(args: object): Promise<Record<string, unknown>>;
  deleteMany(args: object): Promise<{ count: number }>;
}

export type Tx = Readonly<Record<string, Delegate>>;

export interface Db {
  readonly provider: Provider;
  read<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
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

export function openDb(url: string): Db {
  if (providerOf(url) === "sqlite") {
    const adapter = new PrismaBetterSqlite3({ url: "file:" + sqlitePath(url) }, { timestampFormat: "iso8601" });
    const client = new SqliteClient({ adapter });
    return wrap("sqlite", client);
  }
  const adapter = new PrismaPg({ connectionString: pgUrl(url) });
  const client = new PostgresClient({ adapter });
  return wrap("postgres", client);
}

interface AnyClient {
  $transaction<T>(fn: (tx: never) => Promise<T>, opts?: object): Promise<T>;
  $queryRawUnsafe(sql: string): Promise<unknown>;
  $executeRawUnsafe(sql: string): Promise<number>;
  $disconnect(): Promise<void>;
}

function wrap(provider: Provider, c: SqliteClient | PostgresClient): Db {
  const client = c as unknown as AnyClient;
  const asTx = (tx: never): Tx => tx as unknown as Tx;
  let ready: Promise<void> | undefined;
  const init = (): Promise<void> => {
    ready ??= provider === "sqlite"
      ? client.$executeRawUnsafe("PRAGMA foreign_keys = ON").then(() => undefined)
      : Promise.resolve();
    return ready;
  };
  return {
    provider,
    async read<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      await init();
      return client.$transaction((tx: never) => fn(asTx(tx)), { timeout: 30000, maxWait: 30000 });
    },
    async write<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      await init();
      return client.$transaction((tx: never) => fn(asTx(tx)), { timeout: 30000, maxWait: 30000 });
    },
    async ping(): Promise<void> {
      await client.$queryRawUnsafe("SELECT 1");
    },
    close(): Promise<void> {
      return client.$disconnect();
    },
  };
}

const here = path.dirname(fileURLToPath(import.meta.url));

/** The migrations folder of a provider, next to its schema. */
export function migrationsDir(provider: Provider): string {
  const root = path.resolve(here, "..", "prisma");
  return provider === "sqlite" ? path.join(root, "sqlite", "migrations") : path.join(root, "migrations");
}

interface Step {
  name: string;
  sql: string;
  checksum: string;
}

function steps(provider: Provider): Step[] {
  const dir = migrationsDir(provider);
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

/** Statements of a migration file: split on ";" at line ends. */
function statements(sql: string): string[] {
  return sql
    .split(/;\s*\n/)
    .map((s) => s.split("\n").filter((l) => !l.startsWith("--")).join("\n").trim())
    .filter((s) => s !== "");
}

/** Tables each step creates, to adopt a database another target made. */
function createdTables(sql: string): string[] {
  return [...sql.matchAll(/CREATE TABLE "((?:[^"]|"")+)"/g)].map((m) => (m[1] ?? "").replace(/""/g, '"'));
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
    db.pragma("foreign_keys = ON");
    return {
      query: (sql, params = []) => {
        const stmt = db.prepare(sql);
        if (!stmt.reader) {
          stmt.run(...params);
          return Promise.resolve([]);
        }
        return Promise.resolve(stmt.all(...params) as Record<string, unknown>[]);
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
    query: async (sql, params = []) => (await client.query(sql, params)).rows as Record<string, unknown>[],
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

async function tableExists(c: Conn, provider: Provider, name: string): Promise<boolean> {
  const rows = provider === "sqlite"
    ? await c.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?", [name])
    : await c.query("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1", [name]);
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
    const done = new Set((await c.query(`SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`)).map((r) => String(r["migration_name"])));
    const ph = (i: number): string => (provider === "sqlite" ? "?" : `$${String(i)}`);
    const now = provider === "sqlite" ? "strftime('%Y-%m-%d %H:%M:%f', 'now')" : "now()";
    for (const s of steps(provider)) {
      if (done.has(s.name)) continue;
      let adopt = false;
      if (fresh) {
        const tables = createdTables(s.sql);
        const present = await Promise.all(tables.map((t) => tableExists(c, provider, t)));
        if (tables.length > 0 && present.every(Boolean)) adopt = true;
        else if (present.some(Boolean)) throw new Error(`migration ${s.name}: some of its tables exist already; the database was not made by this schema`);
      }
      await c.tx(async () => {
        if (!adopt) for (const stmt of statements(s.sql)) await c.exec(stmt);
        await c.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count) VALUES (${ph(1)}, ${ph(2)}, ${ph(3)}, ${now}, ${now}, 1)`,
          [randomUUID(), s.checksum, s.name],
        );
      });
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
