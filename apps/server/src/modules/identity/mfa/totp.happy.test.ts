import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  base32Decode,
  base32Encode,
  hotp,
  matchTotpStep,
  otpauthUri,
  totp,
  type OtpAlgorithm,
} from "./totp.ts";

const ascii = (text: string) => Buffer.from(text, "ascii");

/** Strings close to base32, so the decoder's edge cases come up often. */
const base32ish = fc.string({
  maxLength: 24,
  unit: fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", "a", "z", "=", "1", "ı"),
});

describe("HOTP and TOTP", () => {
  it("computes the RFC 4226 Appendix D values", () => {
    const key = ascii("12345678901234567890");
    const expected = [
      "755224",
      "287082",
      "359152",
      "969429",
      "338314",
      "254676",
      "287922",
      "162583",
      "399871",
      "520489",
    ];
    expected.forEach((code, counter) => assert.equal(hotp(key, counter), code));
  });

  it("computes the RFC 6238 Appendix B values (8 digits, SHA-1, SHA-256, SHA-512)", () => {
    const keys: Record<OtpAlgorithm, Buffer> = {
      sha1: ascii("12345678901234567890"),
      sha256: ascii("12345678901234567890123456789012"),
      sha512: ascii("1234567890123456789012345678901234567890123456789012345678901234"),
    };
    const table: [number, string, string, string][] = [
      [59, "94287082", "46119246", "90693936"],
      [1111111109, "07081804", "68084774", "25091201"],
      [1111111111, "14050471", "67062674", "99943326"],
      [1234567890, "89005924", "91819424", "93441116"],
      [2000000000, "69279037", "90698825", "38618901"],
      [20000000000, "65353130", "77737706", "47863826"],
    ];
    for (const [seconds, sha1, sha256, sha512] of table) {
      const at = new Date(seconds * 1000);
      assert.equal(totp(keys.sha1, at, { digits: 8, algorithm: "sha1" }), sha1, `${seconds}`);
      assert.equal(totp(keys.sha256, at, { digits: 8, algorithm: "sha256" }), sha256);
      assert.equal(totp(keys.sha512, at, { digits: 8, algorithm: "sha512" }), sha512);
    }
  });

  it("matches a code one step either side and no further", () => {
    const key = ascii("12345678901234567890");
    const step = 1000;
    for (const offset of [-1, 0, 1])
      assert.equal(matchTotpStep(key, hotp(key, step + offset), step), step + offset);
    for (const offset of [-2, 2]) {
      const code = hotp(key, step + offset);
      const nearby = [-1, 0, 1].map((o) => hotp(key, step + o));
      if (!nearby.includes(code)) assert.equal(matchTotpStep(key, code, step), undefined);
    }
    assert.equal(matchTotpStep(key, "12345", step), undefined);
    assert.equal(matchTotpStep(key, "abcdef", step), undefined);
  });
});

describe("base32 (RFC 4648)", () => {
  it("encodes the RFC 4648 §10 test vectors", () => {
    const vectors: [string, string][] = [
      ["", ""],
      ["f", "MY======"],
      ["fo", "MZXQ===="],
      ["foo", "MZXW6==="],
      ["foob", "MZXW6YQ="],
      ["fooba", "MZXW6YTB"],
      ["foobar", "MZXW6YTBOI======"],
    ];
    for (const [plain, encoded] of vectors) {
      assert.equal(base32Encode(ascii(plain), { padding: true }), encoded);
      assert.equal(base32Encode(ascii(plain)), encoded.replace(/=+$/, ""));
      assert.equal(base32Decode(encoded).toString("ascii"), plain);
      assert.equal(base32Decode(encoded.replace(/=+$/, "").toLowerCase()).toString(), plain);
    }
  });

  it("round-trips any bytes, padded or not", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), fc.boolean(), (bytes, padding) => {
        const text = base32Encode(bytes, { padding });
        assert.match(text, padding ? /^[A-Z2-7]*=*$/ : /^[A-Z2-7]*$/);
        if (padding) assert.equal(text.length % 8, 0);
        assert.deepEqual(new Uint8Array(base32Decode(text)), bytes);
      }),
    );
  });

  it("accepts only canonical spellings: whatever decodes encodes back to the same letters", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 40 }), base32ish), (text) => {
        let decoded: Buffer;
        try {
          decoded = base32Decode(text);
        } catch (error) {
          assert.ok(error instanceof SyntaxError);
          return;
        }
        const padded = text.includes("=");
        assert.equal(base32Encode(decoded, { padding: padded }), text.toUpperCase());
      }),
    );
  });

  it("refuses malformed text", () => {
    for (const bad of ["M", "MZX", "MZXW6Y", "MZ======", "MY=", "MY==", "MY1=====", "MZ!Q", "ſY"])
      assert.throws(() => base32Decode(bad), SyntaxError, bad);
  });
});

describe("otpauth URI", () => {
  it("names the issuer Liên Thông, percent-encoded, and the account", () => {
    assert.equal(
      otpauthUri({ secret: "JBSWY3DPEHPK3PXP", account: "nguyen.van.a" }),
      "otpauth://totp/Li%C3%AAn%20Th%C3%B4ng:nguyen.van.a?secret=JBSWY3DPEHPK3PXP" +
        "&issuer=Li%C3%AAn%20Th%C3%B4ng&algorithm=SHA1&digits=6&period=30",
    );
  });
});
