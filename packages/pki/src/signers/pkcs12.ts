import { createHash, randomBytes, type KeyObject } from "node:crypto";
import * as asn1js from "asn1js";
import { OID } from "../x509/oids.ts";
import { parseCertificate } from "../x509/certificate.ts";
import { encryptPbes2, macOf, PKCS12_OID } from "./pkcs12-crypto.ts";

export type ExportPkcs12Options = {
  key: KeyObject;
  certificate: Uint8Array;
  chain?: readonly Uint8Array[];
  password: string;
  friendlyName?: string;
  /** PBKDF2 and MAC iterations; OpenSSL 3 uses 2048. */
  iterations?: number;
};

const seq = (value: asn1js.AsnType[]) => new asn1js.Sequence({ value });
const oid = (value: string) => new asn1js.ObjectIdentifier({ value });
const explicit0 = (value: asn1js.AsnType[]) =>
  new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value });
const octet = (bytes: Uint8Array) => new asn1js.OctetString({ valueHex: bytes });
const der = (node: asn1js.AsnType) => new Uint8Array(node.toBER());

function bag(bagId: string, value: asn1js.AsnType, attributes: asn1js.AsnType[]): asn1js.Sequence {
  return seq([oid(bagId), explicit0([value]), new asn1js.Set({ value: attributes })]);
}

/**
 * Writes a PKCS#12 file the way OpenSSL 3 does (`openssl pkcs12 -export`): certificates in an
 * encrypted safe and the key in a shrouded key bag, both PBES2/PBKDF2-SHA256/AES-256-CBC, and an
 * HMAC-SHA256 MAC. Windows 10+, macOS and every current token tool read this form.
 */
export function exportPkcs12(options: ExportPkcs12Options): Uint8Array {
  const iterations = options.iterations ?? 2048;
  const keyId = createHash("sha1").update(parseCertificate(options.certificate).spki).digest();
  const attributes = [
    seq([oid(PKCS12_OID.localKeyId), new asn1js.Set({ value: [octet(keyId)] })]),
    ...(options.friendlyName
      ? [
          seq([
            oid(PKCS12_OID.friendlyName),
            new asn1js.Set({ value: [new asn1js.BmpString({ value: options.friendlyName })] }),
          ]),
        ]
      : []),
  ];
  const certBag = (certificate: Uint8Array, attrs: asn1js.AsnType[]) =>
    bag(
      PKCS12_OID.certBag,
      seq([oid(PKCS12_OID.x509Certificate), explicit0([octet(certificate)])]),
      attrs,
    );
  const certificates = der(
    seq([
      certBag(options.certificate, attributes),
      ...(options.chain ?? []).map((c) => certBag(c, [])),
    ]),
  );
  const sealedCerts = encryptPbes2(certificates, options.password, iterations);
  const pkcs8 = options.key.export({ format: "der", type: "pkcs8" });
  const sealedKey = encryptPbes2(pkcs8, options.password, iterations);
  const keySafe = der(
    seq([
      bag(
        PKCS12_OID.shroudedKeyBag,
        seq([sealedKey.algorithm, octet(sealedKey.encrypted)]),
        attributes,
      ),
    ]),
  );
  const authenticatedSafe = der(
    seq([
      seq([
        oid(OID.encryptedData),
        explicit0([
          seq([
            new asn1js.Integer({ value: 0 }),
            seq([
              oid(OID.contentTypeData),
              sealedCerts.algorithm,
              new asn1js.Primitive({
                idBlock: { tagClass: 3, tagNumber: 0 },
                valueHex: sealedCerts.encrypted,
              }),
            ]),
          ]),
        ]),
      ]),
      seq([oid(OID.contentTypeData), explicit0([octet(keySafe)])]),
    ]),
  );
  const macSalt = randomBytes(8);
  const mac = macOf({
    password: options.password,
    salt: macSalt,
    iterations,
    digestOid: OID.sha256,
    data: authenticatedSafe,
  });
  return der(
    seq([
      new asn1js.Integer({ value: 3 }),
      seq([oid(OID.contentTypeData), explicit0([octet(authenticatedSafe)])]),
      seq([
        seq([seq([oid(OID.sha256), new asn1js.Null()]), octet(mac)]),
        octet(macSalt),
        new asn1js.Integer({ value: iterations }),
      ]),
    ]),
  );
}
