import type { Kysely } from "kysely";
import type { Db } from "../../../core/db/index.ts";
import { newId } from "../../../core/ids.ts";
import type { ChallengePurpose, PasskeyRow, SecondFactorTables } from "./tables.ts";

/** The only place that writes SQL for the passkey and WebAuthn challenge tables. */
const t = (db: Db) => db as unknown as Kysely<SecondFactorTables>;

export type NewPasskey = {
  userId: string;
  credentialId: string;
  publicKey: string;
  signCount: number;
  transports: string[];
  name: string;
  aaguid: string | null;
  backedUp: boolean;
  now: Date;
};

/** Undefined when the credential id is already registered (to this account or another). */
export async function insertPasskey(db: Db, passkey: NewPasskey): Promise<PasskeyRow | undefined> {
  return t(db)
    .insertInto("idn_passkeys")
    .values({
      id: newId(),
      user_id: passkey.userId,
      credential_id: passkey.credentialId,
      public_key: passkey.publicKey,
      sign_count: passkey.signCount,
      transports: JSON.stringify(passkey.transports),
      name: passkey.name,
      aaguid: passkey.aaguid,
      backed_up: passkey.backedUp,
      created_at: passkey.now,
    })
    .onConflict((oc) => oc.column("credential_id").doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function selectPasskeys(db: Db, userId: string): Promise<PasskeyRow[]> {
  return t(db)
    .selectFrom("idn_passkeys")
    .selectAll()
    .where("user_id", "=", userId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

export async function countPasskeys(db: Db, userId: string): Promise<number> {
  const row = await t(db)
    .selectFrom("idn_passkeys")
    .select((eb) => eb.fn.countAll<string | number>().as("n"))
    .where("user_id", "=", userId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** One of this account's passkeys by its credential id; another account's key is not found. */
export async function selectPasskeyByCredential(db: Db, userId: string, credentialId: string) {
  return t(db)
    .selectFrom("idn_passkeys")
    .selectAll()
    .where("user_id", "=", userId)
    .where("credential_id", "=", credentialId)
    .executeTakeFirst();
}

/**
 * Stores the counter of a verified assertion only if it moved forward (or both are zero, for
 * authenticators without a counter); false means another request already stored a later one.
 */
export async function advancePasskeyCounter(
  db: Db,
  id: string,
  previous: number,
  next: number,
  now: Date,
): Promise<boolean> {
  const result = await t(db)
    .updateTable("idn_passkeys")
    .set({ sign_count: next, last_used_at: now })
    .where("id", "=", id)
    .where("sign_count", "=", previous)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function renamePasskey(db: Db, userId: string, id: string, name: string) {
  return t(db)
    .updateTable("idn_passkeys")
    .set({ name })
    .where("id", "=", id)
    .where("user_id", "=", userId)
    .returningAll()
    .executeTakeFirst();
}

export async function deletePasskey(db: Db, userId: string, id: string) {
  return t(db)
    .deleteFrom("idn_passkeys")
    .where("id", "=", id)
    .where("user_id", "=", userId)
    .returningAll()
    .executeTakeFirst();
}

export async function deletePasskeys(db: Db, userId: string): Promise<number> {
  const result = await t(db)
    .deleteFrom("idn_passkeys")
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export type ChallengeBinding = { userId: string; purpose: ChallengePurpose; boundTo: string };

/**
 * Keeps a new challenge, replacing any earlier one of the same binding (only the latest ceremony
 * of a page can finish) and clearing every expired one, so the table stays small without a job.
 */
export async function insertChallenge(
  db: Db,
  binding: ChallengeBinding,
  challenge: string,
  expiresAt: Date,
  now: Date,
) {
  await t(db).deleteFrom("idn_webauthn_challenges").where("expires_at", "<", now).execute();
  await t(db)
    .deleteFrom("idn_webauthn_challenges")
    .where("user_id", "=", binding.userId)
    .where("purpose", "=", binding.purpose)
    .where("bound_to", "=", binding.boundTo)
    .execute();
  await t(db)
    .insertInto("idn_webauthn_challenges")
    .values({
      challenge,
      user_id: binding.userId,
      purpose: binding.purpose,
      bound_to: binding.boundTo,
      expires_at: expiresAt,
      created_at: now,
    })
    .execute();
}

/**
 * Spends a challenge: deletes it if it was issued for this binding and returns its expiry. One
 * statement, so two requests racing with the same response cannot both win.
 */
export async function takeChallenge(
  db: Db,
  binding: ChallengeBinding,
  challenge: string,
): Promise<Date | undefined> {
  const row = await t(db)
    .deleteFrom("idn_webauthn_challenges")
    .where("challenge", "=", challenge)
    .where("user_id", "=", binding.userId)
    .where("purpose", "=", binding.purpose)
    .where("bound_to", "=", binding.boundTo)
    .returning("expires_at")
    .executeTakeFirst();
  return row?.expires_at;
}
