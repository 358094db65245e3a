import { parseCertificate, type KeyUsage } from "./certificate.ts";
import type { DistinguishedName } from "./names.ts";
import { OID_NAMES } from "./oids.ts";
import type { PublicKeyInfo } from "./public-key.ts";

const SIGNATURE_NAMES: Record<string, string> = {
  "1.2.840.113549.1.1.5": "sha1WithRSAEncryption",
  "1.2.840.113549.1.1.11": "sha256WithRSAEncryption",
  "1.2.840.113549.1.1.12": "sha384WithRSAEncryption",
  "1.2.840.113549.1.1.13": "sha512WithRSAEncryption",
  "1.2.840.113549.1.1.10": "RSASSA-PSS",
  "1.2.840.10045.4.1": "ecdsa-with-SHA1",
  "1.2.840.10045.4.3.2": "ecdsa-with-SHA256",
  "1.2.840.10045.4.3.3": "ecdsa-with-SHA384",
  "1.2.840.10045.4.3.4": "ecdsa-with-SHA512",
  "1.3.101.112": "Ed25519",
};

/** What a person (or a validation report) needs to know about a certificate; JSON-safe. */
export type CertificateDescription = {
  version: number;
  serialNumber: string;
  subject: DistinguishedName;
  issuer: DistinguishedName;
  validity: { notBefore: string; notAfter: string };
  publicKey: PublicKeyInfo;
  signatureAlgorithm: string;
  keyUsage: KeyUsage[];
  extendedKeyUsage: { oid: string; name?: string }[];
  policies: { oid: string; name?: string; cps?: string }[];
  basicConstraints?: { ca: boolean; pathLength?: number };
  subjectKeyIdentifier?: string;
  authorityKeyIdentifier?: string;
  subjectAltNames: string[];
  crlDistributionPoints: string[];
  authorityInfoAccess: { ocsp: string[]; caIssuers: string[] };
  selfSigned: boolean;
  fingerprintSha256: string;
};

const named = (oid: string) => (OID_NAMES[oid] ? { oid, name: OID_NAMES[oid] } : { oid });

/** Describes a DER certificate; throws `PkiError("malformed_certificate")` on anything else. */
export function describeCertificate(der: Uint8Array): CertificateDescription {
  const c = parseCertificate(der);
  return {
    version: c.version,
    serialNumber: c.serialNumber,
    subject: c.subject,
    issuer: c.issuer,
    validity: { notBefore: c.notBefore.toISOString(), notAfter: c.notAfter.toISOString() },
    publicKey: c.publicKey,
    signatureAlgorithm: SIGNATURE_NAMES[c.signatureAlgorithm.oid] ?? c.signatureAlgorithm.oid,
    keyUsage: c.keyUsage ?? [],
    extendedKeyUsage: (c.extendedKeyUsage ?? []).map(named),
    policies: c.policies.map((p) => ({ ...named(p.oid), ...(p.cps ? { cps: p.cps } : {}) })),
    ...(c.basicConstraints ? { basicConstraints: c.basicConstraints } : {}),
    ...(c.subjectKeyIdentifier ? { subjectKeyIdentifier: c.subjectKeyIdentifier } : {}),
    ...(c.authorityKeyIdentifier ? { authorityKeyIdentifier: c.authorityKeyIdentifier } : {}),
    subjectAltNames: c.subjectAltNames,
    crlDistributionPoints: c.crlDistributionPoints,
    authorityInfoAccess: { ocsp: c.ocsp, caIssuers: c.caIssuers },
    selfSigned: Buffer.from(c.subjectDer).equals(Buffer.from(c.issuerDer)),
    fingerprintSha256: c.fingerprintSha256,
  };
}
