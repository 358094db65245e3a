import { createHash } from "node:crypto";
import * as pkijs from "pkijs";
import { digestName, OID } from "../cms/algorithms.ts";
import { parseSignedData } from "../cms/parse-signed-data.ts";
import { verifyCmsSignature } from "../cms/verify-signed-data.ts";
import { validateCertificate } from "../path/validate-certificate.ts";
import type { RevocationSources } from "../revocation/check-revocation.ts";
import { describeCertificate } from "../x509/describe.ts";
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
  let parsed;
  let info: pkijs.TSTInfo;
  try {
    parsed = parseSignedData(options.token);
    if (parsed.eContentType !== OID.tstInfo || !parsed.encapsulatedContent)
      throw new Error("not a TSTInfo");
    info = pkijs.TSTInfo.fromBER(parsed.encapsulatedContent);
  } catch {
    return failed(
      "FORMAT_FAILURE",
      "Dấu thời gian không đọc được",
      "The timestamp token cannot be read",
    );
  }
  const genTime = info.genTime;
  const tsa = parsed.signerCertificate;
  const verification = verifyCmsSignature({ cms: parsed });
  if (!verification.digestMatches)
    return failed(
      "HASH_FAILURE",
      "Dấu thời gian bị sửa",
      "The timestamp token content was altered",
      genTime,
    );
  if (!verification.signatureValid || !tsa)
    return failed(
      "SIG_CRYPTO_FAILURE",
      "Chữ ký của TSA không hợp lệ",
      "The TSA's signature is invalid",
      genTime,
    );
  const imprintDigest = digestName(info.messageImprint.hashAlgorithm.algorithmId);
  const expected =
    imprintDigest && createHash(imprintDigest).update(options.signatureValue).digest();
  const imprint = Buffer.from(info.messageImprint.hashedMessage.valueBlock.valueHexView);
  if (!expected || !imprint.equals(expected))
    return failed(
      "HASH_FAILURE",
      "Dấu thời gian không dành cho chữ ký này",
      "The timestamp was issued over another value than this signature",
      genTime,
    );
  const chain = await validateCertificate({
    certificate: tsa,
    intermediates: [...parsed.certificates, ...options.intermediates],
    trustAnchors: options.trustAnchors,
    at: genTime,
    revocation: options.revocation,
    purpose: "timeStamping",
  });
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
    tsa: describeCertificate(tsa).subject.rfc4514,
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
