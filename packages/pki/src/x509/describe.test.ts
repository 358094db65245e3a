import "reflect-metadata";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { describeCertificate } from "./describe.ts";
import { formatCertificate } from "./format.ts";
import { readCertificateBytes } from "./pem.ts";

const CONFIG = `
[req]
distinguished_name = dn
prompt = no
utf8 = yes
string_mask = utf8only
x509_extensions = ext
[dn]
C = VN
ST = Hà Nội
L = Ba Đình
O = Bộ Nội vụ
OU = Văn phòng Bộ
title = Chánh Văn phòng
CN = Nguyễn Văn An
UID = CCCD:001203004567
emailAddress = an@moha.gov.vn
[ext]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,nonRepudiation
extendedKeyUsage = emailProtection,1.3.6.1.5.5.7.3.36
certificatePolicies = @pol
crlDistributionPoints = URI:http://ca.example.vn/crl/issuing.crl
authorityInfoAccess = OCSP;URI:http://ca.example.vn/ocsp,caIssuers;URI:http://ca.example.vn/issuing.crt
subjectKeyIdentifier = hash
subjectAltName = email:an@moha.gov.vn
[pol]
policyIdentifier = 2.999.1.2
CPS.1 = http://ca.example.vn/cps
`;

describe("describeCertificate on a certificate made by openssl", () => {
  let dir: string;
  let pem: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), "pki-x509-"));
    writeFileSync(path.join(dir, "req.cnf"), CONFIG);
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        path.join(dir, "key.pem"),
        "-out",
        path.join(dir, "cert.pem"),
        "-days",
        "30",
        "-config",
        path.join(dir, "req.cnf"),
        "-set_serial",
        "0x1234abcd",
      ],
      { stdio: "ignore" },
    );
    pem = readFileSync(path.join(dir, "cert.pem"), "utf8");
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("reads the Vietnamese subject with labels and the CCCD identifier", () => {
    const [der] = readCertificateBytes(pem);
    const d = describeCertificate(der!);
    const cn = d.subject.attributes.find((a) => a.type === "CN")!;
    assert.equal(cn.value, "Nguyễn Văn An");
    assert.equal(cn.label.vi, "Tên");
    assert.equal(d.subject.attributes.find((a) => a.type === "O")?.label.vi, "Cơ quan");
    assert.equal(d.subject.attributes.find((a) => a.type === "ST")?.label.vi, "Tỉnh/Thành phố");
    const uid = d.subject.attributes.find((a) => a.type === "UID")!;
    assert.deepEqual(uid.identifier, {
      kind: "CCCD",
      number: "001203004567",
      label: { vi: "Căn cước công dân", en: "Citizen identity card" },
    });
    assert.equal(
      d.subject.rfc4514,
      "E=an@moha.gov.vn,UID=CCCD:001203004567,CN=Nguyễn Văn An,T=Chánh Văn phòng,OU=Văn phòng Bộ,O=Bộ Nội vụ,L=Ba Đình,ST=Hà Nội,C=VN",
    );
    assert.equal(d.issuer.rfc4514, d.subject.rfc4514);
    assert.equal(d.selfSigned, true);
  });

  it("reads serial, key, usages, policies, CRL DP, AIA and fingerprint as openssl does", () => {
    const der = readCertificateBytes(pem)[0]!;
    const d = describeCertificate(der);
    assert.equal(d.serialNumber, "1234abcd");
    assert.deepEqual(d.publicKey, { algorithm: "RSA", size: 2048 });
    assert.equal(d.signatureAlgorithm, "sha256WithRSAEncryption");
    assert.deepEqual(d.keyUsage, ["digitalSignature", "nonRepudiation"]);
    assert.deepEqual(d.extendedKeyUsage, [
      { oid: "1.3.6.1.5.5.7.3.4", name: "emailProtection" },
      { oid: "1.3.6.1.5.5.7.3.36", name: "documentSigning" },
    ]);
    assert.deepEqual(d.policies, [{ oid: "2.999.1.2", cps: "http://ca.example.vn/cps" }]);
    assert.deepEqual(d.basicConstraints, { ca: false });
    assert.deepEqual(d.crlDistributionPoints, ["http://ca.example.vn/crl/issuing.crl"]);
    assert.deepEqual(d.authorityInfoAccess, {
      ocsp: ["http://ca.example.vn/ocsp"],
      caIssuers: ["http://ca.example.vn/issuing.crt"],
    });
    assert.deepEqual(d.subjectAltNames, ["an@moha.gov.vn"]);
    const fingerprint = execFileSync("openssl", ["x509", "-noout", "-fingerprint", "-sha256"], {
      input: pem,
    })
      .toString()
      .split("=")[1]!
      .trim()
      .replace(/:/g, "")
      .toLowerCase();
    assert.equal(d.fingerprintSha256, fingerprint);
    const ski = execFileSync("openssl", ["x509", "-noout", "-ext", "subjectKeyIdentifier"], {
      input: pem,
    })
      .toString()
      .split("\n")[1]!
      .trim()
      .replace(/:/g, "")
      .toLowerCase();
    assert.equal(d.subjectKeyIdentifier, ski);
    const notAfter = execFileSync("openssl", ["x509", "-noout", "-enddate"], { input: pem })
      .toString()
      .split("=")[1]!;
    assert.equal(d.validity.notAfter, new Date(notAfter.trim()).toISOString());
  });

  it("formats the description as bilingual text with Vietnam time", () => {
    const text = formatCertificate(describeCertificate(readCertificateBytes(pem)[0]!));
    assert.match(text, /Chủ thể \/ Subject: E=an@moha.gov.vn/);
    assert.match(text, /Căn cước công dân \/ Citizen identity card: 001203004567/);
    assert.match(text, /Khóa công khai \/ Public key: RSA 2048 bit/);
    assert.match(text, /OCSP: http:\/\/ca.example.vn\/ocsp/);
  });

  it("reads a PEM bundle and a DER file alike", () => {
    const bundle = `junk\n${pem}\n-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n${pem}`;
    assert.equal(readCertificateBytes(bundle).length, 2);
    const der = execFileSync("openssl", ["x509", "-outform", "DER"], { input: pem });
    assert.deepEqual(readCertificateBytes(new Uint8Array(der)), [new Uint8Array(der)]);
  });
});
