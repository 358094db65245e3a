import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { guardParse, PkiError } from "../x509/errors.ts";
import { OID } from "../x509/oids.ts";

export type ParsedTimestampToken = {
  /** The token (ContentInfo with SignedData) DER, as embedded in a signature or a PDF. */
  der: Uint8Array;
  policy: string;
  hashAlgorithm: string;
  hashedMessage: Uint8Array;
  serialNumber: string;
  genTime: Date;
  accuracySeconds?: number;
  nonce?: string;
  /** Encapsulated TSTInfo DER, what the messageDigest attribute covers. */
  content: Uint8Array;
  certificates: Uint8Array[];
  signer: {
    issuerDer?: Uint8Array;
    serialNumber?: string;
    subjectKeyIdentifier?: string;
    digestAlgorithm: string;
    signatureAlgorithm: { oid: string; params?: Uint8Array };
    signature: Uint8Array;
    /** Signed attributes re-encoded as a DER SET, the bytes the signature covers. */
    signedAttributes?: Uint8Array;
    attributes: Map<string, asn1js.AsnType[]>;
  };
};

const hex = (bytes: ArrayBuffer | Uint8Array) => Buffer.from(bytes as Uint8Array).toString("hex");

/** Reads a TimeStampResp, requiring status granted (0) or grantedWithMods (1), and returns its token DER. */
export function tokenFromResponse(response: Uint8Array): Uint8Array {
  const parsed = guardParse("malformed_timestamp", () => pkijs.TimeStampResp.fromBER(response));
  const status = parsed.status.status;
  if (status !== 0 && status !== 1) {
    const text = parsed.status.statusStrings?.map((s) => s.valueBlock.value).join("; ") ?? "";
    throw new PkiError("timestamp_rejected", `status ${status}${text ? `: ${text}` : ""}`);
  }
  if (!parsed.timeStampToken)
    throw new PkiError("malformed_timestamp", "không có token / no token");
  return new Uint8Array(parsed.timeStampToken.toSchema().toBER());
}

/** Parses a timestamp token; anything else throws `PkiError("malformed_timestamp")`. */
export function parseTimestampToken(der: Uint8Array): ParsedTimestampToken {
  return guardParse("malformed_timestamp", () => {
    const asn1 = asn1js.fromBER(der);
    if (asn1.offset === -1) throw new PkiError("malformed_timestamp");
    const info = new pkijs.ContentInfo({ schema: asn1.result });
    if (info.contentType !== OID.signedData)
      throw new PkiError("malformed_timestamp", "not SignedData");
    const signedData = new pkijs.SignedData({ schema: info.content });
    if (signedData.encapContentInfo.eContentType !== OID.tstInfo)
      throw new PkiError("malformed_timestamp", "not TSTInfo");
    const content = new Uint8Array(signedData.encapContentInfo.eContent!.getValue());
    const tst = pkijs.TSTInfo.fromBER(content);
    const [signerInfo] = signedData.signerInfos;
    if (!signerInfo || signedData.signerInfos.length !== 1)
      throw new PkiError("malformed_timestamp", "one signer expected");
    const sid: unknown = signerInfo.sid;
    const attributes = new Map<string, asn1js.AsnType[]>(
      (signerInfo.signedAttrs?.attributes ?? []).map((a) => [a.type, a.values as asn1js.AsnType[]]),
    );
    // The signature covers the attributes' original bytes with the SET tag (RFC 5652 5.4).
    const signedAttributes = signerInfo.signedAttrs
      ? new Uint8Array(signerInfo.signedAttrs.encodedValue.slice(0))
      : undefined;
    if (signedAttributes) signedAttributes[0] = 0x31;
    const params = signerInfo.signatureAlgorithm.algorithmParams as asn1js.AsnType | undefined;
    const seconds = tst.accuracy?.seconds;
    return {
      der,
      policy: tst.policy,
      hashAlgorithm: tst.messageImprint.hashAlgorithm.algorithmId,
      hashedMessage: new Uint8Array(tst.messageImprint.hashedMessage.valueBlock.valueHexView),
      serialNumber: hex(tst.serialNumber.valueBlock.valueHexView),
      genTime: tst.genTime,
      ...(seconds === undefined ? {} : { accuracySeconds: seconds }),
      ...(tst.nonce ? { nonce: hex(tst.nonce.valueBlock.valueHexView) } : {}),
      content,
      certificates: (signedData.certificates ?? [])
        .filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate)
        .map((c) => new Uint8Array(c.toSchema().toBER())),
      signer: {
        ...(sid instanceof pkijs.IssuerAndSerialNumber
          ? {
              issuerDer: new Uint8Array(sid.issuer.toSchema().toBER()),
              serialNumber: hex(sid.serialNumber.valueBlock.valueHexView),
            }
          : {
              subjectKeyIdentifier: hex(
                (sid as unknown as { valueBlock: { valueHexView: Uint8Array } }).valueBlock
                  .valueHexView,
              ),
            }),
        digestAlgorithm: signerInfo.digestAlgorithm.algorithmId,
        signatureAlgorithm: {
          oid: signerInfo.signatureAlgorithm.algorithmId,
          ...(params && !(params instanceof asn1js.Null)
            ? { params: new Uint8Array(params.toBER()) }
            : {}),
        },
        signature: new Uint8Array(signerInfo.signature.valueBlock.valueHexView),
        ...(signedAttributes ? { signedAttributes } : {}),
        attributes,
      },
    };
  });
}
