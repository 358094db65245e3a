import { createHash, randomBytes } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { parseCertificate, type ParsedCertificate } from "../x509/certificate.ts";
import { guardParse, PkiError } from "../x509/errors.ts";
import { OID } from "../x509/oids.ts";
import { verifySignature } from "../x509/signature.ts";
import { reasonName, type RevocationReason } from "./reasons.ts";

export type OcspSingleStatus = {
  serialNumber: string;
  issuerNameHash: string;
  issuerKeyHash: string;
  hashAlgorithm: string;
  status: "good" | "revoked" | "unknown";
  revocationTime?: Date;
  reason?: RevocationReason;
  thisUpdate: Date;
  nextUpdate?: Date;
};

export type ParsedOcspResponse = {
  der: Uint8Array;
  /** 0 successful, 1 malformedRequest, 2 internalError, 3 tryLater, 5 sigRequired, 6 unauthorized. */
  responseStatus: number;
  producedAt?: Date;
  responses: OcspSingleStatus[];
  certificates: Uint8Array[];
  responderKeyHash?: string;
  responderName?: Uint8Array;
  nonce?: Uint8Array;
  tbs?: Uint8Array;
  signatureAlgorithm?: { oid: string; params?: Uint8Array };
  signature?: Uint8Array;
};

const hex = (bytes: ArrayBuffer | Uint8Array) => Buffer.from(bytes as Uint8Array).toString("hex");
const keyBits = (certificate: ParsedCertificate) =>
  pkijs.PublicKeyInfo.fromBER(certificate.spki).subjectPublicKey.valueBlock.valueHexView;

/** An OCSP request for one certificate (SHA-1 CertID, as RFC 5019 responders expect), with a nonce. */
export function buildOcspRequest(options: {
  certificate: ParsedCertificate;
  issuer: ParsedCertificate;
  nonce?: Uint8Array;
}): Uint8Array {
  const certId = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({
        value: [new asn1js.ObjectIdentifier({ value: OID.sha1 }), new asn1js.Null()],
      }),
      new asn1js.OctetString({
        valueHex: createHash("sha1").update(options.issuer.subjectDer).digest(),
      }),
      new asn1js.OctetString({
        valueHex: createHash("sha1").update(keyBits(options.issuer)).digest(),
      }),
      new asn1js.Integer({ valueHex: Buffer.from(options.certificate.serialNumber, "hex") }),
    ],
  });
  const nonce = options.nonce ?? randomBytes(16);
  const nonceExtension = new asn1js.Sequence({
    value: [
      new asn1js.ObjectIdentifier({ value: OID.ocspNonce }),
      new asn1js.OctetString({ valueHex: new asn1js.OctetString({ valueHex: nonce }).toBER() }),
    ],
  });
  const tbs = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [certId] })] }),
      new asn1js.Constructed({
        idBlock: { tagClass: 3, tagNumber: 2 },
        value: [new asn1js.Sequence({ value: [nonceExtension] })],
      }),
    ],
  });
  return new Uint8Array(new asn1js.Sequence({ value: [tbs] }).toBER());
}

function singleStatus(single: pkijs.SingleResponse): OcspSingleStatus {
  const status = single.certStatus as asn1js.BaseBlock & {
    idBlock: { tagNumber: number };
    valueBlock: { value?: asn1js.AsnType[] };
  };
  const base = {
    serialNumber: hex(single.certID.serialNumber.valueBlock.valueHexView),
    issuerNameHash: hex(single.certID.issuerNameHash.valueBlock.valueHexView),
    issuerKeyHash: hex(single.certID.issuerKeyHash.valueBlock.valueHexView),
    hashAlgorithm: single.certID.hashAlgorithm.algorithmId,
    thisUpdate: single.thisUpdate,
    ...(single.nextUpdate ? { nextUpdate: single.nextUpdate } : {}),
  };
  if (status.idBlock.tagNumber === 0) return { ...base, status: "good" };
  if (status.idBlock.tagNumber !== 1) return { ...base, status: "unknown" };
  const [time, reason] = status.valueBlock.value ?? [];
  if (!(time instanceof asn1js.GeneralizedTime))
    throw new PkiError("malformed_ocsp", "revocationTime");
  const code = (reason as asn1js.Constructed | undefined)?.valueBlock.value[0] as
    asn1js.Enumerated | undefined;
  return {
    ...base,
    status: "revoked",
    revocationTime: time.toDate(),
    reason: reasonName(code?.valueBlock.valueDec ?? 0),
  };
}

/** Parses an OCSPResponse; anything else throws `PkiError("malformed_ocsp")`. */
export function parseOcspResponse(der: Uint8Array): ParsedOcspResponse {
  return guardParse("malformed_ocsp", () => {
    const asn1 = asn1js.fromBER(der);
    if (asn1.offset === -1 || asn1.offset !== der.byteLength) throw new PkiError("malformed_ocsp");
    const response = new pkijs.OCSPResponse({ schema: asn1.result });
    const responseStatus = response.responseStatus.valueBlock.valueDec;
    if (responseStatus !== 0 || !response.responseBytes)
      return { der, responseStatus, responses: [], certificates: [] };
    if (response.responseBytes.responseType !== OID.ocspBasic)
      throw new PkiError("malformed_ocsp", "not a basic response");
    const basic = pkijs.BasicOCSPResponse.fromBER(
      response.responseBytes.response.valueBlock.valueHexView,
    );
    const data = basic.tbsResponseData;
    const responder = data.responderID as pkijs.RelativeDistinguishedNames | asn1js.OctetString;
    const nonce = data.responseExtensions?.find((e) => e.extnID === OID.ocspNonce);
    const params = basic.signatureAlgorithm.algorithmParams as asn1js.AsnType | undefined;
    return {
      der,
      responseStatus,
      producedAt: data.producedAt,
      responses: data.responses.map(singleStatus),
      certificates: (basic.certs ?? []).map((c) => new Uint8Array(c.toSchema().toBER())),
      ...(responder instanceof asn1js.OctetString
        ? { responderKeyHash: hex(responder.valueBlock.valueHexView) }
        : { responderName: new Uint8Array(responder.valueBeforeDecode) }),
      ...(nonce ? { nonce: new Uint8Array(nonce.extnValue.valueBlock.valueHexView) } : {}),
      tbs: new Uint8Array(data.tbsView),
      signatureAlgorithm: {
        oid: basic.signatureAlgorithm.algorithmId,
        ...(params && !(params instanceof asn1js.Null)
          ? { params: new Uint8Array(params.toBER()) }
          : {}),
      },
      signature: new Uint8Array(basic.signature.valueBlock.valueHexView),
    };
  });
}

/** The single response about `certificate` from `issuer`, matched by CertID whatever its hash. */
export function findStatus(
  response: ParsedOcspResponse,
  certificate: ParsedCertificate,
  issuer: ParsedCertificate,
) {
  return response.responses.find((single) => {
    const digest = {
      [OID.sha1]: "sha1",
      [OID.sha256]: "sha256",
      [OID.sha384]: "sha384",
      [OID.sha512]: "sha512",
    }[single.hashAlgorithm];
    return (
      digest &&
      single.serialNumber === certificate.serialNumber &&
      single.issuerNameHash === createHash(digest).update(issuer.subjectDer).digest("hex") &&
      single.issuerKeyHash === createHash(digest).update(keyBits(issuer)).digest("hex")
    );
  });
}

const signedBy = (response: ParsedOcspResponse, signer: ParsedCertificate) =>
  verifySignature({
    algorithm: response.signatureAlgorithm!,
    data: response.tbs!,
    signature: response.signature!,
    spki: signer.spki,
  });

/**
 * Checks who signed an OCSP response (RFC 6960 4.2.2.2): the CA itself, or a responder the CA
 * delegated — issued directly by the CA, with the OCSPSigning EKU, valid when the response was made.
 * Returns a bilingual reason when the response cannot be trusted.
 */
export function ocspProblem(
  response: ParsedOcspResponse,
  issuer: ParsedCertificate,
): string | undefined {
  if (response.responseStatus !== 0)
    return `máy chủ OCSP trả mã ${response.responseStatus} / OCSP responder status ${response.responseStatus}`;
  if (signedBy(response, issuer)) return undefined;
  for (const der of response.certificates) {
    const responder = parseCertificate(der);
    const delegated =
      Buffer.from(responder.issuerDer).equals(Buffer.from(issuer.subjectDer)) &&
      verifySignature({
        algorithm: responder.signatureAlgorithm,
        data: responder.tbs,
        signature: responder.signature,
        spki: issuer.spki,
      }) &&
      responder.extendedKeyUsage?.includes(OID.ekuOcspSigning) === true &&
      response.producedAt !== undefined &&
      responder.notBefore <= response.producedAt &&
      response.producedAt <= responder.notAfter;
    if (delegated && signedBy(response, responder)) return undefined;
  }
  return "chữ ký OCSP không do CA hay máy chủ được CA ủy quyền / OCSP response not signed by the CA or its delegated responder";
}
