import { createHash } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { guardParse, PkiError } from "./errors.ts";
import { readName, type DistinguishedName } from "./names.ts";
import { OID } from "./oids.ts";
import { readPublicKeyInfo, type PublicKeyInfo } from "./public-key.ts";

/** keyUsage bits in their RFC 5280 order (bit 0 first). */
export const KEY_USAGE_NAMES = [
  "digitalSignature",
  "nonRepudiation",
  "keyEncipherment",
  "dataEncipherment",
  "keyAgreement",
  "keyCertSign",
  "cRLSign",
  "encipherOnly",
  "decipherOnly",
] as const;

export type KeyUsage = (typeof KEY_USAGE_NAMES)[number];

export type CertificateExtension = { oid: string; critical: boolean; value: Uint8Array };

/** A certificate read once into the fields path validation and display need. */
export type ParsedCertificate = {
  der: Uint8Array;
  tbs: Uint8Array;
  version: number;
  serialNumber: string;
  subject: DistinguishedName;
  issuer: DistinguishedName;
  subjectDer: Uint8Array;
  issuerDer: Uint8Array;
  notBefore: Date;
  notAfter: Date;
  spki: Uint8Array;
  publicKey: PublicKeyInfo;
  signatureAlgorithm: { oid: string; params?: Uint8Array };
  signature: Uint8Array;
  extensions: CertificateExtension[];
  basicConstraints?: { ca: boolean; pathLength?: number };
  keyUsage?: KeyUsage[];
  extendedKeyUsage?: string[];
  policies: { oid: string; cps?: string }[];
  subjectKeyIdentifier?: string;
  authorityKeyIdentifier?: string;
  crlDistributionPoints: string[];
  ocsp: string[];
  caIssuers: string[];
  subjectAltNames: string[];
  ocspNoCheck: boolean;
  fingerprintSha256: string;
};

const hex = (bytes: ArrayBuffer | Uint8Array) => Buffer.from(bytes as Uint8Array).toString("hex");

function generalNameText(name: pkijs.GeneralName): string {
  if (name.type === 4)
    return readName((name.value as pkijs.RelativeDistinguishedNames).valueBeforeDecode).rfc4514;
  if (name.type === 7)
    return `IP:${[...(name.value as asn1js.OctetString).valueBlock.valueHexView].join(".")}`;
  return typeof name.value === "string" ? name.value : "";
}

function uris(names: pkijs.GeneralName[] | undefined): string[] {
  return (names ?? []).filter((n) => n.type === 6).map((n) => String(n.value));
}

function keyUsageOf(bits: asn1js.BitString): KeyUsage[] {
  const bytes = bits.valueBlock.valueHexView;
  return KEY_USAGE_NAMES.filter((_, i) => ((bytes[i >> 3] ?? 0) >> (7 - (i & 7))) & 1);
}

function readExtensions(certificate: pkijs.Certificate, parsed: ParsedCertificate): void {
  const seen = new Set<string>();
  for (const extension of certificate.extensions ?? []) {
    if (seen.has(extension.extnID)) throw new Error(`duplicate extension ${extension.extnID}`);
    seen.add(extension.extnID);
    const value = extension.parsedValue as Record<string, unknown> | undefined;
    if (value && "parsingError" in value && value.parsingError)
      throw new Error(String(value.parsingError));
    parsed.extensions.push({
      oid: extension.extnID,
      critical: extension.critical,
      value: new Uint8Array(extension.extnValue.valueBlock.valueHexView),
    });
    switch (extension.extnID) {
      case OID.basicConstraints: {
        const bc = extension.parsedValue as pkijs.BasicConstraints;
        const pathLength = bc.pathLenConstraint;
        parsed.basicConstraints = {
          ca: bc.cA === true,
          ...(pathLength === undefined
            ? {}
            : {
                pathLength:
                  typeof pathLength === "number" ? pathLength : pathLength.valueBlock.valueDec,
              }),
        };
        break;
      }
      case OID.keyUsage:
        parsed.keyUsage = keyUsageOf(extension.parsedValue as asn1js.BitString);
        break;
      case OID.extKeyUsage:
        parsed.extendedKeyUsage = (extension.parsedValue as pkijs.ExtKeyUsage).keyPurposes;
        break;
      case OID.certificatePolicies:
        parsed.policies = (
          extension.parsedValue as pkijs.CertificatePolicies
        ).certificatePolicies.map((p) => {
          const cps = p.policyQualifiers?.find((q) => q.policyQualifierId === OID.qualifierCps);
          const text = (cps?.qualifier as { valueBlock?: { value?: unknown } } | undefined)
            ?.valueBlock?.value;
          return { oid: p.policyIdentifier, ...(typeof text === "string" ? { cps: text } : {}) };
        });
        break;
      case OID.subjectKeyIdentifier:
        parsed.subjectKeyIdentifier = hex(
          (extension.parsedValue as asn1js.OctetString).valueBlock.valueHexView,
        );
        break;
      case OID.authorityKeyIdentifier: {
        const id = (extension.parsedValue as pkijs.AuthorityKeyIdentifier).keyIdentifier;
        if (id) parsed.authorityKeyIdentifier = hex(id.valueBlock.valueHexView);
        break;
      }
      case OID.crlDistributionPoints:
        for (const point of (extension.parsedValue as pkijs.CRLDistributionPoints)
          .distributionPoints)
          if (Array.isArray(point.distributionPoint))
            parsed.crlDistributionPoints.push(...uris(point.distributionPoint));
        break;
      case OID.authorityInfoAccess:
        for (const access of (extension.parsedValue as pkijs.InfoAccess).accessDescriptions) {
          if (access.accessMethod === OID.accessOcsp)
            parsed.ocsp.push(...uris([access.accessLocation]));
          if (access.accessMethod === OID.accessCaIssuers)
            parsed.caIssuers.push(...uris([access.accessLocation]));
        }
        break;
      case OID.subjectAltName:
        parsed.subjectAltNames = (extension.parsedValue as pkijs.AltName).altNames.map(
          generalNameText,
        );
        break;
      case OID.ocspNoCheck:
        parsed.ocspNoCheck = true;
        break;
    }
  }
}

/** Most recently parsed certificates by their DER: a validator meets the same CA, signer and TSA
 * certificates in every document, and parsing them (ASN.1 in JavaScript) costs more than the
 * signature checks themselves. */
const parsedCache = new Map<string, ParsedCertificate>();
const PARSED_CACHE_SIZE = 512;

/**
 * Parses one DER certificate; anything that is not one throws `PkiError("malformed_certificate")`.
 * The result is shared with later callers passing the same bytes, so it must not be mutated.
 */
export function parseCertificate(der: Uint8Array): ParsedCertificate {
  const key = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString("base64");
  const cached = parsedCache.get(key);
  if (cached) {
    parsedCache.delete(key);
    parsedCache.set(key, cached);
    return cached;
  }
  const parsed = parseCertificateUncached(new Uint8Array(der));
  parsedCache.set(key, parsed);
  if (parsedCache.size > PARSED_CACHE_SIZE) parsedCache.delete(parsedCache.keys().next().value!);
  return parsed;
}

function parseCertificateUncached(der: Uint8Array): ParsedCertificate {
  return guardParse("malformed_certificate", () => {
    const asn1 = asn1js.fromBER(der);
    if (asn1.offset === -1) throw new PkiError("malformed_certificate", asn1.result.error);
    if (asn1.offset !== der.byteLength)
      throw new PkiError("malformed_certificate", "dữ liệu thừa / trailing bytes");
    const certificate = new pkijs.Certificate({ schema: asn1.result });
    const params = certificate.signatureAlgorithm.algorithmParams as asn1js.AsnType | undefined;
    const spki = new Uint8Array(certificate.subjectPublicKeyInfo.toSchema().toBER());
    const parsed: ParsedCertificate = {
      der,
      tbs: new Uint8Array(certificate.tbsView),
      version: certificate.version + 1,
      serialNumber: hex(certificate.serialNumber.valueBlock.valueHexView),
      subject: readName(certificate.subject.valueBeforeDecode),
      issuer: readName(certificate.issuer.valueBeforeDecode),
      subjectDer: new Uint8Array(certificate.subject.valueBeforeDecode),
      issuerDer: new Uint8Array(certificate.issuer.valueBeforeDecode),
      notBefore: certificate.notBefore.value,
      notAfter: certificate.notAfter.value,
      spki,
      publicKey: readPublicKeyInfo(spki),
      signatureAlgorithm: {
        oid: certificate.signatureAlgorithm.algorithmId,
        ...(params && !(params instanceof asn1js.Null)
          ? { params: new Uint8Array(params.toBER()) }
          : {}),
      },
      signature: new Uint8Array(certificate.signatureValue.valueBlock.valueHexView),
      extensions: [],
      policies: [],
      crlDistributionPoints: [],
      ocsp: [],
      caIssuers: [],
      subjectAltNames: [],
      ocspNoCheck: false,
      fingerprintSha256: createHash("sha256").update(der).digest("hex"),
    };
    if (Number.isNaN(parsed.notBefore.getTime()) || Number.isNaN(parsed.notAfter.getTime()))
      throw new Error("invalid validity time");
    readExtensions(certificate, parsed);
    return parsed;
  });
}
