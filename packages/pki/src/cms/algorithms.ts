/**
 * Object identifiers CMS and PAdES use, and the mapping between them and node:crypto names.
 * SHA-1 appears only on the verifying side: old Vietnamese PDFs (before the 2015 move to
 * SHA-256) are still valid evidence and must be readable.
 */
import type { SignatureAlgorithm } from "../signer.ts";

export const OID = {
  data: "1.2.840.113549.1.7.1",
  signedData: "1.2.840.113549.1.7.2",
  tstInfo: "1.2.840.113549.1.9.16.1.4",
  contentType: "1.2.840.113549.1.9.3",
  messageDigest: "1.2.840.113549.1.9.4",
  signingTime: "1.2.840.113549.1.9.5",
  signingCertificate: "1.2.840.113549.1.9.16.2.12",
  signingCertificateV2: "1.2.840.113549.1.9.16.2.47",
  timestampToken: "1.2.840.113549.1.9.16.2.14",
  rsaEncryption: "1.2.840.113549.1.1.1",
  rsassaPss: "1.2.840.113549.1.1.10",
  ecPublicKey: "1.2.840.10045.2.1",
} as const;

export type DigestName = "sha1" | "sha256" | "sha384" | "sha512";

const DIGEST_OIDS: Record<string, DigestName> = {
  "1.3.14.3.2.26": "sha1",
  "2.16.840.1.101.3.4.2.1": "sha256",
  "2.16.840.1.101.3.4.2.2": "sha384",
  "2.16.840.1.101.3.4.2.3": "sha512",
};

/** Signature algorithm OIDs that fix the digest; bare rsaEncryption/ecPublicKey take it from the SignerInfo. */
const SIGNATURE_OIDS: Record<string, { key: "rsa" | "ec"; digest?: DigestName }> = {
  [OID.rsaEncryption]: { key: "rsa" },
  [OID.ecPublicKey]: { key: "ec" },
  "1.2.840.113549.1.1.5": { key: "rsa", digest: "sha1" },
  "1.2.840.113549.1.1.11": { key: "rsa", digest: "sha256" },
  "1.2.840.113549.1.1.12": { key: "rsa", digest: "sha384" },
  "1.2.840.113549.1.1.13": { key: "rsa", digest: "sha512" },
  "1.2.840.10045.4.1": { key: "ec", digest: "sha1" },
  "1.2.840.10045.4.3.2": { key: "ec", digest: "sha256" },
  "1.2.840.10045.4.3.3": { key: "ec", digest: "sha384" },
  "1.2.840.10045.4.3.4": { key: "ec", digest: "sha512" },
};

export function digestName(oid: string): DigestName | undefined {
  return DIGEST_OIDS[oid];
}

export function digestOid(name: DigestName): string {
  return Object.entries(DIGEST_OIDS).find(([, n]) => n === name)![0];
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
