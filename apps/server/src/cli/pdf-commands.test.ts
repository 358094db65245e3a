import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { after, describe, it } from "node:test";
import { promisify } from "node:util";
import { createDemoPki, exportPkcs12, toPem } from "@lienthong/pki";
import { testPki } from "../../../../packages/pki/src/cms/test-pki.ts";
import {
  makeSignaturePng,
  makeTestPdf,
  pdfsig,
} from "../../../../packages/pki/src/pdf/test-documents.ts";
import { runCli, tempDataDir } from "../core/testing/processes.ts";

const dir = tempDataDir();
const demo = await createDemoPki({ keyType: "EC" });
const file = (name: string) => path.join(dir, name);
fs.writeFileSync(file("in.pdf"), await makeTestPdf({ pages: 2 }));
fs.writeFileSync(file("sign.png"), makeSignaturePng());
fs.writeFileSync(file("root.pem"), toPem(demo.root.certificate, "CERTIFICATE"));
fs.writeFileSync(file("ca.crl"), await demo.crl("issuing-ca"));
fs.writeFileSync(file("root.crl"), await demo.crl("root-ca"));
const p12 = (name: "leader" | "untrusted") =>
  exportPkcs12({
    key: demo[name].key,
    certificate: demo[name].certificate,
    chain: demo[name].chain,
    password: "Mật-khẩu-p12",
  });
fs.writeFileSync(file("leader.p12"), p12("leader"));
fs.writeFileSync(file("untrusted.p12"), p12("untrusted"));
const env = { LT_P12_PW: "Mật-khẩu-p12" };

/** An RFC 3161 TSA over HTTP answered by `openssl ts -reply` with the openssl test TSA. */
const tsaDir = testPki().dir;
const tsa = http.createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (c: Buffer) => chunks.push(c));
  request.on("end", () => {
    const name = path.join(tsaDir, `http-${process.pid}-${Date.now()}`);
    fs.writeFileSync(`${name}.tsq`, Buffer.concat(chunks));
    execFileSync(
      "openssl",
      ["ts", "-reply", "-config", "ca.cnf", "-queryfile", `${name}.tsq`, "-out", `${name}.tsr`],
      { cwd: tsaDir, stdio: "ignore" },
    );
    response
      .writeHead(200, { "content-type": "application/timestamp-reply" })
      .end(fs.readFileSync(`${name}.tsr`));
  });
});
await new Promise<void>((resolve) => tsa.listen(0, "127.0.0.1", resolve));
const tsaUrl = `http://127.0.0.1:${(tsa.address() as AddressInfo).port}/tsa`;
after(() => tsa.close());

/** The CLI run without blocking this process, whose event loop serves the TSA. */
async function runCliAsync(args: string[], extra: Record<string, string>) {
  const bin = path.join(import.meta.dirname, "../../bin/lienthong.mjs");
  return promisify(execFile)(process.execPath, [bin, ...args], {
    env: { ...process.env, ...extra },
  });
}

const verifyArgs = (pdf: string) => [
  "pdf",
  "verify",
  "--in",
  file(pdf),
  "--trust",
  file("root.pem"),
  "--crl",
  file("ca.crl"),
  "--crl",
  file("root.crl"),
  "--offline",
];

describe("lienthong pdf", () => {
  it("signs with a visible image, and verify exits 0 with a readable report", () => {
    const signed = runCli(
      [
        "pdf",
        "sign",
        "--in",
        file("in.pdf"),
        "--out",
        file("a.pdf"),
        "--p12",
        file("leader.p12"),
        "--password-env",
        "LT_P12_PW",
        "--visible-image",
        file("sign.png"),
        "--page",
        "1",
        "--rect",
        "330,120,150,60",
        "--reason",
        "Ký duyệt",
      ],
      env,
    );
    assert.equal(signed.status, 0, signed.stderr);
    assert.ok(pdfsig(fs.readFileSync(file("a.pdf")))[0]?.valid);
    const verified = runCli([...verifyArgs("a.pdf"), "--json"], {});
    assert.equal(verified.status, 0, verified.stdout + verified.stderr);
    const report = JSON.parse(verified.stdout);
    assert.equal(report.indication, "TOTAL_PASSED");
    assert.equal(report.signatures[0].level, "B-B");
    assert.equal(report.signatures[0].reason, "Ký duyệt");
  });

  it("timestamps through an HTTP TSA (B-T)", async () => {
    await runCliAsync(
      [
        "pdf",
        "sign",
        "--in",
        file("in.pdf"),
        "--out",
        file("t.pdf"),
        "--p12",
        file("leader.p12"),
        "--password-env",
        "LT_P12_PW",
        "--tsa",
        tsaUrl,
      ],
      env,
    );
    const [only] = pdfsig(fs.readFileSync(file("t.pdf")));
    assert.ok(only?.valid && only.totalDocument);
    const report = JSON.parse(runCli([...verifyArgs("t.pdf"), "--json"], {}).stdout);
    assert.equal(report.signatures[0].level, "B-T");
    assert.equal(report.signatures[0].integrity.signatureValid, true);
    assert.ok(report.signatures[0].timestamp.time);
  });

  it("exits 1 for an untrusted signer and a PDF without signatures, 2 on bad arguments", () => {
    assert.equal(
      runCli(
        [
          "pdf",
          "sign",
          "--in",
          file("in.pdf"),
          "--out",
          file("u.pdf"),
          "--p12",
          file("untrusted.p12"),
          "--password-env",
          "LT_P12_PW",
        ],
        env,
      ).status,
      0,
    );
    const untrusted = runCli(verifyArgs("u.pdf"), {});
    assert.equal(untrusted.status, 1);
    assert.match(untrusted.stdout, /CHƯA XÁC ĐỊNH \/ INDETERMINATE \(NO_CERTIFICATE_CHAIN_FOUND\)/);
    assert.equal(runCli(verifyArgs("in.pdf"), {}).status, 1);
    const noTsa = runCli(
      [
        "pdf",
        "sign",
        "--in",
        "x",
        "--out",
        "y",
        "--p12",
        "z",
        "--password-env",
        "LT_P12_PW",
        "--level",
        "B-T",
      ],
      env,
    );
    assert.equal(noTsa.status, 2);
    assert.match(noTsa.stderr, /needs --tsa/);
  });
});
