import { randomBytes } from "node:crypto";

const MARK = "!awaiting-first-password!";

/**
 * What an account awaiting its first password stores instead of a hash. No argon2 hash starts
 * with "!", so no password verifies against it; the random tail keeps two such accounts from
 * sharing a value. Sign-in recognises it to spend the same time as a real check.
 */
export function unusablePasswordHash(): string {
  return `${MARK}${randomBytes(24).toString("base64url")}`;
}

export function isUnusablePasswordHash(hash: string): boolean {
  return hash.startsWith("!");
}
