import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createPdfValidator } from "./pdf-validator.ts";
import { signPdf } from "./sign-pdf.ts";
import { validatePdfSignatures } from "./validate-pdf-signatures.ts";
import { validationFixture } from "./validation-fixture.ts";

const { demo, crls, timestamp, trustAnchors, input } = await validationFixture();

describe("PDF validator kept between documents", () => {
  it("reports what validatePdfSignatures reports, call after call", async () => {
    const byLeader = await signPdf({
      pdf: input,
      signer: demo.leader.signer,
      level: "B-T",
      timestamp,
    });
    const sealed = await signPdf({ pdf: byLeader, signer: demo.seal.signer });
    const at = new Date();
    const expected = await validatePdfSignatures({
      pdf: sealed,
      trustAnchors,
      revocation: { crls },
      at,
    });
    assert.equal(expected.indication, "TOTAL_PASSED", JSON.stringify(expected, null, 1));
    const validator = createPdfValidator({ trustAnchors, revocation: { crls } });
    for (let round = 0; round < 3; round++)
      assert.deepEqual(await validator.validate({ pdf: sealed, at }), expected);
  });

  it("does not carry one document's verdict to a tampered copy or to other revocation data", async () => {
    const signed = await signPdf({ pdf: input, signer: demo.leader.signer });
    const validator = createPdfValidator({ trustAnchors, revocation: { crls } });
    assert.equal((await validator.validate({ pdf: signed })).indication, "TOTAL_PASSED");
    const tampered = new Uint8Array(signed);
    tampered[200] = tampered[200]! ^ 1;
    const report = await validator.validate({ pdf: tampered });
    assert.equal(report.indication, "TOTAL_FAILED");
    assert.equal(report.signatures[0]?.subIndication, "HASH_FAILURE");
    const withoutCrls = createPdfValidator({ trustAnchors });
    assert.equal((await withoutCrls.validate({ pdf: signed })).subIndication, "TRY_LATER");
  });
});
