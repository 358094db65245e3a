import { createHash } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import type { Signer } from "../signer.ts";
import { guardParse } from "../x509/errors.ts";
import { DIGEST_BY_OID, OID } from "../x509/oids.ts";
import { signatureAlgorithmIdentifier } from "../x509/signature.ts";
import { REVOCATION_REASONS } from "../revocation/reasons.ts";
import type { CertificateAuthority } from "./authority.ts";

export type RespondOcspOptions = {
  /** The CAs this responder answers for; each request is matched by issuer name and key hash. */
  authorities: readonly CertificateAuthority[];
  /** Delegated responder (EKU OCSPSigning, issued by the CA) or the CA's own signer. */
  responder: Signer;
  request: Uint8Array;
  now: Date;
  /** How long the answer may be cached; default one hour. */
  validitySeconds?: number;
};

const tagged = (tagNumber: number, value: asn1js.AsnType[]) =>
  new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber }, value });
const time = (date: Date) =>
  new asn1js.GeneralizedTime({ valueDate: new Date(Math.floor(date.getTime() / 1000) * 1000) });

/** An OCSPResponse without a body: malformedRequest (1), internalError (2), unauthorized (6). */
function statusOnly(status: 1 | 2 | 6): Uint8Array {
  return new Uint8Array(
    new asn1js.Sequence({ value: [new asn1js.Enumerated({ value: status })] }).toBER(),
  );
}

function certStatus(authority: CertificateAuthority | undefined, serial: string): asn1js.AsnType {
  const revoked = authority?.revoked.get(serial);
  if (revoked)
    return new asn1js.Constructed({
      idBlock: { tagClass: 3, tagNumber: 1 },
      value: [
        time(revoked.date),
        tagged(0, [new asn1js.Enumerated({ value: REVOCATION_REASONS[revoked.reason] })]),
      ],
    });
  const known = authority?.issued.has(serial) === true;
  return new asn1js.Primitive({
    idBlock: { tagClass: 3, tagNumber: known ? 0 : 2 },
    valueHex: new ArrayBuffer(0),
  });
}

function matchAuthority(authorities: readonly CertificateAuthority[], certId: pkijs.CertID) {
  const digest = DIGEST_BY_OID[certId.hashAlgorithm.algorithmId];
  if (!digest) return undefined;
  const nameHash = Buffer.from(certId.issuerNameHash.valueBlock.valueHexView);
  const keyHash = Buffer.from(certId.issuerKeyHash.valueBlock.valueHexView);
  return authorities.find((authority) => {
    const key = pkijs.PublicKeyInfo.fromBER(authority.certificate.spki).subjectPublicKey.valueBlock
      .valueHexView;
    return (
      createHash(digest).update(authority.certificate.subjectDer).digest().equals(nameHash) &&
      createHash(digest).update(key).digest().equals(keyHash)
    );
  });
}

/**
 * Answers an OCSP request (RFC 6960) from the authorities' state: good for a certificate they
 * issued, revoked with time and reason, unknown otherwise. Echoes the request nonce. A request
 * that does not parse gets `malformedRequest`, never an exception.
 */
export async function respondOcsp(options: RespondOcspOptions): Promise<Uint8Array> {
  let request: pkijs.OCSPRequest;
  try {
    request = guardParse("malformed_ocsp", () => pkijs.OCSPRequest.fromBER(options.request));
  } catch {
    return statusOnly(1);
  }
  const thisUpdate = options.now;
  const nextUpdate = new Date(thisUpdate.getTime() + (options.validitySeconds ?? 3600) * 1000);
  const responses = request.tbsRequest.requestList.map((entry) => {
    const certId = entry.reqCert;
    const serial = Buffer.from(certId.serialNumber.valueBlock.valueHexView).toString("hex");
    return new asn1js.Sequence({
      value: [
        certId.toSchema(),
        certStatus(matchAuthority(options.authorities, certId), serial),
        time(thisUpdate),
        tagged(0, [time(nextUpdate)]),
      ],
    });
  });
  const nonce = request.tbsRequest.requestExtensions?.find((e) => e.extnID === OID.ocspNonce);
  const responder = pkijs.Certificate.fromBER(options.responder.certificate);
  const keyHash = createHash("sha1")
    .update(responder.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView)
    .digest();
  const tbs = new asn1js.Sequence({
    value: [
      tagged(2, [new asn1js.OctetString({ valueHex: keyHash })]),
      time(options.now),
      new asn1js.Sequence({ value: responses }),
      ...(nonce ? [tagged(1, [new asn1js.Sequence({ value: [nonce.toSchema()] })])] : []),
    ],
  });
  const tbsDer = new Uint8Array(tbs.toBER());
  const signature = await options.responder.sign(tbsDer);
  const basic = new asn1js.Sequence({
    value: [
      tbs,
      signatureAlgorithmIdentifier(options.responder.algorithm).toSchema(),
      new asn1js.BitString({ valueHex: signature }),
      tagged(0, [
        new asn1js.Sequence({ value: [asn1js.fromBER(options.responder.certificate).result] }),
      ]),
    ],
  });
  const response = new asn1js.Sequence({
    value: [
      new asn1js.Enumerated({ value: 0 }),
      tagged(0, [
        new asn1js.Sequence({
          value: [
            new asn1js.ObjectIdentifier({ value: OID.ocspBasic }),
            new asn1js.OctetString({ valueHex: basic.toBER() }),
          ],
        }),
      ]),
    ],
  });
  return new Uint8Array(response.toBER());
}
