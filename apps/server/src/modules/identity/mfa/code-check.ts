import { recordAudit } from "../../../core/audit.ts";
import type { Config } from "../../../core/config.ts";
import type { Db } from "../../../core/db/index.ts";
import { AppError } from "../../../core/errors.ts";
import type { RequestMeta } from "../../../core/http/request-meta.ts";
import { secretBox } from "../../../core/secret-box.ts";
import { LOCKOUT_MINUTES, LOCKOUT_THRESHOLD } from "../sign-in.ts";
import type { UserRow } from "../tables.ts";
import { hashRecoveryCode, normalizeRecoveryCode } from "./recovery-codes.ts";
import {
  claimTotpStep,
  consumeRecoveryCode,
  countUnusedRecoveryCodes,
  recordFailedSecondFactor,
  resetSecondFactorFailures,
  selectTotpCredentials,
} from "./repo.ts";
import { base32Decode, matchTotpStep, totpStep } from "./totp.ts";

/** What the second factor needs of the configuration: the key that seals TOTP secrets. */
export type SecretConfig = Pick<Config, "masterKey" | "dataDir">;

export type SecondFactorMethod = "totp" | "recovery_code";

export type CodeCheck = {
  db: Db;
  config: SecretConfig;
  user: UserRow;
  code: string;
  meta: RequestMeta;
  now: Date;
};

export function openTotpKey(config: SecretConfig, userId: string, sealed: string): Buffer {
  return base32Decode(secretBox(config).open(sealed, userId));
}

export const wrongCode = () => new AppError("invalid_second_factor");

/**
 * Checks a code from the person's authenticator app or one of their recovery codes, and spends
 * it: a TOTP step is accepted once (RFC 6238 §5.2), a recovery code once. Wrong and replayed codes
 * count towards the same lockout as passwords (LOCKOUT_THRESHOLD in a row locks the account for
 * LOCKOUT_MINUTES), on a counter of their own that a correct password does not clear — otherwise
 * re-entering the password would buy four more guesses each time.
 */
export async function checkSecondFactorCode({
  db,
  config,
  user,
  code,
  meta,
  now,
}: CodeCheck): Promise<SecondFactorMethod> {
  const audit = {
    organizationId: user.organization_id,
    targetType: "user",
    targetId: user.id,
    ...meta,
  };
  if (user.status === "disabled" || (user.locked_until && user.locked_until > now)) {
    const reason = user.status === "disabled" ? "disabled" : "locked";
    await recordAudit(db, {
      ...audit,
      action: "identity.second_factor_failed",
      outcome: "failure",
      details: { username: user.username, reason },
    });
    throw reason === "disabled" ? disabledError() : lockedError(user.locked_until!);
  }
  const { confirmed } = await selectTotpCredentials(db, user.id);
  if (!confirmed) throw notEnrolledError();

  const compact = code.replace(/\s/g, "");
  let method: SecondFactorMethod | undefined;
  let reason = "wrong_code";
  if (/^\d{6}$/.test(compact)) {
    const key = openTotpKey(config, user.id, confirmed.secret_sealed);
    const step = matchTotpStep(key, compact, totpStep(now));
    if (step !== undefined) {
      if (await claimTotpStep(db, confirmed.id, step)) method = "totp";
      else reason = "replayed";
    }
  } else {
    const recovery = normalizeRecoveryCode(compact);
    const hash = recovery && hashRecoveryCode(config, user.id, recovery);
    if (hash && (await consumeRecoveryCode(db, user.id, hash, now))) method = "recovery_code";
  }

  if (method) {
    await resetSecondFactorFailures(db, user.id);
    if (method === "recovery_code")
      await recordAudit(db, {
        ...audit,
        action: "identity.recovery_code_used",
        details: { username: user.username, left: await countUnusedRecoveryCodes(db, user.id) },
      });
    return method;
  }

  const lockUntil = new Date(now.getTime() + LOCKOUT_MINUTES * 60_000);
  const result = await recordFailedSecondFactor(db, user.id, LOCKOUT_THRESHOLD, lockUntil);
  const attempts = result.second_factor_failed_attempts;
  await recordAudit(db, {
    ...audit,
    action: "identity.second_factor_failed",
    outcome: "failure",
    details: { username: user.username, reason, attempts },
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
  throw wrongCode();
}

export function notEnrolledError() {
  return new AppError("invalid_second_factor", {
    detail: {
      vi: "Tài khoản chưa bật xác thực hai yếu tố.",
      en: "This account has no second factor.",
    },
  });
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
      vi: `Tài khoản tạm khóa do nhập sai mã xác thực nhiều lần, đến ${time}. Quản trị viên có thể mở khóa sớm hơn.`,
      en: `The account is locked after repeated wrong verification codes until ${time} (Vietnam time). An administrator can unlock it sooner.`,
    },
    extra: { lockedUntil: until.toISOString() },
  });
}

export function currentCodeNeeded() {
  return new AppError("invalid_second_factor", {
    detail: {
      vi: "Nhập mã hiện tại từ ứng dụng xác thực, hoặc một mã khôi phục.",
      en: "Enter the current code from your authenticator app, or a recovery code.",
    },
  });
}
