import { requireActor, type Actor } from "../../../core/actor.ts";
import { recordAudit } from "../../../core/audit.ts";
import type { Db } from "../../../core/db/index.ts";
import { AppError } from "../../../core/errors.ts";
import type { RequestMeta } from "../../../core/http/request-meta.ts";
import { requireAdministrableUser } from "../account-rules.ts";
import { auditOf, requireUser, type ForUser } from "./account.ts";
import {
  checkSecondFactorCode,
  currentCodeNeeded,
  type SecondFactorMethod,
  type SecretConfig,
} from "./code-check.ts";
import { isSecondFactorRequired } from "./policy.ts";
import { issueRecoveryCodes } from "./recovery-codes.ts";
import {
  countUnusedRecoveryCodes,
  deleteRecoveryCodes,
  deleteTotpCredentials,
  resetSecondFactorFailures,
  selectTotpCredentials,
} from "./repo.ts";

/**
 * The second factor (TOTP, RFC 6238, with single-use recovery codes), without HTTP: the account
 * page's routes call these with the signed-in user's id, and the OIDC sign-in interaction calls
 * `isSecondFactorRequired` and `verifySecondFactor` once the password is checked. `now` exists for
 * tests that need to stand at a chosen time step.
 */
export {
  getOrganizationSecondFactorPolicy,
  isSecondFactorRequired,
  setOrganizationSecondFactorPolicy,
  type SecondFactorPolicy,
} from "./policy.ts";
export type { SecondFactorMethod, SecretConfig } from "./code-check.ts";
export {
  confirmTotpEnrolment,
  startTotpEnrolment,
  type ConfirmTotpOptions,
  type TotpEnrolment,
} from "./enrolment.ts";
export type { ForUser } from "./account.ts";

export type SecondFactorStatus = { totp: boolean; recoveryCodesLeft: number; required: boolean };

export async function secondFactorStatus(db: Db, userId: string): Promise<SecondFactorStatus> {
  const user = await requireUser(db, userId);
  const { confirmed } = await selectTotpCredentials(db, user.id);
  return {
    totp: confirmed !== undefined,
    recoveryCodesLeft: confirmed ? await countUnusedRecoveryCodes(db, user.id) : 0,
    required: await isSecondFactorRequired(db, user),
  };
}

export type VerifySecondFactorOptions = ForUser & { code: string };

/**
 * The sign-in step after the password: a code from the app (current time step ±1, each step once)
 * or an unused recovery code. Throws `invalid_second_factor`, or `account_locked` once wrong codes
 * have locked the account.
 */
export async function verifySecondFactor({
  db,
  config,
  userId,
  code,
  ip,
  requestId,
  now = new Date(),
}: VerifySecondFactorOptions): Promise<{ method: SecondFactorMethod }> {
  const user = await requireUser(db, userId);
  const method = await checkSecondFactorCode({
    db,
    config,
    user,
    code,
    meta: { ip, requestId },
    now,
  });
  await recordAudit(db, {
    ...auditOf(user, ip, requestId),
    action: "identity.second_factor_verified",
    details: { method },
  });
  return { method };
}

/** New recovery codes for someone who used or lost theirs; the old ones stop working. */
export async function regenerateRecoveryCodes({
  db,
  config,
  userId,
  code,
  ip,
  requestId,
  now = new Date(),
}: VerifySecondFactorOptions): Promise<{ recoveryCodes: string[] }> {
  const user = await requireUser(db, userId);
  await checkSecondFactorCode({ db, config, user, code, meta: { ip, requestId }, now });
  return db.transaction().execute(async (trx) => {
    const recoveryCodes = await issueRecoveryCodes(trx, config, user.id, now);
    await recordAudit(trx, {
      ...auditOf(user, ip, requestId),
      action: "identity.recovery_codes_regenerated",
    });
    return { recoveryCodes };
  });
}

export type RemoveTotpOptions = {
  db: Db;
  config: SecretConfig;
  actor: Actor | null | undefined;
  userId: string;
  /** Required when people remove their own second factor; administrators reset without one. */
  code?: string;
  meta?: RequestMeta;
  now?: Date;
};

/**
 * Removes the authenticator and the recovery codes. People remove their own with a current code,
 * unless their role or organization requires a second factor (they may enrol a new app instead);
 * an administrator of their organization resets it for someone who lost both phone and codes, and
 * the reset also clears the count of wrong codes.
 */
export async function removeTotp({
  db,
  config,
  actor,
  userId,
  code,
  meta = {},
  now = new Date(),
}: RemoveTotpOptions): Promise<void> {
  const known = requireActor(actor);
  const user = await requireUser(db, userId);
  const self = known.kind === "user" && known.userId === user.id;
  if (self) {
    if (await isSecondFactorRequired(db, user))
      throw new AppError("unprocessable", {
        detail: {
          vi: "Tài khoản của bạn bắt buộc xác thực hai yếu tố; hãy đăng ký ứng dụng mới thay vì tắt.",
          en: "Your account requires a second factor; enrol a new app instead of removing it.",
        },
      });
    if (!code) throw currentCodeNeeded();
    await checkSecondFactorCode({ db, config, user, code, meta, now });
  } else {
    await requireAdministrableUser(db, known, user);
  }
  await db.transaction().execute(async (trx) => {
    const removed = await deleteTotpCredentials(trx, user.id);
    await deleteRecoveryCodes(trx, user.id);
    if (!self) await resetSecondFactorFailures(trx, user.id);
    await recordAudit(trx, {
      actor: known,
      organizationId: user.organization_id,
      targetType: "user",
      targetId: user.id,
      ...meta,
      action: "identity.second_factor_removed",
      details: { by: self ? "self" : "administrator", credentials: removed },
    });
  });
}
