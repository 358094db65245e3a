import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import type { Db } from "../../../core/db/index.ts";
import { AppError } from "../../../core/errors.ts";
import type { RequestMeta } from "../../../core/http/request-meta.ts";
import type { UserRow } from "../tables.ts";
import type { ForUser } from "./account.ts";
import {
  checkSecondFactorCode,
  currentCodeNeeded,
  type SecondFactorMethod,
  type SecretConfig,
} from "./code-check.ts";
import { checkPasskeyAssertion } from "./passkey-check.ts";
import { countPasskeys } from "./passkey-repo.ts";
import { selectTotpCredentials } from "./repo.ts";

/**
 * Proof of a second factor the account already has: a current code or a recovery code, or an
 * assertion from one of its passkeys (answering a challenge issued to this same session).
 */
export type CurrentFactor = { code?: string; passkey?: AuthenticationResponseJSON };

/** A change to one's own second factor, and the proof of a current factor it needs. */
export type ProvenChange = ForUser & { proof: CurrentFactor; boundTo?: string };

export type ProveOptions = {
  db: Db;
  config: SecretConfig;
  user: UserRow;
  proof: CurrentFactor;
  /** The session's challenge binding; without one (an API token) only a code can prove. */
  boundTo: string | undefined;
  meta: RequestMeta;
  now: Date;
};

/**
 * Asked before any change to the second factor itself (adding, replacing or removing a factor,
 * new recovery codes), so that whoever holds a session alone cannot weaken it or move it to a
 * device of their own. Failures count towards the second factor's lockout.
 */
export async function proveCurrentFactor({
  db,
  config,
  user,
  proof,
  boundTo,
  meta,
  now,
}: ProveOptions): Promise<SecondFactorMethod> {
  if (proof.passkey) {
    if (!boundTo) throw browserSessionNeeded();
    await checkPasskeyAssertion({
      db,
      config,
      user,
      boundTo,
      response: proof.passkey,
      meta,
      now,
    });
    return "passkey";
  }
  if (!proof.code) throw currentCodeNeeded();
  return checkSecondFactorCode({ db, config, user, code: proof.code, meta, now });
}

/** Whether the account has a confirmed authenticator app or at least one passkey. */
export async function hasSecondFactor(db: Db, userId: string): Promise<boolean> {
  const { confirmed } = await selectTotpCredentials(db, userId);
  return confirmed !== undefined || (await countPasskeys(db, userId)) > 0;
}

export function browserSessionNeeded() {
  return new AppError("unprocessable", {
    detail: {
      vi: "Khóa bảo mật / passkey chỉ dùng được trong phiên đăng nhập trên trình duyệt.",
      en: "Passkeys can only be used from a signed-in browser session.",
    },
  });
}
