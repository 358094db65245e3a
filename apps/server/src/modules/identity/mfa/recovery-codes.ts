import { createHmac, randomInt } from "node:crypto";
import type { Config } from "../../../core/config.ts";
import { secretBox } from "../../../core/secret-box.ts";
import type { Db } from "../../../core/db/index.ts";
import { replaceRecoveryCodes } from "./repo.ts";

/** How many recovery codes an account holds after enrolment or regeneration. */
export const RECOVERY_CODE_COUNT = 10;

/** No `0 o 1 l i`, which people misread when they copy a code from paper. */
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
const LENGTH = 10;

/** Ten fresh codes spelled `abcd-efgh-jk` (about 49 bits each), shown to the person once. */
export function generateRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = Array.from({ length: LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]);
    return `${chars.slice(0, 4).join("")}-${chars.slice(4, 8).join("")}-${chars.slice(8).join("")}`;
  });
}

/** The code without dashes, spaces or capitals, or undefined when it cannot be a recovery code. */
export function normalizeRecoveryCode(input: string): string | undefined {
  const compact = input.replace(/[\s-]/g, "").toLowerCase();
  if (compact.length !== LENGTH) return undefined;
  return [...compact].every((char) => ALPHABET.includes(char)) ? compact : undefined;
}

/**
 * What the database keeps of a code: an HMAC under a key derived from the master key, so a
 * stolen table alone cannot be searched for codes (about 50 bits each), and with the account id
 * in it so one guess never tests every account's codes at once.
 */
export function hashRecoveryCode(
  config: Pick<Config, "masterKey" | "dataDir">,
  userId: string,
  normalized: string,
): string {
  return createHmac("sha256", secretBox(config).derive("recovery-codes"))
    .update(`${userId}:${normalized}`)
    .digest("hex");
}

/** Replaces the account's recovery codes with fresh ones and returns them in clear, once. */
export async function issueRecoveryCodes(
  db: Db,
  config: Pick<Config, "masterKey" | "dataDir">,
  userId: string,
  now: Date,
): Promise<string[]> {
  const codes = generateRecoveryCodes();
  const hashes = codes.map((code) =>
    hashRecoveryCode(config, userId, normalizeRecoveryCode(code)!),
  );
  await replaceRecoveryCodes(db, userId, hashes, now);
  return codes;
}
