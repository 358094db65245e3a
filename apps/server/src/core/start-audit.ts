import { createHash } from "node:crypto";
import { hostname } from "node:os";
import type { Actor } from "./actor.ts";
import { appendAuditEntries, searchAudit, type AuditEntry } from "./audit.ts";
import { canonicalJson } from "./canonical-json.ts";
import type { Config } from "./config.ts";
import type { Database, Db } from "./db/index.ts";

const PLATFORM: Actor = { kind: "system", name: "platform" };

/**
 * The settings a server runs with, as far as they may be written down: a list of what to show,
 * not of what to hide, so that a setting added later stays out until someone decides it is not a
 * secret. No master key, password, SMTP credential or database password ever appears; the
 * database is named by its location without credentials, mail by its server without user.
 */
export function effectiveSettings(
  config: Config,
  database: Pick<Database, "kind" | "location">,
): Record<string, unknown> {
  const smtp = config.mail && new URL(config.mail.smtpUrl);
  return {
    host: config.host,
    port: config.port,
    federationPort: config.federationPort ?? null,
    publicUrl: config.publicUrl,
    dataDir: config.dataDir,
    database: `${database.kind} ${database.location}`,
    logLevel: config.logLevel,
    demoSeed: config.demoSeed,
    bodyLimit: config.bodyLimit,
    sessionTtlMinutes: config.sessionTtlMinutes,
    signInLimitPerIp: config.signInLimitPerIp,
    trustProxy: config.trustProxy,
    webDist: config.webDist,
    secureCookies: config.secureCookies,
    mail: smtp ? `${smtp.protocol}//${smtp.host} from ${config.mail!.from}` : null,
    masterKey: config.masterKey ? "MASTER_KEY" : "DATA_DIR/master.key",
  };
}

export function settingsDigest(settings: Record<string, unknown>): string {
  return createHash("sha256").update(canonicalJson(settings)).digest("hex");
}

export type RecordPlatformStartOptions = {
  db: Db;
  config: Config;
  database: Pick<Database, "kind" | "location">;
};

/**
 * Records `platform.started` with the digest and the effective settings, preceded by
 * `platform.configuration_changed` naming each setting that differs from the previous start (of
 * any process sharing the database), so a changed configuration is on the audit trail like any
 * other security-relevant change.
 */
export async function recordPlatformStart({ db, config, database }: RecordPlatformStartOptions) {
  const settings = effectiveSettings(config, database);
  const digest = settingsDigest(settings);
  const [previous] = await searchAudit(db, { action: "platform.started", limit: 1 });
  const entries: AuditEntry[] = [];
  const before = previous?.details as { digest?: string; settings?: Record<string, unknown> };
  if (before?.settings && before.digest !== digest) {
    const names = [...new Set([...Object.keys(before.settings), ...Object.keys(settings)])];
    const changed = names
      .filter((name) => canonicalJson(before.settings![name]) !== canonicalJson(settings[name]))
      .sort()
      .map((name) => ({
        setting: name,
        from: before.settings![name] ?? null,
        to: settings[name] ?? null,
      }));
    entries.push({
      action: "platform.configuration_changed",
      actor: PLATFORM,
      details: { changed, previousDigest: before.digest ?? null, digest },
    });
  }
  entries.push({
    action: "platform.started",
    actor: PLATFORM,
    details: { digest, settings, node: hostname(), pid: process.pid },
  });
  await appendAuditEntries(db, entries);
}
