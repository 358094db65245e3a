import { CmsFormatError } from "../cms/parse-signed-data.ts";
import { verifyCmsSignature } from "../cms/verify-signed-data.ts";
import type { RevocationCache } from "../revocation/cache.ts";
import type { RevocationSources } from "../revocation/check-revocation.ts";
import type { Bilingual } from "../x509/names.ts";
import type { ByteRange } from "./byte-range.ts";
import { describeLaterUpdates } from "./later-updates.ts";
import {
  readPdfSignatures,
  type PdfDocumentSignatures,
  type PdfSignatureEntry,
} from "./read-signatures.ts";
import { checkSignatureTimestamp } from "./signature-timestamp.ts";
import { createValidationMemo, type ValidationMemo } from "./validation-memo.ts";
import {
  worst,
  type CheckResult,
  type PdfValidationReport,
  type SignatureReport,
  type SubIndication,
} from "./validation-report.ts";

/** How revocation is checked: offline from the DSS and given data, then a cache, then the network. */
export type RevocationPolicy =
  | false
  | {
      crls?: readonly Uint8Array[];
      ocspResponses?: readonly Uint8Array[];
      cache?: RevocationCache;
      /** Fetch CRLs/OCSP over HTTP where certificates say; off by default (offline validation). */
      fetch?: boolean;
    };

export type ValidatePdfOptions = {
  pdf: Uint8Array;
  trustAnchors: readonly Uint8Array[];
  revocation?: RevocationPolicy;
  /** Validation time; default now. */
  at?: Date;
  /** Larger inputs are refused before parsing, so one request cannot exhaust memory. */
  maxBytes?: number;
};

export const DEFAULT_MAX_PDF_BYTES = 64 * 1024 * 1024;

const msg = (vi: string, en: string): Bilingual => ({ vi, en });

/**
 * Validates every signature of a PDF into a report (ETSI-style indications). Never throws for
 * anything about the input: a damaged, truncated or hostile file yields a failing report.
 * A service validating many documents keeps a `createPdfValidator` instead, which remembers
 * parsed certificates and path validations between calls.
 */
export function validatePdfSignatures(options: ValidatePdfOptions): Promise<PdfValidationReport> {
  return validatePdfWithMemo(options, createValidationMemo());
}

/** `validatePdfSignatures` with the parsing and path-validation results kept in `memo`. */
export async function validatePdfWithMemo(
  options: ValidatePdfOptions,
  memo: ValidationMemo,
): Promise<PdfValidationReport> {
  const at = options.at ?? new Date();
  const base = { validationTime: at.toISOString(), documentBytes: options.pdf.length };
  const format = (m: Bilingual, sub: SubIndication = "FORMAT_FAILURE"): PdfValidationReport => ({
    indication: "INDETERMINATE",
    subIndication: sub,
    ...base,
    signatures: [],
    messages: [m],
  });
  if (options.pdf.length > (options.maxBytes ?? DEFAULT_MAX_PDF_BYTES))
    return format(msg("Tệp vượt quá kích thước cho phép", "The file exceeds the size limit"));
  let read: PdfDocumentSignatures;
  try {
    read = await readPdfSignatures(options.pdf);
  } catch {
    return format(msg("Không đọc được tệp PDF", "The PDF cannot be read"));
  }
  if (read.signatures.length === 0)
    return format(
      msg("Tài liệu không có chữ ký", "The document carries no signature"),
      "SIGNED_DATA_NOT_FOUND",
    );
  const signatures: SignatureReport[] = [];
  for (const entry of read.signatures) {
    try {
      signatures.push(await validateSignature({ ...options, at, entry, read, memo }));
    } catch {
      signatures.push(
        failedEntry(entry, msg("Chữ ký không đọc được", "The signature cannot be read")),
      );
    }
  }
  const overall = signatures.reduce<CheckResult>((acc, s) => worst(acc, s), {
    indication: "TOTAL_PASSED",
  });
  return { ...overall, ...base, signatures, messages: [] };
}

type Context = ValidatePdfOptions & {
  at: Date;
  entry: PdfSignatureEntry;
  read: PdfDocumentSignatures;
  memo: ValidationMemo;
};

async function validateSignature(ctx: Context): Promise<SignatureReport> {
  const { entry, pdf, read, memo } = ctx;
  const range = entry.byteRange;
  const report = failedEntry(entry, msg("Byte range không hợp lệ", "The byte range is invalid"));
  if (!range || !byteRangeValid(pdf, range)) {
    if (range && range[2] + range[3] > pdf.length) {
      report.subIndication = "HASH_FAILURE";
      report.indication = "TOTAL_FAILED";
      report.messages = [
        msg("Tệp bị cắt hoặc bị sửa sau khi ký", "The file was truncated or changed after signing"),
      ];
    }
    return report;
  }
  report.integrity.byteRangeValid = true;
  report.coverage.signedBytes = range[1] + range[3];
  let parsed;
  try {
    parsed = memo.parseCms(entry.contents);
  } catch (error) {
    if (!(error instanceof CmsFormatError)) throw error;
    report.messages = [msg("CMS không đọc được", "The CMS cannot be read")];
    return report;
  }
  const cms = verifyCmsSignature({
    cms: parsed,
    content: [pdf.subarray(range[0], range[1]), pdf.subarray(range[2], range[2] + range[3])],
  });
  const signer = cms.signerCertificate;
  Object.assign(report.integrity, {
    digestMatches: cms.digestMatches,
    signatureValid: cms.signatureValid,
    signingCertificateBound: cms.signingCertificateMatches,
  });
  if (signer) report.signer = memo.describe(signer);
  report.messages = cms.problems.map((p) => {
    const [vi = p, en = p] = p.split(" / ");
    return msg(vi, en);
  });
  const fail = (indication: CheckResult["indication"], subIndication: SubIndication) =>
    Object.assign(report, { indication, subIndication });
  if (!cms.digestMatches) return fail("TOTAL_FAILED", "HASH_FAILURE");
  if (!signer) return fail("INDETERMINATE", "NO_SIGNING_CERTIFICATE_FOUND");
  if (!cms.signatureValid) return fail("TOTAL_FAILED", "SIG_CRYPTO_FAILURE");
  if (cms.signingCertificateMatches === false)
    return fail("INDETERMINATE", "SIG_CONSTRAINTS_FAILURE");

  const sources: RevocationSources | false =
    ctx.revocation === false
      ? false
      : {
          offline: {
            crls: [...read.dss.crls, ...(ctx.revocation?.crls ?? [])],
            ocspResponses: [...read.dss.ocsps, ...(ctx.revocation?.ocspResponses ?? [])],
          },
          ...(ctx.revocation?.cache ? { cache: ctx.revocation.cache } : {}),
          fetch: ctx.revocation?.fetch ?? false,
        };
  const intermediates = [...parsed.certificates, ...read.dss.certificates];
  let result: CheckResult = { indication: "TOTAL_PASSED" };
  let poe = ctx.at;
  const token = parsed.timestampTokens[0];
  if (token) {
    const timestamp = await checkSignatureTimestamp({
      token,
      signatureValue: parsed.signatureValue,
      trustAnchors: ctx.trustAnchors,
      intermediates,
      revocation: sources,
    });
    const { genTime, ...shown } = timestamp;
    report.timestamp = shown;
    if (timestamp.indication === "TOTAL_PASSED" && genTime) poe = genTime;
    else result = { indication: "INDETERMINATE", subIndication: "NO_POE" };
  }
  const chain = await memo.validateChain({
    certificate: signer,
    intermediates,
    trustAnchors: ctx.trustAnchors,
    at: poe,
    revocation: sources,
    purpose: "documentSigning",
  });
  const certificate: CheckResult = {
    indication:
      chain.indication === "PASSED"
        ? "TOTAL_PASSED"
        : chain.indication === "FAILED"
          ? "TOTAL_FAILED"
          : "INDETERMINATE",
    ...(chain.subIndication ? { subIndication: chain.subIndication } : {}),
  };
  report.certificate = {
    ...certificate,
    at: poe.toISOString(),
    chain: chain.chain.map((der) => memo.describe(der).subject.rfc4514),
    ...(chain.revocation
      ? {
          revocation: {
            status: chain.revocation.status,
            ...(chain.revocation.source ? { source: chain.revocation.source } : {}),
            ...(chain.revocation.revocationTime
              ? { revocationTime: chain.revocation.revocationTime.toISOString() }
              : {}),
          },
        }
      : {}),
    messages: chain.messages,
  };
  result = worst(certificate, result);
  const signedEnd = range[2] + range[3];
  report.coverage.wholeDocument = pdf.length - signedEnd <= 2;
  if (!report.coverage.wholeDocument) {
    report.coverage.laterUpdates = await describeLaterUpdates({
      pdf,
      signedEnd,
      full: read.document,
    });
    if (report.coverage.laterUpdates.some((u) => !u.allowed)) {
      report.messages.push(
        msg("Tài liệu bị thay đổi nội dung sau khi ký", "The content was changed after signing"),
      );
      result = worst(result, {
        indication: "INDETERMINATE",
        subIndication: "SIG_CONSTRAINTS_FAILURE",
      });
    }
  }
  report.level = token
    ? read.dss.certificates.length + read.dss.crls.length + read.dss.ocsps.length > 0
      ? "B-LT"
      : "B-T"
    : "B-B";
  report.indication = result.indication;
  if (result.subIndication) report.subIndication = result.subIndication;
  else delete report.subIndication;
  return report;
}

/** The ByteRange starts at 0 and its gap is exactly the `<hex>` of /Contents. */
function byteRangeValid(pdf: Uint8Array, [a, b, c, d]: ByteRange): boolean {
  if (a !== 0 || b <= 0 || c <= b + 1 || c + d > pdf.length) return false;
  if (pdf[b] !== 0x3c || pdf[c - 1] !== 0x3e) return false;
  for (let i = b + 1; i < c - 1; i++) {
    const x = pdf[i]!;
    if (!((x >= 0x30 && x <= 0x39) || (x >= 0x41 && x <= 0x46) || (x >= 0x61 && x <= 0x66)))
      return false;
  }
  return true;
}

function failedEntry(entry: PdfSignatureEntry, message: Bilingual): SignatureReport {
  return {
    indication: "INDETERMINATE",
    subIndication: "FORMAT_FAILURE",
    fieldName: entry.fieldName,
    ...(entry.subFilter ? { subFilter: entry.subFilter } : {}),
    ...(entry.claimedSigningTime
      ? { claimedSigningTime: entry.claimedSigningTime.toISOString() }
      : {}),
    ...(entry.reason ? { reason: entry.reason } : {}),
    ...(entry.location ? { location: entry.location } : {}),
    integrity: { byteRangeValid: false, digestMatches: false, signatureValid: false },
    coverage: { wholeDocument: false, signedBytes: 0, laterUpdates: [] },
    messages: [message],
  };
}
