/**
 * The validation report, modelled on ETSI TS 119 102-2 (the report EU DSS produces): one
 * indication per signature — TOTAL_PASSED, INDETERMINATE or TOTAL_FAILED — with a sub-indication
 * from ETSI EN 319 102-1 saying why, and the evidence behind it.
 */
import type { CertificateDescription } from "../x509/describe.ts";
import type { Bilingual } from "../x509/names.ts";
import type { LaterUpdate } from "./later-updates.ts";

export type Indication = "TOTAL_PASSED" | "INDETERMINATE" | "TOTAL_FAILED";

export type SubIndication =
  | "FORMAT_FAILURE"
  | "HASH_FAILURE"
  | "SIG_CRYPTO_FAILURE"
  | "REVOKED"
  | "NOT_YET_VALID"
  | "REVOKED_CA_NO_POE"
  | "NO_CERTIFICATE_CHAIN_FOUND"
  | "CHAIN_CONSTRAINTS_FAILURE"
  | "OUT_OF_BOUNDS_NO_POE"
  | "TRY_LATER"
  | "NO_POE"
  | "SIG_CONSTRAINTS_FAILURE"
  | "NO_SIGNING_CERTIFICATE_FOUND"
  | "SIGNED_DATA_NOT_FOUND";

export type CheckResult = { indication: Indication; subIndication?: SubIndication };

export type TimestampReport = CheckResult & {
  /** The time the TSA vouches for (genTime). */
  time?: string;
  tsa?: string;
  messages: Bilingual[];
};

export type SignatureReport = CheckResult & {
  fieldName: string;
  subFilter?: string;
  /** PAdES baseline level the signature reaches on its face: DSS present → B-LT, timestamp → B-T. */
  level?: "B-B" | "B-T" | "B-LT";
  claimedSigningTime?: string;
  reason?: string;
  location?: string;
  integrity: {
    /** The ByteRange starts at 0 and leaves out exactly the /Contents hex string. */
    byteRangeValid: boolean;
    digestMatches: boolean;
    signatureValid: boolean;
    /** The signing-certificate(-v2) attribute names the signer's certificate. */
    signingCertificateBound?: boolean;
  };
  signer?: CertificateDescription;
  certificate?: CheckResult & {
    /** The time the chain and revocation were checked for. */
    at: string;
    chain: string[];
    revocation?: { status: string; source?: string; revocationTime?: string };
    messages: Bilingual[];
  };
  timestamp?: TimestampReport;
  coverage: {
    wholeDocument: boolean;
    signedBytes: number;
    laterUpdates: LaterUpdate[];
  };
  messages: Bilingual[];
};

export type PdfValidationReport = CheckResult & {
  validationTime: string;
  documentBytes: number;
  signatures: SignatureReport[];
  messages: Bilingual[];
};

const RANK: Record<Indication, number> = { TOTAL_PASSED: 0, INDETERMINATE: 1, TOTAL_FAILED: 2 };

/** The worse of two results: FAILED over INDETERMINATE over PASSED; the first wins a tie. */
export function worst(a: CheckResult, b: CheckResult): CheckResult {
  return RANK[b.indication] > RANK[a.indication] ? b : a;
}

const LABEL: Record<Indication, string> = {
  TOTAL_PASSED: "HỢP LỆ / TOTAL_PASSED",
  INDETERMINATE: "CHƯA XÁC ĐỊNH / INDETERMINATE",
  TOTAL_FAILED: "KHÔNG HỢP LỆ / TOTAL_FAILED",
};

const yesNo = (v: boolean | undefined) => (v === undefined ? "—" : v ? "có / yes" : "không / no");

/** A readable Vietnamese/English summary of a report, for the CLI and for people. */
export function formatValidationReport(report: PdfValidationReport): string {
  const out: string[] = [
    `Kết quả / result: ${LABEL[report.indication]}${report.subIndication ? ` (${report.subIndication})` : ""}`,
    `Số chữ ký / signatures: ${report.signatures.length}; kiểm tra lúc / validated at ${report.validationTime}`,
    ...report.messages.map((m) => `  ${m.vi} / ${m.en}`),
  ];
  report.signatures.forEach((s, i) => {
    const who = s.signer?.subject.rfc4514 ?? "?";
    out.push(
      "",
      `#${i + 1} ${s.fieldName}: ${LABEL[s.indication]}${s.subIndication ? ` (${s.subIndication})` : ""}`,
      `  Người ký / signer: ${who}`,
      `  Mức / level: ${s.level ?? "—"}; thời gian khai báo / claimed time: ${s.claimedSigningTime ?? "—"}`,
      `  Toàn vẹn / integrity: byte range ${yesNo(s.integrity.byteRangeValid)}, băm / digest ${yesNo(s.integrity.digestMatches)}, chữ ký / signature ${yesNo(s.integrity.signatureValid)}`,
    );
    if (s.certificate)
      out.push(
        `  Chứng thư / certificate: ${s.certificate.indication}${s.certificate.subIndication ? ` (${s.certificate.subIndication})` : ""} tại / at ${s.certificate.at}${s.certificate.revocation ? `, thu hồi / revocation: ${s.certificate.revocation.status}` : ""}`,
      );
    if (s.timestamp)
      out.push(
        `  Dấu thời gian / timestamp: ${s.timestamp.indication}${s.timestamp.subIndication ? ` (${s.timestamp.subIndication})` : ""}${s.timestamp.time ? ` ${s.timestamp.time}` : ""}`,
      );
    out.push(
      s.coverage.wholeDocument
        ? "  Phạm vi / coverage: toàn bộ tài liệu / the whole document"
        : `  Phạm vi / coverage: ${s.coverage.laterUpdates.length} cập nhật sau chữ ký / updates after it: ${s.coverage.laterUpdates.map((u) => `${u.kinds.join("+") || "—"} ${u.allowed ? "(được phép / allowed)" : "(KHÔNG được phép / NOT allowed)"}`).join(", ")}`,
    );
    for (const m of s.messages) out.push(`  - ${m.vi} / ${m.en}`);
  });
  return out.join("\n");
}
