import "reflect-metadata";
import { execFileSync } from "node:child_process";
import { createPublicKey, generateKeyPairSync, verify } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createDemoPki, type DemoCredential, type DemoPki } from "../demo-ca/create-demo-pki.ts";
import { basicConstraints, keyUsage } from "../demo-ca/extensions.ts";
import { issueCertificate } from "../demo-ca/issue-certificate.ts";
import { parseCertificate } from "../x509/certificate.ts";
import { PkiError } from "../x509/errors.ts";
import { keyObjectSigner } from "./key-object-signer.ts";
import { pkcs11Signer } from "./pkcs11-signer.ts";
import { pkcs12Signer } from "./pkcs12-signer.ts";
import { exportPkcs12 } from "./pkcs12.ts";

const MODULE = "/usr/lib/softhsm/libsofthsm2.so";
const DATA = new TextEncoder().encode("Tờ trình số 01/TTr-VP");

/** Checks a Signer's output with node:crypto against the public key in its certificate. */
function verifiesWithCertificate(
  signer: { certificate: Uint8Array; algorithm: string },
  signature: Uint8Array,
) {
  const key = createPublicKey({
    key: Buffer.from(parseCertificate(signer.certificate).spki),
    format: "der",
    type: "spki",
  });
  const digest = signer.algorithm.endsWith("384") ? "sha384" : "sha256";
  return verify(digest, DATA, key, signature);
}

/** An RSA 2048 end-entity credential under the EC demo CA: one RSA key instead of a whole RSA PKI. */
async function rsaCredential(pki: DemoPki): Promise<DemoCredential> {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const issuer = parseCertificate(pki.issuingCa.certificate);
  const certificate = await issueCertificate({
    subject: { C: "VN", O: "Bộ Nội vụ", CN: "Bộ Nội vụ" },
    publicKey,
    issuer: {
      name: issuer.subjectDer,
      keyIdentifier: Buffer.from(issuer.subjectKeyIdentifier!, "hex"),
      key: pki.issuingCa.signer,
    },
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 86_400_000),
    extensions: [basicConstraints(false), keyUsage(["digitalSignature", "nonRepudiation"])],
  });
  const chain = [pki.issuingCa.certificate, pki.root.certificate];
  return {
    key: privateKey,
    certificate,
    chain,
    signer: keyObjectSigner({ key: privateKey, certificate, chain }),
  };
}

describe("signers", () => {
  let ec: DemoPki;
  let rsa: { seal: DemoCredential; leader: DemoCredential };
  let dir: string;
  before(async () => {
    ec = await createDemoPki({ keyType: "EC" });
    rsa = { seal: await rsaCredential(ec), leader: await rsaCredential(ec) };
    dir = mkdtempSync(path.join(tmpdir(), "pki-hsm-"));
    writeFileSync(
      path.join(dir, "softhsm2.conf"),
      `directories.tokendir = ${dir}\nobjectstore.backend = file\n`,
    );
    process.env.SOFTHSM2_CONF = path.join(dir, "softhsm2.conf");
    execFileSync(
      "softhsm2-util",
      ["--init-token", "--free", "--label", "lienthong", "--pin", "1234", "--so-pin", "5678"],
      { stdio: "ignore" },
    );
    const load = (credential: DemoCredential, id: string, label: string) => {
      writeFileSync(
        path.join(dir, `${label}.key`),
        credential.key.export({ format: "der", type: "pkcs8" }),
      );
      writeFileSync(path.join(dir, `${label}.crt`), credential.certificate);
      for (const [type, file] of [
        ["privkey", `${label}.key`],
        ["cert", `${label}.crt`],
      ])
        execFileSync(
          "pkcs11-tool",
          [
            "--module",
            MODULE,
            "--token-label",
            "lienthong",
            "--login",
            "--pin",
            "1234",
            "--write-object",
            path.join(dir, file!),
            "--type",
            type!,
            "--id",
            id,
            "--label",
            label,
          ],
          { stdio: "ignore", env: process.env },
        );
    };
    load(rsa.seal, "01", "seal-rsa");
    load(ec.seal, "02", "seal-ec");
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("signs with an RSA key held in SoftHSM2, verified by node:crypto and openssl", async () => {
    const signer = pkcs11Signer({
      module: MODULE,
      tokenLabel: "lienthong",
      pin: "1234",
      keyLabel: "seal-rsa",
      chain: rsa.seal.chain,
    });
    try {
      assert.deepEqual(signer.certificate, rsa.seal.certificate);
      assert.equal(signer.algorithm, "RSA-SHA256");
      const signature = await signer.sign(DATA);
      assert.ok(verifiesWithCertificate(signer, signature));
      writeFileSync(path.join(dir, "data.txt"), DATA);
      writeFileSync(path.join(dir, "sig.bin"), signature);
      execFileSync("openssl", [
        "x509",
        "-inform",
        "DER",
        "-in",
        path.join(dir, "seal-rsa.crt"),
        "-pubkey",
        "-noout",
        "-out",
        path.join(dir, "pub.pem"),
      ]);
      const out = execFileSync("openssl", [
        "dgst",
        "-sha256",
        "-verify",
        path.join(dir, "pub.pem"),
        "-signature",
        path.join(dir, "sig.bin"),
        path.join(dir, "data.txt"),
      ]);
      assert.match(out.toString(), /Verified OK/);
    } finally {
      signer.close();
    }
  });

  it("signs with an ECDSA P-256 key by CKA_ID, turning PKCS#11's r‖s into DER", async () => {
    const signer = pkcs11Signer({
      module: MODULE,
      tokenLabel: "lienthong",
      pin: "1234",
      keyId: "02",
    });
    try {
      assert.equal(signer.algorithm, "ECDSA-SHA256");
      for (let i = 0; i < 5; i++)
        assert.ok(verifiesWithCertificate(signer, await signer.sign(DATA)));
    } finally {
      signer.close();
    }
  });

  it("refuses a wrong PIN, a missing key and a missing token with token_error", () => {
    const tokenError = (e: unknown) => e instanceof PkiError && e.code === "token_error";
    assert.throws(
      () =>
        pkcs11Signer({
          module: MODULE,
          tokenLabel: "lienthong",
          pin: "0000",
          keyLabel: "seal-rsa",
        }),
      tokenError,
    );
    assert.throws(
      () =>
        pkcs11Signer({ module: MODULE, tokenLabel: "lienthong", pin: "1234", keyLabel: "none" }),
      tokenError,
    );
    assert.throws(
      () =>
        pkcs11Signer({ module: MODULE, tokenLabel: "other", pin: "1234", keyLabel: "seal-rsa" }),
      tokenError,
    );
  });

  it("signs from a PKCS#12 file and from a key object, and refuses a key that is not the certificate's", async () => {
    const p12 = exportPkcs12({ ...rsa.leader, password: "123456" });
    const fromFile = pkcs12Signer({ bytes: p12, password: "123456" });
    assert.deepEqual(fromFile.chain, rsa.leader.chain);
    assert.ok(verifiesWithCertificate(fromFile, await fromFile.sign(DATA)));
    const ecSigner = keyObjectSigner({ key: ec.leader.key, certificate: ec.leader.certificate });
    assert.ok(verifiesWithCertificate(ecSigner, await ecSigner.sign(DATA)));
    assert.throws(
      () => keyObjectSigner({ key: ec.leader.key, certificate: rsa.leader.certificate }),
      (e: unknown) => e instanceof PkiError && e.code === "key_mismatch",
    );
  });
});
