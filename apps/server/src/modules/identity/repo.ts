import { sql, type Kysely } from "kysely";
import type { Role } from "../../core/actor.ts";
import type { Db } from "../../core/db/index.ts";
import { escapeLike } from "../../core/text.ts";
import type { ApiTokenRow, IdentityTables, SessionRow, UserRow } from "./tables.ts";

/** The only place that writes SQL for the identity module's tables (`idn_`). */
const t = (db: Db) => db as unknown as Kysely<IdentityTables>;

const jsonb = (value: unknown) => sql<never>`${JSON.stringify(value)}::jsonb`;

export type NewUserRow = Omit<
  UserRow,
  "failed_attempts" | "locked_until" | "last_sign_in_at" | "created_at" | "updated_at" | "status"
>;

export async function insertUser(db: Db, row: NewUserRow): Promise<UserRow> {
  return t(db)
    .insertInto("idn_users")
    .values({ ...row, roles: jsonb(row.roles) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function selectUserById(db: Db, id: string): Promise<UserRow | undefined> {
  return t(db).selectFrom("idn_users").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function selectUserByUsername(db: Db, username: string): Promise<UserRow | undefined> {
  return t(db)
    .selectFrom("idn_users")
    .selectAll()
    .where("username", "=", username)
    .executeTakeFirst();
}

export type UserPatch = Partial<
  Pick<
    UserRow,
    | "display_name"
    | "email"
    | "status"
    | "password_hash"
    | "search_text"
    | "failed_attempts"
    | "locked_until"
    | "last_sign_in_at"
  >
> & {
  roles?: Role[];
};

export async function updateUserRow(db: Db, id: string, patch: UserPatch): Promise<UserRow> {
  const { roles, ...rest } = patch;
  return t(db)
    .updateTable("idn_users")
    .set({ ...rest, ...(roles ? { roles: jsonb(roles) } : {}), updated_at: new Date() })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Counts one more failed sign-in atomically and locks the account once `threshold` is reached. */
export async function recordFailedAttempt(db: Db, id: string, threshold: number, lockUntil: Date) {
  return t(db)
    .updateTable("idn_users")
    .set((eb) => ({
      failed_attempts: eb("failed_attempts", "+", 1),
      locked_until: sql<Date | null>`case when failed_attempts + 1 >= ${threshold} then ${lockUntil}::timestamptz else locked_until end`,
    }))
    .where("id", "=", id)
    .returning(["failed_attempts", "locked_until"])
    .executeTakeFirstOrThrow();
}

export type UserListFilter = {
  words: string[];
  organizationIds?: string[];
  afterUsername?: string;
  limit: number;
};

export async function selectUsers(db: Db, filter: UserListFilter): Promise<UserRow[]> {
  let query = t(db).selectFrom("idn_users").selectAll().orderBy("username").limit(filter.limit);
  for (const word of filter.words)
    query = query.where("search_text", "like", `%${escapeLike(word)}%`);
  if (filter.organizationIds) query = query.where("organization_id", "in", filter.organizationIds);
  if (filter.afterUsername) query = query.where("username", ">", filter.afterUsername);
  return query.execute();
}

export async function insertSession(db: Db, row: Omit<SessionRow, "created_at" | "last_seen_at">) {
  await t(db).insertInto("idn_sessions").values(row).execute();
}

export async function deleteSessionsWhere(
  db: Db,
  column: "oidc_sid" | "user_id",
  value: string,
): Promise<number> {
  const result = await t(db)
    .deleteFrom("idn_sessions")
    .where(column, "=", value)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function selectLiveSession(db: Db, tokenHash: string, now: Date) {
  return t(db)
    .selectFrom("idn_sessions")
    .innerJoin("idn_users", "idn_users.id", "idn_sessions.user_id")
    .selectAll("idn_users")
    .select(["idn_sessions.csrf_token", "idn_sessions.last_seen_at", "idn_sessions.expires_at"])
    .where("idn_sessions.token_hash", "=", tokenHash)
    .where("idn_sessions.expires_at", ">", now)
    .executeTakeFirst();
}

export async function extendSession(db: Db, tokenHash: string, now: Date, expiresAt: Date) {
  await t(db)
    .updateTable("idn_sessions")
    .set({ last_seen_at: now, expires_at: expiresAt })
    .where("token_hash", "=", tokenHash)
    .execute();
}

export async function deleteSession(db: Db, tokenHash: string) {
  await t(db).deleteFrom("idn_sessions").where("token_hash", "=", tokenHash).execute();
}

export async function deleteSessionsOfUser(db: Db, userId: string) {
  await t(db).deleteFrom("idn_sessions").where("user_id", "=", userId).execute();
}

export async function insertApiToken(
  db: Db,
  row: Omit<ApiTokenRow, "created_at" | "last_used_at" | "revoked_at">,
): Promise<ApiTokenRow> {
  return t(db).insertInto("idn_api_tokens").values(row).returningAll().executeTakeFirstOrThrow();
}

export async function selectLiveToken(db: Db, tokenHash: string, now: Date) {
  return t(db)
    .selectFrom("idn_api_tokens")
    .innerJoin("idn_users", "idn_users.id", "idn_api_tokens.user_id")
    .selectAll("idn_users")
    .select(["idn_api_tokens.id as token_id", "idn_api_tokens.last_used_at as token_last_used_at"])
    .where("idn_api_tokens.token_hash", "=", tokenHash)
    .where("idn_api_tokens.revoked_at", "is", null)
    .where((eb) =>
      eb.or([
        eb("idn_api_tokens.expires_at", "is", null),
        eb("idn_api_tokens.expires_at", ">", now),
      ]),
    )
    .executeTakeFirst();
}

export async function touchApiToken(db: Db, id: string, now: Date) {
  await t(db)
    .updateTable("idn_api_tokens")
    .set({ last_used_at: now })
    .where("id", "=", id)
    .execute();
}

export async function selectApiTokens(db: Db, userId: string): Promise<ApiTokenRow[]> {
  return t(db)
    .selectFrom("idn_api_tokens")
    .selectAll()
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null)
    .orderBy("created_at", "desc")
    .execute();
}

export async function revokeApiTokenRow(db: Db, id: string, userId: string): Promise<boolean> {
  const result = await t(db)
    .updateTable("idn_api_tokens")
    .set({ revoked_at: new Date() })
    .where("id", "=", id)
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Active accounts by id, or an organization's active accounts holding a role (e.g. its leaders). */
export async function selectActiveStaff(
  db: Db,
  who: { ids: string[] } | { organizationId: string; role: Role },
): Promise<{ id: string; display_name: string; email: string | null; organization_id: string }[]> {
  let query = t(db)
    .selectFrom("idn_users")
    .select(["id", "display_name", "email", "organization_id"])
    .where("status", "=", "active");
  if ("ids" in who) {
    if (who.ids.length === 0) return [];
    query = query.where("id", "in", who.ids);
  } else {
    query = query
      .where("organization_id", "=", who.organizationId)
      .where(sql<boolean>`roles @> ${JSON.stringify([who.role])}::jsonb`);
  }
  return query.orderBy("id").execute();
}
