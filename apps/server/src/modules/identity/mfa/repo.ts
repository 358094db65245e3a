import { sql, type Kysely } from "kysely";
import type { Db } from "../../../core/db/index.ts";
import { newId } from "../../../core/ids.ts";
import type { SecondFactorPolicyRow, SecondFactorTables, TotpCredentialRow } from "./tables.ts";

/** The only place that writes SQL for the second factor's tables and columns. */
const t = (db: Db) => db as unknown as Kysely<SecondFactorTables>;

export async function selectTotpCredentials(db: Db, userId: string) {
  const rows = await t(db)
    .selectFrom("idn_totp_credentials")
    .selectAll()
    .where("user_id", "=", userId)
    .execute();
  const confirmed: TotpCredentialRow | undefined = rows.find((r) => r.confirmed_at !== null);
  const pending: TotpCredentialRow | undefined = rows.find((r) => r.confirmed_at === null);
  return { confirmed, pending };
}

/** Writes the pending enrolment, replacing an earlier pending one in the same statement. */
export async function upsertPendingTotp(db: Db, userId: string, secretSealed: string, now: Date) {
  await t(db)
    .insertInto("idn_totp_credentials")
    .values({ id: newId(), user_id: userId, secret_sealed: secretSealed, created_at: now })
    .onConflict((oc) =>
      oc
        .column("user_id")
        .where("confirmed_at", "is", null)
        .doUpdateSet({ secret_sealed: secretSealed, created_at: now }),
    )
    .execute();
}

/**
 * The pending credential becomes the confirmed one and the previous confirmed one goes. False when
 * the pending secret changed since it was read (a new enrolment started meanwhile); the caller's
 * transaction then rolls the deletion back.
 */
export async function confirmPendingTotp(
  db: Db,
  pending: TotpCredentialRow,
  step: number,
  now: Date,
): Promise<boolean> {
  await t(db)
    .deleteFrom("idn_totp_credentials")
    .where("user_id", "=", pending.user_id)
    .where("confirmed_at", "is not", null)
    .execute();
  const result = await t(db)
    .updateTable("idn_totp_credentials")
    .set({ confirmed_at: now, last_used_step: step })
    .where("id", "=", pending.id)
    .where("confirmed_at", "is", null)
    .where("secret_sealed", "=", pending.secret_sealed)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Records that `step` was used, only if it is later than every step used before; false means the
 * code is a replay (RFC 6238 §5.2). One statement, so two requests racing with the same code
 * cannot both win.
 */
export async function claimTotpStep(db: Db, credentialId: string, step: number): Promise<boolean> {
  const result = await t(db)
    .updateTable("idn_totp_credentials")
    .set({ last_used_step: step })
    .where("id", "=", credentialId)
    .where((eb) => eb.or([eb("last_used_step", "is", null), eb("last_used_step", "<", step)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function deleteTotpCredentials(db: Db, userId: string): Promise<number> {
  const result = await t(db)
    .deleteFrom("idn_totp_credentials")
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function replaceRecoveryCodes(db: Db, userId: string, hashes: string[], now: Date) {
  await deleteRecoveryCodes(db, userId);
  await t(db)
    .insertInto("idn_recovery_codes")
    .values(
      hashes.map((code_hash) => ({ id: newId(), user_id: userId, code_hash, created_at: now })),
    )
    .execute();
}

export async function deleteRecoveryCodes(db: Db, userId: string) {
  await t(db).deleteFrom("idn_recovery_codes").where("user_id", "=", userId).execute();
}

/** Marks an unused code as used; false when no such unused code exists. Atomic, like claimTotpStep. */
export async function consumeRecoveryCode(
  db: Db,
  userId: string,
  codeHash: string,
  now: Date,
): Promise<boolean> {
  const result = await t(db)
    .updateTable("idn_recovery_codes")
    .set({ used_at: now })
    .where("user_id", "=", userId)
    .where("code_hash", "=", codeHash)
    .where("used_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function countUnusedRecoveryCodes(db: Db, userId: string): Promise<number> {
  const row = await t(db)
    .selectFrom("idn_recovery_codes")
    .select((eb) => eb.fn.countAll<string | number>().as("n"))
    .where("user_id", "=", userId)
    .where("used_at", "is", null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Counts one more wrong code and locks the account once `threshold` is reached, the same rule
 * `recordFailedAttempt` applies to passwords, on the second factor's own counter.
 */
export async function recordFailedSecondFactor(
  db: Db,
  userId: string,
  threshold: number,
  lockUntil: Date,
) {
  return t(db)
    .updateTable("idn_users")
    .set((eb) => ({
      second_factor_failed_attempts: eb("second_factor_failed_attempts", "+", 1),
      locked_until: sql<Date | null>`case when second_factor_failed_attempts + 1 >= ${threshold} then ${lockUntil}::timestamptz else locked_until end`,
    }))
    .where("id", "=", userId)
    .returning(["second_factor_failed_attempts", "locked_until"])
    .executeTakeFirstOrThrow();
}

export async function resetSecondFactorFailures(db: Db, userId: string) {
  await t(db)
    .updateTable("idn_users")
    .set({ second_factor_failed_attempts: 0 })
    .where("id", "=", userId)
    .where("second_factor_failed_attempts", ">", 0)
    .execute();
}

export async function selectPolicies(
  db: Db,
  organizationIds: string[],
): Promise<SecondFactorPolicyRow[]> {
  if (organizationIds.length === 0) return [];
  return t(db)
    .selectFrom("idn_second_factor_policies")
    .selectAll()
    .where("organization_id", "in", organizationIds)
    .execute();
}

export async function upsertPolicy(
  db: Db,
  row: Omit<SecondFactorPolicyRow, "set_at"> & { set_at: Date },
): Promise<SecondFactorPolicyRow> {
  return t(db)
    .insertInto("idn_second_factor_policies")
    .values(row)
    .onConflict((oc) =>
      oc.column("organization_id").doUpdateSet({
        required: row.required,
        set_by_id: row.set_by_id,
        set_by_name: row.set_by_name,
        set_at: row.set_at,
      }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}
