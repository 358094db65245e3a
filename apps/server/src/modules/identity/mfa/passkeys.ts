import {
  generateRegistrationOptions,
  verifyRegistrationResponse,
  type RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { recordAudit } from "../../../core/audit.ts";
import type { Db } from "../../../core/db/index.ts";
import { AppError } from "../../../core/errors.ts";
import { auditOf, requireUser, type ForUser } from "./account.ts";
import type { SecretConfig } from "./code-check.ts";
import { insertPasskey, selectPasskeys } from "./passkey-repo.ts";
import { hasSecondFactor, proveCurrentFactor, type CurrentFactor } from "./proof.ts";
import { issueRecoveryCodes } from "./recovery-codes.ts";
import type { PasskeyRow } from "./tables.ts";
import {
  CHALLENGE_TTL_MS,
  failureOf,
  issueChallenge,
  PASSKEY_ALGORITHMS,
  relyingParty,
  requireRelyingParty,
  RP_NAME,
  spendChallenge,
  type CeremonyFailure,
} from "./webauthn.ts";

export type Passkey = {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  backedUp: boolean;
};

export const presentPasskey = (row: PasskeyRow): Passkey => ({
  id: row.id,
  name: row.name,
  createdAt: row.created_at.toISOString(),
  lastUsedAt: row.last_used_at?.toISOString() ?? null,
  backedUp: row.backed_up,
});

export async function listPasskeys({
  db,
  config,
  userId,
}: {
  db: Db;
  config: Pick<SecretConfig, "publicUrl">;
  userId: string;
}): Promise<{ items: Passkey[]; available: boolean }> {
  const user = await requireUser(db, userId);
  const rows = await selectPasskeys(db, user.id);
  return { items: rows.map(presentPasskey), available: relyingParty(config) !== undefined };
}

/** `interaction:<uid>` during sign-in, `session:<id>` on the account page. */
export type Bound = { boundTo: string };

/**
 * Options for `navigator.credentials.create()`: attestation "none" (the platform trusts the key
 * it is shown, not a vendor's certificate), user verification and a discoverable key preferred,
 * ES256 or RS256, and the account's existing keys excluded so one key is not registered twice.
 * The WebAuthn user handle is the account id's 16 bytes: stable and free of personal data.
 */
export async function startPasskeyRegistration({
  db,
  config,
  userId,
  boundTo,
  ip,
  requestId,
  now = new Date(),
}: ForUser & Bound) {
  const rp = requireRelyingParty(config);
  const user = await requireUser(db, userId);
  const existing = await selectPasskeys(db, user.id);
  const challenge = await issueChallenge(
    db,
    { userId: user.id, purpose: "registration", boundTo },
    now,
  );
  await recordAudit(db, {
    ...auditOf(user, ip, requestId),
    action: "identity.second_factor_enrolment_started",
    details: { method: "passkey" },
  });
  return generateRegistrationOptions({
    rpName: RP_NAME,
    rpID: rp.id,
    userName: user.username,
    userDisplayName: user.display_name,
    userID: Buffer.from(user.id.replace(/-/g, ""), "hex"),
    challenge: Buffer.from(challenge, "base64url"),
    timeout: CHALLENGE_TTL_MS,
    attestationType: "none",
    excludeCredentials: existing.map((p) => ({ id: p.credential_id, transports: p.transports })),
    authenticatorSelection: { residentKey: "preferred", userVerification: "preferred" },
    supportedAlgorithmIDs: PASSKEY_ALGORITHMS,
  });
}

export type RegisterPasskeyOptions = ForUser &
  Bound & {
    name: string;
    response: RegistrationResponseJSON;
    /** Needed when the account already has a second factor, as for adding an app. */
    proof?: CurrentFactor;
  };

/**
 * Verifies the new key against the challenge this session or sign-in was given and keeps it. The
 * account's first second factor also brings ten recovery codes, as an authenticator app does;
 * adding a key to an account that has a factor needs proof of that factor first.
 */
export async function registerPasskey({
  db,
  config,
  userId,
  boundTo,
  name,
  response,
  proof = {},
  ip,
  requestId,
  now = new Date(),
}: RegisterPasskeyOptions): Promise<{ passkey: Passkey; recoveryCodes?: string[] }> {
  const rp = requireRelyingParty(config);
  const user = await requireUser(db, userId);
  const audit = auditOf(user, ip, requestId);
  const label = name.trim();
  if (!label) throw nameNeeded();
  const refuse = async (reason: CeremonyFailure) => {
    await recordAudit(db, {
      ...audit,
      action: "identity.second_factor_failed",
      outcome: "failure",
      details: { username: user.username, method: "passkey", reason: `enrolment_${reason}` },
    });
    return notRegistered();
  };

  const binding = { userId: user.id, purpose: "registration" as const, boundTo };
  const spent = await spendChallenge(db, binding, response.response?.clientDataJSON, now);
  if ("failure" in spent) throw await refuse(spent.failure);
  let verified;
  try {
    verified = await verifyRegistrationResponse({
      response,
      expectedChallenge: spent.challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: false,
      supportedAlgorithmIDs: PASSKEY_ALGORITHMS,
    });
  } catch (error) {
    throw await refuse(failureOf(error));
  }
  if (!verified.verified) throw await refuse("not_verified");

  const first = !(await hasSecondFactor(db, user.id));
  if (!first)
    await proveCurrentFactor({ db, config, user, proof, boundTo, meta: { ip, requestId }, now });
  const info = verified.registrationInfo;
  return db.transaction().execute(async (trx) => {
    const row = await insertPasskey(trx, {
      userId: user.id,
      credentialId: info.credential.id,
      publicKey: Buffer.from(info.credential.publicKey).toString("base64url"),
      signCount: info.credential.counter,
      transports: (info.credential.transports ?? []).slice(0, 10),
      name: label,
      aaguid: info.aaguid,
      backedUp: info.credentialBackedUp,
      now,
    });
    if (!row) throw alreadyRegistered();
    const recoveryCodes = first ? await issueRecoveryCodes(trx, config, user.id, now) : undefined;
    await recordAudit(trx, {
      ...audit,
      action: "identity.second_factor_enrolled",
      details: { method: "passkey", passkeyId: row.id, name: label, first },
    });
    return { passkey: presentPasskey(row), ...(recoveryCodes ? { recoveryCodes } : {}) };
  });
}

function notRegistered() {
  return new AppError("unprocessable", {
    detail: {
      vi: "Không xác minh được khóa bảo mật / passkey vừa tạo. Hãy thử lại.",
      en: "The new passkey could not be verified. Try again.",
    },
  });
}

function alreadyRegistered() {
  return new AppError("conflict", {
    detail: {
      vi: "Khóa bảo mật / passkey này đã được đăng ký.",
      en: "This passkey is already registered.",
    },
  });
}

export function nameNeeded() {
  return new AppError("unprocessable", {
    detail: { vi: "Hãy đặt tên cho khóa bảo mật.", en: "Give the passkey a name." },
  });
}
