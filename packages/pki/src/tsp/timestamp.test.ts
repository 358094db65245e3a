import "reflect-metadata";
import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { startDemoPkiServer, type DemoPkiServer } from "../demo-ca/demo-server.ts";
import { toPem } from "../x509/pem.ts";
import { tokenFromResponse } from "./parse-token.ts";
import { requestTimestamp } from "./request-timestamp.ts";
import { respondTimestamp } from "./respond-timestamp.ts";
import { verifyTimestampToken } from "./verify-timestamp.ts";

const POLICY = "2.999.3161.1";

describe("RFC 3161 timestamps, checked against openssl ts", () => {
  let server: DemoPkiServer;
  let dir: string;
  let serial = 0n;
  const file = (name: string) => path.join(dir, name);
  const openssl = (line: string) => {
    const run = spawnSync(
      "openssl",
      line.split(" ").map((a) => (a.startsWith("@") ? file(a.slice(1)) : a)),
      { encoding: "utf8" },
    );
    return { status: run.status, out: `${run.stdout}${run.stderr}` };
  };
  const tsa = (request: Uint8Array) =>
    respondTimestamp({
      request,
      signer: server.pki.tsa.signer,
      serial: ++serial,
      now: new Date(),
      policy: POLICY,
    });

  before(async () => {
    server = await startDemoPkiServer();
    server.routes.set("/pki/tsa", async (body) => ({
      type: "application/timestamp-reply",
      body: await tsa(body),
    }));
    dir = mkdtempSync(path.join(tmpdir(), "pki-tsp-"));
    writeFileSync(file("data.txt"), "Quyết định số 15/QĐ-BNV");
    writeFileSync(file("root.pem"), toPem(server.pki.root.certificate, "CERTIFICATE"));
    writeFileSync(file("chain.pem"), toPem(server.pki.issuingCa.certificate, "CERTIFICATE"));
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await server.close();
  });

  it("answers openssl ts -query with a reply openssl ts -verify accepts, nonce and policy echoed", async () => {
    openssl("ts -query -data @data.txt -sha256 -cert -out @q.tsq");
    writeFileSync(file("r.tsr"), await tsa(new Uint8Array(readFileSync(file("q.tsq")))));
    const text = openssl("ts -reply -in @r.tsr -text").out;
    assert.match(text, /Status: Granted/);
    assert.match(text, new RegExp(`Policy OID: ${POLICY.replace(/\./g, "\\.")}`));
    assert.match(text, /Accuracy: 0x01 seconds/);
    const nonce = /Nonce: (0x[0-9A-F]+)/.exec(openssl("ts -query -in @q.tsq -text").out)?.[1];
    assert.ok(nonce && text.includes(`Nonce: ${nonce}`));
    assert.match(
      openssl("ts -verify -queryfile @q.tsq -in @r.tsr -CAfile @root.pem -untrusted @chain.pem")
        .out,
      /Verification: OK/,
    );
    assert.match(
      openssl("ts -verify -data @data.txt -in @r.tsr -CAfile @root.pem -untrusted @chain.pem").out,
      /Verification: OK/,
    );
  });

  it("requests a token over HTTP and verifies it: imprint, signature, signing-certificate-v2, TSA chain", async () => {
    const digest = createHash("sha256").update("chữ ký của văn bản").digest();
    // A nonce with leading zero bytes must still be written as a minimal DER INTEGER.
    const nonce = Uint8Array.from([0, 0, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc]);
    const token = await requestTimestamp({ url: `${server.url}/tsa`, digest, nonce });
    const result = await verifyTimestampToken({
      token,
      digest,
      trustAnchors: [server.pki.root.certificate],
    });
    assert.equal(result.valid, true, JSON.stringify(result.messages));
    assert.equal(result.imprintMatches, true);
    assert.equal(result.signingCertificateMatches, true);
    assert.equal(result.chain?.indication, "PASSED");
    assert.deepEqual(result.tsaCertificate, server.pki.tsa.certificate);
    assert.equal(result.policy, POLICY);
    assert.ok(Math.abs(result.genTime.getTime() - Date.now()) < 5000);
    writeFileSync(file("token.der"), token);
    const check = openssl(
      `ts -verify -digest ${digest.toString("hex")} -token_in -in @token.der -CAfile @root.pem -untrusted @chain.pem`,
    );
    assert.match(check.out, /Verification: OK/);
  });

  it("verifies a token made by openssl ts -reply with the demo TSA key", async () => {
    writeFileSync(file("tsa.pem"), toPem(server.pki.tsa.certificate, "CERTIFICATE"));
    writeFileSync(file("tsa.key"), server.pki.tsa.key.export({ format: "pem", type: "pkcs8" }));
    writeFileSync(file("serial"), "01\n");
    writeFileSync(
      file("tsa.cnf"),
      `[tsa]\ndefault_tsa = t\n[t]\nserial = ${file("serial")}\nsigner_cert = ${file("tsa.pem")}\ncerts = ${file("chain.pem")}\n` +
        `signer_key = ${file("tsa.key")}\nsigner_digest = sha256\ndefault_policy = ${POLICY}\ndigests = sha256\n` +
        "accuracy = secs:1\ness_cert_id_alg = sha256\n",
    );
    openssl("ts -query -data @data.txt -sha256 -cert -out @q2.tsq");
    assert.equal(
      openssl("ts -reply -config @tsa.cnf -queryfile @q2.tsq -token_out -out @openssl-token.der")
        .status,
      0,
    );
    const digest = createHash("sha256")
      .update(readFileSync(file("data.txt")))
      .digest();
    const result = await verifyTimestampToken({
      token: new Uint8Array(readFileSync(file("openssl-token.der"))),
      digest,
      trustAnchors: [server.pki.root.certificate],
    });
    assert.equal(result.valid, true, JSON.stringify(result.messages));
  });

  it("reports a token for other data, a tampered token and a TSA without the timeStamping purpose", async () => {
    const digest = createHash("sha256").update("a").digest();
    const token = await requestTimestamp({ url: `${server.url}/tsa`, digest });
    const other = await verifyTimestampToken({
      token,
      digest: createHash("sha256").update("b").digest(),
      trustAnchors: [server.pki.root.certificate],
    });
    assert.deepEqual(
      [other.valid, other.imprintMatches, other.signatureValid],
      [false, false, true],
    );
    for (const [data, matches] of [
      ["a", true],
      ["b", false],
    ] as const) {
      const byData = await verifyTimestampToken({
        token,
        data: Buffer.from(data),
        trustAnchors: [server.pki.root.certificate],
      });
      assert.deepEqual([byData.valid, byData.imprintMatches], [matches, matches]);
    }
    const tampered = new Uint8Array(token);
    tampered[tampered.length - 3]! ^= 0xff;
    const broken = await verifyTimestampToken({
      token: tampered,
      digest,
      trustAnchors: [server.pki.root.certificate],
    });
    assert.deepEqual([broken.valid, broken.signatureValid], [false, false]);
    const request = new Uint8Array(readFileSync(file("q.tsq")));
    const bySeal = tokenFromResponse(
      await respondTimestamp({
        request,
        signer: server.pki.seal.signer,
        serial: 1n,
        now: new Date(),
        policy: POLICY,
      }),
    );
    const seal = await verifyTimestampToken({
      token: bySeal,
      intermediates: server.pki.seal.chain,
      trustAnchors: [server.pki.root.certificate],
    });
    assert.equal(seal.valid, false);
    assert.equal(seal.chain?.subIndication, "CHAIN_CONSTRAINTS_FAILURE");
  });

  it("rejects garbage requests with a status, and a reply whose nonce does not match", async () => {
    const rejected = await tsa(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]));
    writeFileSync(file("rejected.tsr"), rejected);
    assert.match(
      openssl("ts -reply -in @rejected.tsr -text").out,
      /Status: Rejected[\s\S]*malformed request[\s\S]*the data submitted has the wrong format/,
    );
    assert.throws(
      () => tokenFromResponse(rejected),
      (e: Error) => /timestamp authority refused/.test(e.message),
    );
    const replay = await tsa(new Uint8Array(readFileSync(file("q.tsq"))));
    server.routes.set("/pki/replay", async () => ({
      type: "application/timestamp-reply",
      body: replay,
    }));
    const digest = createHash("sha256")
      .update(readFileSync(file("data.txt")))
      .digest();
    await assert.rejects(
      requestTimestamp({ url: `${server.url}/replay`, digest }),
      /nonce mismatch/,
    );
  });
});
