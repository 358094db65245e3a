import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { recordAudit } from "../../../core/audit.ts";
import type { Db } from "../../../core/db/index.ts";
import { auditOf, requireUser, type ForUser } from "./account.ts";
import { checkSecondFactorCode, type SecondFactorMethod } from "./code-check.ts";
import { checkPasskeyAssertion, startPasskeyAssertion } from "./passkey-check.ts";
import { countPasskeys } from "./passkey-repo.ts";
import { proveCurrentFactor, type ProvenChange } from "./proof.ts";
import { isSecondFactorRequired } from "./policy.ts";
import { issueRecoveryCodes } from "./recovery-codes.ts";
import { countUnusedRecoveryCodes, selectTotpCredentials } from "./repo.ts";

/**
 * The second factor — TOTP (RFC 6238) or passkeys (WebAuthn), with single-use recovery codes —
 * without HTTP: the account page's routes call these with the signed-in user's id, and the OIDC
 * sign-in interaction calls `isSecondFactorRequired`, `verifySecondFactor` and the passkey
 * ceremonies once the password is checked. `now` exists for tests that need to stand at a chosen
 * time step.
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
export {
  listPasskeys,
  registerPasskey,
  startPasskeyRegistration,
  type Passkey,
  type RegisterPasskeyOptions,
} from "./passkeys.ts";
export { removeOwnPasskey, renameOwnPasskey } from "./passkey-changes.ts";
export type { CurrentFactor, ProvenChange } from "./proof.ts";
export { removeTotp, resetSecondFactor, type ResetSecondFactorOptions } from "./removal.ts";

export type SecondFactorStatus = {
  totp: boolean;
  passkeys: number;
  recoveryCodesLeft: number;
  required: boolean;
};

export async function secondFactorStatus(db: Db, userId: string): Promise<SecondFactorStatus> {
  const user = await requireUser(db, userId);
  const { confirmed } = await selectTotpCredentials(db, user.id);
  return {
    totp: confirmed !== undefined,
    passkeys: await countPasskeys(db, user.id),
    recoveryCodesLeft: await countUnusedRecoveryCodes(db, user.id),
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

/** Options for the browser to sign a challenge with one of the account's passkeys: at sign-in, or as proof before a change on the account page. */
export async function passkeyAssertionOptions({
  db,
  config,
  userId,
  boundTo,
  now = new Date(),
}: ForUser & { boundTo: string }) {
  const user = await requireUser(db, userId);
  return startPasskeyAssertion({ db, config, user, boundTo, now });
}

/** The sign-in step after the password, answered with a passkey instead of a code. */
export async function verifyPasskeySignIn({
  db,
  config,
  userId,
  boundTo,
  response,
  ip,
  requestId,
  now = new Date(),
}: ForUser & { boundTo: string; response: AuthenticationResponseJSON }): Promise<{
  method: SecondFactorMethod;
}> {
  const user = await requireUser(db, userId);
  const meta = { ip, requestId };
  const passkey = await checkPasskeyAssertion({ db, config, user, boundTo, response, meta, now });
  await recordAudit(db, {
    ...auditOf(user, ip, requestId),
    action: "identity.second_factor_verified",
    details: { method: "passkey", passkeyId: passkey.id },
  });
  return { method: "passkey" };
}

/** New recovery codes for someone who used or lost theirs; the old ones stop working. */
export async function regenerateRecoveryCodes({
  db,
  config,
  userId,
  proof,
  boundTo,
  ip,
  requestId,
  now = new Date(),
}: ProvenChange): Promise<{ recoveryCodes: string[] }> {
  const user = await requireUser(db, userId);
  await proveCurrentFactor({ db, config, user, proof, boundTo, meta: { ip, requestId }, now });
  return db.transaction().execute(async (trx) => {
    const recoveryCodes = await issueRecoveryCodes(trx, config, user.id, now);
    await recordAudit(trx, {
      ...auditOf(user, ip, requestId),
      action: "identity.recovery_codes_regenerated",
    });
    return { recoveryCodes };
  });
}
