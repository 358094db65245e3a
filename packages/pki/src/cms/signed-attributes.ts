import { createHash } from "node:crypto";
import { digestOid, OID, type DigestName } from "./algorithms.ts";
import {
  childrenOf,
  issuerAndSerial,
  objectIdentifier,
  octetString,
  readElement,
  sequence,
  setOf,
  tlv,
} from "./der.ts";

export type SignedAttributes = {
  /** Each Attribute's DER, in DER order (SET OF sorted by encoding). */
  attributes: Uint8Array[];
  /** DER of the attributes as a SET: the exact bytes the signature value is computed over. */
  der: Uint8Array;
};

/** An Attribute ::= SEQUENCE { type OID, values SET OF ANY } with one value. */
export function attribute(type: string, value: Uint8Array): Uint8Array {
  return sequence(objectIdentifier(type), setOf([value]));
}

/**
 * PAdES baseline signed attributes (ETSI EN 319 142-1 §5.2): content-type, message-digest and
 * signing-certificate-v2. There is deliberately no signing-time: PAdES puts the claimed time in
 * the signature dictionary's /M and forbids the CMS attribute.
 */
export function buildSignedAttributes(options: {
  contentDigest: Uint8Array;
  digest: DigestName;
  certificate: Uint8Array;
}): SignedAttributes {
  return sortedAttributes([
    attribute(OID.contentType, objectIdentifier(OID.data)),
    attribute(OID.messageDigest, octetString(options.contentDigest)),
    attribute(OID.signingCertificateV2, signingCertificateV2(options.certificate, options.digest)),
  ]);
}

/**
 * Sorts attributes into DER order. Verifiers such as OpenSSL re-encode the SET before checking
 * the signature; an unsorted SET would then hash differently and fail.
 */
export function sortedAttributes(attributes: readonly Uint8Array[]): SignedAttributes {
  const sorted = [...attributes].sort((a, b) => Buffer.compare(a, b));
  return { attributes: sorted, der: setOf(sorted) };
}

/** Splits a DER SET of attributes (as handed out for external signing) back into attributes. */
export function attributesFromDer(der: Uint8Array): SignedAttributes {
  const set = readElement(der);
  if (set.tag !== 0x31 || set.end !== der.length)
    throw new Error("Thuộc tính ký không hợp lệ / signed attributes are not a DER SET");
  return sortedAttributes(childrenOf(der, set).map((e) => der.slice(e.start, e.end)));
}

/**
 * ESS signing-certificate-v2 (RFC 5035): binds the signer's certificate to the signature so
 * it cannot be swapped for another certificate with the same key. SHA-256 is the DEFAULT hash
 * algorithm and so, in DER, is left out.
 */
function signingCertificateV2(certificate: Uint8Array, digest: DigestName): Uint8Array {
  const hash = createHash(digest).update(certificate).digest();
  const { issuer, serial } = issuerAndSerial(certificate);
  const issuerSerial = sequence(sequence(tlv(0xa4, issuer)), serial);
  const essCertId = sequence(
    ...(digest === "sha256" ? [] : [sequence(objectIdentifier(digestOid(digest)))]),
    octetString(hash),
    issuerSerial,
  );
  return sequence(sequence(essCertId));
}

export function bufferOf(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
