import { exportPkcs12 } from "../signers/pkcs12.ts";
import type { Bilingual } from "../x509/names.ts";
import { toPem } from "../x509/pem.ts";
import type { DemoCredential, DemoPki } from "./create-demo-pki.ts";

export type DemoFile = {
  /** Relative path, e.g. `seal.p12` or `test/revoked.pem`. */
  name: string;
  bytes: Uint8Array;
  /** Holds a private key: write it readable by the owner only. */
  secret: boolean;
  description: Bilingual;
};

const text = (value: string) => new TextEncoder().encode(value);

const ENTITIES: [keyof DemoPki, string, Bilingual][] = [
  [
    "seal",
    "seal",
    { vi: "Chứng thư con dấu của cơ quan (ký số của cơ quan)", en: "Agency seal certificate" },
  ],
  [
    "leader",
    "leader",
    {
      vi: "Chứng thư cá nhân của lãnh đạo (người có thẩm quyền)",
      en: "Leader's personal signing certificate",
    },
  ],
  ["tsa", "tsa", { vi: "Máy chủ dấu thời gian (RFC 3161)", en: "Timestamp authority (RFC 3161)" }],
  [
    "ocspResponder",
    "ocsp-responder",
    { vi: "Máy chủ OCSP được ủy quyền", en: "Delegated OCSP responder" },
  ],
  [
    "revoked",
    "test/revoked",
    { vi: "Kiểm thử: chứng thư đã bị thu hồi", en: "Test: revoked certificate" },
  ],
  [
    "expired",
    "test/expired",
    { vi: "Kiểm thử: chứng thư đã hết hạn", en: "Test: expired certificate" },
  ],
  [
    "notYetValid",
    "test/not-yet-valid",
    { vi: "Kiểm thử: chứng thư chưa có hiệu lực", en: "Test: not yet valid certificate" },
  ],
  [
    "untrusted",
    "test/untrusted",
    {
      vi: "Kiểm thử: chứng thư từ CA gốc không tin cậy",
      en: "Test: certificate from an untrusted root",
    },
  ],
];

function credentialFiles(
  credential: DemoCredential,
  base: string,
  description: Bilingual,
  password: string,
): DemoFile[] {
  return [
    {
      name: `${base}.pem`,
      bytes: text(toPem(credential.certificate, "CERTIFICATE")),
      secret: false,
      description,
    },
    {
      name: `${base}.key.pem`,
      bytes: text(String(credential.key.export({ format: "pem", type: "pkcs8" }))),
      secret: true,
      description: { vi: `Khóa riêng — ${description.vi}`, en: `Private key — ${description.en}` },
    },
    {
      name: `${base}.p12`,
      bytes: exportPkcs12({ ...credential, password, friendlyName: base.replace("test/", "") }),
      secret: true,
      description: {
        vi: `PKCS#12 (khóa + chuỗi) — ${description.vi}`,
        en: `PKCS#12 (key + chain) — ${description.en}`,
      },
    },
  ];
}

/**
 * Every file `lienthong pki init-demo` writes, with a bilingual README listing them. Pure: the
 * caller decides where and how to write (keys readable by the owner only).
 */
export async function demoPkiFiles(options: {
  pki: DemoPki;
  password: string;
}): Promise<DemoFile[]> {
  const { pki, password } = options;
  const cert = (name: string, der: Uint8Array, description: Bilingual): DemoFile => ({
    name,
    bytes: text(toPem(der, "CERTIFICATE")),
    secret: false,
    description,
  });
  const files: DemoFile[] = [
    cert("root-ca.pem", pki.root.certificate, {
      vi: "CA gốc — neo tin cậy khi kiểm tra",
      en: "Root CA — the trust anchor for validation",
    }),
    cert("issuing-ca.pem", pki.issuingCa.certificate, {
      vi: "CA trung gian cấp chứng thư",
      en: "Issuing CA",
    }),
    {
      name: "issuing-ca.key.pem",
      bytes: text(String(pki.issuingCa.key.export({ format: "pem", type: "pkcs8" }))),
      secret: true,
      description: { vi: "Khóa riêng của CA trung gian", en: "Issuing CA private key" },
    },
    {
      name: "chain.pem",
      bytes: text(
        toPem(pki.issuingCa.certificate, "CERTIFICATE") +
          toPem(pki.root.certificate, "CERTIFICATE"),
      ),
      secret: false,
      description: { vi: "Chuỗi: CA trung gian rồi CA gốc", en: "Chain: issuing CA, then root" },
    },
    {
      name: "issuing-ca.crl",
      bytes: await pki.crl("issuing-ca"),
      secret: false,
      description: { vi: "CRL của CA trung gian (DER)", en: "Issuing CA's CRL (DER)" },
    },
    {
      name: "root-ca.crl",
      bytes: await pki.crl("root-ca"),
      secret: false,
      description: { vi: "CRL của CA gốc (DER)", en: "Root CA's CRL (DER)" },
    },
    ...ENTITIES.flatMap(([key, base, description]) =>
      credentialFiles(pki[key] as DemoCredential, base, description, password),
    ),
    cert("test/untrusted-root.pem", pki.untrustedRoot.certificate, {
      vi: "Kiểm thử: CA gốc không tin cậy",
      en: "Test: untrusted root",
    }),
  ];
  const readme = [
    "Hạ tầng khóa công khai THỬ NGHIỆM của Liên Thông — không dùng cho văn bản thật.",
    "Liên Thông DEMO PKI — never use it for real documents.",
    "",
    `CRL và OCSP / CRL and OCSP: ${pki.baseUrl}`,
    "Mật khẩu các tệp .p12 là mật khẩu đã chọn khi tạo. / The .p12 files use the password chosen at creation.",
    "",
    ...files.map((f) => `${f.name.padEnd(28)} ${f.description.vi} / ${f.description.en}`),
    "",
  ].join("\n");
  return [
    ...files,
    {
      name: "README.txt",
      bytes: text(readme),
      secret: false,
      description: { vi: "Tệp này", en: "This file" },
    },
  ];
}
