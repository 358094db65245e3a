import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { buildEdoc } from "@lienthong/edxml";
import {
  buildAttachment,
  buildEdocModel,
} from "../../../../packages/edxml/src/testing/factories.ts";
import { createTestPki, xmlsec } from "../../../../packages/edxml/src/testing/test-pki.ts";
import { runCli } from "../core/testing/processes.ts";

const pki = createTestPki();
const file = (name: string) => path.join(pki.dir, name);
fs.writeFileSync(
  file("cv.xml"),
  await buildEdoc({ edoc: buildEdocModel(), attachments: [buildAttachment()] }).bytes(),
);
fs.writeFileSync(
  file("cv-bad.xml"),
  fs.readFileSync(file("cv.xml"), "utf8").replace("000.00.11.H53", "000.00.00.H41"),
);

describe("lienthong edxml", () => {
  it("validates a package: exit 0 when valid, 1 with each issue when not", () => {
    const good = runCli(["edxml", "validate", file("cv.xml"), "--json"], {});
    assert.equal(good.status, 0, good.stderr);
    assert.deepEqual(JSON.parse(good.stdout), { valid: true, kind: "edoc", issues: [] });
    const bad = runCli(["edxml", "validate", file("cv-bad.xml")], {});
    assert.equal(bad.status, 1);
    assert.match(bad.stdout, /To\[2\]\/OrganId \[uniqueOrganId\] Nơi nhận 000.00.00.H41 bị lặp/);
    const missing = runCli(["edxml", "validate", file("none.xml")], {});
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /ENOENT/);
  });

  it("shows a package", () => {
    const shown = runCli(["edxml", "show", file("cv.xml")], {});
    assert.equal(shown.status, 0, shown.stderr);
    assert.match(shown.stdout, /Số, ký hiệu \/ code: 7816\/VPCP-TTĐT/);
    assert.match(
      shown.stdout,
      /Tệp \/ attachment: 7816-VPCP-TTĐT.pdf \(application\/pdf, 28 bytes\)/,
    );
    assert.match(shown.stdout, /Chữ ký \/ signed: không \/ no/);
  });

  it("signs with an OpenSSL PKCS#12 and verifies: ours and xmlsec1 agree", () => {
    const env = { LT_P12_PASSWORD: pki.p12Password };
    const signed = runCli(
      [
        "edxml",
        "sign",
        "--in",
        file("cv.xml"),
        "--out",
        file("cv-signed.xml"),
        "--p12",
        pki.p12Path,
        "--password-env",
        "LT_P12_PASSWORD",
      ],
      env,
    );
    assert.equal(signed.status, 0, signed.stderr);
    assert.equal(
      xmlsec(["--verify", "--trusted-pem", pki.caPath, file("cv-signed.xml")]).status,
      0,
    );
    const verified = runCli(["edxml", "verify", file("cv-signed.xml"), "--trust", pki.caPath], {});
    assert.equal(verified.status, 0, verified.stdout);
    assert.match(verified.stdout, /Chữ ký hợp lệ \/ signature is valid/);
    assert.match(verified.stdout, /RSA-SHA256/);
    fs.writeFileSync(file("other-ca.pem"), pki.otherCaPem);
    const untrusted = runCli(
      ["edxml", "verify", file("cv-signed.xml"), "--trust", file("other-ca.pem"), "--json"],
      {},
    );
    assert.equal(untrusted.status, 1);
    const report = JSON.parse(untrusted.stdout);
    assert.equal(report.trusted, false);
    assert.match(report.signer.subject, /Văn phòng Bộ Nội vụ/);
    const wrongPassword = runCli(
      [
        "edxml",
        "sign",
        "--in",
        file("cv.xml"),
        "--out",
        file("x.xml"),
        "--p12",
        pki.p12Path,
        "--password-env",
        "LT_P12_PASSWORD",
      ],
      { LT_P12_PASSWORD: "sai-mật-khẩu" },
    );
    assert.equal(wrongPassword.status, 1);
    assert.equal(fs.existsSync(file("x.xml")), false);
  });

  it("refuses a package changed after signing", () => {
    fs.writeFileSync(
      file("cv-changed.xml"),
      fs.readFileSync(file("cv-signed.xml"), "utf8").replace("V/v triển khai", "V/v hủy"),
    );
    const result = runCli(["edxml", "verify", file("cv-changed.xml")], {});
    assert.equal(result.status, 1);
    assert.match(result.stdout, /changed after signing/);
  });
});
