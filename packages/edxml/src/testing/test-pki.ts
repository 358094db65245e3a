import { execFileSync, spawnSync } from "node:child_process";
import { createPrivateKey, sign, X509Certificate } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Signer, SignatureAlgorithm } from "@lienthong/pki";

/** A key and certificate made by openssl, with a Signer over it as the pki package's would be. */
export type TestIdentity = { keyPath: string; certPath: string; certPem: string; signer: Signer };

export type TestPki = {
  dir: string;
  caPath: string;
  caPem: string;
  otherCaPem: string;
  rsa: TestIdentity;
  ec: TestIdentity;
  /** The RSA identity with its chain as PKCS#12, protected by `p12Password`. */
  p12Path: string;
  p12Password: string;
};

const openssl = (dir: string, args: string[]) =>
  execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });

function makeCa(dir: string, name: string, subject: string) {
  openssl(dir, [
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-utf8",
    "-keyout",
    `${name}.key`,
    "-out",
    `${name}.pem`,
    "-days",
    "3650",
    "-subj",
    subject,
    "-addext",
    "basicConstraints=critical,CA:TRUE",
    "-addext",
    "keyUsage=critical,keyCertSign,cRLSign",
  ]);
}

function makeLeaf(dir: string, name: string, keySpec: string[], serial: string): string {
  fs.writeFileSync(
    path.join(dir, `${name}.ext`),
    "keyUsage=critical,digitalSignature,nonRepudiation\n",
  );
  openssl(dir, [
    "req",
    "-new",
    ...keySpec,
    "-nodes",
    "-utf8",
    "-keyout",
    `${name}.key`,
    "-out",
    `${name}.csr`,
    "-subj",
    `/C=VN/O=Bộ Nội vụ/CN=Văn phòng Bộ Nội vụ (${name})`,
  ]);
  openssl(dir, [
    "x509",
    "-req",
    "-in",
    `${name}.csr`,
    "-CA",
    "ca.pem",
    "-CAkey",
    "ca.key",
    "-set_serial",
    serial,
    "-days",
    "365",
    "-out",
    `${name}.pem`,
    "-extfile",
    `${name}.ext`,
  ]);
  return path.join(dir, `${name}.pem`);
}

/** A minimal Signer over a key file, standing in for the pki package's signers in tests. */
export function keyFileSigner(options: {
  keyPath: string;
  certPem: string;
  chainPems: string[];
  algorithm: SignatureAlgorithm;
}): Signer {
  const key = createPrivateKey(fs.readFileSync(options.keyPath));
  const hash = options.algorithm.endsWith("384")
    ? "sha384"
    : options.algorithm.endsWith("512")
      ? "sha512"
      : "sha256";
  return {
    certificate: new Uint8Array(new X509Certificate(options.certPem).raw),
    chain: options.chainPems.map((pem) => new Uint8Array(new X509Certificate(pem).raw)),
    algorithm: options.algorithm,
    sign: async (data) => new Uint8Array(sign(hash, data, key)),
  };
}

let cached: TestPki | undefined;

/** A test CA with an RSA and an ECDSA (P-256) agency certificate, and an unrelated CA. */
export function createTestPki(): TestPki {
  if (cached) return cached;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "edxml-pki-"));
  process.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
  makeCa(dir, "ca", "/C=VN/O=Liên Thông thử nghiệm/CN=Liên Thông Test Root");
  makeCa(dir, "other", "/C=VN/CN=Một CA khác");
  const caPem = fs.readFileSync(path.join(dir, "ca.pem"), "utf8");
  const identity = (
    name: string,
    keySpec: string[],
    serial: string,
    algorithm: SignatureAlgorithm,
  ) => {
    const certPath = makeLeaf(dir, name, keySpec, serial);
    const certPem = fs.readFileSync(certPath, "utf8");
    const keyPath = path.join(dir, `${name}.key`);
    return {
      keyPath,
      certPath,
      certPem,
      signer: keyFileSigner({ keyPath, certPem, chainPems: [caPem], algorithm }),
    };
  };
  const rsa = identity("rsa", ["-newkey", "rsa:2048"], "0x1001", "RSA-SHA256");
  const ec = identity(
    "ec",
    ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"],
    "0x1002",
    "ECDSA-SHA256",
  );
  const p12Password = "Mật-khẩu-thử-2026";
  openssl(dir, [
    "pkcs12",
    "-export",
    "-inkey",
    "rsa.key",
    "-in",
    "rsa.pem",
    "-certfile",
    "ca.pem",
    "-out",
    "rsa.p12",
    "-passout",
    `pass:${p12Password}`,
  ]);
  cached = {
    dir,
    caPath: path.join(dir, "ca.pem"),
    caPem,
    otherCaPem: fs.readFileSync(path.join(dir, "other.pem"), "utf8"),
    rsa,
    ec,
    p12Path: path.join(dir, "rsa.p12"),
    p12Password,
  };
  return cached;
}

/** Runs xmlsec1 and returns its exit status with stdout and stderr (where it prints "OK"). */
export function xmlsec(args: string[]): { status: number | null; output: string } {
  const run = spawnSync("xmlsec1", args, { encoding: "utf8" });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}
