import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash, sign } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import {
  addSignatureTimestamp,
  assembleSignedData,
  createCmsSignature,
} from "./create-signed-data.ts";
import { parseSignedData } from "./parse-signed-data.ts";
import { buildSignedAttributes } from "./signed-attributes.ts";
import { opensslTimestamp, testPki, testSigner } from "./test-pki.ts";
import { verifyCmsSignature } from "./verify-signed-data.ts";

const pki = testPki();
const content = Buffer.from("Công văn số 123/BNV-VP về việc chuyển đổi số\n".repeat(50));
const digest = createHash("sha256").update(content).digest();

/** Runs `openssl cms -verify` on a detached CMS; throws (non-zero exit) when it does not verify. */
function opensslVerify(cms: Uint8Array) {
  const name = path.join(pki.dir, `cms-${process.hrtime.bigint()}`);
  fs.writeFileSync(`${name}.p7s`, cms);
  fs.writeFileSync(`${name}.txt`, content);
  return execFileSync(
    "openssl",
    [
      "cms",
      "-verify",
      "-binary",
      "-inform",
      "DER",
      "-in",
      `${name}.p7s`,
      "-content",
      `${name}.txt`,
      "-CAfile",
      pki.caFile,
      "-purpose",
      "any",
      "-out",
      "/dev/null",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
}

function opensslPrint(cms: Uint8Array) {
  return execFileSync("openssl", ["cms", "-cmsout", "-print", "-inform", "DER"], {
    input: cms,
  }).toString();
}

describe("CMS signatures", () => {
  it("builds a PAdES-baseline CMS that openssl verifies, with exactly the three signed attributes", async () => {
    const cms = await createCmsSignature({
      signer: testSigner(pki.leader, [pki.ca]),
      contentDigest: digest,
    });
    opensslVerify(cms);
    const printed = opensslPrint(cms);
    assert.match(printed, /id-smime-aa-signingCertificateV2/);
    assert.match(printed, /messageDigest/);
    assert.match(printed, /contentType/);
    assert.doesNotMatch(printed, /signingTime/);
    const result = verifyCmsSignature({ cms, content: [content] });
    assert.equal(result.digestMatches, true);
    assert.equal(result.signatureValid, true);
    assert.equal(result.signingCertificateMatches, true);
    assert.deepEqual(result.parsed.certificates, [pki.leader.certificate, pki.ca.certificate]);
    assert.deepEqual(result.signerCertificate, pki.leader.certificate);
  });

  it("signs with ECDSA P-256 and verifies with openssl and ourselves", async () => {
    const cms = await createCmsSignature({
      signer: testSigner(pki.ecLeader, [pki.ca]),
      contentDigest: digest,
    });
    opensslVerify(cms);
    const result = verifyCmsSignature({ cms, content: [content] });
    assert.equal(result.signatureValid, true);
    assert.equal(result.parsed.keyType, "ec");
  });

  it("adds a signature timestamp over the signature value (B-T), which openssl ts accepts", async () => {
    let imprint: Uint8Array | undefined;
    const cms = await createCmsSignature({
      signer: testSigner(pki.seal, [pki.ca]),
      contentDigest: digest,
      timestamp: async (request) => {
        imprint = request.imprint;
        return opensslTimestamp(request.imprint);
      },
    });
    opensslVerify(cms);
    const parsed = parseSignedData(cms);
    assert.equal(parsed.timestampTokens.length, 1);
    assert.deepEqual(
      imprint,
      new Uint8Array(createHash("sha256").update(parsed.signatureValue).digest()),
    );
    const token = path.join(pki.dir, `tok-${process.hrtime.bigint()}.der`);
    fs.writeFileSync(token, parsed.timestampTokens[0]!);
    execFileSync(
      "openssl",
      [
        "ts",
        "-verify",
        "-digest",
        Buffer.from(imprint!).toString("hex"),
        "-in",
        token,
        "-token_in",
        "-CAfile",
        pki.caFile,
        "-untrusted",
        pki.tsa.certPath,
      ],
      { stdio: "pipe" },
    );
  });

  it("timestamps a CMS made elsewhere, keeping its signature valid", async () => {
    const cms = await createCmsSignature({
      signer: testSigner(pki.leader, [pki.ca]),
      contentDigest: digest,
    });
    const value = parseSignedData(cms).signatureValue;
    const stamped = addSignatureTimestamp({
      cms,
      timestampToken: opensslTimestamp(createHash("sha256").update(value).digest()),
    });
    opensslVerify(stamped);
    assert.equal(parseSignedData(stamped).timestampTokens.length, 1);
  });

  it("assembles a CMS from a raw signature value an external device made over our attributes", () => {
    const attributes = buildSignedAttributes({
      contentDigest: digest,
      digest: "sha256",
      certificate: pki.leader.certificate,
    });
    const handedOut = Buffer.from(attributes.der).toString("base64");
    const signatureValue = sign("sha256", Buffer.from(handedOut, "base64"), pki.leader.key);
    const cms = assembleSignedData({
      signedAttributes: new Uint8Array(Buffer.from(handedOut, "base64")),
      signatureValue,
      certificate: pki.leader.certificate,
      chain: [pki.ca.certificate],
      algorithm: "RSA-SHA256",
    });
    opensslVerify(cms);
  });

  it("verifies an old SHA-1 CMS made by openssl, with its signing time", () => {
    const file = path.join(pki.dir, `sha1-${process.hrtime.bigint()}.txt`);
    fs.writeFileSync(file, content);
    const cms = execFileSync("openssl", [
      "cms",
      "-sign",
      "-binary",
      "-md",
      "sha1",
      "-in",
      file,
      "-signer",
      pki.leader.certPath,
      "-inkey",
      pki.leader.keyPath,
      "-certfile",
      pki.ca.certPath,
      "-outform",
      "DER",
    ]);
    const result = verifyCmsSignature({ cms: new Uint8Array(cms), content: [content] });
    assert.equal(result.parsed.digest, "sha1");
    assert.equal(result.digestMatches, true);
    assert.equal(result.signatureValid, true);
    assert.ok(result.parsed.signingTime instanceof Date);
  });
});
