/**
 * Test certificates made by `openssl` itself, so the CMS and PDF tests check our code against
 * keys and certificates an independent tool produced: a root, an issuing CA, a leader's and an
 * agency seal certificate, a revoked, an expired and an untrusted one, a TSA certificate and the
 * CA's CRL. Made once per process in a temporary directory.
 */
import { execFileSync } from "node:child_process";
import { createPrivateKey, sign as nodeSign, X509Certificate, type KeyObject } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { digestOf, type SignatureAlgorithm, type Signer } from "../signer.ts";

export type TestIdentity = {
  name: string;
  certPath: string;
  keyPath: string;
  certificate: Uint8Array;
  key: KeyObject;
};

export type TestPki = {
  dir: string;
  root: TestIdentity;
  ca: TestIdentity;
  leader: TestIdentity;
  seal: TestIdentity;
  ecLeader: TestIdentity;
  revoked: TestIdentity;
  expired: TestIdentity;
  tsa: TestIdentity;
  untrustedRoot: TestIdentity;
  untrusted: TestIdentity;
  /** DER CRL of the issuing CA, listing `revoked`. */
  crl: Uint8Array;
  /** PEM file with root and issuing CA, for `openssl -CAfile`. */
  caFile: string;
};

const SIGNING_EXT = `basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,nonRepudiation
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
crlDistributionPoints=URI:http://127.0.0.1:9/ca.crl
`;

const CA_EXT = `basicConstraints=critical,CA:TRUE
keyUsage=critical,keyCertSign,cRLSign
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
`;

const TSA_EXT = `basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,nonRepudiation
extendedKeyUsage=critical,timeStamping
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
`;

function openssl(args: string[], cwd: string) {
  return execFileSync("openssl", args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
}

/** Paths are relative: commands run inside the directory, which is renamed once complete. */
function caConfig() {
  const dir = ".";
  return `[ca]
default_ca = demo
[demo]
dir = ${dir}
database = ${dir}/index.txt
new_certs_dir = ${dir}/issued
serial = ${dir}/serial
crlnumber = ${dir}/crlnumber
certificate = ${dir}/ca.pem
private_key = ${dir}/ca.key
default_md = sha256
default_days = 825
default_crl_days = 30
policy = any
unique_subject = no
[any]
commonName = supplied
organizationName = optional
countryName = optional
[signing]
${SIGNING_EXT}
[tsa_ext]
${TSA_EXT}
[tsa]
default_tsa = demo_tsa
[demo_tsa]
dir = ${dir}
serial = ${dir}/tsaserial
signer_cert = ${dir}/tsa.pem
signer_key = ${dir}/tsa.key
certs = ${dir}/ca.pem
signer_digest = sha256
default_policy = 1.3.6.1.4.1.99999.1
digests = sha256, sha384, sha512
accuracy = secs:1
ess_cert_id_alg = sha256
`;
}

function load(dir: string, name: string): TestIdentity {
  const certPath = path.join(dir, `${name}.pem`);
  const keyPath = path.join(dir, `${name}.key`);
  return {
    name,
    certPath,
    keyPath,
    certificate: new Uint8Array(new X509Certificate(fs.readFileSync(certPath)).raw),
    key: createPrivateKey(fs.readFileSync(keyPath)),
  };
}

function newKey(dir: string, name: string, ec = false) {
  const spec = ec
    ? ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"]
    : ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"];
  openssl(["genpkey", ...spec, "-out", `${name}.key`], dir);
}

function selfSigned(dir: string, name: string, subject: string) {
  newKey(dir, name);
  fs.writeFileSync(
    path.join(dir, `${name}.ext`),
    CA_EXT.replace("authorityKeyIdentifier=keyid\n", ""),
  );
  openssl(
    [
      "req",
      "-utf8",
      "-x509",
      "-new",
      "-key",
      `${name}.key`,
      "-subj",
      subject,
      "-days",
      "3650",
      "-out",
      `${name}.pem`,
      "-addext",
      "basicConstraints=critical,CA:TRUE",
      "-addext",
      "keyUsage=critical,keyCertSign,cRLSign",
    ],
    dir,
  );
}

function issue(
  dir: string,
  options: { name: string; subject: string; ext: string; ec?: boolean; dates?: [string, string] },
) {
  newKey(dir, options.name, options.ec);
  openssl(
    [
      "req",
      "-utf8",
      "-new",
      "-key",
      `${options.name}.key`,
      "-subj",
      options.subject,
      "-out",
      `${options.name}.csr`,
    ],
    dir,
  );
  const dates = options.dates ? ["-startdate", options.dates[0], "-enddate", options.dates[1]] : [];
  openssl(
    [
      "ca",
      "-batch",
      "-config",
      "ca.cnf",
      "-extensions",
      options.ext,
      "-in",
      `${options.name}.csr`,
      "-out",
      `${options.name}.pem`,
      "-notext",
      ...dates,
    ],
    dir,
  );
}

let cached: TestPki | undefined;

/** Bump when the certificates change, so a stale cached set is not reused. */
const VERSION = "lt-pki-test-v1";

/**
 * The test PKI, made once and shared by every test process on the machine (RSA key generation
 * takes seconds on a shared CPU): built in a scratch directory, then renamed into place whole.
 */
export function testPki(): TestPki {
  if (cached) return cached;
  const final = path.join(os.tmpdir(), VERSION);
  if (!fs.existsSync(path.join(final, "trust.pem"))) {
    const scratch = buildTestPki();
    try {
      fs.renameSync(scratch, final);
    } catch {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  }
  cached = loadTestPki(final);
  return cached;
}

function buildTestPki(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lt-pki-"));
  fs.mkdirSync(path.join(dir, "issued"));
  fs.writeFileSync(path.join(dir, "index.txt"), "");
  fs.writeFileSync(path.join(dir, "serial"), "1000\n");
  fs.writeFileSync(path.join(dir, "crlnumber"), "01\n");
  fs.writeFileSync(path.join(dir, "tsaserial"), "01\n");
  fs.writeFileSync(path.join(dir, "ca.cnf"), caConfig());
  fs.writeFileSync(path.join(dir, "ca.ext"), CA_EXT);
  selfSigned(dir, "root", "/C=VN/O=Liên Thông thử nghiệm/CN=Root CA thử nghiệm");
  newKey(dir, "ca");
  openssl(
    [
      "req",
      "-utf8",
      "-new",
      "-key",
      "ca.key",
      "-subj",
      "/C=VN/O=Liên Thông thử nghiệm/CN=CA cấp phát thử nghiệm",
      "-out",
      "ca.csr",
    ],
    dir,
  );
  openssl(
    [
      "x509",
      "-req",
      "-in",
      "ca.csr",
      "-CA",
      "root.pem",
      "-CAkey",
      "root.key",
      "-CAcreateserial",
      "-days",
      "3650",
      "-extfile",
      "ca.ext",
      "-out",
      "ca.pem",
    ],
    dir,
  );
  issue(dir, { name: "leader", subject: "/C=VN/O=Bộ Nội vụ/CN=Nguyễn Văn An", ext: "signing" });
  issue(dir, { name: "seal", subject: "/C=VN/O=Bộ Nội vụ/CN=Bộ Nội vụ", ext: "signing" });
  issue(dir, {
    name: "ec-leader",
    subject: "/C=VN/O=Bộ Nội vụ/CN=Trần Thị Bình",
    ext: "signing",
    ec: true,
  });
  issue(dir, { name: "revoked", subject: "/C=VN/O=Bộ Nội vụ/CN=Lê Văn Thu Hồi", ext: "signing" });
  issue(dir, {
    name: "expired",
    subject: "/C=VN/O=Bộ Nội vụ/CN=Phạm Hết Hạn",
    ext: "signing",
    dates: ["20200101000000Z", "20210101000000Z"],
  });
  issue(dir, {
    name: "tsa",
    subject: "/C=VN/O=Liên Thông thử nghiệm/CN=TSA thử nghiệm",
    ext: "tsa_ext",
  });
  openssl(
    ["ca", "-config", "ca.cnf", "-revoke", "revoked.pem", "-crl_reason", "keyCompromise"],
    dir,
  );
  openssl(["ca", "-config", "ca.cnf", "-gencrl", "-out", "ca.crl.pem"], dir);
  openssl(["crl", "-in", "ca.crl.pem", "-outform", "DER", "-out", "ca.crl"], dir);
  selfSigned(dir, "untrusted-root", "/C=VN/O=Không tin cậy/CN=Root lạ");
  newKey(dir, "untrusted");
  openssl(
    [
      "req",
      "-utf8",
      "-new",
      "-key",
      "untrusted.key",
      "-subj",
      "/C=VN/O=Không tin cậy/CN=Người lạ",
      "-out",
      "untrusted.csr",
    ],
    dir,
  );
  fs.writeFileSync(path.join(dir, "signing.ext"), SIGNING_EXT);
  openssl(
    [
      "x509",
      "-req",
      "-in",
      "untrusted.csr",
      "-CA",
      "untrusted-root.pem",
      "-CAkey",
      "untrusted-root.key",
      "-CAcreateserial",
      "-days",
      "365",
      "-extfile",
      "signing.ext",
      "-out",
      "untrusted.pem",
    ],
    dir,
  );
  const trust =
    fs.readFileSync(path.join(dir, "root.pem"), "utf8") +
    fs.readFileSync(path.join(dir, "ca.pem"), "utf8");
  fs.writeFileSync(path.join(dir, "trust.pem"), trust);
  return dir;
}

function loadTestPki(dir: string): TestPki {
  return {
    dir,
    root: load(dir, "root"),
    ca: load(dir, "ca"),
    leader: load(dir, "leader"),
    seal: load(dir, "seal"),
    ecLeader: load(dir, "ec-leader"),
    revoked: load(dir, "revoked"),
    expired: load(dir, "expired"),
    tsa: load(dir, "tsa"),
    untrustedRoot: load(dir, "untrusted-root"),
    untrusted: load(dir, "untrusted"),
    crl: new Uint8Array(fs.readFileSync(path.join(dir, "ca.crl"))),
    caFile: path.join(dir, "trust.pem"),
  };
}

/** A `Signer` over a test key, signing with node:crypto (DER ECDSA, PKCS#1 v1.5 RSA). */
export function testSigner(identity: TestIdentity, chain: readonly TestIdentity[] = []): Signer {
  const algorithm: SignatureAlgorithm =
    identity.key.asymmetricKeyType === "ec" ? "ECDSA-SHA256" : "RSA-SHA256";
  return {
    certificate: identity.certificate,
    chain: chain.map((c) => c.certificate),
    algorithm,
    async sign(data) {
      return new Uint8Array(
        nodeSign(digestOf(algorithm).replace("-", "").toLowerCase(), data, identity.key),
      );
    },
  };
}

/** A TSA's key and certificates, e.g. a demo PKI's TSA credential. */
export type TestTsa = { key: KeyObject; certificate: Uint8Array; chain: readonly Uint8Array[] };

const tsaDirs = new Map<TestTsa, string>();

/** A directory with an `openssl ts` configuration for `tsa`, made once per TSA. */
function tsaDir(tsa: TestTsa): string {
  const known = tsaDirs.get(tsa);
  if (known) return known;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lt-tsa-"));
  const pem = (der: Uint8Array) => new X509Certificate(der).toString();
  fs.writeFileSync(path.join(dir, "tsa.pem"), pem(tsa.certificate));
  fs.writeFileSync(path.join(dir, "ca.pem"), tsa.chain.map(pem).join(""));
  fs.writeFileSync(path.join(dir, "tsa.key"), tsa.key.export({ type: "pkcs8", format: "pem" }));
  fs.writeFileSync(path.join(dir, "tsaserial"), "01\n");
  fs.writeFileSync(path.join(dir, "ca.cnf"), caConfig());
  tsaDirs.set(tsa, dir);
  return dir;
}

/**
 * An RFC 3161 token from `openssl ts -reply` over `imprint`, by the test TSA or the given one.
 * The response is unwrapped to the TimeStampToken, the part CMS carries.
 */
export function opensslTimestamp(imprint: Uint8Array, tsa?: TestTsa): Uint8Array {
  const dir = tsa ? tsaDir(tsa) : testPki().dir;
  const name = `q-${process.pid}-${process.hrtime.bigint()}`;
  const hex = Buffer.from(imprint).toString("hex");
  const digest = { 64: "-sha256", 96: "-sha384", 128: "-sha512" }[hex.length] ?? "-sha256";
  openssl(
    ["ts", "-query", "-digest", hex, digest, "-cert", "-no_nonce", "-out", `${name}.tsq`],
    dir,
  );
  openssl(
    ["ts", "-reply", "-config", "ca.cnf", "-queryfile", `${name}.tsq`, "-out", `${name}.tsr`],
    dir,
  );
  openssl(["ts", "-reply", "-in", `${name}.tsr`, "-token_out", "-out", `${name}.tok`], dir);
  return new Uint8Array(fs.readFileSync(path.join(dir, `${name}.tok`)));
}
