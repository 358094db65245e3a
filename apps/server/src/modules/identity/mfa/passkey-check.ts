import {
  generateAuthenticationOptions,
  verifyAuthenticationResponse,
  type AuthenticationResponseJSON,
} from "@simplewebauthn/server";
import { recordAudit } from "../../../core/audit.ts";
import type { Config } from "../../../core/config.ts";
import type { Db } from "../../../core/db/index.ts";
import { AppError } from "../../../core/errors.ts";
import type { RequestMeta } from "../../../core/http/request-meta.ts";
import type { UserRow } from "../tables.ts";
import { countSecondFactorFailure, factorAudit, refuseUnavailableAccount } from "./lockout.ts";
import {
  advancePasskeyCounter,
  selectPasskeyByCredential,
  selectPasskeys,
} from "./passkey-repo.ts";
import { resetSecondFactorFailures } from "./repo.ts";
import type { PasskeyRow } from "./tables.ts";
import {
  CHALLENGE_TTL_MS,
  failureOf,
  issueChallenge,
  requireRelyingParty,
  spendChallenge,
  type CeremonyFailure,
} from "./webauthn.ts";

export type AssertionStart = {
  db: Db;
  config: Pick<Config, "publicUrl">;
  user: UserRow;
  /** `interaction:<uid>` or `session:<id>`: only this sign-in or session can answer. */
  boundTo: string;
  now: Date;
};

/** Options for `navigator.credentials.get()`, listing only this account's own keys. */
export async function startPasskeyAssertion({ db, config, user, boundTo, now }: AssertionStart) {
  const rp = requireRelyingParty(config);
  const passkeys = await selectPasskeys(db, user.id);
  if (passkeys.length === 0) throw noPasskey();
  const challenge = await issueChallenge(
    db,
    { userId: user.id, purpose: "authentication", boundTo },
    now,
  );
  return generateAuthenticationOptions({
    rpID: rp.id,
    challenge: Buffer.from(challenge, "base64url"),
    timeout: CHALLENGE_TTL_MS,
    userVerification: "preferred",
    allowCredentials: passkeys.map((p) => ({ id: p.credential_id, transports: p.transports })),
  });
}

export type AssertionCheck = AssertionStart & {
  response: AuthenticationResponseJSON;
  meta: RequestMeta;
};

/**
 * Verifies an assertion with the account's passkey: the challenge this binding was given (spent
 * now, valid five minutes), PUBLIC_URL's origin and RP ID, the signature under the stored public
 * key, and a signature counter that moved forward. A counter that did not is refused and audited
 * as `identity.passkey_clone_suspected` (WebAuthn §6.1.1: a sign the key may have been copied).
 * Every refusal counts towards the second factor's lockout, like a wrong code.
 */
export async function checkPasskeyAssertion({
  db,
  config,
  user,
  boundTo,
  response,
  meta,
  now,
}: AssertionCheck): Promise<PasskeyRow> {
  const rp = requireRelyingParty(config);
  const audit = factorAudit(user, meta);
  await refuseUnavailableAccount(db, user, audit, now);
  const fail = (reason: CeremonyFailure, details: Record<string, unknown> = {}) =>
    countSecondFactorFailure({
      db,
      user,
      audit,
      reason,
      failure: passkeyRefused(),
      now,
      details: { method: "passkey", ...details },
    });

  const binding = { userId: user.id, purpose: "authentication" as const, boundTo };
  const spent = await spendChallenge(db, binding, response.response?.clientDataJSON, now);
  if ("failure" in spent) return fail(spent.failure);
  const passkey = await selectPasskeyByCredential(db, user.id, String(response.id));
  if (!passkey) return fail("unknown_credential");

  let verified;
  try {
    verified = await verifyAuthenticationResponse({
      response,
      expectedChallenge: spent.challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: false,
      // The counter is compared below, after the signature: only a genuine signature with a stale
      // counter says the key may have been cloned.
      credential: {
        id: passkey.credential_id,
        publicKey: Buffer.from(passkey.public_key, "base64url"),
        counter: 0,
      },
    });
  } catch (error) {
    return fail(failureOf(error), { passkeyId: passkey.id });
  }
  if (!verified.verified) return fail("bad_signature", { passkeyId: passkey.id });

  const stored = Number(passkey.sign_count);
  const next = verified.authenticationInfo.newCounter;
  const forward = next > stored || (next === 0 && stored === 0);
  if (!forward || !(await advancePasskeyCounter(db, passkey.id, stored, next, now))) {
    await recordAudit(db, {
      ...audit,
      action: "identity.passkey_clone_suspected",
      outcome: "failure",
      details: { username: user.username, passkeyId: passkey.id, stored, presented: next },
    });
    return fail("counter_went_backwards", { passkeyId: passkey.id });
  }
  await resetSecondFactorFailures(db, user.id);
  return passkey;
}

function noPasskey() {
  return new AppError("unprocessable", {
    detail: {
      vi: "Tài khoản chưa có khóa bảo mật / passkey nào.",
      en: "This account has no passkey.",
    },
  });
}

export function passkeyRefused() {
  return new AppError("invalid_second_factor", {
    detail: {
      vi: "Khóa bảo mật / passkey không được chấp nhận. Hãy thử lại.",
      en: "The passkey was not accepted. Try again.",
    },
  });
}
