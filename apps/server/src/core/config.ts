import fs from "node:fs";
import path from "node:path";

/** The platform's whole configuration, parsed once at boot. Only this module reads `process.env`. */
export type Config = {
  port: number;
  host: string;
  /**
   * Port of the federation listener (`FEDERATION_PORT`): HTTPS with mutual TLS for calls from
   * pinned peer instances (another ministry's platform, NDXP), on the same HOST. Off when unset.
   */
  federationPort: number | undefined;
  dataDir: string;
  publicUrl: string;
  /** PostgreSQL connection string; when absent the embedded PGlite database under `dataDir` is used. */
  databaseUrl: string | undefined;
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  /** Seed demo data on first start. */
  demoSeed: boolean;
  /** Password of the demo accounts; generated once and kept in DATA_DIR when unset. */
  demoAdminPassword: string | undefined;
  /** Largest accepted JSON request body, in bytes. */
  bodyLimit: number;
  /** Idle lifetime of a sign-in session, in minutes. */
  sessionTtlMinutes: number;
  /**
   * Sign-in attempts allowed per client address per minute (`SIGN_IN_LIMIT_PER_IP`). Offices
   * behind one NAT address share it; each account also has its own limit and lockout.
   */
  signInLimitPerIp: number;
  /**
   * Which reverse proxies may set X-Forwarded-For (`TRUST_PROXY`): `false` (default), `true`,
   * a hop count, or a comma-separated list of addresses/CIDRs. It decides the client address used
   * by rate limits and the audit trail.
   */
  trustProxy: boolean | number | string;
  /** Directory of the built web app served at `/`. */
  webDist: string;
  /** Whether cookies carry the Secure attribute (true when PUBLIC_URL is https). */
  secureCookies: boolean;
  /** Outgoing mail (`SMTP_URL`, `MAIL_FROM`); when unset the platform sends no mail. */
  mail: MailConfig | undefined;
  /**
   * 32-byte key that encrypts secrets at rest (signing keys, TOTP secrets). From `MASTER_KEY`
   * (base64); when unset, generated once into `DATA_DIR/master.key`. Every process sharing one
   * PostgreSQL database needs the same key.
   */
  masterKey: Buffer | undefined;
};

export type MailConfig = {
  /** `smtp://user:password@host:587` (STARTTLS when offered) or `smtps://...:465` (TLS from the start). */
  smtpUrl: string;
  /** Sender, e.g. `Liên Thông <no-reply@lienthong.example.gov.vn>`. */
  from: string;
};

/** A configuration value that cannot be used; the message tells the operator what to change. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number) {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(
      `${name}="${raw}" is not valid: set it to a whole number between ${min} and ${max} (default ${fallback}).`,
    );
  }
  return value;
}

function boolean(env: NodeJS.ProcessEnv, name: string, fallback: boolean) {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (["1", "true", "yes", "on"].includes(raw.toLowerCase())) return true;
  if (["0", "false", "no", "off"].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name}="${raw}" is not valid: set it to true or false.`);
}

/** Reads and validates the configuration; throws {@link ConfigError} with an actionable sentence. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = integer(env, "PORT", 8080, 0, 65535);
  const host = env.HOST || "127.0.0.1";
  const dataDir = path.resolve(env.DATA_DIR || "./data");
  const publicUrlRaw =
    env.PUBLIC_URL || `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  let publicUrl: URL;
  try {
    publicUrl = new URL(publicUrlRaw);
  } catch {
    throw new ConfigError(
      `PUBLIC_URL="${publicUrlRaw}" is not a URL: set it to the address people open, e.g. https://lienthong.example.gov.vn.`,
    );
  }
  if (publicUrl.protocol !== "http:" && publicUrl.protocol !== "https:") {
    throw new ConfigError(`PUBLIC_URL="${publicUrlRaw}" must start with http:// or https://.`);
  }
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError(
      `DATABASE_URL must be a PostgreSQL connection string such as postgres://user:password@host:5432/lienthong; leave it unset to use the embedded database under DATA_DIR.`,
    );
  }
  const logLevel = (env.LOG_LEVEL || "info") as Config["logLevel"];
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(
      `LOG_LEVEL="${env.LOG_LEVEL}" is not valid: use one of ${LOG_LEVELS.join(", ")}.`,
    );
  }
  const federationPort =
    env.FEDERATION_PORT === undefined || env.FEDERATION_PORT === ""
      ? undefined
      : integer(env, "FEDERATION_PORT", 0, 1, 65535);
  if (federationPort !== undefined && federationPort === port)
    throw new ConfigError(
      `FEDERATION_PORT=${federationPort} is the same as PORT: give the federation listener a port of its own, or unset FEDERATION_PORT.`,
    );
  return {
    port,
    host,
    federationPort,
    dataDir,
    publicUrl: publicUrl.toString().replace(/\/$/, ""),
    databaseUrl,
    logLevel,
    demoSeed: boolean(env, "DEMO_SEED", true),
    demoAdminPassword: env.DEMO_ADMIN_PASSWORD || undefined,
    bodyLimit: integer(env, "BODY_LIMIT", 1_048_576, 1024, 1_073_741_824),
    sessionTtlMinutes: integer(env, "SESSION_TTL_MINUTES", 480, 5, 43_200),
    signInLimitPerIp: integer(env, "SIGN_IN_LIMIT_PER_IP", 30, 1, 100_000),
    trustProxy: trustProxy(env.TRUST_PROXY),
    webDist: path.resolve(env.WEB_DIST || path.join(import.meta.dirname, "../../../web/dist")),
    secureCookies: publicUrl.protocol === "https:",
    mail: mail(env, publicUrl),
    masterKey: masterKey(env.MASTER_KEY),
  };
}

function trustProxy(raw: string | undefined): boolean | number | string {
  if (raw === undefined || raw === "" || raw.toLowerCase() === "false") return false;
  if (raw.toLowerCase() === "true") return true;
  if (/^\d{1,2}$/.test(raw)) return Number(raw);
  const parts = raw.split(",").map((p) => p.trim());
  const address =
    /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-fA-F:]+)(\/\d{1,3})?$|^(loopback|linklocal|uniquelocal)$/;
  if (parts.every((p) => address.test(p))) return parts.join(",");
  throw new ConfigError(
    `TRUST_PROXY="${raw}" is not valid: use false, true, a number of proxy hops, or the proxies' addresses, e.g. 10.0.0.5,10.0.1.0/24.`,
  );
}

function masterKey(raw: string | undefined): Buffer | undefined {
  if (raw === undefined || raw === "") return undefined;
  const key = Buffer.from(raw, "base64");
  if (key.length !== 32 || key.toString("base64").replace(/=+$/, "") !== raw.replace(/=+$/, "")) {
    throw new ConfigError(
      `MASTER_KEY is not valid: set it to 32 random bytes in base64, e.g. the output of "openssl rand -base64 32", or unset it to keep a generated key in DATA_DIR/master.key.`,
    );
  }
  return key;
}

function mail(env: NodeJS.ProcessEnv, publicUrl: URL): MailConfig | undefined {
  const raw = env.SMTP_URL;
  if (raw === undefined || raw === "") {
    if (env.MAIL_FROM)
      throw new ConfigError(
        `MAIL_FROM is set but SMTP_URL is not: set SMTP_URL to your mail server, e.g. smtp://user:password@mail.example.gov.vn:587, or unset MAIL_FROM.`,
      );
    return undefined;
  }
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== "smtp:" && url.protocol !== "smtps:") || !url.hostname) {
    throw new ConfigError(
      `SMTP_URL is not valid: set it to smtp://user:password@host:587 (STARTTLS) or smtps://user:password@host:465 (TLS), with special characters in the password percent-encoded, or unset it to send no mail.`,
    );
  }
  const from = env.MAIL_FROM || `Liên Thông <no-reply@${publicUrl.hostname}>`;
  if (!/^[^<>@\s]+@[^<>@\s]+$|<[^<>@\s]+@[^<>@\s]+>$/.test(from.trim())) {
    throw new ConfigError(
      `MAIL_FROM="${from}" is not a mail address: set it to e.g. "Liên Thông <no-reply@lienthong.example.gov.vn>" or no-reply@lienthong.example.gov.vn.`,
    );
  }
  return { smtpUrl: raw, from: from.trim() };
}

/** Creates `dataDir` if needed and proves it is writable, so a bad path fails at boot, not later. */
export function ensureWritableDataDir(dataDir: string) {
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    const probe = path.join(dataDir, `.write-test-${process.pid}`);
    fs.writeFileSync(probe, "");
    fs.rmSync(probe);
  } catch (error) {
    throw new ConfigError(
      `DATA_DIR="${dataDir}" is not writable (${(error as NodeJS.ErrnoException).code ?? "error"}): choose a directory this user can write, or fix its permissions.`,
    );
  }
}
