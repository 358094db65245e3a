import { createHash } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import type { Signer } from "../signer.ts";
import { digestOid, OID, signerAlgorithm, type DigestName } from "./algorithms.ts";
import {
  integer,
  issuerAndSerial,
  NULL,
  objectIdentifier,
  octetString,
  sequence,
  setOf,
  tlv,
} from "./der.ts";
import {
  attribute,
  attributesFromDer,
  bufferOf,
  buildSignedAttributes,
  type SignedAttributes,
} from "./signed-attributes.ts";

/**
 * Obtains an RFC 3161 TimeStampToken (DER ContentInfo) over `imprint`, the hash of a signature
 * value. Any transport fits: an in-process TSA, an HTTP client, a test double made by openssl.
 */
export type TimestampSource = (request: {
  imprint: Uint8Array;
  digest: DigestName;
}) => Promise<Uint8Array>;

/**
 * A detached CMS SignedData (CAdES baseline B, or B-T with `timestamp`) over content whose
 * digest the caller computed, signed through any `Signer`.
 */
export async function createCmsSignature(options: {
  signer: Signer;
  contentDigest: Uint8Array;
  timestamp?: TimestampSource;
}): Promise<Uint8Array> {
  const { signer } = options;
  const { digest } = signerAlgorithm(signer.algorithm);
  const signedAttributes = buildSignedAttributes({
    contentDigest: options.contentDigest,
    digest,
    certificate: signer.certificate,
  });
  const signatureValue = await signer.sign(signedAttributes.der);
  const timestampToken = options.timestamp
    ? await options.timestamp({
        imprint: new Uint8Array(createHash(digest).update(signatureValue).digest()),
        digest,
      })
    : undefined;
  return assembleSignedData({
    signedAttributes,
    signatureValue,
    certificate: signer.certificate,
    chain: signer.chain,
    algorithm: signer.algorithm,
    timestampToken,
  });
}

/**
 * Puts a SignedData together from signed attributes and a signature value made elsewhere — the
 * path for external signers that return only a raw signature over attributes we built.
 * `signedAttributes` may be the DER SET handed out earlier, so nothing else must be kept.
 */
export function assembleSignedData(options: {
  signedAttributes: SignedAttributes | Uint8Array;
  signatureValue: Uint8Array;
  certificate: Uint8Array;
  chain: readonly Uint8Array[];
  algorithm: Signer["algorithm"];
  timestampToken?: Uint8Array | undefined;
}): Uint8Array {
  const signed =
    options.signedAttributes instanceof Uint8Array
      ? attributesFromDer(options.signedAttributes)
      : options.signedAttributes;
  const { digest, oid } = signerAlgorithm(options.algorithm);
  const { issuer, serial } = issuerAndSerial(options.certificate);
  const digestAlgorithm = sequence(objectIdentifier(digestOid(digest)));
  const signatureAlgorithm = options.algorithm.startsWith("RSA")
    ? sequence(objectIdentifier(oid), NULL)
    : sequence(objectIdentifier(oid));
  const signerInfo = sequence(
    integer(1),
    sequence(issuer, serial),
    digestAlgorithm,
    tlv(0xa0, ...signed.attributes),
    signatureAlgorithm,
    octetString(options.signatureValue),
    ...(options.timestampToken
      ? [tlv(0xa1, attribute(OID.timestampToken, options.timestampToken))]
      : []),
  );
  const signedData = sequence(
    integer(1),
    setOf([digestAlgorithm]),
    sequence(objectIdentifier(OID.data)),
    tlv(0xa0, options.certificate, ...options.chain),
    setOf([signerInfo]),
  );
  return sequence(objectIdentifier(OID.signedData), tlv(0xa0, signedData));
}

/**
 * Adds a signature timestamp (unsigned attribute id-aa-timeStampToken) to the first SignerInfo
 * of an existing CMS: turns a B-B signature returned by an external device into B-T.
 */
export function addSignatureTimestamp(options: {
  cms: Uint8Array;
  timestampToken: Uint8Array;
}): Uint8Array {
  const info = pkijs.ContentInfo.fromBER(options.cms);
  const signedData = new pkijs.SignedData({ schema: info.content });
  const signerInfo = signedData.signerInfos[0];
  if (!signerInfo) throw new Error("CMS không có người ký / CMS has no SignerInfo");
  addTimestampAttribute(signerInfo, options.timestampToken);
  return encodeSignedData(signedData);
}

function addTimestampAttribute(signerInfo: pkijs.SignerInfo, token: Uint8Array) {
  const attribute = new pkijs.Attribute({
    type: OID.timestampToken,
    values: [asn1js.fromBER(bufferOf(token)).result],
  });
  const existing = signerInfo.unsignedAttrs?.attributes ?? [];
  signerInfo.unsignedAttrs = new pkijs.SignedAndUnsignedAttributes({
    type: 1,
    attributes: [...existing, attribute],
  });
}

function encodeSignedData(signedData: pkijs.SignedData): Uint8Array {
  const contentInfo = new pkijs.ContentInfo({
    contentType: OID.signedData,
    content: signedData.toSchema(true),
  });
  return new Uint8Array(contentInfo.toSchema().toBER(false));
}
