import "reflect-metadata";
import { generateKeyPairSync, createPrivateKey } from "node:crypto";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import * as asn1js from "asn1js";
import fc from "fast-check";
import { createDemoPki, type DemoPki } from "../demo-ca/create-demo-pki.ts";
import { PkiError } from "../x509/errors.ts";
import { toPem } from "../x509/pem.ts";
import { readPkcs12 } from "./pkcs12-read.ts";
import { exportPkcs12 } from "./pkcs12.ts";
import { iterationCount } from "./pkcs12-crypto.ts";

const PASSWORD = "Mật-khẩu 123";

describe("PKCS#12 files", () => {
  let dir: string;
  let pki: DemoPki;
  const at = (name: string) => path.join(dir, name);
  const openssl = (args: string[]) => {
    const run = spawnSync("openssl", args, { encoding: "utf8" });
    return { status: run.status, out: `${run.stdout}${run.stderr}` };
  };

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "pki-p12-"));
    pki = await createDemoPki({ keyType: "EC" });
    writeFileSync(at("leader.pem"), toPem(pki.leader.certificate, "CERTIFICATE"));
    writeFileSync(at("chain.pem"), pki.leader.chain.map((c) => toPem(c, "CERTIFICATE")).join(""));
    writeFileSync(at("leader.key"), pki.leader.key.export({ format: "pem", type: "pkcs8" }));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("writes a file openssl pkcs12 reads with the password: AES-256-CBC, PBKDF2, SHA-256 MAC", () => {
    const bytes = exportPkcs12({
      ...pki.leader,
      password: PASSWORD,
      friendlyName: "leader-signing",
    });
    writeFileSync(at("ours.p12"), bytes);
    const info = openssl([
      "pkcs12",
      "-info",
      "-nokeys",
      "-in",
      at("ours.p12"),
      "-passin",
      `pass:${PASSWORD}`,
    ]);
    assert.equal(info.status, 0, info.out);
    assert.match(info.out, /MAC: sha256, Iteration 2048/);
    assert.match(info.out, /PBES2, PBKDF2, AES-256-CBC, Iteration 2048, PRF hmacWithSHA256/);
    assert.equal(info.out.match(/BEGIN CERTIFICATE/g)?.length, 3);
    assert.match(info.out, /friendlyName: leader-signing/);
    const keyOut = openssl([
      "pkcs12",
      "-in",
      at("ours.p12"),
      "-nocerts",
      "-nodes",
      "-passin",
      `pass:${PASSWORD}`,
    ]);
    const key = createPrivateKey(keyOut.out.slice(keyOut.out.indexOf("-----BEGIN PRIVATE KEY")));
    assert.ok(
      key
        .export({ format: "der", type: "pkcs8" })
        .equals(pki.leader.key.export({ format: "der", type: "pkcs8" })),
    );
    const wrong = openssl([
      "pkcs12",
      "-info",
      "-nokeys",
      "-in",
      at("ours.p12"),
      "-passin",
      "pass:sai",
    ]);
    assert.match(wrong.out, /mac verify error: invalid password/i);
  });

  it("reads back its own file: key, certificate and chain", () => {
    const read = readPkcs12(exportPkcs12({ ...pki.leader, password: PASSWORD }), PASSWORD);
    assert.deepEqual(read.certificate, pki.leader.certificate);
    assert.deepEqual(read.chain, pki.leader.chain);
    assert.equal(read.key.asymmetricKeyType, "ec");
  });

  for (const [label, extra] of [
    ["OpenSSL 3 default", []],
    [
      "legacy 3DES with SHA-1 MAC",
      ["-certpbe", "PBE-SHA1-3DES", "-keypbe", "PBE-SHA1-3DES", "-macalg", "sha1"],
    ],
  ] as const) {
    it(`reads a file made by openssl pkcs12 -export (${label})`, () => {
      const file = at(`openssl-${label.length}.p12`);
      const made = openssl([
        "pkcs12",
        "-export",
        "-inkey",
        at("leader.key"),
        "-in",
        at("leader.pem"),
        "-certfile",
        at("chain.pem"),
        "-out",
        file,
        "-passout",
        `pass:${PASSWORD}`,
        ...extra,
      ]);
      assert.equal(made.status, 0, made.out);
      const read = readPkcs12(new Uint8Array(readFileSync(file)), PASSWORD);
      assert.deepEqual(read.certificate, pki.leader.certificate);
      assert.equal(read.chain.length, 2);
    });
  }

  it("never lets anything but PkiError escape on mutated files, nor runs an absurd iteration count", () => {
    const bytes = exportPkcs12({ ...pki.seal, password: PASSWORD, iterations: 16 });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(bytes.length - 1), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.nat(bytes.length),
        (mutations, cut) => {
          const mutated = bytes.slice(0, Math.max(cut, 1));
          for (const [at, value] of mutations) if (at < mutated.length) mutated[at] = value;
          try {
            readPkcs12(mutated, PASSWORD);
          } catch (error) {
            assert.ok(error instanceof PkiError, String(error));
          }
        },
      ),
      { numRuns: 200 },
    );
    const hostile = new asn1js.Integer({ value: 2 ** 31 - 1 }) as unknown as Parameters<
      typeof iterationCount
    >[0];
    assert.throws(
      () => iterationCount(hostile),
      (e: unknown) => e instanceof PkiError && e.code === "malformed_pkcs12",
    );
  });

  it("reports a wrong password and a key that is not in the file as typed errors", () => {
    const bytes = exportPkcs12({ ...pki.seal, password: PASSWORD });
    assert.throws(
      () => readPkcs12(bytes, "sai"),
      (e: unknown) => e instanceof PkiError && e.code === "wrong_password",
    );
    assert.throws(
      () => readPkcs12(bytes.subarray(0, 100), PASSWORD),
      (e: unknown) => e instanceof PkiError,
    );
    const stranger = generateKeyPairSync("ec", { namedCurve: "prime256v1" }).privateKey;
    const mismatched = exportPkcs12({
      key: stranger,
      certificate: pki.seal.certificate,
      password: PASSWORD,
    });
    assert.throws(
      () => readPkcs12(mismatched, PASSWORD),
      (e: unknown) => e instanceof PkiError && e.code === "key_mismatch",
    );
  });
});
