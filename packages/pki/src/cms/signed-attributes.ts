import { createHash } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { digestOid, OID, type DigestName } from "./algorithms.ts";

export type SignedAttributes = {
  /** The attributes, already in DER order (SET OF sorted by encoding). */
  attributes: pkijs.Attribute[];
  /** DER of the attributes as a SET: the exact bytes the signature value is computed over. */
  der: Uint8Array;
};

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
  const cert = pkijs.Certificate.fromBER(options.certificate);
  const attributes = [
    new pkijs.Attribute({
      type: OID.contentType,
      values: [new asn1js.ObjectIdentifier({ value: OID.data })],
    }),
    new pkijs.Attribute({
      type: OID.messageDigest,
      values: [new asn1js.OctetString({ valueHex: bufferOf(options.contentDigest) })],
    }),
    new pkijs.Attribute({
      type: OID.signingCertificateV2,
      values: [signingCertificateV2(cert, options.certificate, options.digest)],
    }),
  ];
  return sortedAttributes(attributes);
}

/**
 * Sorts attributes into DER order. Verifiers such as OpenSSL re-encode the SET before checking
 * the signature; an unsorted SET would then hash differently and fail.
 */
export function sortedAttributes(attributes: pkijs.Attribute[]): SignedAttributes {
  const encoded = attributes.map((a) => ({ a, der: Buffer.from(a.toSchema().toBER(false)) }));
  encoded.sort((x, y) => Buffer.compare(x.der, y.der));
  const sorted = encoded.map((e) => e.a);
  const set = new asn1js.Set({ value: sorted.map((a) => a.toSchema()) });
  return { attributes: sorted, der: new Uint8Array(set.toBER(false)) };
}

/**
 * ESS signing-certificate-v2 (RFC 5035): binds the signer's certificate to the signature so
 * it cannot be swapped for another certificate with the same key. SHA-256 is the DEFAULT hash
 * algorithm and so, in DER, is left out.
 */
function signingCertificateV2(cert: pkijs.Certificate, der: Uint8Array, digest: DigestName) {
  const hash = createHash(digest).update(der).digest();
  const issuerSerial = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({
        value: [
          new asn1js.Constructed({
            idBlock: { tagClass: 3, tagNumber: 4 },
            value: [cert.issuer.toSchema()],
          }),
        ],
      }),
      cert.serialNumber,
    ],
  });
  const essCertId = new asn1js.Sequence({
    value: [
      ...(digest === "sha256"
        ? []
        : [new pkijs.AlgorithmIdentifier({ algorithmId: digestOid(digest) }).toSchema()]),
      new asn1js.OctetString({ valueHex: bufferOf(hash) }),
      issuerSerial,
    ],
  });
  return new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertId] })] });
}

export function bufferOf(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
