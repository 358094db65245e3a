import { recordAudit, type AuditEntry } from "../../../core/audit.ts";
import type { Db } from "../../../core/db/index.ts";
import { AppError } from "../../../core/errors.ts";
import type { RequestMeta } from "../../../core/http/request-meta.ts";
import { LOCKOUT_MINUTES, LOCKOUT_THRESHOLD } from "../sign-in.ts";
import type { UserRow } from "../tables.ts";
import { recordFailedSecondFactor } from "./repo.ts";

/** The audit fields every second-factor check of one account shares. */
export const factorAudit = (user: UserRow, meta: RequestMeta) => ({
  organizationId: user.organization_id,
  targetType: "user",
  targetId: user.id,
  ...meta,
});

type FactorAudit = Omit<AuditEntry, "action">;

/** A disabled or locked account answers no second factor at all, whatever is presented. */
export async function refuseUnavailableAccount(
  db: Db,
  user: UserRow,
  audit: FactorAudit,
  now: Date,
): Promise<void> {
  if (user.status !== "disabled" && !(user.locked_until && user.locked_until > now)) return;
  const reason = user.status === "disabled" ? "disabled" : "locked";
  await recordAudit(db, {
    ...audit,
    action: "identity.second_factor_failed",
    outcome: "failure",
    details: { username: user.username, reason },
  });
  throw reason === "disabled" ? disabledError() : lockedError(user.locked_until!);
}

/**
 * Counts one failed second factor of any kind — a wrong or replayed code, a passkey assertion that
 * does not verify — and locks the account once LOCKOUT_THRESHOLD are reached in a row, for
 * LOCKOUT_MINUTES, on the second factor's own counter (a correct password does not clear it,
 * otherwise re-entering the password would buy more guesses). Always throws: `failure`, or
 * `account_locked` once the account is locked.
 */
export async function countSecondFactorFailure({
  db,
  user,
  audit,
  reason,
  failure,
  now,
  details = {},
}: {
  db: Db;
  user: UserRow;
  audit: FactorAudit;
  reason: string;
  failure: AppError;
  now: Date;
  details?: Record<string, unknown>;
}): Promise<never> {
  const lockUntil = new Date(now.getTime() + LOCKOUT_MINUTES * 60_000);
  const result = await recordFailedSecondFactor(db, user.id, LOCKOUT_THRESHOLD, lockUntil);
  const attempts = result.second_factor_failed_attempts;
  await recordAudit(db, {
    ...audit,
    action: "identity.second_factor_failed",
    outcome: "failure",
    details: { username: user.username, reason, attempts, ...details },
  });
  if (attempts >= LOCKOUT_THRESHOLD && result.locked_until) {
    if (attempts === LOCKOUT_THRESHOLD)
      await recordAudit(db, {
        ...audit,
        action: "identity.account_locked",
        outcome: "failure",
        details: {
          username: user.username,
          until: result.locked_until.toISOString(),
          reason: "second_factor",
        },
      });
    throw lockedError(result.locked_until);
  }
  throw failure;
}

function disabledError() {
  return new AppError("account_locked", {
    detail: {
      vi: "Tài khoản đã bị vô hiệu hóa. Liên hệ quản trị viên.",
      en: "The account is disabled. Contact an administrator.",
    },
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
      vi: `Tài khoản tạm khóa do xác thực hai yếu tố sai nhiều lần, đến ${time}. Quản trị viên có thể mở khóa sớm hơn.`,
      en: `The account is locked after repeated failed second-factor checks until ${time} (Vietnam time). An administrator can unlock it sooner.`,
    },
    extra: { lockedUntil: until.toISOString() },
  });
}
