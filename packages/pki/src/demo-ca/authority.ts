import type { Signer } from "../signer.ts";
import { parseCertificate, type ParsedCertificate } from "../x509/certificate.ts";
import type { RevocationReason } from "../revocation/reasons.ts";

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
