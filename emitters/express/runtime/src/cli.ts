// The project's commands (docs/contract.md): serve, migrate,
// create-user '<json>'.

import { loadConfig, settings } from "./config/index.js";
import { createServices } from "./container.js";
import { migrate, openDb } from "./db.js";
import { serve } from "./index.js";
import { ConfigError } from "./runtime/config.js";
import { isObject, parseJson, stringify } from "./runtime/json.js";
import { newLogger } from "./runtime/log.js";
import { HttpError, problem } from "./runtime/problem.js";

async function main(argv: string[]): Promise<number> {
  const cmd = argv[0] ?? "serve";
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(e.message + "\n");
      return 2;
    }
    throw e;
  }
  const log = newLogger(config.logLevel);
  switch (cmd) {
    case "migrate": {
      const done = await migrate(config.databaseUrl);
      log.info({ applied: done }, "migrated");
      return 0;
    }
    case "create-user": {
      const db = openDb(config.databaseUrl, settings.lockTable);
      try {
        const { createUser } = createServices(db, config);
        if (createUser === undefined)
          throw new HttpError(400, "the spec has no auth entity");
        const body = parseJson(argv[1] ?? "");
        if (!isObject(body))
          throw new HttpError(400, "the body must be a JSON object");
        process.stdout.write(stringify(await createUser(body)) + "\n");
        return 0;
      } catch (e) {
        const p =
          e instanceof HttpError
            ? problem(e.status, e.detail, e.errors)
            : problem(400, e instanceof Error ? e.message : String(e));
        process.stderr.write(stringify(p) + "\n");
        return 1;
      } finally {
        await db.close();
      }
    }
    case "serve":
      if (settings.auth) {
        try {
          config.jwtSecret();
        } catch (e) {
          process.stderr.write(
            (e instanceof Error ? e.message : String(e)) + "\n",
          );
          return 2;
        }
      }
      await serve(config, log);
      return 0;
    default:
      process.stderr.write(
        `unknown command ${cmd}: use serve, migrate or create-user '<json>'\n`,
      );
      return 2;
  }
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
