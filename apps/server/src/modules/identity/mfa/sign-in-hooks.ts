import type { SecondFactorHooks } from "../oidc/interactions.ts";
import {
  confirmTotpEnrolment,
  passkeyAssertionOptions,
  registerPasskey,
  secondFactorStatus,
  startPasskeyRegistration,
  startTotpEnrolment,
  verifyPasskeySignIn,
  verifySecondFactor,
} from "./service.ts";
import { relyingParty } from "./webauthn.ts";

/**
 * The OIDC sign-in's second-factor step, backed by this folder's services: codes from an
 * authenticator app or recovery codes, and passkeys, whose challenges the interaction binds to
 * its own uid. Enrolment during sign-in is only for an account with no factor yet, so it never
 * needs proof of one and always brings the recovery codes.
 */
export const secondFactorHooks: SecondFactorHooks = {
  async status({ db, config }, user) {
    const status = await secondFactorStatus(db, user.id);
    return {
      required: status.required,
      enrolled: status.totp || status.passkeys > 0,
      totp: status.totp,
      passkey: status.passkeys > 0,
      passkeysAvailable: relyingParty(config) !== undefined,
    };
  },
  verify: ({ db, config }, input) => verifySecondFactor({ db, config, ...input }),
  startEnrolment: ({ db, config }, input) => startTotpEnrolment({ db, config, ...input }),
  confirmEnrolment: ({ db, config }, input) => confirmTotpEnrolment({ db, config, ...input }),
  passkeyOptions: ({ db, config }, input) => passkeyAssertionOptions({ db, config, ...input }),
  verifyPasskey: ({ db, config }, input) => verifyPasskeySignIn({ db, config, ...input }),
  passkeyRegistrationOptions: ({ db, config }, input) =>
    startPasskeyRegistration({ db, config, ...input }),
  async registerPasskey({ db, config }, input) {
    const { recoveryCodes } = await registerPasskey({ db, config, ...input });
    return { recoveryCodes: recoveryCodes ?? [] };
  },
};
