import { randomBytes } from "node:crypto";
import { isIP } from "node:net";
import type { Config } from "../../../core/config.ts";
import type { Db } from "../../../core/db/index.ts";
import { AppError } from "../../../core/errors.ts";
import { insertChallenge, takeChallenge, type ChallengeBinding } from "./passkey-repo.ts";

/**
 * The WebAuthn relying party the platform is, derived from PUBLIC_URL, and the challenges it
 * hands to browsers. A challenge is 32 random bytes, bound to one account, one purpose and one
 * sign-in interaction or session, valid for CHALLENGE_TTL_MS and spent by its first use — so a
 * captured response cannot be played again, elsewhere, or later.
 */

export const CHALLENGE_TTL_MS = 5 * 60_000;

/** COSE algorithm ids (RFC 9053): ES256 (ECDSA P-256 with SHA-256) and RS256 (RSASSA-PKCS1-v1_5). */
export const PASSKEY_ALGORITHMS = [-7, -257];

/** Shown by the browser and the authenticator when a key is created. */
export const RP_NAME = "Liên Thông";

export type RelyingParty = { id: string; origin: string };

/**
 * RP ID = PUBLIC_URL's host name, expected origin = its origin. Browsers refuse an IP address as
 * an RP ID (WebAuthn §5.1.3 asks for a valid domain), so an address like 127.0.0.1 means no
 * passkeys: undefined here, and the pages do not offer them.
 */
export function relyingParty(config: Pick<Config, "publicUrl">): RelyingParty | undefined {
  const url = new URL(config.publicUrl);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (isIP(host) !== 0) return undefined;
  return { id: host, origin: url.origin };
}

export function requireRelyingParty(config: Pick<Config, "publicUrl">): RelyingParty {
  const rp = relyingParty(config);
  if (!rp)
    throw new AppError("unprocessable", {
      detail: {
        vi: "Khóa bảo mật / passkey cần địa chỉ truy cập (PUBLIC_URL) là một tên miền, không phải địa chỉ IP.",
        en: "Passkeys need the platform's address (PUBLIC_URL) to be a domain name, not an IP address.",
      },
    });
  return rp;
}

/**
 * Draws and keeps a fresh challenge for this binding (an earlier one of the same binding goes) and
 * returns it base64url-encoded, the form clientDataJSON carries. Hand the library its bytes: a
 * string would be taken as UTF-8 text and encoded once more.
 */
export async function issueChallenge(
  db: Db,
  binding: ChallengeBinding,
  now: Date,
): Promise<string> {
  const challenge = randomBytes(32).toString("base64url");
  await insertChallenge(db, binding, challenge, new Date(now.getTime() + CHALLENGE_TTL_MS), now);
  return challenge;
}

/** Why a response was refused, recorded in the audit entry (never shown to the caller). */
export type CeremonyFailure =
  | "malformed_response"
  | "unknown_challenge"
  | "expired_challenge"
  | "unknown_credential"
  | "wrong_origin"
  | "wrong_rp_id"
  | "bad_signature"
  | "counter_went_backwards"
  | "not_verified";

/**
 * Spends the challenge the browser signed, read from the response's clientDataJSON. The response
 * is verified against exactly this challenge afterwards, so a response made for another one fails.
 */
export async function spendChallenge(
  db: Db,
  binding: ChallengeBinding,
  clientDataJSON: unknown,
  now: Date,
): Promise<{ challenge: string } | { failure: CeremonyFailure }> {
  const challenge = challengeOf(clientDataJSON);
  if (!challenge) return { failure: "malformed_response" };
  const expiresAt = await takeChallenge(db, binding, challenge);
  if (!expiresAt) return { failure: "unknown_challenge" };
  if (expiresAt <= now) return { failure: "expired_challenge" };
  return { challenge };
}

function challengeOf(clientDataJSON: unknown): string | undefined {
  if (typeof clientDataJSON !== "string") return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(clientDataJSON, "base64url").toString("utf8")) as unknown;
    const challenge = (parsed as { challenge?: unknown } | null)?.challenge;
    return typeof challenge === "string" && challenge.length <= 200 ? challenge : undefined;
  } catch {
    return undefined;
  }
}

/** Sorts the verification library's error messages into the reasons the audit records. */
export function failureOf(error: unknown): CeremonyFailure {
  const message = error instanceof Error ? error.message : "";
  if (/origin/i.test(message)) return "wrong_origin";
  if (/RP ID/i.test(message)) return "wrong_rp_id";
  if (/signature/i.test(message)) return "bad_signature";
  return "malformed_response";
}
