import { requireActor, type Actor } from "../../../core/actor.ts";
import type { Db } from "../../../core/db/index.ts";
import { AppError } from "../../../core/errors.ts";
import { isUuid } from "../../../core/ids.ts";
import { notFound } from "../account-rules.ts";
import { selectUserById } from "../repo.ts";
import { actorFromUser } from "../sign-in.ts";
import type { UserRow } from "../tables.ts";
import type { SecretConfig } from "./code-check.ts";

/**
 * What every operation on one's own second factor receives: the account's id (the sign-in
 * interaction has no session yet, so no actor), where the request came from, and the time.
 */
export type ForUser = {
  db: Db;
  config: SecretConfig;
  userId: string;
  ip?: string;
  requestId?: string;
  now?: Date;
};

export async function requireUser(db: Db, userId: string): Promise<UserRow> {
  const row = isUuid(userId) ? await selectUserById(db, userId) : undefined;
  if (!row) throw notFound();
  return row;
}

/** The audit fields of an action people take on their own account. */
export const auditOf = (user: UserRow, ip?: string, requestId?: string) => ({
  actor: actorFromUser(user, "session"),
  organizationId: user.organization_id,
  targetType: "user",
  targetId: user.id,
  ip,
  requestId,
});

/** The signed-in person's own account id; machines and anonymous callers have none. */
export function selfId(actor: Actor | null | undefined): string {
  const known = requireActor(actor);
  if (known.kind !== "user") throw new AppError("unauthenticated");
  return known.userId;
}

/**
 * The WebAuthn challenge binding of the caller's browser session; undefined for an API token,
 * which has no session for a challenge to belong to.
 */
export function sessionBinding(actor: Actor | null | undefined): string | undefined {
  return actor?.kind === "user" && actor.via === "session" && actor.sessionId
    ? `session:${actor.sessionId}`
    : undefined;
}
