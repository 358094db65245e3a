import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { reasonName, type RevocationReason } from "./reasons.ts";
import type { ParsedCertificate } from "../x509/certificate.ts";
import { guardParse, PkiError } from "../x509/errors.ts";
import { readName, type DistinguishedName } from "../x509/names.ts";
import { OID } from "../x509/oids.ts";
import { verifySignature } from "../x509/signature.ts";

export type ParsedCrl = {
  der: Uint8Array;
  issuer: DistinguishedName;
  issuerDer: Uint8Array;
  thisUpdate: Date;
  nextUpdate?: Date;
  crlNumber?: bigint;
  /** Serial number (hex) → revocation. */
  revoked: Map<string, { date: Date; reason: RevocationReason }>;
  /** Critical CRL or entry extensions this package does not process (RFC 5280 5.2, 5.3). */
  unknownCritical: string[];
  tbs: Uint8Array;
  signatureAlgorithm: { oid: string; params?: Uint8Array };
  signature: Uint8Array;
};

const KNOWN_CRL_EXTENSIONS = new Set<string>([OID.authorityKeyIdentifier, OID.crlNumber]);
const KNOWN_ENTRY_EXTENSIONS = new Set<string>([OID.crlReason, "2.5.29.24"]);

/** Parses a DER CRL; anything else throws `PkiError("malformed_crl")`. */
export function parseCrl(der: Uint8Array): ParsedCrl {
  return guardParse("malformed_crl", () => {
    const asn1 = asn1js.fromBER(der);
    if (asn1.offset === -1 || asn1.offset !== der.byteLength) throw new PkiError("malformed_crl");
    const crl = new pkijs.CertificateRevocationList({ schema: asn1.result });
    const unknownCritical: string[] = [];
    const revoked = new Map<string, { date: Date; reason: RevocationReason }>();
    for (const entry of crl.revokedCertificates ?? []) {
      let reason: RevocationReason = "unspecified";
      for (const extension of entry.crlEntryExtensions?.extensions ?? []) {
        if (extension.extnID === OID.crlReason) {
          const parsed = asn1js.fromBER(extension.extnValue.valueBlock.valueHexView).result;
          if (!(parsed instanceof asn1js.Enumerated))
            throw new PkiError("malformed_crl", "CRLReason");
          reason = reasonName(parsed.valueBlock.valueDec);
        } else if (extension.critical && !KNOWN_ENTRY_EXTENSIONS.has(extension.extnID))
          unknownCritical.push(extension.extnID);
      }
      const serial = Buffer.from(entry.userCertificate.valueBlock.valueHexView).toString("hex");
      revoked.set(serial, { date: entry.revocationDate.value, reason });
    }
    let crlNumber: bigint | undefined;
    for (const extension of crl.crlExtensions?.extensions ?? []) {
      if (extension.extnID === OID.crlNumber) {
        const parsed = asn1js.fromBER(extension.extnValue.valueBlock.valueHexView).result;
        if (!(parsed instanceof asn1js.Integer)) throw new PkiError("malformed_crl", "CRLNumber");
        crlNumber = parsed.toBigInt();
      } else if (extension.critical && !KNOWN_CRL_EXTENSIONS.has(extension.extnID))
        unknownCritical.push(extension.extnID);
    }
    const params = crl.signatureAlgorithm.algorithmParams as asn1js.AsnType | undefined;
    return {
      der,
      issuer: readName(crl.issuer.valueBeforeDecode),
      issuerDer: new Uint8Array(crl.issuer.valueBeforeDecode),
      thisUpdate: crl.thisUpdate.value,
      ...(crl.nextUpdate ? { nextUpdate: crl.nextUpdate.value } : {}),
      ...(crlNumber === undefined ? {} : { crlNumber }),
      revoked,
      unknownCritical,
      tbs: new Uint8Array(crl.tbsView),
      signatureAlgorithm: {
        oid: crl.signatureAlgorithm.algorithmId,
        ...(params && !(params instanceof asn1js.Null)
          ? { params: new Uint8Array(params.toBER()) }
          : {}),
      },
      signature: new Uint8Array(crl.signatureValue.valueBlock.valueHexView),
    };
  });
}

/**
 * Whether a CRL can speak for certificates of `issuer`: same issuer name, signed by the issuer's
 * key, issuer allowed to sign CRLs, no critical extension we would ignore. Indirect CRLs and
 * delta CRLs are not accepted, which is what the CAs Vietnamese officials use publish.
 */
export function crlProblem(crl: ParsedCrl, issuer: ParsedCertificate): string | undefined {
  if (
    !Buffer.from(crl.issuerDer).equals(Buffer.from(issuer.subjectDer)) &&
    crl.issuer.rfc4514 !== issuer.subject.rfc4514
  )
    return "CRL của tổ chức khác / CRL from another issuer";
  if (issuer.keyUsage && !issuer.keyUsage.includes("cRLSign"))
    return "tổ chức cấp không được ký CRL / issuer may not sign CRLs";
  if (crl.unknownCritical.length)
    return `phần mở rộng quan trọng không hỗ trợ / unsupported critical extension ${crl.unknownCritical.join(", ")}`;
  if (
    !verifySignature({
      algorithm: crl.signatureAlgorithm,
      data: crl.tbs,
      signature: crl.signature,
      spki: issuer.spki,
    })
  )
    return "chữ ký CRL không hợp lệ / CRL signature is invalid";
  return undefined;
}
