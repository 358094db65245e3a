import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import { PDF } from "@libpdf/core";
import { opensslTimestamp } from "../cms/test-pki.ts";
import { signPdf } from "./sign-pdf.ts";
import { pdfsig } from "./test-documents.ts";
import { validatePdfSignatures } from "./validate-pdf-signatures.ts";
import { validationFixture } from "./validation-fixture.ts";

const { demo, crls, tsa, timestamp, trustAnchors, input } = await validationFixture();
const validate = (pdf: Uint8Array) =>
  validatePdfSignatures({ pdf, trustAnchors, revocation: { crls } });
const signed = await signPdf({ pdf: input, signer: demo.leader.signer, level: "B-T", timestamp });

describe("PDF signature validation failures", () => {
  it("fails with HASH_FAILURE when a signed byte changed", async () => {
    const changed = new Uint8Array(signed);
    const at = Buffer.from(changed).indexOf("stream", 1000) + 40;
    changed[at] = changed[at]! ^ 0x20;
    const report = await validate(changed);
    assert.equal(report.indication, "TOTAL_FAILED");
    assert.equal(report.signatures[0]?.subIndication, "HASH_FAILURE");
    assert.equal(report.signatures[0]?.integrity.digestMatches, false);
    assert.equal(pdfsig(changed)[0]?.valid, false);
  });

  it("flags page content added in an incremental update after signing", async () => {
    const doc = await PDF.load(signed);
    doc.getPage(0)!.drawText("Nội dung thêm sau khi ký", { x: 60, y: 60 });
    const changed = await doc.save({ incremental: true });
    const report = await validate(changed);
    const [signature] = report.signatures;
    assert.equal(signature?.indication, "INDETERMINATE");
    assert.equal(signature?.subIndication, "SIG_CONSTRAINTS_FAILURE");
    assert.equal(signature?.integrity.signatureValid, true);
    assert.ok(
      signature?.coverage.laterUpdates.some((u) => !u.allowed && u.kinds.includes("content")),
    );
  });

  for (const [name, sub, indication] of [
    ["revoked", "REVOKED", "TOTAL_FAILED"],
    ["expired", "OUT_OF_BOUNDS_NO_POE", "INDETERMINATE"],
    ["untrusted", "NO_CERTIFICATE_CHAIN_FOUND", "INDETERMINATE"],
  ] as const)
    it(`gives ${indication}/${sub} for a signature by the ${name} certificate`, async () => {
      const pdf = await signPdf({ pdf: input, signer: demo[name].signer });
      assert.ok(pdfsig(pdf)[0]?.valid);
      const report = await validate(pdf);
      assert.equal(report.indication, indication);
      assert.equal(
        report.signatures[0]?.subIndication,
        sub,
        JSON.stringify(report.signatures[0]?.certificate),
      );
    });

  it("never passes a truncated file", async () => {
    for (const length of [signed.length - 10, Math.floor(signed.length * 0.9), 1000]) {
      const report = await validate(signed.subarray(0, length));
      assert.notEqual(report.indication, "TOTAL_PASSED");
      assert.ok(
        ["FORMAT_FAILURE", "HASH_FAILURE", "SIGNED_DATA_NOT_FOUND"].includes(
          report.signatures[0]?.subIndication ?? report.subIndication ?? "",
        ),
        JSON.stringify(report),
      );
    }
  });

  it("fails the timestamp with HASH_FAILURE when the token covers another imprint", async () => {
    const pdf = await signPdf({
      pdf: input,
      signer: demo.leader.signer,
      level: "B-T",
      timestamp: async () => opensslTimestamp(randomBytes(32), tsa),
    });
    const report = await validate(pdf);
    const [signature] = report.signatures;
    assert.equal(signature?.timestamp?.indication, "TOTAL_FAILED");
    assert.equal(signature?.timestamp?.subIndication, "HASH_FAILURE");
    assert.equal(signature?.indication, "INDETERMINATE");
    assert.equal(signature?.subIndication, "NO_POE");
  });
});
