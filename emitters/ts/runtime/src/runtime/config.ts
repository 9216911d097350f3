// Settings from the environment and a .env file (docs/contract.md,
// "Configuration").

import { randomBytes } from "node:crypto";
import {
  appendFileSync,
  closeSync,
  existsSync,
  openSync,
  readFileSync,
  unlinkSync,
} from "node:fs";
import { parseEnv } from "node:util";

export type AppEnv = "development" | "test" | "production";

export interface Config {
  readonly host: string;
  readonly port: number;
  readonly databaseUrl: string;
  readonly appEnv: AppEnv;
  readonly logLevel: "debug" | "info" | "warn" | "error";
  readonly corsOrigins: readonly string[];
  readonly autoMigrate: boolean;
  /** Resolved lazily: only servers with auth need it. */
  jwtSecret(): string;
}

export class ConfigError extends Error {}

function readDotEnv(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  return parseEnv(readFileSync(path, "utf8")) as Record<string, string>;
}

/** Loads settings: the environment wins over .env. */
export function loadConfig(
  defaultOrigins: readonly string[],
  envPath = ".env",
): Config {
  const file = readDotEnv(envPath);
  const get = (name: string): string | undefined =>
    process.env[name] ?? file[name];
  const appEnv = get("APP_ENV") ?? "development";
  if (
    appEnv !== "development" &&
    appEnv !== "test" &&
    appEnv !== "production"
  ) {
    throw new ConfigError("APP_ENV must be development, test or production");
  }
  const logLevel = get("LOG_LEVEL") ?? "info";
  if (
    logLevel !== "debug" &&
    logLevel !== "info" &&
    logLevel !== "warn" &&
    logLevel !== "error"
  ) {
    throw new ConfigError("LOG_LEVEL must be debug, info, warn or error");
  }
  const portText = get("PORT") ?? "8000";
  const port = Number(portText);
  if (!/^[0-9]+$/.test(portText) || port < 0 || port > 65535)
    throw new ConfigError("PORT must be a port number");
  const databaseUrl = get("DATABASE_URL") ?? "sqlite:///./app.db";
  if (!/^(sqlite:\/\/\/.+|postgres(ql)?:\/\/.+)$/.test(databaseUrl)) {
    throw new ConfigError(
      "DATABASE_URL must be sqlite:///path or postgres://user:pass@host:port/db",
    );
  }
  const origins = get("CORS_ORIGINS");
  const auto = get("AUTO_MIGRATE");
  if (auto !== undefined && !/^(true|false|1|0)$/i.test(auto))
    throw new ConfigError("AUTO_MIGRATE must be true or false");
  let secret: string | undefined;
  return {
    host: get("HOST") ?? "0.0.0.0",
    port,
    databaseUrl,
    appEnv,
    logLevel,
    corsOrigins:
      origins === undefined
        ? defaultOrigins
        : origins
            .split(",")
            .map((s) => s.trim())
            .filter((s) => s !== ""),
    autoMigrate:
      auto === undefined ? appEnv !== "production" : /^(true|1)$/i.test(auto),
    jwtSecret(): string {
      if (secret !== undefined) return secret;
      const v = get("JWT_SECRET");
      if (v !== undefined && v !== "") {
        if (appEnv === "production" && Buffer.byteLength(v) < 32)
          throw new ConfigError(
            "JWT_SECRET must be at least 32 bytes in production",
          );
        secret = v;
        return v;
      }
      if (appEnv === "production")
        throw new ConfigError("JWT_SECRET is required in production");
      secret = developmentSecret(envPath);
      return secret;
    },
  };
}

/** Outside production: the .env file's secret, or a new one appended
 * to it under a lock file, so every process shares one. */
function developmentSecret(path: string): string {
  const lock = path + ".lock";
  const deadline = Date.now() + 10000;
  let fd: number | undefined;
  while (fd === undefined) {
    try {
      fd = openSync(lock, "wx");
    } catch {
      if (Date.now() > deadline)
        throw new ConfigError(`JWT_SECRET: cannot lock ${lock}`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  }
  try {
    const existing = readDotEnv(path)["JWT_SECRET"];
    if (existing !== undefined && existing !== "") return existing;
    const secret = randomBytes(48).toString("base64url");
    const content = existsSync(path) ? readFileSync(path, "utf8") : "";
    appendFileSync(
      path,
      (content !== "" && !content.endsWith("\n") ? "\n" : "") +
        "JWT_SECRET=" +
        secret +
        "\n",
      { mode: 0o600 },
    );
    return secret;
  } finally {
    closeSync(fd);
    unlinkSync(lock);
  }
}
