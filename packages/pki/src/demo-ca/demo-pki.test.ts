import "reflect-metadata";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { describeCertificate } from "../x509/describe.ts";
import { toPem } from "../x509/pem.ts";
import { createDemoPki, type DemoPki } from "./create-demo-pki.ts";

const NAMES = [
  "root",
  "issuingCa",
  "seal",
  "leader",
  "revoked",
  "expired",
  "notYetValid",
  "untrusted",
  "tsa",
  "ocspResponder",
] as const;

describe("demo PKI checked by openssl", () => {
  let dir: string;
  let pki: DemoPki;
  /** Runs openssl with a space-separated command line; `@name` stands for a file in the temp dir. */
  const openssl = (line: string) => {
    const args = line.split(" ").map((a) => (a.startsWith("@") ? path.join(dir, a.slice(1)) : a));
    const run = spawnSync("openssl", args, { encoding: "utf8" });
    return { status: run.status, out: `${run.stdout}${run.stderr}` };
  };
  const verifyChain = "verify -CAfile @root.pem -untrusted @issuingCa.pem";

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "pki-demo-"));
    pki = await createDemoPki({ baseUrl: "http://127.0.0.1:8099/pki" });
    for (const name of NAMES)
      writeFileSync(path.join(dir, `${name}.pem`), toPem(pki[name].certificate, "CERTIFICATE"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("chains every valid certificate to the root, and refuses expired, not-yet-valid and untrusted ones", () => {
    for (const name of ["leader", "seal", "tsa", "ocspResponder", "revoked"])
      assert.equal(openssl(`${verifyChain} @${name}.pem`).status, 0, name);
    assert.match(openssl(`${verifyChain} @expired.pem`).out, /certificate has expired/);
    assert.match(openssl(`${verifyChain} @notYetValid.pem`).out, /certificate is not yet valid/);
    assert.match(
      openssl(`${verifyChain} @untrusted.pem`).out,
      /unable to get local issuer certificate/,
    );
  });

  it("writes the profiles openssl x509 -text shows: seal with agency code, TSA with critical timeStamping", () => {
    const names = "-nameopt utf8,sep_comma_plus_space";
    assert.match(
      openssl(`x509 -in @seal.pem -noout -subject ${names}`).out,
      /O=Bộ Nội vụ, organizationIdentifier=000\.00\.00\.G22, CN=Bộ Nội vụ/,
    );
    const leader = openssl(`x509 -in @leader.pem -noout -text ${names}`).out;
    assert.match(leader, /title=Thứ trưởng, CN=Nguyễn Văn An, UID=CCCD:001080012345/);
    assert.match(leader, /Digital Signature, Non Repudiation/);
    assert.match(leader, /URI:http:\/\/127\.0\.0\.1:8099\/pki\/crl\/issuing-ca\.crl/);
    assert.match(leader, /OCSP - URI:http:\/\/127\.0\.0\.1:8099\/pki\/ocsp/);
    assert.match(
      openssl("x509 -in @tsa.pem -noout -text").out,
      /Extended Key Usage: critical\s+Time Stamping/,
    );
    const ocsp = openssl("x509 -in @ocspResponder.pem -noout -text").out;
    assert.match(ocsp, /OCSP Signing/);
    assert.match(ocsp, /OCSP No Check/);
    const issuing = describeCertificate(pki.issuingCa.certificate);
    assert.deepEqual(issuing.basicConstraints, { ca: true, pathLength: 0 });
    assert.deepEqual(issuing.keyUsage, ["keyCertSign", "cRLSign"]);
  });

  it("issues a CRL openssl verifies, listing the revoked certificate with its reason", async () => {
    writeFileSync(path.join(dir, "issuing.crl"), await pki.crl("issuing-ca"));
    const text = openssl(
      "crl -inform DER -in @issuing.crl -CAfile @issuingCa.pem -noout -text",
    ).out;
    assert.match(text, /verify OK/);
    const serial = describeCertificate(pki.revoked.certificate)
      .serialNumber.toUpperCase()
      .replace(/^0+/, "");
    assert.match(text, new RegExp(`Serial Number: 0*${serial}`));
    assert.match(text, /Key Compromise/);
    openssl("crl -inform DER -in @issuing.crl -out @issuing-crl.pem");
    const crlCheck = openssl(
      `${verifyChain} -crl_check -CRLfile @issuing-crl.pem @revoked.pem`,
    ).out;
    assert.match(crlCheck, /certificate revoked/);
    assert.equal(
      openssl(`${verifyChain} -crl_check -CRLfile @issuing-crl.pem @leader.pem`).status,
      0,
    );
  });

  it("answers OCSP requests made by openssl: good, revoked with reason, nonce echoed, signature verified", async () => {
    openssl("ocsp -issuer @issuingCa.pem -cert @leader.pem -cert @revoked.pem -reqout @req.der");
    const response = await pki.respondOcsp(new Uint8Array(readFileSync(path.join(dir, "req.der"))));
    writeFileSync(path.join(dir, "resp.der"), response);
    const withNonce = openssl(
      "ocsp -respin @resp.der -reqin @req.der -CAfile @root.pem -verify_other @issuingCa.pem",
    ).out;
    assert.match(withNonce, /Response verify OK/);
    assert.doesNotMatch(withNonce, /nonce/i);
    const statuses = openssl(
      "ocsp -respin @resp.der -no_nonce -CAfile @root.pem -issuer @issuingCa.pem -cert @leader.pem -cert @revoked.pem",
    ).out;
    assert.match(statuses, /Response verify OK/);
    assert.match(statuses, /leader\.pem: good/);
    assert.match(statuses, /revoked\.pem: revoked[\s\S]*Reason: keyCompromise/);
  });

  it("answers a garbage OCSP request with malformedRequest instead of throwing", async () => {
    writeFileSync(
      path.join(dir, "bad.der"),
      await pki.respondOcsp(new Uint8Array([0x30, 0x03, 0x02, 0x01])),
    );
    assert.match(openssl("ocsp -respin @bad.der -resp_text -noverify").out, /malformedrequest/i);
  });
});
