// The HTTP server: the app on the configured address until SIGTERM or
// SIGINT, then a graceful stop (in-flight requests finish, for up to 10
// seconds).

import http from "node:http";
import { createApp } from "./app.js";
import { settings } from "./config/index.js";
import { createServices } from "./container.js";
import { migrate, openDb, prepareSqlite, providerOf } from "./db.js";
import type { Config } from "./runtime/config.js";
import type { Logger } from "./runtime/log.js";

export async function serve(config: Config, log: Logger): Promise<void> {
  prepareSqlite(config.databaseUrl);
  if (config.autoMigrate) await migrate(config.databaseUrl);
  const db = openDb(config.databaseUrl, settings.lockTable);
  const app = createApp(db, createServices(db, config), config, log);
  const server = http.createServer(
    {
      maxHeaderSize: 1 << 20,
      requestTimeout: 0,
      headersTimeout: 10000,
      keepAliveTimeout: 10000,
    },
    app,
  );
  // The app sends 100 Continue itself, once it means to read the body.
  server.on("checkContinue", app);
  // A client that half-closes after its request (nc -N) still gets its
  // answer: without this, Node ends the socket as soon as the client's side
  // ends. The flag is Node's own (lib/_http_server.js), not in its typings.
  Object.assign(server, { httpAllowHalfOpen: true });
  await new Promise<void>((resolve) =>
    server.listen(config.port, config.host, resolve),
  );
  log.info(
    {
      addr: `${config.host}:${String(config.port)}`,
      database: providerOf(config.databaseUrl),
      version: settings.version,
    },
    "started",
  );
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
}
