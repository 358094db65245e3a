import type { Platform } from "../../../platform.ts";
import { confirmTotpEnrolment, startTotpEnrolment } from "./service.ts";
import { base32Decode, totp } from "./totp.ts";

/**
 * Test factory: enrols and confirms an authenticator for an account at time `now`, and returns
 * what the person's phone and paper would hold.
 */
export async function enrolTestTotp(platform: Platform, userId: string, now = new Date()) {
  const { db, config } = platform.ctx;
  const { secret } = await startTotpEnrolment({ db, config, userId, now });
  const key = base32Decode(secret);
  const { recoveryCodes } = await confirmTotpEnrolment({
    db,
    config,
    userId,
    code: totp(key, now),
    now,
  });
  return { secret, recoveryCodes, codeAt: (at: Date) => totp(key, at) };
}
