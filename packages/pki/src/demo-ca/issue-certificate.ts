import { createHash, randomBytes, type KeyObject } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import type { Signer } from "../signer.ts";
import { signatureAlgorithmIdentifier } from "../x509/signature.ts";
import { keyIdentifiers } from "./extensions.ts";
import { buildName, type SubjectInput } from "./subject-name.ts";

/** What signs a certificate, CRL or OCSP response: any `Signer`, or a bare key for a new root. */
export type SigningKey = Pick<Signer, "algorithm" | "sign">;

export type IssuerInput = {
  /** DER of the issuer's Name; the subject's own name when absent (self-signed). */
  name?: Uint8Array;
  /** The issuer's subject key identifier, written as this certificate's AKI. */
  keyIdentifier?: Uint8Array;
  key: SigningKey;
};

export type IssueCertificateOptions = {
  subject: SubjectInput;
  publicKey: KeyObject;
  issuer: IssuerInput;
  notBefore: Date;
  notAfter: Date;
  /** Hex; random 127-bit positive integer when absent (CA/B Forum asks for ≥ 64 bits of entropy). */
  serialNumber?: string;
  extensions: pkijs.Extension[];
};

/** RFC 5280 4.2.1.2 method 1: SHA-1 of the subjectPublicKey BIT STRING value. */
export function keyIdentifierOf(publicKey: KeyObject): Uint8Array {
  const spki = publicKey.export({ format: "der", type: "spki" });
  const info = pkijs.PublicKeyInfo.fromBER(spki);
  return new Uint8Array(
    createHash("sha1").update(info.subjectPublicKey.valueBlock.valueHexView).digest(),
  );
}

/** X.509 Time: UTCTime through 2049, GeneralizedTime from 2050 (RFC 5280 4.1.2.5). */
export function x509Time(value: Date): pkijs.Time {
  return new pkijs.Time({ type: value.getUTCFullYear() >= 2050 ? 1 : 0, value });
}

function serialBytes(hex: string | undefined): Uint8Array {
  if (hex) {
    const bytes = Buffer.from(hex.length % 2 ? `0${hex}` : hex, "hex");
    return (bytes[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes;
  }
  const random = randomBytes(16);
  random[0] = (random[0]! & 0x7f) | 0x40;
  return random;
}

/** Builds the TBSCertificate, has the issuer's key sign it, and returns the certificate DER. */
export async function issueCertificate(options: IssueCertificateOptions): Promise<Uint8Array> {
  const subjectName = buildName(options.subject);
  const spki = options.publicKey.export({ format: "der", type: "spki" });
  const algorithm = signatureAlgorithmIdentifier(options.issuer.key.algorithm);
  const ownKeyId = keyIdentifierOf(options.publicKey);
  const certificate = new pkijs.Certificate({
    version: 2,
    serialNumber: new asn1js.Integer({ valueHex: serialBytes(options.serialNumber) }),
    signature: algorithm,
    signatureAlgorithm: algorithm,
    issuer: options.issuer.name
      ? pkijs.RelativeDistinguishedNames.fromBER(options.issuer.name)
      : subjectName,
    subject: subjectName,
    notBefore: x509Time(options.notBefore),
    notAfter: x509Time(options.notAfter),
    subjectPublicKeyInfo: pkijs.PublicKeyInfo.fromBER(spki),
    extensions: [
      ...keyIdentifiers(ownKeyId, options.issuer.keyIdentifier ?? ownKeyId),
      ...options.extensions,
    ],
  });
  const tbs = certificate.encodeTBS().toBER();
  const signature = await options.issuer.key.sign(new Uint8Array(tbs));
  certificate.signatureValue = new asn1js.BitString({ valueHex: signature });
  return new Uint8Array(certificate.toSchema(true).toBER());
}
