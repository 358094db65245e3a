import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * One-time passwords as authenticator apps compute them: HOTP (RFC 4226) and TOTP (RFC 6238), with
 * the parameters every app understands (HMAC-SHA1, 6 digits, 30-second steps), and the base32
 * (RFC 4648) text and `otpauth://` URI through which the secret reaches the app.
 */

export type OtpAlgorithm = "sha1" | "sha256" | "sha512";

export const TOTP_STEP_SECONDS = 30;
export const TOTP_DIGITS = 6;

/** Shown by authenticator apps above the account name; the URI carries it percent-encoded. */
export const TOTP_ISSUER = "Liên Thông";

/** RFC 4226 §5.3: HMAC of the 8-byte big-endian counter, dynamic truncation, modulo 10^digits. */
export function hotp(
  key: Uint8Array,
  counter: number,
  { digits = TOTP_DIGITS, algorithm = "sha1" as OtpAlgorithm } = {},
): string {
  if (!Number.isSafeInteger(counter) || counter < 0) throw new RangeError("bad HOTP counter");
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(algorithm, key).update(message).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, "0");
}

/** RFC 6238 §4.2: the time step counted from the Unix epoch. */
export function totpStep(at: Date, stepSeconds = TOTP_STEP_SECONDS): number {
  return Math.floor(at.getTime() / 1000 / stepSeconds);
}

export function totp(
  key: Uint8Array,
  at: Date,
  options: { digits?: number; algorithm?: OtpAlgorithm } = {},
): string {
  return hotp(key, totpStep(at), options);
}

/**
 * The time step among `step - window … step + window` whose code equals `code`, or undefined.
 * RFC 6238 §5.2 recommends one step of tolerance for clock drift and transmission delay. Every
 * candidate is compared in constant time, so timing does not reveal which step came close.
 */
export function matchTotpStep(
  key: Uint8Array,
  code: string,
  step: number,
  window = 1,
): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const given = Buffer.from(code);
  let matched: number | undefined;
  for (let candidate = Math.max(0, step - window); candidate <= step + window; candidate += 1) {
    if (timingSafeEqual(given, Buffer.from(hotp(key, candidate)))) matched = candidate;
  }
  return matched;
}

const BASE32_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** RFC 4648 §6 base32; authenticator apps want it without `=` padding. */
export function base32Encode(bytes: Uint8Array, { padding = false } = {}): string {
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32_ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32_ALPHABET[(buffer << (5 - bits)) & 31];
  if (padding) out = out.padEnd(Math.ceil(out.length / 8) * 8, "=");
  return out;
}

/**
 * Decodes base32, upper or lower case, with or without padding. Refuses anything a canonical
 * encoder could not have written (foreign characters, an impossible length, non-zero spare bits),
 * so one secret has exactly one spelling.
 */
export function base32Decode(text: string): Buffer {
  if (!/^[A-Za-z2-7]*=*$/.test(text)) throw new SyntaxError("not a base32 character");
  const body = text.toUpperCase().replace(/=+$/, "");
  if (text.length > body.length && text.length !== Math.ceil(body.length / 8) * 8)
    throw new SyntaxError("base32 padding does not fill the last block of 8");
  if (![0, 2, 4, 5, 7].includes(body.length % 8))
    throw new SyntaxError("base32 length is impossible");
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of body) {
    buffer = ((buffer << 5) | BASE32_ALPHABET.indexOf(char)) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      out.push((buffer >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  if ((buffer & ((1 << bits) - 1)) !== 0) throw new SyntaxError("base32 spare bits are not zero");
  return Buffer.from(out);
}

/**
 * The Key URI that authenticator apps read from a QR code (Google Authenticator's format, which
 * the others follow): label `issuer:account`, and the issuer repeated as a parameter for apps that
 * ignore the label's prefix.
 */
export function otpauthUri({ secret, account }: { secret: string; account: string }): string {
  const issuer = encodeURIComponent(TOTP_ISSUER);
  const params = [
    `secret=${secret}`,
    `issuer=${issuer}`,
    "algorithm=SHA1",
    `digits=${TOTP_DIGITS}`,
    `period=${TOTP_STEP_SECONDS}`,
  ];
  return `otpauth://totp/${issuer}:${encodeURIComponent(account)}?${params.join("&")}`;
}
