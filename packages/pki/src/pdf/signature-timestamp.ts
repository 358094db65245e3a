import type { RevocationSources } from "../revocation/check-revocation.ts";
import { verifyTimestampToken, type TimestampVerification } from "../tsp/verify-timestamp.ts";
import { describeCertificate } from "../x509/describe.ts";
import { PkiError } from "../x509/errors.ts";
import type { TimestampReport } from "./validation-report.ts";

/**
 * Checks a signature timestamp (RFC 3161 token in the unsigned attributes): the token's own
 * CMS signature, that its message imprint is the hash of this signature value, and the TSA's
 * certificate chain at the time it vouches for. A token over another imprint proves nothing
 * about this signature: HASH_FAILURE.
 */
export async function checkSignatureTimestamp(options: {
  token: Uint8Array;
  signatureValue: Uint8Array;
  trustAnchors: readonly Uint8Array[];
  intermediates: readonly Uint8Array[];
  revocation: RevocationSources | false;
}): Promise<TimestampReport & { genTime?: Date }> {
  let verification: TimestampVerification;
  try {
    verification = await verifyTimestampToken({
      token: options.token,
      data: options.signatureValue,
      trustAnchors: options.trustAnchors,
      intermediates: options.intermediates,
      revocation: options.revocation,
    });
  } catch (error) {
    if (!(error instanceof PkiError)) throw error;
    return failed(
      "FORMAT_FAILURE",
      "Dấu thời gian không đọc được",
      "The timestamp token cannot be read",
    );
  }
  const { genTime, chain, tsaCertificate } = verification;
  if (!verification.contentDigestMatches)
    return failed(
      "HASH_FAILURE",
      "Dấu thời gian bị sửa",
      "The timestamp token content was altered",
      genTime,
    );
  if (!verification.signatureValid || !chain || !tsaCertificate)
    return failed(
      "SIG_CRYPTO_FAILURE",
      "Chữ ký của TSA không hợp lệ",
      "The TSA's signature is invalid",
      genTime,
    );
  if (!verification.imprintMatches)
    return failed(
      "HASH_FAILURE",
      "Dấu thời gian không dành cho chữ ký này",
      "The timestamp was issued over another value than this signature",
      genTime,
    );
  const indication =
    chain.indication === "PASSED"
      ? "TOTAL_PASSED"
      : chain.indication === "FAILED"
        ? "TOTAL_FAILED"
        : "INDETERMINATE";
  return {
    indication,
    ...(chain.subIndication ? { subIndication: chain.subIndication } : {}),
    time: genTime.toISOString(),
    genTime,
    tsa: describeCertificate(tsaCertificate).subject.rfc4514,
    messages: chain.messages,
  };
}

function failed(
  subIndication: "FORMAT_FAILURE" | "HASH_FAILURE" | "SIG_CRYPTO_FAILURE",
  vi: string,
  en: string,
  genTime?: Date,
): TimestampReport {
  return {
    indication: subIndication === "FORMAT_FAILURE" ? "INDETERMINATE" : "TOTAL_FAILED",
    subIndication,
    ...(genTime ? { time: genTime.toISOString() } : {}),
    messages: [{ vi, en }],
  };
}
