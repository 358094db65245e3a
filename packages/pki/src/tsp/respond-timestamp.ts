import { createHash } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { digestOf, type Signer } from "../signer.ts";
import { parseCertificate } from "../x509/certificate.ts";
import { guardParse } from "../x509/errors.ts";
import { DIGEST_BY_OID, OID, OID_BY_DIGEST } from "../x509/oids.ts";
import { signatureAlgorithmIdentifier } from "../x509/signature.ts";
import {
  attribute,
  bigintOf,
  derSetOf,
  positiveInteger,
  signingCertificateV2,
} from "./signed-attributes.ts";

export type RespondTimestampOptions = {
  request: Uint8Array;
  /** The TSA's signer; its certificate must carry the critical timeStamping EKU. */
  signer: Signer;
  /** Unique per token (RFC 3161 2.4.2); the caller keeps the counter. */
  serial: bigint;
  now: Date;
  /** TSA policy OID written into every token. */
  policy: string;
  /** Accuracy in seconds; default 1. */
  accuracySeconds?: number;
};

/** PKIFailureInfo bits (RFC 3161 2.4.2). */
const FAIL = { badAlg: 0, badRequest: 2, badDataFormat: 5, unacceptedPolicy: 15 } as const;

const seq = (value: asn1js.AsnType[]) => new asn1js.Sequence({ value });
const oid = (value: string) => new asn1js.ObjectIdentifier({ value });
const explicit = (tagNumber: number, value: asn1js.AsnType[]) =>
  new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber }, value });

function rejection(bit: number, text: string): Uint8Array {
  const bits = new Uint8Array(Math.floor(bit / 8) + 1);
  bits[bit >> 3] = 0x80 >> (bit & 7);
  const status = seq([
    new asn1js.Integer({ value: 2 }),
    seq([new asn1js.Utf8String({ value: text })]),
    new asn1js.BitString({ valueHex: bits, unusedBits: 7 - (bit & 7) }),
  ]);
  return new Uint8Array(seq([status]).toBER());
}

/**
 * An RFC 3161 timestamp authority as a pure function: request DER in, TimeStampResp DER out. The
 * token is a CMS SignedData over TSTInfo with signing-certificate-v2; the nonce is echoed and the
 * TSA certificate included when asked. Bad requests get a `rejection` status, never an exception.
 */
export async function respondTimestamp(options: RespondTimestampOptions): Promise<Uint8Array> {
  let request: pkijs.TimeStampReq;
  try {
    request = guardParse("malformed_timestamp", () => pkijs.TimeStampReq.fromBER(options.request));
  } catch {
    return rejection(FAIL.badDataFormat, "Yêu cầu không đúng định dạng / malformed request");
  }
  const imprint = request.messageImprint;
  const imprintDigest = DIGEST_BY_OID[imprint.hashAlgorithm.algorithmId];
  if (!imprintDigest || imprintDigest === "sha1")
    return rejection(
      FAIL.badAlg,
      "Thuật toán băm không được chấp nhận / hash algorithm not accepted",
    );
  if (
    imprint.hashedMessage.valueBlock.valueHexView.length !==
    createHash(imprintDigest).digest().length
  )
    return rejection(FAIL.badDataFormat, "Độ dài giá trị băm sai / wrong digest length");
  if (request.reqPolicy && request.reqPolicy !== options.policy)
    return rejection(FAIL.unacceptedPolicy, "Chính sách không được hỗ trợ / policy not supported");

  const genTime = new Date(Math.floor(options.now.getTime() / 1000) * 1000);
  const tsa = parseCertificate(options.signer.certificate);
  const tstInfo = seq([
    new asn1js.Integer({ value: 1 }),
    oid(options.policy),
    seq([
      seq([oid(imprint.hashAlgorithm.algorithmId), new asn1js.Null()]),
      new asn1js.OctetString({ valueHex: imprint.hashedMessage.valueBlock.valueHexView }),
    ]),
    positiveInteger(options.serial),
    new asn1js.GeneralizedTime({ valueDate: genTime }),
    seq([new asn1js.Integer({ value: options.accuracySeconds ?? 1 })]),
    ...(request.nonce ? [positiveInteger(bigintOf(request.nonce.valueBlock.valueHexView))] : []),
    explicit(0, [explicit(4, [asn1js.fromBER(tsa.subjectDer).result])]),
  ]);
  const content = new Uint8Array(tstInfo.toBER());
  const digest = digestOf(options.signer.algorithm).replace("-", "").toLowerCase() as "sha256";
  const digestAlgorithm = seq([oid(OID_BY_DIGEST[digest]), new asn1js.Null()]);
  const signedAttributes = derSetOf([
    attribute(OID.contentTypeAttr, oid(OID.tstInfo)),
    attribute(OID.signingTimeAttr, new asn1js.UTCTime({ valueDate: genTime })),
    attribute(
      OID.messageDigestAttr,
      new asn1js.OctetString({ valueHex: createHash(digest).update(content).digest() }),
    ),
    signingCertificateV2(options.signer.certificate),
  ]);
  const signature = await options.signer.sign(signedAttributes);
  const signedAttrsImplicit = asn1js.fromBER(signedAttributes).result as asn1js.Set;
  signedAttrsImplicit.idBlock.tagClass = 3;
  signedAttrsImplicit.idBlock.tagNumber = 0;
  const signerInfo = seq([
    new asn1js.Integer({ value: 1 }),
    seq([
      asn1js.fromBER(tsa.issuerDer).result,
      new asn1js.Integer({ valueHex: Buffer.from(tsa.serialNumber, "hex") }),
    ]),
    digestAlgorithm,
    signedAttrsImplicit,
    signatureAlgorithmIdentifier(options.signer.algorithm).toSchema(),
    new asn1js.OctetString({ valueHex: signature }),
  ]);
  const certificates = request.certReq ? [options.signer.certificate, ...options.signer.chain] : [];
  const signedData = seq([
    new asn1js.Integer({ value: 3 }),
    new asn1js.Set({ value: [digestAlgorithm] }),
    seq([oid(OID.tstInfo), explicit(0, [new asn1js.OctetString({ valueHex: content })])]),
    ...(certificates.length
      ? [
          new asn1js.Constructed({
            idBlock: { tagClass: 3, tagNumber: 0 },
            value: certificates.map((c) => asn1js.fromBER(c).result),
          }),
        ]
      : []),
    new asn1js.Set({ value: [signerInfo] }),
  ]);
  const token = seq([oid(OID.signedData), explicit(0, [signedData])]);
  return new Uint8Array(seq([seq([new asn1js.Integer({ value: 0 })]), token]).toBER());
}
