import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { digestName, OID, signatureAlgorithmInfo, type DigestName } from "./algorithms.ts";
import { bufferOf } from "./signed-attributes.ts";

/** A CMS that cannot be read as SignedData: the one error parsing throws. */
export class CmsFormatError extends Error {
  override readonly name = "CmsFormatError";
}

export type ParsedSignedData = {
  digest: DigestName;
  signatureAlgorithmOid: string;
  keyType: "rsa" | "ec" | undefined;
  signatureValue: Uint8Array;
  /** The signed attributes as a DER SET (tag 0x31): what the signature value covers. */
  signedAttributesDer: Uint8Array | undefined;
  messageDigest: Uint8Array | undefined;
  contentType: string | undefined;
  /** Present in adbe.pkcs7 signatures; PAdES baseline forbids it. */
  signingTime: Date | undefined;
  /** ESS signing-certificate(-v2) hash of the signer's certificate, when the signature binds it. */
  signingCertificateHash: { digest: DigestName; hash: Uint8Array } | undefined;
  /** DER of every certificate carried, exactly as embedded. */
  certificates: Uint8Array[];
  /** The certificate the SignerInfo names, when it is among `certificates`. */
  signerCertificate: Uint8Array | undefined;
  timestampTokens: Uint8Array[];
  eContentType: string;
  /** The encapsulated content (a TSTInfo for timestamp tokens); absent for detached CMS. */
  encapsulatedContent: Uint8Array | undefined;
};

/** Reads a CMS ContentInfo holding SignedData with one signer (the only shape PDFs use). */
export function parseSignedData(der: Uint8Array): ParsedSignedData {
  try {
    return parse(der);
  } catch (error) {
    if (error instanceof CmsFormatError) throw error;
    throw new CmsFormatError(
      `CMS không đọc được / unreadable CMS: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function parse(der: Uint8Array): ParsedSignedData {
  const asn1 = asn1js.fromBER(bufferOf(der));
  if (asn1.offset === -1) throw new CmsFormatError("CMS không phải ASN.1 / CMS is not ASN.1");
  const info = new pkijs.ContentInfo({ schema: asn1.result });
  if (info.contentType !== OID.signedData)
    throw new CmsFormatError("CMS không phải SignedData / CMS is not SignedData");
  const signedData = new pkijs.SignedData({ schema: info.content });
  const signerInfo = signedData.signerInfos[0];
  if (!signerInfo) throw new CmsFormatError("CMS không có người ký / CMS has no SignerInfo");
  const digest = digestName(signerInfo.digestAlgorithm.algorithmId);
  if (!digest)
    throw new CmsFormatError(
      `Thuật toán băm không hỗ trợ / unsupported digest ${signerInfo.digestAlgorithm.algorithmId}`,
    );
  const certificates = rawCertificates(info.content as asn1js.Constructed);
  const parsedCerts = certificates.map((c) => pkijs.Certificate.fromBER(c));
  const signerIndex = parsedCerts.findIndex((c) => namesSigner(signerInfo.sid, c));
  const signed = signerInfo.signedAttrs;
  const attr = (type: string) => signed?.attributes.find((a) => a.type === type)?.values[0];
  const eContent = signedData.encapContentInfo.eContent;
  return {
    digest,
    signatureAlgorithmOid: signerInfo.signatureAlgorithm.algorithmId,
    keyType: signatureAlgorithmInfo(signerInfo.signatureAlgorithm.algorithmId)?.key,
    signatureValue: new Uint8Array(signerInfo.signature.valueBlock.valueHexView),
    signedAttributesDer: signed ? new Uint8Array(signed.encodedValue) : undefined,
    messageDigest: octets(attr(OID.messageDigest)),
    contentType: (
      attr(OID.contentType) as asn1js.ObjectIdentifier | undefined
    )?.valueBlock.toString(),
    signingTime: timeOf(attr(OID.signingTime)),
    signingCertificateHash: essCertHash(
      attr(OID.signingCertificateV2),
      attr(OID.signingCertificate),
    ),
    certificates,
    signerCertificate: signerIndex >= 0 ? certificates[signerIndex] : undefined,
    timestampTokens: (signerInfo.unsignedAttrs?.attributes ?? [])
      .filter((a) => a.type === OID.timestampToken)
      .flatMap((a) => a.values.map((v) => new Uint8Array((v as asn1js.BaseBlock).toBER(false)))),
    eContentType: signedData.encapContentInfo.eContentType,
    encapsulatedContent: eContent ? octetsOfContent(eContent) : undefined,
  };
}

/** Certificates as embedded, byte for byte; re-encoding a non-DER certificate would alter its hash. */
function rawCertificates(sequence: asn1js.Constructed): Uint8Array[] {
  const set = sequence.valueBlock.value.find(
    (v) => v.idBlock.tagClass === 3 && v.idBlock.tagNumber === 0,
  ) as asn1js.Constructed | undefined;
  if (!set) return [];
  return set.valueBlock.value
    .filter((v) => v.idBlock.tagClass === 1 && v.idBlock.tagNumber === 16)
    .map((v) => new Uint8Array(v.valueBeforeDecodeView));
}

function namesSigner(sid: unknown, cert: pkijs.Certificate): boolean {
  if (sid instanceof pkijs.IssuerAndSerialNumber)
    return cert.issuer.isEqual(sid.issuer) && cert.serialNumber.isEqual(sid.serialNumber);
  const keyId = sid instanceof asn1js.Constructed ? sid.valueBlock.value[0] : sid;
  if (!(keyId instanceof asn1js.OctetString) && !(keyId instanceof asn1js.Primitive)) return false;
  const wanted = Buffer.from(keyId.valueBlock.valueHexView);
  const ski = cert.extensions?.find((e) => e.extnID === "2.5.29.14");
  const parsed = ski?.parsedValue as asn1js.OctetString | undefined;
  return !!parsed && Buffer.from(parsed.valueBlock.valueHexView).equals(wanted);
}

function octets(value: unknown): Uint8Array | undefined {
  return value instanceof asn1js.OctetString
    ? new Uint8Array(value.valueBlock.valueHexView)
    : undefined;
}

function octetsOfContent(value: asn1js.OctetString): Uint8Array {
  if (!value.idBlock.isConstructed) return new Uint8Array(value.valueBlock.valueHexView);
  const parts = value.valueBlock.value.map((p) =>
    Buffer.from((p as asn1js.OctetString).valueBlock.valueHexView),
  );
  return new Uint8Array(Buffer.concat(parts));
}

function timeOf(value: unknown): Date | undefined {
  if (value instanceof asn1js.UTCTime || value instanceof asn1js.GeneralizedTime)
    return value.toDate();
  return undefined;
}

function essCertHash(v2: unknown, v1: unknown) {
  const certs = (value: unknown) =>
    ((value as asn1js.Sequence | undefined)?.valueBlock.value[0] as asn1js.Sequence | undefined)
      ?.valueBlock.value[0] as asn1js.Sequence | undefined;
  const idV2 = certs(v2);
  if (idV2) {
    const [first, second] = idV2.valueBlock.value;
    if (first instanceof asn1js.OctetString)
      return { digest: "sha256" as const, hash: new Uint8Array(first.valueBlock.valueHexView) };
    const algorithm = new pkijs.AlgorithmIdentifier({ schema: first });
    const digest = digestName(algorithm.algorithmId);
    if (digest && second instanceof asn1js.OctetString)
      return { digest, hash: new Uint8Array(second.valueBlock.valueHexView) };
    return undefined;
  }
  const hashV1 = certs(v1)?.valueBlock.value[0];
  if (hashV1 instanceof asn1js.OctetString)
    return { digest: "sha1" as const, hash: new Uint8Array(hashV1.valueBlock.valueHexView) };
  return undefined;
}
