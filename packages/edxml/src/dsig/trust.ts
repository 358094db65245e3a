import { X509Certificate } from "node:crypto";

/** Who signed, as a clerk reads it from the certificate. */
export type SignerCertificate = {
  subject: string;
  issuer: string;
  serialNumber: string;
  validFrom: Date;
  validTo: Date;
  /** DER, for a full path validation by `@lienthong/pki`. */
  certificate: Uint8Array;
};

const oneLine = (name: string) => name.split("\n").filter(Boolean).join(", ");

export function describeSigner(cert: X509Certificate): SignerCertificate {
  return {
    subject: oneLine(cert.subject),
    issuer: oneLine(cert.issuer),
    serialNumber: cert.serialNumber,
    validFrom: new Date(cert.validFrom),
    validTo: new Date(cert.validTo),
    certificate: new Uint8Array(cert.raw),
  };
}

/** Reads trust anchors given as DER or PEM (one or several certificates per entry). */
export function readAnchors(anchors: readonly (Uint8Array | string)[]): X509Certificate[] {
  return anchors.flatMap((anchor) => {
    if (typeof anchor !== "string") return [new X509Certificate(anchor)];
    const blocks = anchor.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
    return (blocks ?? []).map((pem) => new X509Certificate(pem));
  });
}

/**
 * A simple chain check: from the signer's certificate through the certificates the package
 * carries to one of the anchors, each link checked by name and signature. Revocation, policies
 * and validity at signing time are `@lienthong/pki`'s path validation, not this.
 */
export function chainsToAnchor(
  signer: X509Certificate,
  carried: X509Certificate[],
  anchors: X509Certificate[],
): boolean {
  const isAnchor = (c: X509Certificate) =>
    anchors.some((a) => a.fingerprint256 === c.fingerprint256);
  const issuedBy = (child: X509Certificate, parent: X509Certificate) =>
    child.checkIssued(parent) && child.verify(parent.publicKey);
  let current = signer;
  const seen = new Set<string>();
  for (let depth = 0; depth < 8; depth++) {
    if (isAnchor(current) || anchors.some((a) => issuedBy(current, a))) return true;
    seen.add(current.fingerprint256);
    const parent = carried.find((c) => !seen.has(c.fingerprint256) && issuedBy(current, c));
    if (!parent) return false;
    current = parent;
  }
  return false;
}
