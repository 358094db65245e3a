import { sql, type Kysely } from "kysely";
import type { Db } from "../../../core/db/index.ts";
import type { UserRow } from "../tables.ts";
import type { OnboardingTables, PasswordLinkRow } from "./tables.ts";

/** SQL for password links, and the account look-ups onboarding needs in bulk. */
const t = (db: Db) => db as unknown as Kysely<OnboardingTables>;

export async function insertPasswordLink(
  db: Db,
  row: Omit<PasswordLinkRow, "created_at" | "used_at" | "superseded_at">,
): Promise<PasswordLinkRow> {
  return t(db)
    .insertInto("idn_password_links")
    .values(row)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Holds the account's row until the transaction ends, so two administrators issuing a link at once
 * queue instead of both finding no live link.
 */
export async function lockUserRow(db: Db, userId: string): Promise<void> {
  await sql`select id from idn_users where id = ${userId} for update`.execute(db);
}

export async function supersedeLiveLinks(db: Db, userId: string, now: Date): Promise<void> {
  await t(db)
    .updateTable("idn_password_links")
    .set({ superseded_at: now })
    .where("user_id", "=", userId)
    .where("used_at", "is", null)
    .where("superseded_at", "is", null)
    .execute();
}

export async function selectLinkWithUser(
  db: Db,
  tokenHash: string,
): Promise<{ link: PasswordLinkRow; user: UserRow } | undefined> {
  const link = await t(db)
    .selectFrom("idn_password_links")
    .selectAll()
    .where("token_hash", "=", tokenHash)
    .executeTakeFirst();
  if (!link) return undefined;
  const user = await t(db)
    .selectFrom("idn_users")
    .selectAll()
    .where("id", "=", link.user_id)
    .executeTakeFirstOrThrow();
  return { link, user };
}

export async function selectLinkById(db: Db, id: string): Promise<PasswordLinkRow | undefined> {
  return t(db).selectFrom("idn_password_links").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Marks a live link used; false when another request used it (or it expired) first. */
export async function consumeLink(db: Db, id: string, now: Date): Promise<boolean> {
  const result = await t(db)
    .updateTable("idn_password_links")
    .set({ used_at: now })
    .where("id", "=", id)
    .where("used_at", "is", null)
    .where("superseded_at", "is", null)
    .where("expires_at", ">", now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function selectTakenUsernames(db: Db, usernames: string[]): Promise<Set<string>> {
  const taken = new Set<string>();
  for (let i = 0; i < usernames.length; i += 1000) {
    const rows = await t(db)
      .selectFrom("idn_users")
      .select("username")
      .where("username", "in", usernames.slice(i, i + 1000))
      .execute();
    for (const row of rows) taken.add(row.username);
  }
  return taken;
}
