// The project's commands (docs/contract.md): serve, migrate,
// create-user '<json>'.

import http from "node:http";
import { api } from "./api.js";
import { createApp } from "./app.js";
import { Handlers } from "./controllers/crud.controller.js";
import { migrate, openDb, prepareSqlite, providerOf } from "./db.js";
import { Tokens } from "./runtime/auth.js";
import { ConfigError, loadConfig } from "./runtime/config.js";
import { isObject, parseJson, stringify } from "./runtime/json.js";
import { newLogger } from "./runtime/log.js";
import { HttpError, problem } from "./runtime/problem.js";

async function main(argv: string[]): Promise<number> {
  const cmd = argv[0] ?? "serve";
  let config;
  try {
    config = loadConfig(api.corsOrigins);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(e.message + "\n");
      return 2;
    }
    throw e;
  }
  const log = newLogger(config.logLevel);
  if (cmd === "migrate") {
    const done = await migrate(config.databaseUrl);
    log.info({ applied: done }, "migrated");
    return 0;
  }
  if (cmd === "create-user") {
    const db = openDb(config.databaseUrl, api.entities[0]?.table);
    try {
      const v = parseJson(argv[1] ?? "");
      if (!isObject(v)) throw new HttpError(400, "the body must be a JSON object");
      const h = new Handlers(api, db, () => new Tokens(config.jwtSecret(), api.auth?.ttlSeconds ?? 86400));
      const user = await h.createUser(v, true);
      process.stdout.write(stringify(user) + "\n");
      return 0;
    } catch (e) {
      const p = e instanceof HttpError ? problem(e.status, e.detail, e.errors) : problem(400, e instanceof Error ? e.message : String(e));
      process.stderr.write(stringify(p) + "\n");
      return 1;
    } finally {
      await db.close();
    }
  }
  if (cmd !== "serve") {
    process.stderr.write(`unknown command ${cmd}: use serve, migrate or create-user '<json>'\n`);
    return 2;
  }
  if (api.auth !== undefined) {
    try {
      config.jwtSecret();
    } catch (e) {
      process.stderr.write((e instanceof Error ? e.message : String(e)) + "\n");
      return 2;
    }
  }
  prepareSqlite(config.databaseUrl);
  if (config.autoMigrate) await migrate(config.databaseUrl);
  const db = openDb(config.databaseUrl, api.entities[0]?.table);
  const app = createApp(api, db, config, log);
  const server = http.createServer({ maxHeaderSize: 1 << 20, requestTimeout: 0, headersTimeout: 10000, keepAliveTimeout: 10000 }, app);
  // The app sends 100 Continue itself, once it means to read the body.
  server.on("checkContinue", app);
  // A client that half-closes after its request (nc -N) still gets its
  // answer: without this, Node ends the socket as soon as the client's side
  // ends. The flag is Node's own (lib/_http_server.js), not in its typings.
  Object.assign(server, { httpAllowHalfOpen: true });
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  log.info({ addr: `${config.host}:${String(config.port)}`, database: providerOf(config.databaseUrl), version: api.version }, "started");
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      server.close(() => {
        resolve();
      });
      setTimeout(() => {
        server.closeAllConnections();
      }, 10000).unref();
      server.closeIdleConnections();
    };
    process.once("SIGTERM", stop);
    process.once("SIGINT", stop);
  });
  await db.close();
  log.info("stopped");
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write((e instanceof Error ? e.message : String(e)) + "\n");
    process.exitCode = 1;
  },
);
