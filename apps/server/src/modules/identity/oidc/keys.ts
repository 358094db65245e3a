import { generateKeyPairSync, randomBytes } from "node:crypto";
import { sql, type Kysely } from "kysely";
import { recordAudit } from "../../../core/audit.ts";
import type { Config } from "../../../core/config.ts";
import type { Db } from "../../../core/db/index.ts";
import { secretBox } from "../../../core/secret-box.ts";
import type { OidcTables, SigningKeyRow } from "./tables.ts";

const t = (db: Db) => db as unknown as Kysely<OidcTables>;

/**
 * The provider signs ID tokens with RS256 (every OpenID Connect client supports it) and JWT access
 * tokens for resource servers (the LGSP) with ES256, which is ~20× cheaper to sign.
 */
export const SIGNING_ALGS = ["RS256", "ES256"] as const;
export type SigningAlg = (typeof SIGNING_ALGS)[number];

/** An active key signs for this long before a new one replaces it. */
export const KEY_ROTATION_DAYS = 90;
/**
 * A retired key stays in the JWKS this long, past the lifetime of anything it signed
 * (ID tokens and JWT access tokens live at most one hour), so relying parties can still verify.
 */
export const RETIRED_KEY_PUBLISH_HOURS = 24;

type Jwk = Record<string, unknown> & { kid: string; alg: string };

function generate(alg: SigningAlg): { publicJwk: Jwk; privateJwk: Jwk } {
  const kid = randomBytes(12).toString("base64url");
  const pair =
    alg === "RS256"
      ? generateKeyPairSync("rsa", { modulusLength: 2048 })
      : generateKeyPairSync("ec", { namedCurve: "P-256" });
  const meta = { kid, alg, use: "sig" };
  return {
    publicJwk: {
      ...(pair.publicKey.export({ format: "jwk" }) as Record<string, unknown>),
      ...meta,
    },
    privateJwk: {
      ...(pair.privateKey.export({ format: "jwk" }) as Record<string, unknown>),
      ...meta,
    },
  };
}

async function insertKey(db: Db, config: Config, alg: SigningAlg) {
  const { publicJwk, privateJwk } = generate(alg);
  await t(db)
    .insertInto("idn_signing_keys")
    .values({
      kid: publicJwk.kid,
      alg,
      public_jwk: sql<never>`${JSON.stringify(publicJwk)}::jsonb`,
      private_jwk_sealed: secretBox(config).seal(JSON.stringify(privateJwk), publicJwk.kid),
      status: "active",
      retired_at: null,
      publish_until: null,
    })
    .execute();
  return publicJwk.kid;
}

/** Advisory lock so two processes never rotate at once. */
const KEYS_LOCK = 7_243_310;

/**
 * Makes sure each algorithm has one active key younger than the rotation period, retires the
 * older ones, and deletes retired keys whose publication window has passed. Idempotent; safe to
 * run from several processes. Returns what changed, for the audit trail and logs.
 */
export async function rotateSigningKeys(
  db: Db,
  config: Config,
  { now = new Date(), force = false }: { now?: Date; force?: boolean } = {},
): Promise<{ created: string[]; retired: string[]; deleted: string[] }> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${KEYS_LOCK})`.execute(trx);
    const created: string[] = [];
    const retired: string[] = [];
    const rows = await t(trx).selectFrom("idn_signing_keys").selectAll().execute();
    const maxAge = KEY_ROTATION_DAYS * 86_400_000;
    for (const alg of SIGNING_ALGS) {
      const active = rows.filter((r) => r.alg === alg && r.status === "active");
      const fresh = active.filter((r) => !force && now.getTime() - r.created_at.getTime() < maxAge);
      if (fresh.length > 0) continue;
      created.push(await insertKey(trx, config, alg));
      for (const old of active) {
        await t(trx)
          .updateTable("idn_signing_keys")
          .set({
            status: "retired",
            retired_at: now,
            publish_until: new Date(now.getTime() + RETIRED_KEY_PUBLISH_HOURS * 3_600_000),
          })
          .where("kid", "=", old.kid)
          .execute();
        retired.push(old.kid);
      }
    }
    const deleted = (
      await t(trx)
        .deleteFrom("idn_signing_keys")
        .where("status", "=", "retired")
        .where("publish_until", "<", now)
        .returning("kid")
        .execute()
    ).map((r) => r.kid);
    if (created.length || retired.length || deleted.length) {
      await recordAudit(trx, {
        action: "identity.signing_keys_rotated",
        details: { created, retired, deleted, forced: force },
      });
    }
    return { created, retired, deleted };
  });
}

/**
 * The provider's key set: active keys first (oidc-provider signs with the first key that fits the
 * algorithm), then retired ones, which only serve verification until they leave the JWKS.
 */
export async function loadSigningKeys(
  db: Db,
  config: Config,
): Promise<{ keys: Jwk[]; version: string }> {
  const rows = await t(db)
    .selectFrom("idn_signing_keys")
    .selectAll()
    .orderBy(sql`status = 'active'`, "desc")
    .orderBy("created_at", "desc")
    .execute();
  const box = secretBox(config);
  return {
    keys: rows.map((r: SigningKeyRow) => JSON.parse(box.open(r.private_jwk_sealed, r.kid)) as Jwk),
    version: signingKeysVersion(rows),
  };
}

function signingKeysVersion(rows: Pick<SigningKeyRow, "kid" | "status">[]) {
  return rows.map((r) => `${r.kid}:${r.status}`).join(",");
}

/** A cheap fingerprint of the key set, compared periodically by every process to pick up rotations. */
export async function currentSigningKeysVersion(db: Db): Promise<string> {
  const rows = await t(db)
    .selectFrom("idn_signing_keys")
    .select(["kid", "status"])
    .orderBy(sql`status = 'active'`, "desc")
    .orderBy("created_at", "desc")
    .execute();
  return signingKeysVersion(rows);
}
