import type { ParsedCertificate } from "../x509/certificate.ts";
import { verifySignature } from "../x509/signature.ts";

const MAX_DEPTH = 10;
/**
 * Intermediates come from the signed document, i.e. from anyone: many certificates with the same
 * name could make the search explode, so the number of signature checks is bounded.
 */
const MAX_SIGNATURE_CHECKS = 200;

const sameName = (
  a: ParsedCertificate["subject"],
  aDer: Uint8Array,
  b: ParsedCertificate["subject"],
  bDer: Uint8Array,
) =>
  Buffer.from(aDer).equals(Buffer.from(bDer)) ||
  a.rfc4514.toLowerCase() === b.rfc4514.toLowerCase();

/** The issuer's name matches and, where both say, the key identifiers too (RFC 5280 4.2.1.1). */
export function mayHaveIssued(issuer: ParsedCertificate, child: ParsedCertificate): boolean {
  if (!sameName(issuer.subject, issuer.subjectDer, child.issuer, child.issuerDer)) return false;
  return (
    !child.authorityKeyIdentifier ||
    !issuer.subjectKeyIdentifier ||
    child.authorityKeyIdentifier === issuer.subjectKeyIdentifier
  );
}

export function signedBy(child: ParsedCertificate, issuer: ParsedCertificate): boolean {
  return verifySignature({
    algorithm: child.signatureAlgorithm,
    data: child.tbs,
    signature: child.signature,
    spki: issuer.spki,
  });
}

export type ChainSearch = {
  /** Leaf first, anchor last, when a path was found. */
  chain?: ParsedCertificate[];
  /** The longest partial path, for the report when no anchor is reached. */
  partial: ParsedCertificate[];
  /** A candidate issuer had the right name but its key did not verify the signature. */
  signatureFailure: boolean;
};

/**
 * Depth-first search from the leaf to any trust anchor, through the supplied intermediates.
 * An anchor is recognised by its key and name, not by the exact bytes, so a re-issued root with
 * the same key still anchors. Every link's signature is verified while building.
 */
export function buildChain(
  leaf: ParsedCertificate,
  intermediates: ParsedCertificate[],
  anchors: ParsedCertificate[],
): ChainSearch {
  const search: ChainSearch = { partial: [leaf], signatureFailure: false };
  const isAnchor = (c: ParsedCertificate) =>
    anchors.some(
      (a) =>
        Buffer.from(a.spki).equals(Buffer.from(c.spki)) &&
        sameName(a.subject, a.subjectDer, c.subject, c.subjectDer),
    );
  let checks = 0;
  const walk = (path: ParsedCertificate[]): ParsedCertificate[] | undefined => {
    const current = path[path.length - 1]!;
    if (path.length > search.partial.length) search.partial = path;
    if (isAnchor(current)) return path;
    if (path.length > MAX_DEPTH) return undefined;
    for (const candidate of [...anchors, ...intermediates]) {
      if (path.some((c) => c.fingerprintSha256 === candidate.fingerprintSha256)) continue;
      if (!mayHaveIssued(candidate, current)) continue;
      if (++checks > MAX_SIGNATURE_CHECKS) return undefined;
      if (!signedBy(current, candidate)) {
        search.signatureFailure = true;
        continue;
      }
      const found = walk([...path, candidate]);
      if (found) return found;
    }
    return undefined;
  };
  const chain = walk([leaf]);
  if (chain) search.chain = chain;
  return search;
}
