import { createHash } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import type { Signer } from "../signer.ts";
import { digestOid, OID, signerAlgorithm, type DigestName } from "./algorithms.ts";
import {
  bufferOf,
  buildSignedAttributes,
  sortedAttributes,
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
  const attributes =
    options.signedAttributes instanceof Uint8Array
      ? attributesFromDer(options.signedAttributes)
      : options.signedAttributes.attributes;
  const { digest, oid } = signerAlgorithm(options.algorithm);
  const cert = pkijs.Certificate.fromBER(options.certificate);
  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
    digestAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: digestOid(digest) }),
    signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes }),
    signatureAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: oid }),
    signature: new asn1js.OctetString({ valueHex: bufferOf(options.signatureValue) }),
  });
  if (options.timestampToken) addTimestampAttribute(signerInfo, options.timestampToken);
  const signedData = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
    digestAlgorithms: [new pkijs.AlgorithmIdentifier({ algorithmId: digestOid(digest) })],
    certificates: [cert, ...options.chain.map((c) => pkijs.Certificate.fromBER(c))],
    signerInfos: [signerInfo],
  });
  return encodeSignedData(signedData);
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

function attributesFromDer(der: Uint8Array): pkijs.Attribute[] {
  const parsed = asn1js.fromBER(bufferOf(der));
  if (parsed.offset === -1 || !(parsed.result instanceof asn1js.Set))
    throw new Error("Thuộc tính ký không hợp lệ / signed attributes are not a DER SET");
  const attributes = parsed.result.valueBlock.value.map((v) => new pkijs.Attribute({ schema: v }));
  return sortedAttributes(attributes).attributes;
}

function encodeSignedData(signedData: pkijs.SignedData): Uint8Array {
  const contentInfo = new pkijs.ContentInfo({
    contentType: OID.signedData,
    content: signedData.toSchema(true),
  });
  return new Uint8Array(contentInfo.toSchema().toBER(false));
}
