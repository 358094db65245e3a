import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import fc from "fast-check";
import { createCmsSignature } from "./create-signed-data.ts";
import { CmsFormatError, parseSignedData } from "./parse-signed-data.ts";
import { testPki, testSigner } from "./test-pki.ts";
import { verifyCmsSignature } from "./verify-signed-data.ts";

const pki = testPki();
const content = Buffer.from("Quyết định số 15/QĐ-BNV\n".repeat(40));
const cms = await createCmsSignature({
  signer: testSigner(pki.leader, [pki.ca]),
  contentDigest: createHash("sha256").update(content).digest(),
});

describe("CMS verification failures", () => {
  it("reports a digest mismatch when the content changed", () => {
    const changed = Buffer.from(content);
    changed[5] = changed[5]! ^ 1;
    const result = verifyCmsSignature({ cms, content: [changed] });
    assert.equal(result.digestMatches, false);
    assert.equal(result.signatureValid, true);
    assert.match(result.problems.join("\n"), /message digest does not match/);
  });

  it("reports an invalid signature value when the signature bytes changed", () => {
    const parsed = parseSignedData(cms);
    const bad = {
      ...parsed,
      signatureValue: parsed.signatureValue.map((b, i) => (i === 10 ? b ^ 1 : b)),
    };
    const result = verifyCmsSignature({ cms: bad, content: [content] });
    assert.equal(result.signatureValid, false);
    assert.equal(result.digestMatches, true);
  });

  it("reports a missing signer certificate when none is embedded", () => {
    const parsed = parseSignedData(cms);
    const result = verifyCmsSignature({
      cms: { ...parsed, signerCertificate: undefined },
      content: [content],
    });
    assert.equal(result.signatureValid, false);
    assert.match(result.problems.join("\n"), /signer certificate not found/);
  });

  it("refuses garbage with a CmsFormatError only", () => {
    for (const bytes of [new Uint8Array(0), new Uint8Array([0x30, 0x80]), Buffer.from("not a cms")])
      assert.throws(() => parseSignedData(bytes), CmsFormatError);
  });

  it("never throws anything but CmsFormatError on mutated or truncated CMS", () => {
    fc.assert(
      fc.property(
        fc.nat({ max: cms.length - 1 }),
        fc.integer({ min: 1, max: 255 }),
        fc.nat({ max: cms.length }),
        (at, xor, cut) => {
          const mutated = cms.slice(0, Math.max(cut, at + 1));
          mutated[at] = mutated[at]! ^ xor;
          try {
            const result = verifyCmsSignature({ cms: mutated, content: [content] });
            assert.equal(typeof result.signatureValid, "boolean");
          } catch (error) {
            assert.ok(error instanceof CmsFormatError, String(error));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
