import fs from "node:fs";
import path from "node:path";
import { verifyEdxml } from "@lienthong/edxml";
import {
  createPdfValidator,
  createRevocationCache,
  readCertificateBytes,
  validateCertificate,
  type PdfValidationReport,
  type RevocationCache,
  type PdfValidator,
  type SignatureReport,
} from "@lienthong/pki";
import type { Bilingual } from "../../core/errors.ts";
import type { ModuleContext } from "../../core/module.ts";
import { caCertificate } from "../trust/index.ts";

export type Indication = "TOTAL_PASSED" | "INDETERMINATE" | "TOTAL_FAILED";

/** One signature as the clerk's signature panel shows it. */
export type SignatureSummary = {
  signer: string | null;
  issuer: string | null;
  /** The timestamp's time when there is a valid one, otherwise the time the signer claimed. */
  signingTime: string | null;
  timestamped: boolean;
  level: string | null;
  /** The signer's certificate at signing time: good, revoked or unknown, and where that came from. */
  revocation: { status: string; source: string | null } | null;
  indication: Indication;
  subIndication: string | null;
  summary: Bilingual;
  messages: Bilingual[];
};

/** The check of one thing: the package's XML signature, or one PDF's signatures. */
export type CheckResult = {
  target: "package" | "pdf";
  name: string;
  /** The attachment checked (its content's SHA-256), for a PDF. */
  sha256: string | null;
  indication: Indication;
  subIndication: string | null;
  signatures: SignatureSummary[];
  messages: Bilingual[];
  validatedAt: string;
};

type Anchors = { der: Uint8Array[]; pem: string[] };
type IncomingValidator = {
  anchors: Anchors;
  validator: PdfValidator;
  /** OCSP answers and CRLs, each until its next update, shared by package and PDF checks. */
  revocation: RevocationCache;
};
const validators = new WeakMap<object, Promise<IncomingValidator>>();

/**
 * Extra anchors an installation trusts (the real VGCA roots in production): every certificate in
 * the PEM or DER files under `DATA_DIR/trust-anchors/`, read once per process.
 */
function configuredAnchors(dataDir: string): Uint8Array[] {
  const dir = path.join(dataDir, "trust-anchors");
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => /\.(pem|crt|cer|der)$/i.test(name))
    .sort()
    .flatMap((name) => readCertificateBytes(fs.readFileSync(path.join(dir, name))));
}

/**
 * The trust anchors (the platform CA's root plus the configured ones) and one PDF validator for
 * the life of the process: it remembers chains it has validated, and OCSP answers and CRLs until
 * their next update, so a stream of documents signed under the same CAs costs one revocation
 * fetch per CA per period. Revocation is read from the PDF's DSS first, then fetched from the
 * addresses the certificates name (for the demo CA, this platform's own `/pki`).
 */
export function incomingValidator(ctx: ModuleContext) {
  let state = validators.get(ctx.db);
  if (!state) {
    state = (async () => {
      const der = [await caCertificate(ctx, "root-ca"), ...configuredAnchors(ctx.config.dataDir)];
      const pem = der.map(
        (d) =>
          `-----BEGIN CERTIFICATE-----\n${Buffer.from(d).toString("base64")}\n-----END CERTIFICATE-----\n`,
      );
      const revocation = createRevocationCache();
      const validator = createPdfValidator({
        trustAnchors: der,
        revocation: { cache: revocation, fetch: true },
      });
      return { anchors: { der, pem }, validator, revocation };
    })();
    state.catch(() => validators.delete(ctx.db));
    validators.set(ctx.db, state);
  }
  return state;
}

/** The common name of a distinguished name, in RFC 4514 or Node's "C=VN, O=…, CN=…" form. */
const cn = (name: string | undefined) =>
  name
    ? (/(?:^|,\s*)CN=((?:\\.|[^,])+)/.exec(name)?.[1]?.replace(/\\(.)/g, "$1").trim() ?? name)
    : null;

const INDICATION_TEXT: Record<Indication, Bilingual> = {
  TOTAL_PASSED: { vi: "Hợp lệ", en: "Valid" },
  INDETERMINATE: { vi: "Chưa xác định được", en: "Indeterminate" },
  TOTAL_FAILED: { vi: "Không hợp lệ", en: "Invalid" },
};

function summarizeSignature(report: SignatureReport): SignatureSummary {
  const signer = cn(report.signer?.subject.rfc4514);
  const timestamped = report.timestamp?.indication === "TOTAL_PASSED" && !!report.timestamp.time;
  const signingTime = timestamped ? report.timestamp!.time! : (report.claimedSigningTime ?? null);
  const word = INDICATION_TEXT[report.indication];
  const why = report.subIndication ? ` (${report.subIndication})` : "";
  const messages = [...report.messages, ...(report.certificate?.messages ?? [])];
  return {
    signer,
    issuer: cn(report.signer?.issuer.rfc4514),
    signingTime,
    timestamped,
    level: report.level ?? null,
    revocation: report.certificate?.revocation
      ? {
          status: report.certificate.revocation.status,
          source: report.certificate.revocation.source ?? null,
        }
      : null,
    indication: report.indication,
    subIndication: report.subIndication ?? null,
    summary: {
      vi: `${word.vi}${why}: ký bởi ${signer ?? "không rõ"}${signingTime ? ` lúc ${signingTime}` : ""}${timestamped ? " (có dấu thời gian)" : ""}.`,
      en: `${word.en}${why}: signed by ${signer ?? "unknown"}${signingTime ? ` at ${signingTime}` : ""}${timestamped ? " (timestamped)" : ""}.`,
    },
    messages,
  };
}

export function summarizePdf(
  name: string,
  sha256: string,
  report: PdfValidationReport,
): CheckResult {
  return {
    target: "pdf",
    name,
    sha256,
    indication: report.indication,
    subIndication: report.subIndication ?? null,
    signatures: report.signatures.map(summarizeSignature),
    messages: report.messages,
    validatedAt: report.validationTime,
  };
}

const split = (text: string): Bilingual => {
  const [vi = text, en = text] = text.split(" / ");
  return { vi, en };
};

/** The certificates the package's signature carries (KeyInfo/X509Data), as path-building candidates. */
function carriedCertificates(xml: string): Uint8Array[] {
  const end = xml.indexOf("edXMLHeader>", xml.indexOf("<Signature"));
  const header = xml.slice(0, end < 0 ? 1 << 20 : end);
  return [...header.matchAll(/<(?:[\w-]+:)?X509Certificate>([^<]+)</g)].map(
    (m) => new Uint8Array(Buffer.from(m[1]!.replace(/\s+/g, ""), "base64")),
  );
}

const FROM_PATH: Record<string, Indication> = {
  PASSED: "TOTAL_PASSED",
  INDETERMINATE: "INDETERMINATE",
  FAILED: "TOTAL_FAILED",
};

/**
 * Verifies the package's XML-DSig signature (`verifyEdxml`: place, transforms, digest over the
 * whole package, value), then validates the signer's certificate path now — chain to an anchor,
 * validity, key usage and revocation — as a check result.
 */
export async function checkPackageSignature(
  xml: string,
  anchors: Anchors,
  revocation: RevocationCache,
): Promise<CheckResult> {
  const at = new Date();
  const result = verifyEdxml({ xml, trustAnchors: anchors.pem, at });
  const signer = result.signer;
  let indication: Indication = result.valid ? "TOTAL_PASSED" : "TOTAL_FAILED";
  let subIndication: string | null = result.valid
    ? null
    : result.trusted === false
      ? "NO_CERTIFICATE_CHAIN_FOUND"
      : "SIG_CRYPTO_FAILURE";
  const messages = [...result.errors, ...result.warnings].map(split);
  let revocationStatus: SignatureSummary["revocation"] = null;
  if (result.valid && signer) {
    const path = await validateCertificate({
      certificate: signer.certificate,
      intermediates: carriedCertificates(xml),
      trustAnchors: anchors.der,
      at,
      revocation: { cache: revocation, fetch: true },
      purpose: "documentSigning",
    });
    indication = FROM_PATH[path.indication]!;
    subIndication = path.subIndication ?? null;
    if (path.indication !== "PASSED") messages.push(...path.messages);
    if (path.revocation)
      revocationStatus = { status: path.revocation.status, source: path.revocation.source ?? null };
  }
  const who = cn(signer?.subject);
  const word = INDICATION_TEXT[indication];
  return {
    target: "package",
    name: "edXML",
    sha256: null,
    indication,
    subIndication,
    signatures: [
      {
        signer: who,
        issuer: signer ? cn(signer.issuer) : null,
        signingTime: null,
        timestamped: false,
        level: result.algorithm ?? null,
        revocation: revocationStatus,
        indication,
        subIndication,
        summary: {
          vi: `${word.vi}: gói tin ký bởi ${who ?? "không rõ"}${result.algorithm ? ` (${result.algorithm})` : ""}.`,
          en: `${word.en}: package signed by ${who ?? "unknown"}${result.algorithm ? ` (${result.algorithm})` : ""}.`,
        },
        messages,
      },
    ],
    messages,
    validatedAt: at.toISOString(),
  };
}

export type Verdict = { accepted: boolean; reason: Bilingual | null; warnings: Bilingual[] };

/**
 * Whether the checks let a document in (Decree 30/2020, art. 5 and 22: an electronic document
 * is valid with its digital signatures, and a receiver returns one whose authenticity or integrity
 * fails). The package signature must be valid and trusted, and the document must carry at least
 * one signed PDF, every PDF passing. A signature whose only doubt is revocation that cannot be
 * reached now (TRY_LATER) lets the document in with a warning for the clerk, who may refuse it.
 */
export function judgeChecks(results: CheckResult[]): Verdict {
  const warnings: Bilingual[] = [];
  const fail = (vi: string, en: string): Verdict => ({
    accepted: false,
    reason: { vi, en },
    warnings,
  });
  const pack = results.find((r) => r.target === "package");
  const unreachable = (r: CheckResult) =>
    r.indication === "INDETERMINATE" && r.subIndication === "TRY_LATER";
  if (pack && unreachable(pack))
    warnings.push({
      vi: "Chưa kiểm tra được tình trạng thu hồi chứng thư ký gói tin; văn thư cần xem xét.",
      en: "The revocation status of the package signer's certificate could not be checked yet; the clerk should review it.",
    });
  else if (!pack || pack.indication !== "TOTAL_PASSED") {
    const why = pack?.messages[0];
    return fail(
      `Chữ ký số của gói tin không hợp lệ${why ? `: ${why.vi}` : ""}.`,
      `The package's digital signature is not valid${why ? `: ${why.en}` : ""}.`,
    );
  }
  const pdfs = results.filter((r) => r.target === "pdf");
  if (pdfs.length === 0)
    return fail(
      "Văn bản không kèm tệp PDF có chữ ký số.",
      "The document carries no digitally signed PDF.",
    );
  for (const pdf of pdfs) {
    if (pdf.indication === "TOTAL_PASSED") continue;
    if (unreachable(pdf)) {
      warnings.push({
        vi: `Chưa kiểm tra được tình trạng thu hồi chứng thư của ${pdf.name}; văn thư cần xem xét.`,
        en: `The revocation status of the certificates in ${pdf.name} could not be checked yet; the clerk should review it.`,
      });
      continue;
    }
    const first = pdf.signatures.find((s) => s.indication !== "TOTAL_PASSED");
    const detail = first?.messages[0] ?? pdf.messages[0];
    return fail(
      `Chữ ký số trên tệp ${pdf.name} không hợp lệ (${pdf.subIndication ?? pdf.indication})${detail ? `: ${detail.vi}` : ""}.`,
      `The digital signature of ${pdf.name} is not valid (${pdf.subIndication ?? pdf.indication})${detail ? `: ${detail.en}` : ""}.`,
    );
  }
  return { accepted: true, reason: null, warnings };
}

export const isPdf = (a: { contentType: string; attachmentName: string }) =>
  a.contentType.toLowerCase().startsWith("application/pdf") || /\.pdf$/i.test(a.attachmentName);
