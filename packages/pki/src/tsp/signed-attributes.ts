import { createHash } from "node:crypto";
import * as asn1js from "asn1js";
import { parseCertificate } from "../x509/certificate.ts";
import { OID } from "../x509/oids.ts";

const seq = (value: asn1js.AsnType[]) => new asn1js.Sequence({ value });
const oid = (value: string) => new asn1js.ObjectIdentifier({ value });

/**
 * signing-certificate-v2 (RFC 5035): binds the signature to the TSA certificate by its SHA-256
 * hash and issuer/serial, so a different certificate with the same key cannot be substituted.
 */
export function signingCertificateV2(certificate: Uint8Array): asn1js.Sequence {
  const parsed = parseCertificate(certificate);
  const issuerName = asn1js.fromBER(parsed.issuerDer).result;
  const issuerSerial = seq([
    seq([new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 4 }, value: [issuerName] })]),
    new asn1js.Integer({ valueHex: Buffer.from(parsed.serialNumber, "hex") }),
  ]);
  const essCertIdV2 = seq([
    new asn1js.OctetString({ valueHex: createHash("sha256").update(certificate).digest() }),
    issuerSerial,
  ]);
  return seq([
    oid(OID.signingCertificateV2),
    new asn1js.Set({ value: [seq([seq([essCertIdV2])])] }),
  ]);
}

export function attribute(type: string, value: asn1js.AsnType): asn1js.Sequence {
  return seq([oid(type), new asn1js.Set({ value: [value] })]);
}

/** DER SET OF: elements sorted by their encodings (X.690 11.6), which CMS verifiers recompute. */
export function derSetOf(elements: asn1js.AsnType[]): Uint8Array {
  const encoded = elements.map((e) => Buffer.from(e.toBER())).sort(Buffer.compare);
  return new Uint8Array(
    new asn1js.Set({ value: encoded.map((e) => asn1js.fromBER(e).result) }).toBER(),
  );
}

/** A non-negative INTEGER in minimal DER form (no superfluous leading zero byte, X.690 8.3.2). */
export function positiveInteger(value: bigint): asn1js.Integer {
  const hex = value.toString(16);
  const bytes = Buffer.from(hex.length % 2 ? `0${hex}` : hex, "hex");
  return new asn1js.Integer({
    valueHex: (bytes[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes,
  });
}

export const bigintOf = (bytes: Uint8Array) =>
  BigInt(`0x${Buffer.from(bytes).toString("hex") || "0"}`);
