/**
 * Object identifiers CMS and PAdES use, and the mapping between them and node:crypto names.
 * SHA-1 appears only on the verifying side: old Vietnamese PDFs (before the 2015 move to
 * SHA-256) are still valid evidence and must be readable.
 */
import type { SignatureAlgorithm } from "../signer.ts";
import { DIGEST_BY_OID, OID as X509, OID_BY_DIGEST } from "../x509/oids.ts";

/** The CMS names of the package's one OID registry (`x509/oids.ts`). */
export const OID = {
  data: X509.contentTypeData,
  signedData: X509.signedData,
  tstInfo: X509.tstInfo,
  contentType: X509.contentTypeAttr,
  messageDigest: X509.messageDigestAttr,
  signingTime: X509.signingTimeAttr,
  signingCertificate: X509.signingCertificate,
  signingCertificateV2: X509.signingCertificateV2,
  timestampToken: X509.timestampTokenAttr,
  rsaEncryption: X509.rsaEncryption,
  rsassaPss: X509.rsaPss,
  ecPublicKey: X509.ecPublicKey,
} as const;

export type DigestName = "sha1" | "sha256" | "sha384" | "sha512";

/** Signature algorithm OIDs that fix the digest; bare rsaEncryption/ecPublicKey take it from the SignerInfo. */
const SIGNATURE_OIDS: Record<string, { key: "rsa" | "ec"; digest?: DigestName }> = {
  [X509.rsaEncryption]: { key: "rsa" },
  [X509.ecPublicKey]: { key: "ec" },
  [X509.sha1WithRsa]: { key: "rsa", digest: "sha1" },
  [X509.sha256WithRsa]: { key: "rsa", digest: "sha256" },
  [X509.sha384WithRsa]: { key: "rsa", digest: "sha384" },
  [X509.sha512WithRsa]: { key: "rsa", digest: "sha512" },
  [X509.ecdsaWithSha1]: { key: "ec", digest: "sha1" },
  [X509.ecdsaWithSha256]: { key: "ec", digest: "sha256" },
  [X509.ecdsaWithSha384]: { key: "ec", digest: "sha384" },
  [X509.ecdsaWithSha512]: { key: "ec", digest: "sha512" },
};

export function digestName(oid: string): DigestName | undefined {
  return DIGEST_BY_OID[oid];
}

export function digestOid(name: DigestName): string {
  return OID_BY_DIGEST[name];
}

export function signatureAlgorithmInfo(oid: string) {
  return SIGNATURE_OIDS[oid];
}

/** The digest name and SignerInfo signature algorithm OID for what a `Signer` produces. */
export function signerAlgorithm(algorithm: SignatureAlgorithm): {
  digest: DigestName;
  oid: string;
} {
  const digest = algorithm.slice(algorithm.indexOf("-SHA") + 1).toLowerCase() as DigestName;
  const key = algorithm.startsWith("ECDSA") ? "ec" : "rsa";
  const oid = Object.entries(SIGNATURE_OIDS).find(
    ([, info]) => info.key === key && info.digest === digest,
  )![0];
  return { digest, oid };
}
