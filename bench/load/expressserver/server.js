// The hand-written baseline for the Express load benchmark (../express.sh):
// Express 5 and better-sqlite3, or pg's Pool when DATABASE_URL is a
// postgres:// URL, serving three of the blog's endpoints on the tables the
// generated blog creates, the way ../goserver does for the Go benchmark:
//
//   GET  /api/posts/:id          the post, or 404
//   GET  /api/posts?limit&offset {items, total, limit, offset}, newest first
//   POST /api/tags               {name}; bearer token (HS256, JWT_SECRET) required
//
// The same JSON shapes as the generated server's answers; errors are
// {"error": "..."} rather than problem+json. No access log, no security
// headers, no ETag: only what these three endpoints need.
//
//   DATABASE_URL=sqlite:////abs/blog.db JWT_SECRET=... PORT=8001 node server.js

import express from "express";
import jwt from "jsonwebtoken";

const url = process.env.DATABASE_URL ?? "";
const secret = process.env.JWT_SECRET ?? "";
if (secret === "") throw new Error("JWT_SECRET is required");

// The wire names, straight from SQL: rows need no mapping.
const POST_COLUMNS = `id, title, body, status, views, slug, summary, author_id AS "authorId",
  created_at AS "createdAt", updated_at AS "updatedAt"`;
const TAG_NAME = /^[a-z0-9-]+$/;

class Conflict extends Error {}

/** better-sqlite3: one connection, synchronous calls, statements prepared once. */
async function sqliteStore(path) {
  const { default: Database } = await import("better-sqlite3");
  const db = new Database(path);
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  const getPost = db.prepare(`SELECT ${POST_COLUMNS} FROM posts WHERE id = ?`);
  const countPosts = db.prepare("SELECT COUNT(*) AS total FROM posts").pluck();
  const listPosts = db.prepare(`SELECT ${POST_COLUMNS} FROM posts ORDER BY created_at DESC, id LIMIT ? OFFSET ?`);
  const insertTag = db.prepare("INSERT INTO tags (name, created_at, updated_at) VALUES (?, ?, ?) RETURNING id").pluck();
  return {
    getPost: async (id) => getPost.get(id),
    // One read transaction: the count and the page see the same rows.
    listPosts: db.transaction((limit, offset) => ({ total: countPosts.get(), items: listPosts.all(limit, offset) })),
    createTag: async (name, now) => {
      try {
        return insertTag.get(name, now, now);
      } catch (e) {
        if (e.code === "SQLITE_CONSTRAINT_UNIQUE") throw new Conflict();
        throw e;
      }
    },
  };
}

/** pg: a Pool (10 connections, pg's default, as the generated server's). */
async function postgresStore(connectionString) {
  const { default: pg } = await import("pg");
  // bigint ids and COUNT(*) as numbers, not strings.
  pg.types.setTypeParser(pg.types.builtins.INT8, Number);
  const pool = new pg.Pool({ connectionString });
  return {
    getPost: async (id) => (await pool.query(`SELECT ${POST_COLUMNS} FROM posts WHERE id = $1`, [id])).rows[0],
    listPosts: async (limit, offset) => {
      const [count, page] = await Promise.all([
        pool.query("SELECT COUNT(*) AS total FROM posts"),
        pool.query(`SELECT ${POST_COLUMNS} FROM posts ORDER BY created_at DESC, id LIMIT $1 OFFSET $2`, [limit, offset]),
      ]);
      return { total: count.rows[0].total, items: page.rows };
    },
    createTag: async (name, now) => {
      try {
        return (await pool.query("INSERT INTO tags (name, created_at, updated_at) VALUES ($1, $2, $2) RETURNING id", [name, now])).rows[0].id;
      } catch (e) {
        if (e.code === "23505") throw new Conflict();
        throw e;
      }
    },
  };
}

let store;
if (url.startsWith("sqlite:///")) store = await sqliteStore(url.slice("sqlite:///".length));
else if (/^postgres(ql)?:\/\//.test(url)) store = await postgresStore(url);
else throw new Error("DATABASE_URL must be sqlite:////abs/path.db or postgres://...");

/** An integer query parameter: def when absent, NaN when not an integer. */
function intParam(v, def) {
  if (v === undefined) return def;
  return typeof v === "string" && /^-?[0-9]+$/.test(v) ? Number(v) : NaN;
}

/** Whether the request carries a valid bearer token of the generated
 * server's (HS256, same secret, with an expiry and a subject). */
function authenticated(req) {
  const m = /^Bearer (.+)$/.exec(req.get("authorization") ?? "");
  if (m === null) return false;
  try {
    const claims = jwt.verify(m[1], secret, { algorithms: ["HS256"] });
    return typeof claims.exp === "number" && typeof claims.sub === "string" && claims.sub !== "";
  } catch {
    return false;
  }
}

const app = express();
app.disable("x-powered-by");
app.set("etag", false);

app.get("/api/posts/:id", async (req, res) => {
  const id = intParam(req.params.id, NaN);
  const post = Number.isSafeInteger(id) ? await store.getPost(id) : undefined;
  if (post === undefined) return res.status(404).json({ error: "not found" });
  res.json(post);
});

app.get("/api/posts", async (req, res) => {
  const limit = intParam(req.query.limit, 20);
  const offset = intParam(req.query.offset, 0);
  if (!(limit >= 1 && limit <= 100)) return res.status(400).json({ error: "limit must be 1..100" });
  if (!(offset >= 0)) return res.status(400).json({ error: "offset must be >= 0" });
  const { items, total } = await store.listPosts(limit, offset);
  res.json({ items, total, limit, offset });
});

app.post("/api/tags", (req, res, next) => {
  // The token before the body, as the generated server does.
  if (!authenticated(req)) return res.status(401).json({ error: "authentication required" });
  next();
}, express.json({ limit: "1mb" }), async (req, res) => {
  const name = req.body?.name;
  if (typeof name !== "string" || [...name].length < 1 || [...name].length > 50 || !TAG_NAME.test(name)) {
    return res.status(422).json({ error: "name must match ^[a-z0-9-]+$, 1..50 characters" });
  }
  const now = new Date().toISOString();
  let id;
  try {
    id = await store.createTag(name, now);
  } catch (e) {
    if (e instanceof Conflict) return res.status(409).json({ error: "name already exists" });
    throw e;
  }
  res.status(201).location(`/api/tags/${id}`).json({ id, name, createdAt: now, updatedAt: now });
});

app.use((req, res) => {
  res.status(404).json({ error: "not found" });
});

// Four parameters: what makes it Express's error handler.
// eslint-disable-next-line no-unused-vars
app.use((err, req, res, next) => {
  if (err.type === "entity.parse.failed") return res.status(400).json({ error: "invalid JSON" });
  if (err.type === "entity.too.large") return res.status(413).json({ error: "body too large" });
  console.error(err);
  res.status(500).json({ error: "internal error" });
});

app.listen(Number(process.env.PORT ?? 8001), process.env.HOST ?? "127.0.0.1", (err) => {
  if (err) throw err;
});
