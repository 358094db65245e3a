import type { ParsedCertificate } from "../x509/certificate.ts";
import type { Bilingual } from "../x509/names.ts";
import { OID, OID_NAMES } from "../x509/oids.ts";
import { MESSAGES } from "./result.ts";

export type ValidationPurpose = "any" | "documentSigning" | "timeStamping" | "ocspSigning";

/** Extensions this validation understands; any other critical extension rejects the path. */
const UNDERSTOOD = new Set<string>([
  OID.basicConstraints,
  OID.keyUsage,
  OID.extKeyUsage,
  OID.subjectAltName,
  OID.certificatePolicies,
  OID.subjectKeyIdentifier,
  OID.authorityKeyIdentifier,
  OID.crlDistributionPoints,
  OID.authorityInfoAccess,
  OID.ocspNoCheck,
]);

/**
 * EKUs accepted for document signatures. Vietnamese CAs issue clientAuth + emailProtection for
 * signing tokens; Adobe and Microsoft have their own document-signing EKUs.
 */
const DOCUMENT_SIGNING_EKUS = new Set<string>([
  OID.ekuEmailProtection,
  OID.ekuDocumentSigning,
  OID.ekuClientAuth,
  OID.ekuAnyExtendedKeyUsage,
  ...Object.keys(OID_NAMES).filter((oid) =>
    ["msDocumentSigning", "adobePdfSigning"].includes(OID_NAMES[oid]!),
  ),
]);

const with_ = (message: Bilingual, subject: ParsedCertificate): Bilingual => ({
  vi: `${message.vi}: ${subject.subject.rfc4514}`,
  en: `${message.en}: ${subject.subject.rfc4514}`,
});

function purposeProblem(leaf: ParsedCertificate, purpose: ValidationPurpose): boolean {
  const usage = leaf.keyUsage;
  const eku = leaf.extendedKeyUsage;
  switch (purpose) {
    case "documentSigning":
      return (
        (usage !== undefined &&
          !usage.includes("digitalSignature") &&
          !usage.includes("nonRepudiation")) ||
        (eku !== undefined && !eku.some((p) => DOCUMENT_SIGNING_EKUS.has(p)))
      );
    case "timeStamping": {
      // RFC 3161 2.3: the TSA certificate has exactly one EKU, timeStamping, marked critical.
      const extension = leaf.extensions.find((e) => e.oid === OID.extKeyUsage);
      return !extension?.critical || eku?.length !== 1 || eku[0] !== OID.ekuTimeStamping;
    }
    case "ocspSigning":
      return !eku?.includes(OID.ekuOcspSigning);
    case "any":
      return false;
  }
}

/**
 * RFC 5280 6.1 structural checks over a path (leaf first, anchor last): CA flag, keyCertSign,
 * path length, unknown critical extensions; plus the leaf's fitness for `purpose`. The anchor's
 * own constraints are not applied, as RFC 5280 treats it as a name and key only.
 */
export function constraintProblems(
  chain: ParsedCertificate[],
  purpose: ValidationPurpose,
): Bilingual[] {
  const problems: Bilingual[] = [];
  const inPath = chain.length > 1 ? chain.slice(0, -1) : chain;
  inPath.forEach((certificate, index) => {
    const unknown = certificate.extensions.filter((e) => e.critical && !UNDERSTOOD.has(e.oid));
    if (unknown.length) problems.push(with_(MESSAGES.criticalExtension, certificate));
    if (index === 0) return;
    if (certificate.version === 3 && certificate.basicConstraints?.ca !== true)
      problems.push(with_(MESSAGES.notCa, certificate));
    if (certificate.keyUsage && !certificate.keyUsage.includes("keyCertSign"))
      problems.push(with_(MESSAGES.noKeyCertSign, certificate));
    const below = chain
      .slice(1, index)
      .filter((c) => !Buffer.from(c.subjectDer).equals(Buffer.from(c.issuerDer))).length;
    const limit = certificate.basicConstraints?.pathLength;
    if (limit !== undefined && below > limit)
      problems.push(with_(MESSAGES.pathLength, certificate));
  });
  if (purposeProblem(chain[0]!, purpose)) problems.push(with_(MESSAGES.purpose, chain[0]!));
  return problems;
}
