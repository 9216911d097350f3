// JSON lines on stdout: time (RFC 3339 UTC), level, msg, then the fields.

import pino from "pino";

export type Logger = pino.Logger;

export function newLogger(level: string): Logger {
  return pino({
    level,
    messageKey: "msg",
    base: undefined,
    timestamp: () => `,"time":"${new Date().toISOString()}"`,
    formatters: {
      level: (label) => ({ level: label }),
    },
  });
}
