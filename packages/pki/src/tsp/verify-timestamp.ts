import { createHash } from "node:crypto";
import * as asn1js from "asn1js";
import { validateCertificate } from "../path/validate-certificate.ts";
import type { CertificateValidation } from "../path/result.ts";
import type { RevocationSources } from "../revocation/check-revocation.ts";
import { parseCertificate, type ParsedCertificate } from "../x509/certificate.ts";
import { guardParse } from "../x509/errors.ts";
import type { Bilingual } from "../x509/names.ts";
import { DIGEST_BY_OID, OID } from "../x509/oids.ts";
import { verifySignature } from "../x509/signature.ts";
import { parseTimestampToken, type ParsedTimestampToken } from "./parse-token.ts";

const SIGNING_CERTIFICATE_V1 = "1.2.840.113549.1.9.16.2.12";
const RSA_WITH: Record<string, string> = {
  sha1: OID.sha1WithRsa,
  sha256: OID.sha256WithRsa,
  sha384: OID.sha384WithRsa,
  sha512: OID.sha512WithRsa,
};

export type VerifyTimestampOptions = {
  token: Uint8Array;
  /** The digest the token should cover (e.g. of a CMS signature value); skip to only read the token. */
  digest?: Uint8Array;
  /**
   * Instead of `digest`: the data the token should cover, hashed with the token's own imprint
   * algorithm — for a verifier that did not choose it, like one reading a PDF signature's timestamp.
   */
  data?: Uint8Array;
  trustAnchors: readonly Uint8Array[];
  intermediates?: readonly Uint8Array[];
  /** Revocation sources for the TSA's chain, or `false` (default) to skip. */
  revocation?: RevocationSources | false;
};

export type TimestampVerification = {
  /** True when the signature, the certificate binding, the imprint and the TSA's chain all pass. */
  valid: boolean;
  genTime: Date;
  serialNumber: string;
  policy: string;
  accuracySeconds?: number;
  nonce?: string;
  hashAlgorithm: string;
  tsaCertificate?: Uint8Array;
  /** Undefined when no digest was given to compare. */
  imprintMatches?: boolean;
  /** The messageDigest attribute covers the TSTInfo; false means the content changed after signing. */
  contentDigestMatches: boolean;
  /** The TSA's signature holds, over a content digest that matches. */
  signatureValid: boolean;
  signingCertificateMatches: boolean;
  /** The TSA certificate's validation at genTime, with purpose timeStamping. */
  chain?: CertificateValidation;
  messages: Bilingual[];
};

function findSigner(
  token: ParsedTimestampToken,
  extra: readonly Uint8Array[],
): ParsedCertificate | undefined {
  const { signer } = token;
  for (const der of [...token.certificates, ...extra]) {
    const candidate = parseCertificate(der);
    if (
      signer.subjectKeyIdentifier !== undefined &&
      candidate.subjectKeyIdentifier === signer.subjectKeyIdentifier
    )
      return candidate;
    if (
      signer.serialNumber === candidate.serialNumber &&
      Buffer.from(signer.issuerDer ?? []).equals(Buffer.from(candidate.issuerDer))
    )
      return candidate;
  }
  return undefined;
}

/** ESSCertID(v2).certHash of the first certificate named in signing-certificate(-v2). */
function boundCertificateHash(
  token: ParsedTimestampToken,
): { digest: string; hash: Uint8Array } | undefined {
  const v2 = token.signer.attributes.get(OID.signingCertificateV2)?.[0] as
    asn1js.Sequence | undefined;
  const v1 = token.signer.attributes.get(SIGNING_CERTIFICATE_V1)?.[0] as
    asn1js.Sequence | undefined;
  const essCertId = ((v2 ?? v1)?.valueBlock.value[0] as asn1js.Sequence | undefined)?.valueBlock
    .value[0] as asn1js.Sequence | undefined;
  if (!essCertId) return undefined;
  const [first, second] = essCertId.valueBlock.value;
  if (v1)
    return {
      digest: "sha1",
      hash: new Uint8Array((first as asn1js.OctetString).valueBlock.valueHexView),
    };
  if (first instanceof asn1js.OctetString)
    return { digest: "sha256", hash: new Uint8Array(first.valueBlock.valueHexView) };
  const algorithm = (
    (first as asn1js.Sequence).valueBlock.value[0] as asn1js.ObjectIdentifier
  ).valueBlock.toString();
  return {
    digest: DIGEST_BY_OID[algorithm] ?? "unknown",
    hash: new Uint8Array((second as asn1js.OctetString).valueBlock.valueHexView),
  };
}

function contentDigestHolds(token: ParsedTimestampToken): boolean {
  const digest = DIGEST_BY_OID[token.signer.digestAlgorithm];
  const messageDigest = token.signer.attributes.get(OID.messageDigestAttr)?.[0];
  return (
    digest !== undefined &&
    messageDigest instanceof asn1js.OctetString &&
    createHash(digest)
      .update(token.content)
      .digest()
      .equals(Buffer.from(messageDigest.valueBlock.valueHexView))
  );
}

function signatureHolds(token: ParsedTimestampToken, certificate: ParsedCertificate): boolean {
  const { signer } = token;
  const digest = DIGEST_BY_OID[signer.digestAlgorithm];
  const contentType = token.signer.attributes.get(OID.contentTypeAttr)?.[0];
  if (!digest || !signer.signedAttributes) return false;
  if (
    !(contentType instanceof asn1js.ObjectIdentifier) ||
    contentType.valueBlock.toString() !== OID.tstInfo
  )
    return false;
  const algorithm =
    signer.signatureAlgorithm.oid === OID.rsaEncryption
      ? { oid: RSA_WITH[digest]! }
      : signer.signatureAlgorithm;
  return verifySignature({
    algorithm,
    data: signer.signedAttributes,
    signature: signer.signature,
    spki: certificate.spki,
  });
}

/** The token's imprint against `digest`, or against `data` hashed as the token says; undefined without either. */
function imprintHolds(
  token: ParsedTimestampToken,
  options: VerifyTimestampOptions,
): boolean | undefined {
  if (options.data === undefined && options.digest === undefined) return undefined;
  const digest = DIGEST_BY_OID[token.hashAlgorithm];
  if (digest === undefined) return false;
  const expected = options.data
    ? createHash(digest).update(options.data).digest()
    : Buffer.from(options.digest ?? []);
  return expected.equals(Buffer.from(token.hashedMessage));
}

/**
 * Verifies an RFC 3161 token: the TSA's CMS signature and its binding to the TSA certificate, the
 * message imprint against `digest` (or `data`), and the TSA certificate's path (purpose timeStamping) at genTime.
 * Malformed tokens throw `PkiError("malformed_timestamp")`; everything else is in the result.
 */
export async function verifyTimestampToken(
  options: VerifyTimestampOptions,
): Promise<TimestampVerification> {
  const token = parseTimestampToken(options.token);
  const messages: Bilingual[] = [];
  const imprintMatches = imprintHolds(token, options);
  if (imprintMatches === false)
    messages.push({
      vi: "Dấu thời gian không khớp dữ liệu",
      en: "The timestamp does not cover this data",
    });
  const certificate = findSigner(token, options.intermediates ?? []);
  const contentDigestMatches = contentDigestHolds(token);
  const signatureValid =
    contentDigestMatches && certificate !== undefined && signatureHolds(token, certificate);
  if (!signatureValid)
    messages.push({
      vi: "Chữ ký của dấu thời gian không hợp lệ",
      en: "The timestamp signature is invalid",
    });
  // A signing-certificate attribute of the wrong shape makes a malformed token, not a TypeError.
  const bound = guardParse("malformed_timestamp", () => boundCertificateHash(token));
  const signingCertificateMatches =
    certificate !== undefined &&
    bound !== undefined &&
    bound.digest !== "unknown" &&
    createHash(bound.digest).update(certificate.der).digest().equals(Buffer.from(bound.hash));
  if (!signingCertificateMatches)
    messages.push({
      vi: "Chứng thư TSA không khớp thuộc tính signing-certificate",
      en: "The TSA certificate does not match signing-certificate",
    });
  const chain = certificate
    ? await validateCertificate({
        certificate: certificate.der,
        intermediates: [...token.certificates, ...(options.intermediates ?? [])],
        trustAnchors: options.trustAnchors,
        at: token.genTime,
        revocation: options.revocation ?? false,
        purpose: "timeStamping",
      })
    : undefined;
  if (chain && chain.indication !== "PASSED") messages.push(...chain.messages);
  const valid =
    signatureValid &&
    signingCertificateMatches &&
    imprintMatches !== false &&
    chain?.indication === "PASSED";
  if (valid) messages.unshift({ vi: "Dấu thời gian hợp lệ", en: "The timestamp is valid" });
  return {
    valid,
    genTime: token.genTime,
    serialNumber: token.serialNumber,
    policy: token.policy,
    ...(token.accuracySeconds === undefined ? {} : { accuracySeconds: token.accuracySeconds }),
    ...(token.nonce ? { nonce: token.nonce } : {}),
    hashAlgorithm: token.hashAlgorithm,
    ...(certificate ? { tsaCertificate: certificate.der } : {}),
    ...(imprintMatches === undefined ? {} : { imprintMatches }),
    contentDigestMatches,
    signatureValid,
    signingCertificateMatches,
    ...(chain ? { chain } : {}),
    messages,
  };
}
