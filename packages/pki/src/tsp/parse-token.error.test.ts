import "reflect-metadata";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { createDemoPki } from "../demo-ca/create-demo-pki.ts";
import { PkiError } from "../x509/errors.ts";
import { parseTimestampToken, tokenFromResponse } from "./parse-token.ts";
import { buildTimestampRequest } from "./request-timestamp.ts";
import { respondTimestamp } from "./respond-timestamp.ts";

describe("timestamp token parsing of bad input", () => {
  it("never lets anything but PkiError escape on mutated tokens", async () => {
    const pki = await createDemoPki({ keyType: "EC" });
    const request = buildTimestampRequest({
      digest: createHash("sha256").update("x").digest(),
      nonce: new Uint8Array([1, 2, 3]),
    });
    const response = await respondTimestamp({
      request,
      signer: pki.tsa.signer,
      serial: 7n,
      now: new Date(),
      policy: "1.2.3.4",
    });
    const token = tokenFromResponse(response);
    assert.equal(parseTimestampToken(token).serialNumber, "07");
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(token.length - 1), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.nat(token.length),
        (mutations, cut) => {
          const bytes = token.slice(0, Math.max(cut, 1));
          for (const [at, value] of mutations) if (at < bytes.length) bytes[at] = value;
          for (const parse of [parseTimestampToken, tokenFromResponse])
            try {
              parse(bytes);
            } catch (error) {
              assert.ok(error instanceof PkiError, String(error));
            }
        },
      ),
      { numRuns: 300 },
    );
  });
});
