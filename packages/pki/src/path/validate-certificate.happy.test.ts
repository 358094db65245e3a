import "reflect-metadata";
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { startDemoPkiServer, type DemoPkiServer } from "../demo-ca/demo-server.ts";
import { createRevocationCache } from "../revocation/cache.ts";
import { parseCrl } from "../revocation/crl.ts";
import { parseOcspResponse } from "../revocation/ocsp.ts";
import { validateCertificate } from "./validate-certificate.ts";

describe("validateCertificate against the demo PKI served over HTTP", () => {
  let server: DemoPkiServer;
  before(async () => {
    server = await startDemoPkiServer({ keyType: "EC" });
  });
  after(() => server.close());

  it("passes the leader's certificate, fetching OCSP for it and the root's CRL for the issuing CA", async () => {
    const { pki } = server;
    const result = await validateCertificate({
      certificate: pki.leader.certificate,
      intermediates: pki.leader.chain,
      trustAnchors: [pki.root.certificate],
      revocation: { fetch: { timeoutMs: 2000 } },
      purpose: "documentSigning",
    });
    assert.equal(result.indication, "PASSED", JSON.stringify(result.messages));
    assert.deepEqual(result.chain, [
      pki.leader.certificate,
      pki.issuingCa.certificate,
      pki.root.certificate,
    ]);
    assert.equal(result.revocation?.status, "good");
    assert.equal(result.revocation?.source, "ocsp");
    assert.equal(result.revocationData.ocspResponses.length, 1);
    assert.equal(result.revocationData.crls.length, 1);
    assert.equal(
      parseOcspResponse(result.revocationData.ocspResponses[0]!).responses[0]?.status,
      "good",
    );
    assert.equal(
      parseCrl(result.revocationData.crls[0]!).issuer.rfc4514,
      "CN=Liên Thông Demo Root CA,O=Liên Thông (thử nghiệm / demo),C=VN",
    );
    assert.equal(server.hits.get("/pki/ocsp"), 1);
    assert.equal(server.hits.get("/pki/crl/root-ca.crl"), 1);
    assert.equal(result.messages[0]?.vi, "Chứng thư hợp lệ tại thời điểm kiểm tra");
  });

  it("validates offline from the revocation data a previous validation returned (as a PDF's DSS carries it)", async () => {
    const { pki } = server;
    const first = await validateCertificate({
      certificate: pki.seal.certificate,
      intermediates: pki.seal.chain,
      trustAnchors: [pki.root.certificate],
      revocation: { fetch: true },
    });
    const before = new Map(server.hits);
    const offline = await validateCertificate({
      certificate: pki.seal.certificate,
      intermediates: [...pki.seal.chain].reverse(),
      trustAnchors: [pki.root.certificate],
      revocation: { offline: first.revocationData },
    });
    assert.equal(offline.indication, "PASSED");
    assert.deepEqual(server.hits, before);
  });

  it("serves repeated validations from the cache until nextUpdate", async () => {
    const { pki } = server;
    const cache = createRevocationCache();
    const run = () =>
      validateCertificate({
        certificate: pki.seal.certificate,
        intermediates: pki.seal.chain,
        trustAnchors: [pki.root.certificate],
        revocation: { cache, fetch: true },
      });
    const ocspBefore = server.hits.get("/pki/ocsp") ?? 0;
    for (let i = 0; i < 5; i++) assert.equal((await run()).indication, "PASSED");
    assert.equal(server.hits.get("/pki/ocsp"), ocspBefore + 1);
  });

  it("falls back to the CRL when OCSP is unreachable, and accepts the delegated responder's own certificate without a check", async () => {
    const { pki } = server;
    const result = await validateCertificate({
      certificate: pki.ocspResponder.certificate,
      intermediates: pki.ocspResponder.chain,
      trustAnchors: [pki.root.certificate],
      revocation: { fetch: true },
      purpose: "ocspSigning",
    });
    assert.equal(result.indication, "PASSED");
    assert.equal(result.revocation, undefined);
    const crlOnly = await validateCertificate({
      certificate: pki.leader.certificate,
      intermediates: pki.leader.chain,
      trustAnchors: [pki.root.certificate],
      revocation: { offline: { crls: [await pki.crl("issuing-ca"), await pki.crl("root-ca")] } },
    });
    assert.equal(crlOnly.indication, "PASSED");
    assert.equal(crlOnly.revocation?.source, "crl");
  });

  it("validates a certificate at a past time when it was still valid (point in time)", async () => {
    const { pki } = server;
    const whileValid = new Date(Date.now() - 30 * 86_400_000);
    const result = await validateCertificate({
      certificate: pki.expired.certificate,
      intermediates: pki.expired.chain,
      trustAnchors: [pki.root.certificate],
      at: whileValid,
      revocation: false,
    });
    assert.equal(result.indication, "PASSED");
    assert.deepEqual(result.messages[1], {
      vi: "Không kiểm tra tình trạng thu hồi",
      en: "Revocation status was not checked",
    });
    const revokedEarlier = await validateCertificate({
      certificate: pki.revoked.certificate,
      intermediates: pki.revoked.chain,
      trustAnchors: [pki.root.certificate],
      at: new Date(Date.now() - 2 * 3_600_000),
      revocation: { fetch: true },
    });
    assert.equal(revokedEarlier.indication, "PASSED");
    assert.equal(revokedEarlier.revocation?.reason, "keyCompromise");
  });
});
