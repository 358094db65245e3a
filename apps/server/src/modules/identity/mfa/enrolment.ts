import { randomBytes } from "node:crypto";
import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import QRCode from "qrcode";
import { recordAudit } from "../../../core/audit.ts";
import { AppError } from "../../../core/errors.ts";
import { secretBox } from "../../../core/secret-box.ts";
import { auditOf, requireUser, type ForUser } from "./account.ts";
import { openTotpKey, wrongCode } from "./code-check.ts";
import { hasSecondFactor, proveCurrentFactor } from "./proof.ts";
import { issueRecoveryCodes } from "./recovery-codes.ts";
import { confirmPendingTotp, selectTotpCredentials, upsertPendingTotp } from "./repo.ts";
import { base32Encode, matchTotpStep, otpauthUri, totpStep } from "./totp.ts";

/** RFC 4226 §4 asks for at least 128 bits and recommends 160, the size of an SHA-1 output. */
const SECRET_BYTES = 20;

export type TotpEnrolment = { secret: string; otpauthUri: string; qrSvg: string };

/**
 * Draws a new secret and keeps it, sealed, as a pending credential until the person proves with a
 * code that their app holds it. Starting again replaces the pending secret; a confirmed one keeps
 * working until its replacement is confirmed.
 */
export async function startTotpEnrolment({
  db,
  config,
  userId,
  ip,
  requestId,
  now = new Date(),
}: ForUser): Promise<TotpEnrolment> {
  const user = await requireUser(db, userId);
  const secret = base32Encode(randomBytes(SECRET_BYTES));
  await db.transaction().execute(async (trx) => {
    await upsertPendingTotp(trx, user.id, secretBox(config).seal(secret, user.id), now);
    await recordAudit(trx, {
      ...auditOf(user, ip, requestId),
      action: "identity.second_factor_enrolment_started",
    });
  });
  const uri = otpauthUri({ secret, account: user.username });
  return { secret, otpauthUri: uri, qrSvg: await QRCode.toString(uri, { type: "svg" }) };
}

export type ConfirmTotpOptions = ForUser & {
  /** A code from the newly added app. */
  code: string;
  /**
   * Needed only when the account already has a second factor (an app being replaced, or a
   * passkey): a current code, a recovery code or a passkey assertion, so that whoever holds a
   * session alone cannot move the second factor to their own phone.
   */
  currentCode?: string;
  currentPasskey?: AuthenticationResponseJSON;
  /** The session's WebAuthn challenge binding, for `currentPasskey`. */
  boundTo?: string;
};

/** Confirms the pending secret and returns ten recovery codes, shown this once and stored hashed. */
export async function confirmTotpEnrolment({
  db,
  config,
  userId,
  code,
  currentCode,
  currentPasskey,
  boundTo,
  ip,
  requestId,
  now = new Date(),
}: ConfirmTotpOptions): Promise<{ recoveryCodes: string[] }> {
  const user = await requireUser(db, userId);
  const audit = auditOf(user, ip, requestId);
  const { pending, confirmed } = await selectTotpCredentials(db, user.id);
  if (!pending) throw noPendingEnrolment();
  const key = openTotpKey(config, user.id, pending.secret_sealed);
  const step = matchTotpStep(key, code.replace(/\s/g, ""), totpStep(now));
  if (step === undefined) {
    await recordAudit(db, {
      ...audit,
      action: "identity.second_factor_failed",
      outcome: "failure",
      details: { username: user.username, reason: "wrong_enrolment_code" },
    });
    throw wrongCode();
  }
  if (await hasSecondFactor(db, user.id))
    await proveCurrentFactor({
      db,
      config,
      user,
      proof: { code: currentCode, passkey: currentPasskey },
      boundTo,
      meta: { ip, requestId },
      now,
    });
  return db.transaction().execute(async (trx) => {
    if (!(await confirmPendingTotp(trx, pending, step, now))) throw noPendingEnrolment();
    const recoveryCodes = await issueRecoveryCodes(trx, config, user.id, now);
    await recordAudit(trx, {
      ...audit,
      action: "identity.second_factor_enrolled",
      details: { method: "totp", replaced: confirmed !== undefined },
    });
    return { recoveryCodes };
  });
}

function noPendingEnrolment() {
  return new AppError("unprocessable", {
    detail: {
      vi: "Chưa có đăng ký ứng dụng xác thực nào đang chờ xác nhận; hãy bắt đầu lại.",
      en: "No authenticator enrolment is waiting for confirmation; start again.",
    },
  });
}
