import { sql, type Kysely } from "kysely";
import { requireActor, type Actor } from "../../core/actor.ts";
import { recordAudit } from "../../core/audit.ts";
import type { Db } from "../../core/db/index.ts";
import { AppError } from "../../core/errors.ts";
import type { RequestMeta } from "../../core/http/request-meta.ts";
import type { ModuleContext } from "../../core/module.ts";
import { foldVietnamese } from "../../core/text.ts";
import {
  endOidcSessionsOfAccount,
  listGrantsOfAccount,
  revokeGrantsOfClient,
} from "./oidc/account-grants.ts";
import { checkPasswordPolicy, hashPassword, verifyPassword } from "./passwords.ts";
import { recordFailedAttempt, selectUserById, updateUserRow } from "./repo.ts";
import { LOCKOUT_MINUTES, LOCKOUT_THRESHOLD } from "./sign-in.ts";
import type { IdentityTables } from "./tables.ts";
import { presentUser } from "./users.ts";

/**
 * What a signed-in person does for themselves on the account page: profile, password, the
 * sessions and devices signed in as them, and the applications they let in. Each action is
 * limited to the caller's own account and audited.
 */
const t = (db: Db) => db as unknown as Kysely<IdentityTables>;

async function self(db: Db, actor: Actor | null | undefined) {
  const known = requireActor(actor);
  if (known.kind !== "user") throw new AppError("forbidden");
  const row = await selectUserById(db, known.userId);
  if (!row) throw new AppError("unauthenticated");
  return { actor: known, row };
}

const auditOf = (actor: Actor, meta: RequestMeta) => ({
  actor,
  targetType: "user",
  targetId: actor.kind === "user" ? actor.userId : undefined,
  ...meta,
});

export async function updateOwnProfile(options: {
  db: Db;
  actor: Actor | null | undefined;
  changes: { displayName?: string | undefined; email?: string | null | undefined };
  meta?: RequestMeta;
}) {
  const { db, changes, meta = {} } = options;
  const { actor, row } = await self(db, options.actor);
  const displayName = changes.displayName?.trim() ?? row.display_name;
  const email = changes.email === undefined ? row.email : changes.email?.trim() || null;
  const updated = await db.transaction().execute(async (trx) => {
    const next = await updateUserRow(trx, row.id, {
      display_name: displayName,
      email,
      search_text: foldVietnamese(`${row.username} ${displayName} ${email ?? ""}`),
    });
    await recordAudit(trx, {
      ...auditOf(actor, meta),
      action: "identity.profile_updated",
      details: { changed: Object.keys(changes) },
    });
    return next;
  });
  return presentUser(db, updated);
}

/**
 * Changes the caller's password after checking the current one (a wrong one counts towards the
 * lockout like a failed sign-in); every other web session of the account ends.
 */
export async function changeOwnPassword(options: {
  db: Db;
  actor: Actor | null | undefined;
  currentPassword: string;
  newPassword: string;
  /** The session making the change stays open. */
  keepSessionHash?: string | undefined;
  meta?: RequestMeta;
}) {
  const { db, meta = {} } = options;
  const { actor, row } = await self(db, options.actor);
  if (!(await verifyPassword(row.password_hash, options.currentPassword))) {
    const lockUntil = new Date(Date.now() + LOCKOUT_MINUTES * 60_000);
    const result = await recordFailedAttempt(db, row.id, LOCKOUT_THRESHOLD, lockUntil);
    await recordAudit(db, {
      ...auditOf(actor, meta),
      action: "identity.password_change_failed",
      outcome: "failure",
      details: { reason: "wrong_current_password", attempts: result.failed_attempts },
    });
    throw new AppError("invalid_credentials", {
      detail: { vi: "Mật khẩu hiện tại không đúng.", en: "The current password is wrong." },
    });
  }
  checkPasswordPolicy(options.newPassword, row.username);
  const hash = await hashPassword(options.newPassword);
  await db.transaction().execute(async (trx) => {
    await updateUserRow(trx, row.id, { password_hash: hash, failed_attempts: 0 });
    let ended = t(trx).deleteFrom("idn_sessions").where("user_id", "=", row.id);
    if (options.keepSessionHash) ended = ended.where("token_hash", "<>", options.keepSessionHash);
    await ended.execute();
    await recordAudit(trx, { ...auditOf(actor, meta), action: "identity.password_changed" });
  });
}

export type OwnSession = {
  id: string;
  current: boolean;
  ip: string | null;
  userAgent: string | null;
  via: "sso" | "password";
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
};

/** The caller's live web sessions (each browser or device signed in), most recently used first. */
export async function listOwnSessions(options: {
  db: Db;
  actor: Actor | null | undefined;
  currentSessionHash?: string | undefined;
}): Promise<OwnSession[]> {
  const { db } = options;
  const { row } = await self(db, options.actor);
  const rows = await t(db)
    .selectFrom("idn_sessions")
    .selectAll()
    .where("user_id", "=", row.id)
    .where("expires_at", ">", new Date())
    .orderBy("last_seen_at", "desc")
    .execute();
  return rows.map((s) => ({
    // The id shown is a prefix of the stored hash: enough to name a session, useless as a token.
    id: s.token_hash.slice(0, 32),
    current: s.token_hash === options.currentSessionHash,
    ip: s.ip,
    userAgent: s.user_agent,
    via: s.oidc_sid ? "sso" : "password",
    createdAt: s.created_at.toISOString(),
    lastSeenAt: s.last_seen_at.toISOString(),
    expiresAt: s.expires_at.toISOString(),
  }));
}

export async function endOwnSession(options: {
  db: Db;
  actor: Actor | null | undefined;
  id: string;
  meta?: RequestMeta;
}) {
  const { db, meta = {} } = options;
  const { actor, row } = await self(db, options.actor);
  if (!/^[0-9a-f]{32}$/.test(options.id)) throw sessionNotFound();
  const result = await t(db)
    .deleteFrom("idn_sessions")
    .where("user_id", "=", row.id)
    .where(sql<boolean>`left(token_hash, 32) = ${options.id}`)
    .executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw sessionNotFound();
  await recordAudit(db, {
    ...auditOf(actor, meta),
    action: "identity.session_ended",
    details: { session: options.id },
  });
}

function sessionNotFound() {
  return new AppError("not_found", {
    detail: { vi: "Không tìm thấy phiên đăng nhập.", en: "No such session." },
  });
}

/**
 * "Sign out everywhere": every web session, every SSO session (applications that asked are told
 * over the back channel), every grant and token of the account.
 */
export async function signOutEverywhere(options: {
  ctx: ModuleContext;
  actor: Actor | null | undefined;
  meta?: RequestMeta;
}) {
  const { ctx, meta = {} } = options;
  const { actor, row } = await self(ctx.db, options.actor);
  const oidc = await endOidcSessionsOfAccount(ctx, row.id);
  const web = await t(ctx.db)
    .deleteFrom("idn_sessions")
    .where("user_id", "=", row.id)
    .executeTakeFirst();
  await recordAudit(ctx.db, {
    ...auditOf(actor, meta),
    action: "identity.signed_out_everywhere",
    details: {
      webSessions: Number(web.numDeletedRows),
      ssoSessions: oidc.sessions,
      applicationsNotified: oidc.notified,
    },
  });
}

export async function listOwnApplications(options: { db: Db; actor: Actor | null | undefined }) {
  const { row } = await self(options.db, options.actor);
  return listGrantsOfAccount(options.db, row.id);
}

export async function revokeOwnApplication(options: {
  db: Db;
  actor: Actor | null | undefined;
  clientId: string;
  meta?: RequestMeta;
}) {
  const { db, meta = {} } = options;
  const { actor, row } = await self(db, options.actor);
  const revoked = await revokeGrantsOfClient(db, row.id, options.clientId);
  if (revoked === 0) {
    throw new AppError("not_found", {
      detail: {
        vi: "Ứng dụng này chưa được cấp quyền truy cập tài khoản.",
        en: "This application has no access to the account.",
      },
    });
  }
  await recordAudit(db, {
    ...auditOf(actor, meta),
    action: "identity.application_access_revoked",
    details: { clientId: options.clientId, grants: revoked },
  });
}
