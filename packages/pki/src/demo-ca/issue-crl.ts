import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { OID } from "../x509/oids.ts";
import { signatureAlgorithmIdentifier } from "../x509/signature.ts";
import { REVOCATION_REASONS } from "../revocation/reasons.ts";
import type { CertificateAuthority } from "./authority.ts";
import { x509Time } from "./issue-certificate.ts";

export type IssueCrlOptions = {
  authority: CertificateAuthority;
  thisUpdate: Date;
  nextUpdate: Date;
  /** Monotonic CRL number (RFC 5280 5.2.3); the caller keeps the counter. */
  crlNumber: number;
};

const wholeSeconds = (date: Date) => new Date(Math.floor(date.getTime() / 1000) * 1000);

/** A v2 CRL of every certificate the authority revoked up to `thisUpdate`, with reason codes. */
export async function issueCrl(options: IssueCrlOptions): Promise<Uint8Array> {
  const { authority } = options;
  const algorithm = signatureAlgorithmIdentifier(authority.signer.algorithm);
  const entries = [...authority.revoked.entries()].filter(([, r]) => r.date <= options.thisUpdate);
  const revoked = entries.map(
    ([serial, revocation]) =>
      new pkijs.RevokedCertificate({
        userCertificate: new asn1js.Integer({ valueHex: Buffer.from(serial, "hex") }),
        revocationDate: x509Time(wholeSeconds(revocation.date)),
        crlEntryExtensions: new pkijs.Extensions({
          extensions: [
            new pkijs.Extension({
              extnID: OID.crlReason,
              critical: false,
              extnValue: new asn1js.Enumerated({
                value: REVOCATION_REASONS[revocation.reason],
              }).toBER(),
            }),
          ],
        }),
      }),
  );
  const aki = new pkijs.AuthorityKeyIdentifier({
    keyIdentifier: new asn1js.OctetString({
      valueHex: Buffer.from(authority.certificate.subjectKeyIdentifier ?? "", "hex"),
    }),
  });
  const crl = new pkijs.CertificateRevocationList({
    version: 1,
    signature: algorithm,
    signatureAlgorithm: algorithm,
    issuer: pkijs.RelativeDistinguishedNames.fromBER(authority.certificate.subjectDer),
    thisUpdate: x509Time(wholeSeconds(options.thisUpdate)),
    nextUpdate: x509Time(wholeSeconds(options.nextUpdate)),
    ...(revoked.length ? { revokedCertificates: revoked } : {}),
    crlExtensions: new pkijs.Extensions({
      extensions: [
        new pkijs.Extension({
          extnID: OID.authorityKeyIdentifier,
          critical: false,
          extnValue: aki.toSchema().toBER(),
        }),
        new pkijs.Extension({
          extnID: OID.crlNumber,
          critical: false,
          extnValue: new asn1js.Integer({ value: options.crlNumber }).toBER(),
        }),
      ],
    }),
  });
  // encodeTBS is protected in pkijs; the first element of the full encoding is the same TBS.
  const tbs = (crl.toSchema(true) as asn1js.Sequence).valueBlock.value[0]!.toBER();
  const signature = await authority.signer.sign(new Uint8Array(tbs));
  crl.signatureValue = new asn1js.BitString({ valueHex: signature });
  return new Uint8Array(crl.toSchema(true).toBER());
}
