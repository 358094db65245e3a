import "reflect-metadata";
import { execFileSync } from "node:child_process";
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { describeCertificate } from "./describe.ts";
import { PkiError } from "./errors.ts";
import { readCertificateBytes } from "./pem.ts";

const der = new Uint8Array(
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:P-256",
      "-nodes",
      "-keyout",
      "/dev/null",
      "-subj",
      "/C=VN/O=Cơ quan thử/CN=Thử nghiệm",
      "-utf8",
      "-days",
      "1",
      "-outform",
      "DER",
      "-addext",
      "crlDistributionPoints=URI:http://x.vn/a.crl",
    ],
    { stdio: ["ignore", "pipe", "ignore"] },
  ),
);

const isTyped = (error: unknown) => error instanceof PkiError;

describe("certificate parsing of bad input", () => {
  it("rejects empty, text and truncated input with a typed error", () => {
    assert.throws(() => readCertificateBytes(new Uint8Array()), isTyped);
    assert.throws(() => readCertificateBytes("hello"), isTyped);
    assert.throws(() => describeCertificate(der.subarray(0, der.length - 10)), isTyped);
    assert.throws(() => describeCertificate(new Uint8Array([...der, 0])), isTyped);
  });

  it("reads the EC key of an openssl certificate", () => {
    assert.deepEqual(describeCertificate(der).publicKey, {
      algorithm: "EC",
      size: 256,
      curve: "P-256",
    });
  });

  it("never lets anything but PkiError escape on mutated DER", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(der.length - 1), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.nat(der.length),
        (mutations, cut) => {
          const bytes = der.slice(0, Math.max(cut, 1));
          for (const [at, value] of mutations) if (at < bytes.length) bytes[at] = value;
          try {
            describeCertificate(bytes);
          } catch (error) {
            assert.ok(isTyped(error), String(error));
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
