import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import fc from "fast-check";
import { createCmsSignature } from "./create-signed-data.ts";
import { signedMessageDigest } from "./message-digest.ts";
import { CmsFormatError, parseSignedData } from "./parse-signed-data.ts";
import { testPki, testSigner } from "./test-pki.ts";

const pki = testPki();
const contentDigest = createHash("sha256").update("Công văn số 7/UBND").digest();
const cms = await createCmsSignature({ signer: testSigner(pki.leader, [pki.ca]), contentDigest });

describe("Reading the message digest without parsing the whole CMS", () => {
  it("finds the digest pkijs finds", () => {
    assert.deepEqual(signedMessageDigest(cms), parseSignedData(cms).messageDigest);
    assert.deepEqual(Buffer.from(signedMessageDigest(cms)!), contentDigest);
  });

  it("refuses garbage, truncated and mutated CMS with a CmsFormatError only", () => {
    for (const bytes of [new Uint8Array(0), Buffer.from("not a cms"), cms.subarray(0, 100)])
      assert.throws(() => signedMessageDigest(bytes), CmsFormatError);
    fc.assert(
      fc.property(fc.nat({ max: cms.length - 1 }), fc.integer({ min: 1, max: 255 }), (at, xor) => {
        const mutated = cms.slice();
        mutated[at] = mutated[at]! ^ xor;
        try {
          const digest = signedMessageDigest(mutated);
          assert.ok(digest === undefined || digest instanceof Uint8Array);
        } catch (error) {
          assert.ok(error instanceof CmsFormatError, String(error));
        }
      }),
      { numRuns: 300 },
    );
  });
});
