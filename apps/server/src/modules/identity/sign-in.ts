import type { Actor } from "../../core/actor.ts";
import { recordAudit } from "../../core/audit.ts";
import type { Db } from "../../core/db/index.ts";
import { AppError } from "../../core/errors.ts";
import { isUnusablePasswordHash } from "./onboarding/unusable-password.ts";
import { verifyAgainstDummy, verifyPassword } from "./passwords.ts";
import { recordFailedAttempt, selectUserByUsername, updateUserRow } from "./repo.ts";
import type { UserRow } from "./tables.ts";

/** Consecutive failures that lock an account, and for how long. */
export const LOCKOUT_THRESHOLD = 5;
export const LOCKOUT_MINUTES = 15;

export type AuthenticatePasswordOptions = {
  db: Db;
  username: string;
  password: string;
  ip?: string;
  requestId?: string;
};

export function actorFromUser(row: UserRow, via: "session" | "token", sessionId?: string): Actor {
  return {
    kind: "user",
    userId: row.id,
    username: row.username,
    displayName: row.display_name,
    organizationId: row.organization_id,
    roles: row.roles,
    via,
    ...(sessionId ? { sessionId } : {}),
  };
}

/**
 * Checks a username and password and returns the account, or throws `invalid_credentials` /
 * `account_locked`. It knows nothing of HTTP or cookies: the web sign-in route calls it today, and
 * the OIDC provider's interaction page will call the same function.
 *
 * Records `identity.sign_in` on success, so every caller leaves the same audit trail; the caller
 * then opens its own kind of session (the cookie session here, an OIDC login there).
 *
 * An unknown username costs the same argon2 work as a wrong password and gets the same answer, so
 * the response does not reveal which accounts exist.
 */
export async function authenticatePassword({
  db,
  username,
  password,
  ip,
  requestId,
}: AuthenticatePasswordOptions): Promise<UserRow> {
  const meta = { ip, requestId };
  const normalized = username.trim().toLowerCase();
  const row = await selectUserByUsername(db, normalized);
  if (!row) {
    await verifyAgainstDummy(password);
    await recordAudit(db, {
      action: "identity.sign_in_failed",
      outcome: "failure",
      details: { username: normalized.slice(0, 64), reason: "unknown_user" },
      ...meta,
    });
    throw new AppError("invalid_credentials");
  }
  const audit = {
    organizationId: row.organization_id,
    targetType: "user",
    targetId: row.id,
    ...meta,
  };
  const now = new Date();
  if (row.status === "disabled") {
    await verifyAgainstDummy(password);
    await recordAudit(db, {
      ...audit,
      action: "identity.sign_in_failed",
      outcome: "failure",
      details: { username: row.username, reason: "disabled" },
    });
    throw new AppError("account_locked", {
      detail: {
        vi: "Tài khoản đã bị vô hiệu hóa. Liên hệ quản trị viên.",
        en: "The account is disabled. Contact an administrator.",
      },
    });
  }
  if (row.locked_until && row.locked_until > now) {
    await verifyAgainstDummy(password);
    await recordAudit(db, {
      ...audit,
      action: "identity.sign_in_failed",
      outcome: "failure",
      details: { username: row.username, reason: "locked" },
    });
    throw lockedError(row.locked_until);
  }
  // An account awaiting its first password answers like a wrong password, after the same work.
  const matches = isUnusablePasswordHash(row.password_hash)
    ? await verifyAgainstDummy(password).then(() => false)
    : await verifyPassword(row.password_hash, password);
  if (!matches) {
    const lockUntil = new Date(now.getTime() + LOCKOUT_MINUTES * 60_000);
    const result = await recordFailedAttempt(db, row.id, LOCKOUT_THRESHOLD, lockUntil);
    await recordAudit(db, {
      ...audit,
      action: "identity.sign_in_failed",
      outcome: "failure",
      details: {
        username: row.username,
        reason: "wrong_password",
        attempts: result.failed_attempts,
      },
    });
    if (result.failed_attempts >= LOCKOUT_THRESHOLD && result.locked_until) {
      if (result.failed_attempts === LOCKOUT_THRESHOLD) {
        await recordAudit(db, {
          ...audit,
          action: "identity.account_locked",
          outcome: "failure",
          details: { username: row.username, until: result.locked_until.toISOString() },
        });
      }
      throw lockedError(result.locked_until);
    }
    throw new AppError("invalid_credentials");
  }
  return db.transaction().execute(async (trx) => {
    const updated = await updateUserRow(trx, row.id, {
      failed_attempts: 0,
      locked_until: null,
      last_sign_in_at: now,
    });
    await recordAudit(trx, {
      ...audit,
      action: "identity.sign_in",
      actor: actorFromUser(updated, "session"),
      details: { method: "password" },
    });
    return updated;
  });
}

function lockedError(until: Date) {
  const time = until.toLocaleTimeString("vi-VN", {
    timeZone: "Asia/Ho_Chi_Minh",
    hour: "2-digit",
    minute: "2-digit",
  });
  return new AppError("account_locked", {
    detail: {
      vi: `Tài khoản tạm khóa do đăng nhập sai nhiều lần, đến ${time}. Quản trị viên có thể mở khóa sớm hơn.`,
      en: `The account is locked after repeated failed sign-ins until ${time} (Vietnam time). An administrator can unlock it sooner.`,
    },
    extra: { lockedUntil: until.toISOString() },
  });
}
