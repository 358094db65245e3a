import pino, { type Logger } from "pino";
import type { Config } from "./config.ts";

/** JSON logs on stdout; secrets never reach them (authorization headers and cookies are redacted). */
export function createLogger(config: Pick<Config, "logLevel">): Logger {
  return pino({
    level: config.logLevel,
    redact: {
      paths: [
        "req.headers.authorization",
        "req.headers.cookie",
        'res.headers["set-cookie"]',
        "password",
        "*.password",
      ],
      censor: "[redacted]",
    },
  });
}
