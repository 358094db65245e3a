import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import {
  parseOcspResponse,
  requestTimestamp,
  toPem,
  validateCertificate,
  verifyTimestampToken,
} from "@lienthong/pki";
import { sql } from "kysely";
import { createTestPlatform } from "../../core/testing/platform.ts";
import type { Platform } from "../../platform.ts";
import { DEMO_TSA_POLICY, trustCa } from "./index.ts";

describe("trust module: the platform's demo CA over HTTP", () => {
  let platform: Platform;
  let base: string;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lt-trust-"));
  before(async () => {
    platform = await createTestPlatform({ listen: true });
    base = platform.ctx.config.publicUrl.replace(/\/$/, "");
  });
  after(async () => {
    await platform.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("serves the CA certificates and a CRL, and answers OCSP for a certificate it issued", async () => {
    const root = new Uint8Array(await (await fetch(`${base}/pki/ca/root-ca.crt`)).arrayBuffer());
    const { signers } = await trustCa(platform.ctx);
    assert.deepEqual(root, signers.get("root-ca")!.certificate);
    const leader = signers.get("leader")!;
    const result = await validateCertificate({
      certificate: leader.certificate,
      intermediates: leader.chain,
      trustAnchors: [root],
      revocation: { fetch: true },
      purpose: "documentSigning",
    });
    assert.equal(result.indication, "PASSED", JSON.stringify(result.messages));
    assert.equal(result.revocation?.source, "ocsp");
    assert.equal(
      result.revocationData.crls.length,
      1,
      "the issuing CA is checked against the root's CRL",
    );
    const crl = await fetch(`${base}/pki/crl/issuing-ca.crl`);
    assert.equal(crl.headers.get("content-type"), "application/pkix-crl");
    assert.equal((await fetch(`${base}/pki/crl/other.crl`)).status, 404);
  });

  it("answers openssl ocsp over HTTP, verified against the served root", async () => {
    const { signers } = await trustCa(platform.ctx);
    fs.writeFileSync(
      path.join(dir, "root.pem"),
      toPem(signers.get("root-ca")!.certificate, "CERTIFICATE"),
    );
    fs.writeFileSync(
      path.join(dir, "issuing.pem"),
      toPem(signers.get("issuing-ca")!.certificate, "CERTIFICATE"),
    );
    fs.writeFileSync(
      path.join(dir, "seal.pem"),
      toPem(signers.get("seal")!.certificate, "CERTIFICATE"),
    );
    // Asynchronous: the platform answering openssl runs in this very process.
    const run = await promisify(execFile)(
      "openssl",
      [
        "ocsp",
        "-issuer",
        "issuing.pem",
        "-cert",
        "seal.pem",
        "-url",
        `${base}/pki/ocsp`,
        "-CAfile",
        "root.pem",
      ],
      { cwd: dir, encoding: "utf8", timeout: 20_000 },
    );
    assert.match(run.stderr, /Response verify OK/);
    assert.match(run.stdout, /seal\.pem: good/);
    const garbage = await fetch(`${base}/pki/ocsp`, {
      method: "POST",
      headers: { "content-type": "application/ocsp-request" },
      body: new Uint8Array([1, 2, 3]),
    });
    assert.equal(parseOcspResponse(new Uint8Array(await garbage.arrayBuffer())).responseStatus, 1);
  });

  it("stamps time at /pki/tsa with a token that verifies under the platform's root", async () => {
    const { signers } = await trustCa(platform.ctx);
    const digest = createHash("sha256").update("văn bản").digest();
    const token = await requestTimestamp({ url: `${base}/pki/tsa`, digest });
    const result = await verifyTimestampToken({
      token,
      digest,
      trustAnchors: [signers.get("root-ca")!.certificate],
    });
    assert.equal(result.valid, true, JSON.stringify(result.messages));
    assert.equal(result.policy, DEMO_TSA_POLICY);
    const second = await verifyTimestampToken({
      token: await requestTimestamp({ url: `${base}/pki/tsa`, digest }),
      trustAnchors: [],
    });
    assert.notEqual(second.serialNumber, result.serialNumber);
  });

  it("refuses oversized and mistyped requests before any cryptography", async () => {
    const big = await fetch(`${base}/pki/tsa`, {
      method: "POST",
      headers: { "content-type": "application/timestamp-query" },
      body: new Uint8Array(70 * 1024),
    });
    assert.equal(big.status, 413);
    const json = await fetch(`${base}/pki/ocsp`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    assert.equal(json.status, 415);
  });

  it("keeps private keys sealed with the master key in the database", async () => {
    const { rows } = await sql<{
      name: string;
      sealed_key: string;
    }>`select name, sealed_key from tru_credentials`.execute(platform.ctx.db);
    assert.deepEqual(rows.map((r) => r.name).sort(), [
      "issuing-ca",
      "leader",
      "ocsp-responder",
      "root-ca",
      "seal",
      "tsa",
    ]);
    for (const row of rows) {
      assert.match(row.sealed_key, /^v1\./);
      assert.doesNotMatch(row.sealed_key, /PRIVATE KEY/);
    }
  });
});
