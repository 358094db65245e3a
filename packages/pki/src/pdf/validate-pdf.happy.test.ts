import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { defaultSealRect } from "./appearance.ts";
import { signPdf } from "./sign-pdf.ts";
import { makeSignaturePng, pdfsig } from "./test-documents.ts";
import { validatePdfSignatures } from "./validate-pdf-signatures.ts";
import { formatValidationReport } from "./validation-report.ts";
import { validationFixture } from "./validation-fixture.ts";

const { demo, crls, timestamp, trustAnchors, input } = await validationFixture();
const leaderRect = { x: 330, y: 120, width: 150, height: 60 };

describe("PDF signature validation", () => {
  it("passes the leader's B-T signature and the agency's B-LT seal, offline from the DSS", async () => {
    const byLeader = await signPdf({
      pdf: input,
      signer: demo.leader.signer,
      level: "B-T",
      timestamp,
      reason: "Ký duyệt",
      visible: {
        page: 1,
        rect: leaderRect,
        appearance: { kind: "image", image: makeSignaturePng() },
      },
    });
    const sealed = await signPdf({
      pdf: byLeader,
      signer: demo.seal.signer,
      level: "B-LT",
      timestamp,
      revocation: { crls, certificates: [demo.root.certificate] },
      visible: {
        page: 1,
        rect: defaultSealRect(leaderRect),
        appearance: { kind: "seal", agencyName: "Bộ Nội vụ" },
      },
    });
    assert.ok(pdfsig(sealed).every((s) => s.valid));
    const report = await validatePdfSignatures({ pdf: sealed, trustAnchors });
    assert.equal(report.indication, "TOTAL_PASSED", JSON.stringify(report, null, 1));
    const [leader, seal] = report.signatures;
    assert.equal(leader?.level, "B-LT");
    assert.equal(leader?.timestamp?.indication, "TOTAL_PASSED");
    assert.equal(leader?.certificate?.revocation?.status, "good");
    assert.equal(leader?.coverage.wholeDocument, false);
    const kinds = new Set(leader?.coverage.laterUpdates.flatMap((u) => u.kinds));
    assert.ok(
      kinds.has("signature") && kinds.has("dss") && !kinds.has("content"),
      [...kinds].join(),
    );
    assert.ok(leader?.coverage.laterUpdates.every((u) => u.allowed));
    assert.equal(seal?.certificate?.chain.length, 3);
    assert.deepEqual(
      seal?.coverage.laterUpdates.map((u) => u.kinds),
      [["dss"]],
    );
    assert.match(seal?.signer?.subject.rfc4514 ?? "", /CN=/);
    const text = formatValidationReport(report);
    assert.match(text, /HỢP LỆ \/ TOTAL_PASSED/);
    assert.match(text, /được phép \/ allowed/);
  });

  it("passes a B-B signature with revocation data given by the caller, and says INDETERMINATE without it", async () => {
    const signed = await signPdf({ pdf: input, signer: demo.leader.signer });
    const report = await validatePdfSignatures({ pdf: signed, trustAnchors, revocation: { crls } });
    assert.equal(
      report.indication,
      "TOTAL_PASSED",
      JSON.stringify(report.signatures[0]?.certificate),
    );
    assert.equal(report.signatures[0]?.coverage.wholeDocument, true);
    assert.equal(report.signatures[0]?.level, "B-B");
    const offline = await validatePdfSignatures({ pdf: signed, trustAnchors });
    assert.equal(offline.indication, "INDETERMINATE");
    assert.equal(offline.subIndication, "TRY_LATER");
  });
});
