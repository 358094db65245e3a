import type { Signer } from "../signer.ts";
import { parseCertificate, type ParsedCertificate } from "../x509/certificate.ts";

/** CRLReason codes (RFC 5280 5.3.1); 7 is unused by the standard. */
export const REVOCATION_REASONS = {
  unspecified: 0,
  keyCompromise: 1,
  cACompromise: 2,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
  certificateHold: 6,
  removeFromCRL: 8,
  privilegeWithdrawn: 9,
  aACompromise: 10,
} as const;

export type RevocationReason = keyof typeof REVOCATION_REASONS;

export function reasonName(code: number): RevocationReason {
  const found = Object.entries(REVOCATION_REASONS).find(([, value]) => value === code);
  return (found?.[0] as RevocationReason | undefined) ?? "unspecified";
}

/**
 * A certification authority's state: its signer, what it issued and what it revoked. CRLs and
 * OCSP answers are computed from this state and a time, so the same state can sit in memory (tests,
 * `pki init-demo`) or in the platform's tables (the trust module).
 */
export type CertificateAuthority = {
  /** Short name used in URLs, e.g. `issuing-ca` in `/pki/crl/issuing-ca.crl`. */
  name: string;
  signer: Signer;
  certificate: ParsedCertificate;
  /** Serial number (hex) → certificate DER. */
  issued: Map<string, Uint8Array>;
  /** Serial number (hex) → revocation. */
  revoked: Map<string, { date: Date; reason: RevocationReason }>;
};

export function createAuthority({
  name,
  signer,
}: {
  name: string;
  signer: Signer;
}): CertificateAuthority {
  return {
    name,
    signer,
    certificate: parseCertificate(signer.certificate),
    issued: new Map(),
    revoked: new Map(),
  };
}

export function recordIssued(authority: CertificateAuthority, certificate: Uint8Array): void {
  authority.issued.set(parseCertificate(certificate).serialNumber, certificate);
}

export function revokeCertificate(options: {
  authority: CertificateAuthority;
  serialNumber: string;
  date: Date;
  reason: RevocationReason;
}): void {
  options.authority.revoked.set(options.serialNumber, {
    date: options.date,
    reason: options.reason,
  });
}
