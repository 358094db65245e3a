import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { runCli } from "../core/testing/processes.ts";

describe("lienthong pki init-demo and cert show", () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "lt-pki-cli-"));
  after(() => fs.rmSync(out, { recursive: true, force: true }));
  const openssl = (...args: string[]) => spawnSync("openssl", args, { encoding: "utf8", cwd: out });

  it("writes a demo PKI that openssl accepts, without a database or server", () => {
    const result = runCli(
      [
        "pki",
        "init-demo",
        "--out",
        out,
        "--base-url",
        "http://127.0.0.1:9999/pki",
        "--password-env",
        "DEMO_P12",
        "--key-type",
        "ec",
      ],
      { DEMO_P12: "Mat-khau-demo-1", DATA_DIR: path.join(out, "no-database-here") },
    );
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /Đã tạo \/ created \d+ tệp/);
    assert.equal(fs.existsSync(path.join(out, "no-database-here")), false);
    const readme = fs.readFileSync(path.join(out, "README.txt"), "utf8");
    for (const name of ["root-ca.pem", "seal.p12", "leader.p12", "tsa.pem", "test/revoked.pem"])
      assert.ok(readme.includes(name), name);
    assert.equal(
      openssl(
        "verify",
        "-CAfile",
        "root-ca.pem",
        "-untrusted",
        "issuing-ca.pem",
        "seal.pem",
        "leader.pem",
        "tsa.pem",
      ).status,
      0,
    );
    const p12 = openssl(
      "pkcs12",
      "-info",
      "-nokeys",
      "-in",
      "leader.p12",
      "-passin",
      "pass:Mat-khau-demo-1",
    );
    assert.equal(p12.status, 0, p12.stderr);
    assert.equal(fs.statSync(path.join(out, "seal.key.pem")).mode & 0o777, 0o600);
    assert.match(
      openssl(
        "crl",
        "-inform",
        "DER",
        "-in",
        "issuing-ca.crl",
        "-CAfile",
        "issuing-ca.pem",
        "-noout",
      ).stderr,
      /verify OK/,
    );
    const again = runCli(["pki", "init-demo", "--out", out], {});
    assert.equal(again.status, 1);
    assert.match(again.stderr, /not overwriting/);
  });

  it("shows a certificate in Vietnamese and English, or as JSON, from PEM or DER", () => {
    const text = runCli(["cert", "show", path.join(out, "leader.pem")], {});
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /Tên \/ Common name \(CN\): Nguyễn Văn An/);
    assert.match(text.stdout, /Căn cước công dân \/ Citizen identity card: 001080012345/);
    assert.match(text.stdout, /OCSP: http:\/\/127\.0\.0\.1:9999\/pki\/ocsp/);
    openssl("x509", "-in", "seal.pem", "-outform", "DER", "-out", "seal.der");
    const json = runCli(["cert", "show", path.join(out, "seal.der"), "--json"], {});
    const [seal] = JSON.parse(json.stdout) as {
      subject: { attributes: { type: string; value: string }[] };
    }[];
    assert.equal(
      seal?.subject.attributes.find((a) => a.type === "organizationIdentifier")?.value,
      "000.00.00.G22",
    );
    const bundle = JSON.parse(
      runCli(["cert", "show", path.join(out, "chain.pem"), "--json"], {}).stdout,
    ) as unknown[];
    assert.equal(bundle.length, 2);
  });

  it("answers a missing file, a non-certificate and missing options with a sentence and an exit code", () => {
    const missing = runCli(["cert", "show", path.join(out, "nope.pem")], {});
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /Lỗi \/ error: ENOENT/);
    const notCert = runCli(["cert", "show", path.join(out, "README.txt")], {});
    assert.equal(notCert.status, 1);
    assert.match(notCert.stderr, /malformed certificate/);
    assert.equal(runCli(["cert", "show"], {}).status, 2);
    assert.equal(runCli(["pki", "init-demo"], {}).status, 2);
    assert.equal(
      runCli(["pki", "init-demo", "--out", out, "--password-env", "UNSET_VAR_X"], {}).status,
      2,
    );
  });
});
