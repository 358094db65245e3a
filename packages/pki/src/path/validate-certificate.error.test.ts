import "reflect-metadata";
import { generateKeyPairSync } from "node:crypto";
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import * as pkijs from "pkijs";
import { startDemoPkiServer, type DemoPkiServer } from "../demo-ca/demo-server.ts";
import * as ext from "../demo-ca/extensions.ts";
import { issueCertificate } from "../demo-ca/issue-certificate.ts";
import { issueCrl } from "../demo-ca/issue-crl.ts";
import { respondOcsp } from "../demo-ca/respond-ocsp.ts";
import { buildOcspRequest } from "../revocation/ocsp.ts";
import { parseCertificate } from "../x509/certificate.ts";
import { validateCertificate, type ValidateCertificateOptions } from "./validate-certificate.ts";

describe("validateCertificate refuses what it must", () => {
  let server: DemoPkiServer;
  let base: (
    name: "leader" | "revoked" | "expired" | "notYetValid" | "untrusted" | "seal" | "tsa",
  ) => ValidateCertificateOptions;
  before(async () => {
    server = await startDemoPkiServer({ keyType: "EC" });
    const { pki } = server;
    base = (name) => ({
      certificate: pki[name].certificate,
      intermediates: pki[name].chain,
      trustAnchors: [pki.root.certificate],
      revocation: { fetch: { timeoutMs: 2000 } },
    });
  });
  after(() => server.close());

  it("FAILED/REVOKED with time and reason, from OCSP and from a CRL", async () => {
    const viaOcsp = await validateCertificate(base("revoked"));
    assert.equal(viaOcsp.indication, "FAILED");
    assert.equal(viaOcsp.subIndication, "REVOKED");
    assert.equal(viaOcsp.revocation?.reason, "keyCompromise");
    assert.ok(viaOcsp.revocation?.revocationTime instanceof Date);
    assert.equal(viaOcsp.messages[0]?.en, "The certificate has been revoked");
    const viaCrl = await validateCertificate({
      ...base("revoked"),
      revocation: {
        offline: { crls: [await server.pki.crl("issuing-ca"), await server.pki.crl("root-ca")] },
      },
    });
    assert.equal(viaCrl.subIndication, "REVOKED");
    assert.equal(viaCrl.revocation?.source, "crl");
  });

  it("INDETERMINATE/OUT_OF_BOUNDS_NO_POE for an expired certificate, FAILED/NOT_YET_VALID before notBefore", async () => {
    const expired = await validateCertificate(base("expired"));
    assert.deepEqual(
      [expired.indication, expired.subIndication],
      ["INDETERMINATE", "OUT_OF_BOUNDS_NO_POE"],
    );
    const early = await validateCertificate(base("notYetValid"));
    assert.deepEqual([early.indication, early.subIndication], ["FAILED", "NOT_YET_VALID"]);
  });

  it("INDETERMINATE/NO_CERTIFICATE_CHAIN_FOUND for another root, or a missing intermediate", async () => {
    const untrusted = await validateCertificate(base("untrusted"));
    assert.deepEqual(
      [untrusted.indication, untrusted.subIndication],
      ["INDETERMINATE", "NO_CERTIFICATE_CHAIN_FOUND"],
    );
    const noIntermediate = await validateCertificate({ ...base("leader"), intermediates: [] });
    assert.equal(noIntermediate.subIndication, "NO_CERTIFICATE_CHAIN_FOUND");
    assert.deepEqual(noIntermediate.chain, [server.pki.leader.certificate]);
  });

  it("FAILED/SIG_CRYPTO_FAILURE when a certificate's signature was tampered with", async () => {
    const tampered = new Uint8Array(server.pki.leader.certificate);
    tampered[tampered.length - 5]! ^= 0x01;
    const result = await validateCertificate({ ...base("leader"), certificate: tampered });
    assert.deepEqual([result.indication, result.subIndication], ["FAILED", "SIG_CRYPTO_FAILURE"]);
  });

  it("INDETERMINATE/CHAIN_CONSTRAINTS_FAILURE for a wrong purpose, an end entity acting as CA, an unknown critical extension", async () => {
    const { pki } = server;
    const asTsa = await validateCertificate({ ...base("seal"), purpose: "timeStamping" });
    assert.equal(asTsa.subIndication, "CHAIN_CONSTRAINTS_FAILURE");
    assert.equal(
      (await validateCertificate({ ...base("tsa"), purpose: "timeStamping" })).indication,
      "PASSED",
    );
    const leader = parseCertificate(pki.leader.certificate);
    const { publicKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
    const now = Date.now();
    const issued = (extensions: pkijs.Extension[], issuer = pki.leader, issuerCert = leader) =>
      issueCertificate({
        subject: { C: "VN", CN: "Giả mạo" },
        publicKey,
        issuer: {
          name: issuerCert.subjectDer,
          keyIdentifier: Buffer.from(issuerCert.subjectKeyIdentifier!, "hex"),
          key: issuer.signer,
        },
        notBefore: new Date(now - 1000),
        notAfter: new Date(now + 86_400_000),
        extensions,
      });
    const underLeaf = await validateCertificate({
      certificate: await issued([ext.basicConstraints(false)]),
      intermediates: [pki.leader.certificate, ...pki.leader.chain],
      trustAnchors: [pki.root.certificate],
      revocation: false,
    });
    assert.equal(underLeaf.subIndication, "CHAIN_CONSTRAINTS_FAILURE");
    assert.match(underLeaf.messages[0]!.en, /not a CA certificate/);
    const critical = new pkijs.Extension({
      extnID: "2.999.1",
      critical: true,
      extnValue: new Uint8Array([5, 0]).buffer,
    });
    const issuing = parseCertificate(pki.issuingCa.certificate);
    const strange = await validateCertificate({
      certificate: await issued([critical], pki.issuingCa, issuing),
      intermediates: pki.leader.chain,
      trustAnchors: [pki.root.certificate],
      revocation: false,
    });
    assert.equal(strange.subIndication, "CHAIN_CONSTRAINTS_FAILURE");
    assert.match(strange.messages[0]!.en, /critical extension/);
  });

  it("INDETERMINATE/TRY_LATER when no revocation source answers, with the reasons", async () => {
    const { pki } = server;
    const result = await validateCertificate({ ...base("leader"), revocation: {} });
    assert.deepEqual([result.indication, result.subIndication], ["INDETERMINATE", "TRY_LATER"]);
    const wrongCrl = await validateCertificate({
      ...base("leader"),
      revocation: { offline: { crls: [new Uint8Array([0x30, 0x00]), await pki.crl("root-ca")] } },
    });
    assert.equal(wrongCrl.subIndication, "TRY_LATER");
    assert.ok(wrongCrl.messages.some((m) => /malformed CRL/.test(m.en)));
  });

  it("refuses a CRL and an OCSP answer saying 'not revoked' when they are signed by another key", async () => {
    const { pki } = server;
    const impostor = {
      ...pki.authorities["issuing-ca"],
      signer: pki.untrustedRoot.signer,
      revoked: new Map(),
    };
    const now = new Date();
    const forgedCrl = await issueCrl({
      authority: impostor,
      thisUpdate: now,
      nextUpdate: new Date(now.getTime() + 3_600_000),
      crlNumber: 1,
    });
    const request = buildOcspRequest({
      certificate: parseCertificate(pki.revoked.certificate),
      issuer: parseCertificate(pki.issuingCa.certificate),
    });
    const forgedOcsp = await respondOcsp({
      authorities: [impostor],
      responder: pki.untrusted.signer,
      request,
      now,
    });
    const result = await validateCertificate({
      ...base("revoked"),
      revocation: {
        offline: { crls: [forgedCrl, await pki.crl("root-ca")], ocspResponses: [forgedOcsp] },
      },
    });
    assert.equal(result.subIndication, "TRY_LATER");
    assert.ok(result.messages.some((m) => m.en === "CRL signature is invalid"));
    assert.ok(
      result.messages.some((m) => /not signed by the CA or its delegated responder/.test(m.en)),
    );
  });

  it("FAILED/FORMAT_FAILURE for bytes that are not a certificate", async () => {
    const result = await validateCertificate({
      ...base("leader"),
      certificate: new Uint8Array([1, 2, 3]),
    });
    assert.deepEqual([result.indication, result.subIndication], ["FAILED", "FORMAT_FAILURE"]);
  });
});
