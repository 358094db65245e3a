import "reflect-metadata";
import { generateKeyPairSync } from "node:crypto";
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { basicConstraints, keyUsage } from "../demo-ca/extensions.ts";
import { issueCertificate } from "../demo-ca/issue-certificate.ts";
import { buildName } from "../demo-ca/subject-name.ts";
import { keySigner } from "../signers/key-object-signer.ts";
import { validateCertificate } from "./validate-certificate.ts";

describe("path building against hostile intermediates", () => {
  it("stops after a bounded number of signature checks when many look-alike CAs sign each other", async () => {
    const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
    const name = new Uint8Array(buildName({ C: "VN", CN: "Look-alike CA" }).toSchema().toBER());
    const issuer = { name, key: keySigner(privateKey) };
    const validity = {
      notBefore: new Date(Date.now() - 60_000),
      notAfter: new Date(Date.now() + 86_400_000),
    };
    const lookAlikes = await Promise.all(
      Array.from({ length: 40 }, () =>
        issueCertificate({
          subject: { C: "VN", CN: "Look-alike CA" },
          publicKey,
          issuer,
          ...validity,
          extensions: [basicConstraints(true), keyUsage(["keyCertSign"])],
        }),
      ),
    );
    const leaf = await issueCertificate({
      subject: { C: "VN", CN: "Nạn nhân" },
      publicKey,
      issuer,
      ...validity,
      extensions: [],
    });
    const anchor = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
    const root = await issueCertificate({
      subject: { C: "VN", CN: "Real root" },
      publicKey: anchor.publicKey,
      issuer: { key: keySigner(anchor.privateKey) },
      ...validity,
      extensions: [basicConstraints(true)],
    });
    const started = Date.now();
    const result = await validateCertificate({
      certificate: leaf,
      intermediates: lookAlikes,
      trustAnchors: [root],
      revocation: false,
    });
    assert.equal(result.subIndication, "NO_CERTIFICATE_CHAIN_FOUND");
    assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
  });
});
