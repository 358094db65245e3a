import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash, sign } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { PDF } from "@libpdf/core";
import { createCmsSignature } from "../cms/create-signed-data.ts";
import { opensslTimestamp, testPki, testSigner } from "../cms/test-pki.ts";
import { defaultSealRect } from "./appearance.ts";
import {
  embedPdfSignature,
  embedRawPdfSignature,
  preparePdfSignature,
} from "./prepare-signature.ts";
import { signPdf } from "./sign-pdf.ts";
import { makeSignaturePng, makeTestPdf, pdfsig } from "./test-documents.ts";

const pki = testPki();
const input = await makeTestPdf({ pages: 3 });
const timestamp = async ({ imprint }: { imprint: Uint8Array }) => opensslTimestamp(imprint);
const leaderRect = { x: 330, y: 120, width: 150, height: 60 };

/**
 * The DER element at the start of a zero-padded /Contents value. Its length comes from its header:
 * trimming trailing zeros would also cut a last content byte that happens to be 0x00.
 */
function derElement(padded: Buffer): Buffer {
  const first = padded[1]!;
  if (first < 0x80) return padded.subarray(0, 2 + first);
  const count = first & 0x7f;
  const length = padded.subarray(2, 2 + count).reduce((total, byte) => total * 256 + byte, 0);
  return padded.subarray(0, 2 + count + length);
}

/** The last signature's CMS and signed bytes, checked with `openssl cms -verify`. */
function opensslVerifyLast(pdf: Uint8Array) {
  const text = Buffer.from(pdf).toString("latin1");
  const range = [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)].at(
    -1,
  )!;
  const [a, b, c, d] = range.slice(1, 5).map(Number) as [number, number, number, number];
  const der = derElement(Buffer.from(text.slice(a + b + 1, c - 1), "hex"));
  const dir = fs.mkdtempSync(path.join(pki.dir, "pdf-"));
  fs.writeFileSync(path.join(dir, "sig.p7s"), der);
  fs.writeFileSync(
    path.join(dir, "content"),
    Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]),
  );
  execFileSync(
    "openssl",
    [
      "cms",
      "-verify",
      "-binary",
      "-inform",
      "DER",
      "-in",
      "sig.p7s",
      "-content",
      "content",
      "-CAfile",
      pki.caFile,
      "-purpose",
      "any",
      "-out",
      "/dev/null",
    ],
    { cwd: dir, stdio: "pipe" },
  );
}

describe("PAdES signing", () => {
  it("signs B-B invisibly: pdfsig says valid and total, openssl verifies the CMS", async () => {
    const signed = await signPdf({
      pdf: input,
      signer: testSigner(pki.leader, [pki.ca]),
      reason: "Ký duyệt",
      location: "Hà Nội",
    });
    const [only, ...rest] = pdfsig(signed);
    assert.equal(rest.length, 0);
    assert.ok(only?.valid, only?.text);
    assert.ok(only.totalDocument, only.text);
    assert.match(only.text, /ETSI\.CAdES\.detached/);
    assert.deepEqual(signed.subarray(0, input.length), input);
    opensslVerifyLast(signed);
  });

  it("keeps the leader's visible signature valid when the agency seal follows (B-T)", async () => {
    const leader = await signPdf({
      pdf: input,
      signer: testSigner(pki.leader, [pki.ca]),
      level: "B-T",
      timestamp,
      visible: {
        page: 1,
        rect: leaderRect,
        appearance: { kind: "image", image: makeSignaturePng() },
      },
    });
    const sealed = await signPdf({
      pdf: leader,
      signer: testSigner(pki.seal, [pki.ca]),
      level: "B-T",
      timestamp,
      signingTime: new Date("2026-03-05T02:04:05Z"),
      visible: {
        page: 1,
        rect: defaultSealRect(leaderRect),
        appearance: { kind: "seal", agencyName: "Bộ Nội vụ" },
      },
    });
    const [first, second] = pdfsig(sealed);
    assert.ok(first?.valid && !first.totalDocument, first?.text);
    assert.ok(second?.valid && second.totalDocument, second?.text);
    opensslVerifyLast(sealed);
    const doc = await PDF.load(sealed);
    const annots = doc.getPage(0)!.dict.getArray("Annots", doc.context.resolve.bind(doc.context));
    assert.equal(annots?.length, 2);
  });

  it("adds a DSS with certificates and the CRL at B-LT, after which both signatures stay valid", async () => {
    const first = await signPdf({ pdf: input, signer: testSigner(pki.leader, [pki.ca]) });
    const signed = await signPdf({
      pdf: first,
      signer: testSigner(pki.seal, [pki.ca]),
      level: "B-LT",
      timestamp,
      revocation: { crls: [pki.crl], certificates: [pki.root.certificate] },
    });
    assert.ok(pdfsig(signed).every((s) => s.valid));
    const doc = await PDF.load(signed);
    const resolve = doc.context.resolve.bind(doc.context);
    const dss = doc.getCatalog().getDict("DSS", resolve)!;
    assert.equal(dss.getArray("CRLs", resolve)?.length, 1);
    assert.equal(dss.getArray("Certs", resolve)?.length, 4);
  });

  it("signs with ECDSA", async () => {
    const signed = await signPdf({ pdf: input, signer: testSigner(pki.ecLeader, [pki.ca]) });
    assert.ok(pdfsig(signed)[0]?.valid);
    opensslVerifyLast(signed);
  });

  it("signs externally: prepare, hand out the digest, embed the returned CMS", async () => {
    const prepared = await preparePdfSignature({ pdf: input, reason: "Ký bằng USB token" });
    const device = testSigner(pki.leader, [pki.ca]);
    const cms = await createCmsSignature({ signer: device, contentDigest: prepared.contentDigest });
    const signed = embedPdfSignature({ prepared, cms });
    assert.ok(pdfsig(signed)[0]?.valid);
    const other = await preparePdfSignature({ pdf: input });
    assert.throws(
      () => embedPdfSignature({ prepared: other, cms }),
      /does not sign this prepared document/,
    );
  });

  it("signs externally with a raw signature value over signed attributes we built", async () => {
    const prepared = await preparePdfSignature({
      pdf: input,
      certificate: pki.leader.certificate,
      algorithm: "RSA-SHA256",
    });
    const handedOut = Buffer.from(prepared.signedAttributes!).toString("base64");
    const signatureValue = sign("sha256", Buffer.from(handedOut, "base64"), pki.leader.key);
    const imprint = createHash("sha256").update(signatureValue).digest();
    const signed = embedRawPdfSignature({
      prepared,
      signatureValue,
      chain: [pki.ca.certificate],
      timestampToken: opensslTimestamp(imprint),
    });
    const [only] = pdfsig(signed);
    assert.ok(only?.valid && only.totalDocument, only?.text);
    opensslVerifyLast(signed);
  });
});
