import { recordAudit } from "../../../core/audit.ts";
import type { Config } from "../../../core/config.ts";
import type { Db } from "../../../core/db/index.ts";
import { AppError } from "../../../core/errors.ts";
import type { RequestMeta } from "../../../core/http/request-meta.ts";
import { secretBox } from "../../../core/secret-box.ts";
import type { UserRow } from "../tables.ts";
import { countSecondFactorFailure, factorAudit, refuseUnavailableAccount } from "./lockout.ts";
import { hashRecoveryCode, normalizeRecoveryCode } from "./recovery-codes.ts";
import {
  claimTotpStep,
  consumeRecoveryCode,
  countUnusedRecoveryCodes,
  resetSecondFactorFailures,
  selectTotpCredentials,
} from "./repo.ts";
import { base32Decode, matchTotpStep, totpStep } from "./totp.ts";

/**
 * What the second factor needs of the configuration: the key that seals TOTP secrets, and
 * PUBLIC_URL, which names the WebAuthn relying party.
 */
export type SecretConfig = Pick<Config, "masterKey" | "dataDir" | "publicUrl">;

export type SecondFactorMethod = "totp" | "recovery_code" | "passkey";

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
 * count towards the second factor's lockout (`countSecondFactorFailure`).
 */
export async function checkSecondFactorCode({
  db,
  config,
  user,
  code,
  meta,
  now,
}: CodeCheck): Promise<"totp" | "recovery_code"> {
  const audit = factorAudit(user, meta);
  await refuseUnavailableAccount(db, user, audit, now);
  const { confirmed } = await selectTotpCredentials(db, user.id);
  const recoveryCodesLeft = await countUnusedRecoveryCodes(db, user.id);
  if (!confirmed && recoveryCodesLeft === 0) throw notEnrolledError();

  const compact = code.replace(/\s/g, "");
  let method: "totp" | "recovery_code" | undefined;
  let reason = "wrong_code";
  if (/^\d{6}$/.test(compact)) {
    const key = confirmed && openTotpKey(config, user.id, confirmed.secret_sealed);
    const step = key ? matchTotpStep(key, compact, totpStep(now)) : undefined;
    if (confirmed && step !== undefined) {
      if (await claimTotpStep(db, confirmed.id, step)) method = "totp";
      else reason = "replayed";
    }
  } else {
    const recovery = normalizeRecoveryCode(compact);
    const hash = recovery && hashRecoveryCode(config, user.id, recovery);
    if (hash && (await consumeRecoveryCode(db, user.id, hash, now))) method = "recovery_code";
  }

  if (!method)
    return countSecondFactorFailure({ db, user, audit, reason, failure: wrongCode(), now });
  await resetSecondFactorFailures(db, user.id);
  if (method === "recovery_code")
    await recordAudit(db, {
      ...audit,
      action: "identity.recovery_code_used",
      details: { username: user.username, left: await countUnusedRecoveryCodes(db, user.id) },
    });
  return method;
}

export function notEnrolledError() {
  return new AppError("invalid_second_factor", {
    detail: {
      vi: "Tài khoản chưa bật xác thực hai yếu tố.",
      en: "This account has no second factor.",
    },
  });
}

export function currentCodeNeeded() {
  return new AppError("invalid_second_factor", {
    detail: {
      vi: "Xác nhận bằng mã hiện tại từ ứng dụng xác thực, một mã khôi phục, hoặc khóa bảo mật / passkey.",
      en: "Confirm with the current code from your authenticator app, a recovery code, or a passkey.",
    },
  });
}
