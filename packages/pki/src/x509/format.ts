import type { CertificateDescription } from "./describe.ts";
import type { DistinguishedName } from "./names.ts";

const VIETNAM_TIME = new Intl.DateTimeFormat("vi-VN", {
  timeZone: "Asia/Ho_Chi_Minh",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
  hour12: false,
});

function vietnamTime(iso: string): string {
  return `${VIETNAM_TIME.format(new Date(iso))} (${iso})`;
}

function nameLines(name: DistinguishedName): string[] {
  return name.attributes.map((a) => {
    const id = a.identifier
      ? ` — ${a.identifier.label.vi} / ${a.identifier.label.en}: ${a.identifier.number}`
      : "";
    return `    ${a.label.vi} / ${a.label.en} (${a.type}): ${a.value}${id}`;
  });
}

const colonHex = (hex: string) => hex.toUpperCase().match(/../g)?.join(":") ?? "";

/** A certificate as readable bilingual text, for `lienthong cert show` and logs. */
export function formatCertificate(d: CertificateDescription): string {
  const lines = [
    `Chủ thể / Subject: ${d.subject.rfc4514}`,
    ...nameLines(d.subject),
    `Tổ chức cấp / Issuer: ${d.issuer.rfc4514}`,
    ...nameLines(d.issuer),
    `Số hiệu / Serial: ${d.serialNumber}`,
    `Hiệu lực từ / Not before: ${vietnamTime(d.validity.notBefore)}`,
    `Hiệu lực đến / Not after: ${vietnamTime(d.validity.notAfter)}`,
    `Khóa công khai / Public key: ${d.publicKey.algorithm} ${d.publicKey.size} bit${d.publicKey.curve ? ` (${d.publicKey.curve})` : ""}`,
    `Thuật toán ký / Signature algorithm: ${d.signatureAlgorithm}`,
  ];
  if (d.basicConstraints)
    lines.push(
      `Ràng buộc cơ bản / Basic constraints: CA=${d.basicConstraints.ca}${d.basicConstraints.pathLength === undefined ? "" : `, pathLen=${d.basicConstraints.pathLength}`}`,
    );
  if (d.keyUsage.length) lines.push(`Mục đích khóa / Key usage: ${d.keyUsage.join(", ")}`);
  if (d.extendedKeyUsage.length)
    lines.push(
      `Mục đích mở rộng / Extended key usage: ${d.extendedKeyUsage.map((e) => e.name ?? e.oid).join(", ")}`,
    );
  for (const p of d.policies)
    lines.push(`Chính sách / Policy: ${p.name ?? p.oid}${p.cps ? ` (CPS: ${p.cps})` : ""}`);
  if (d.subjectAltNames.length)
    lines.push(`Tên khác / Alternative names: ${d.subjectAltNames.join(", ")}`);
  if (d.subjectKeyIdentifier) lines.push(`SKI: ${colonHex(d.subjectKeyIdentifier)}`);
  if (d.authorityKeyIdentifier) lines.push(`AKI: ${colonHex(d.authorityKeyIdentifier)}`);
  for (const url of d.crlDistributionPoints)
    lines.push(`Điểm phân phối CRL / CRL distribution point: ${url}`);
  for (const url of d.authorityInfoAccess.ocsp) lines.push(`OCSP: ${url}`);
  for (const url of d.authorityInfoAccess.caIssuers)
    lines.push(`Chứng thư CA / CA issuers: ${url}`);
  if (d.selfSigned) lines.push("Tự ký / Self-signed: có / yes");
  lines.push(`SHA-256: ${colonHex(d.fingerprintSha256)}`);
  return lines.join("\n");
}
