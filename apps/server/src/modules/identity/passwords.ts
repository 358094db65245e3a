import fs from "node:fs";
import path from "node:path";
import argon2 from "argon2";
import { AppError } from "../../core/errors.ts";

/**
 * argon2id with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane): about 20–30 ms per hash on
 * one core, which bounds password guessing without making sign-in slow.
 */
export const ARGON2_OPTIONS = {
  type: argon2.argon2id,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export const MIN_PASSWORD_LENGTH = 12;

let common: Set<string> | undefined;

function commonPasswords(): Set<string> {
  common ??= new Set(
    fs
      .readFileSync(path.join(import.meta.dirname, "data/common-passwords.txt"), "utf8")
      .split("\n")
      .filter((line) => line && !line.startsWith("#")),
  );
  return common;
}

/**
 * Twelve characters are usually reached by padding a common word ("Matkhau@123456"), so the word
 * left after stripping leading and trailing digits and symbols is checked as well as the whole.
 */
function isCommon(lower: string): boolean {
  const list = commonPasswords();
  const compact = lower.replace(/[^a-z0-9@!#]/g, "");
  const core = lower.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, "");
  return list.has(lower) || list.has(compact) || (core.length > 0 && list.has(core));
}

/** Throws `unprocessable` with a sentence saying what to change when the password breaks the policy. */
export function checkPasswordPolicy(password: string, username: string): void {
  const lower = password.toLowerCase();
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new AppError("unprocessable", {
      detail: {
        vi: `Mật khẩu phải có ít nhất ${MIN_PASSWORD_LENGTH} ký tự.`,
        en: `The password must have at least ${MIN_PASSWORD_LENGTH} characters.`,
      },
      errors: [{ path: "body.password", message: "too short" }],
    });
  }
  if (password.length > 256) {
    throw new AppError("unprocessable", {
      detail: {
        vi: "Mật khẩu quá dài (tối đa 256 ký tự).",
        en: "The password is too long (256 characters at most).",
      },
      errors: [{ path: "body.password", message: "too long" }],
    });
  }
  if (username.length >= 3 && lower.includes(username.toLowerCase())) {
    throw new AppError("unprocessable", {
      detail: {
        vi: "Mật khẩu không được chứa tên đăng nhập.",
        en: "The password must not contain the username.",
      },
      errors: [{ path: "body.password", message: "contains the username" }],
    });
  }
  if (isCommon(lower) || /^(.)\1+$/.test(password)) {
    throw new AppError("unprocessable", {
      detail: {
        vi: "Mật khẩu quá phổ biến, dễ bị đoán. Hãy chọn mật khẩu khác.",
        en: "The password is too common and easy to guess. Choose another.",
      },
      errors: [{ path: "body.password", message: "too common" }],
    });
  }
}

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/** Spends the same time as a real check, so an unknown username cannot be told from a wrong password. */
export async function verifyAgainstDummy(password: string): Promise<void> {
  dummyHash ??= hashPassword("dummy password that matches nothing");
  await verifyPassword(await dummyHash, password);
}
