import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { KEY_USAGE_NAMES, type KeyUsage } from "../x509/certificate.ts";
import { OID } from "../x509/oids.ts";

const extension = (
  extnID: string,
  critical: boolean,
  value: asn1js.AsnType | { toSchema(): asn1js.AsnType },
) =>
  new pkijs.Extension({
    extnID,
    critical,
    extnValue: ("toSchema" in value ? value.toSchema() : value).toBER(),
  });

export function basicConstraints(ca: boolean, pathLength?: number): pkijs.Extension {
  return extension(
    OID.basicConstraints,
    true,
    new pkijs.BasicConstraints(
      ca
        ? { cA: true, ...(pathLength === undefined ? {} : { pathLenConstraint: pathLength }) }
        : {},
    ),
  );
}

/** DER BIT STRING with the named bits set and trailing zero bits dropped (X.690 11.2.2). */
export function keyUsage(usages: KeyUsage[]): pkijs.Extension {
  const bits = KEY_USAGE_NAMES.map((name) => usages.includes(name));
  const last = bits.lastIndexOf(true);
  const bytes = new Uint8Array(last >= 8 ? 2 : 1);
  bits.forEach((set, i) => {
    if (set) bytes[i >> 3]! |= 0x80 >> (i & 7);
  });
  const unused = bytes.length * 8 - (last + 1);
  return extension(
    OID.keyUsage,
    true,
    new asn1js.BitString({ valueHex: bytes, unusedBits: unused }),
  );
}

export function extendedKeyUsage(purposes: string[], critical: boolean): pkijs.Extension {
  return extension(OID.extKeyUsage, critical, new pkijs.ExtKeyUsage({ keyPurposes: purposes }));
}

export function keyIdentifiers(
  subjectKeyId: Uint8Array,
  authorityKeyId: Uint8Array | undefined,
): pkijs.Extension[] {
  const ski = extension(
    OID.subjectKeyIdentifier,
    false,
    new asn1js.OctetString({ valueHex: subjectKeyId }),
  );
  if (!authorityKeyId) return [ski];
  const aki = new pkijs.AuthorityKeyIdentifier({
    keyIdentifier: new asn1js.OctetString({ valueHex: authorityKeyId }),
  });
  return [ski, extension(OID.authorityKeyIdentifier, false, aki)];
}

const uri = (value: string) => new pkijs.GeneralName({ type: 6, value });

export function crlDistributionPoint(url: string): pkijs.Extension {
  const points = new pkijs.CRLDistributionPoints({
    distributionPoints: [new pkijs.DistributionPoint({ distributionPoint: [uri(url)] })],
  });
  return extension(OID.crlDistributionPoints, false, points);
}

export function authorityInfoAccess({
  ocsp,
  caIssuers,
}: {
  ocsp?: string;
  caIssuers?: string;
}): pkijs.Extension {
  const accessDescriptions = [
    ...(ocsp
      ? [new pkijs.AccessDescription({ accessMethod: OID.accessOcsp, accessLocation: uri(ocsp) })]
      : []),
    ...(caIssuers
      ? [
          new pkijs.AccessDescription({
            accessMethod: OID.accessCaIssuers,
            accessLocation: uri(caIssuers),
          }),
        ]
      : []),
  ];
  return extension(OID.authorityInfoAccess, false, new pkijs.InfoAccess({ accessDescriptions }));
}

export function certificatePolicy(policy: string, cps?: string): pkijs.Extension {
  const qualifiers = cps
    ? {
        policyQualifiers: [
          new pkijs.PolicyQualifierInfo({
            policyQualifierId: OID.qualifierCps,
            qualifier: new asn1js.IA5String({ value: cps }),
          }),
        ],
      }
    : {};
  const policies = new pkijs.CertificatePolicies({
    certificatePolicies: [new pkijs.PolicyInformation({ policyIdentifier: policy, ...qualifiers })],
  });
  return extension(OID.certificatePolicies, false, policies);
}

/** id-pkix-ocsp-nocheck (RFC 6960 4.2.2.2.1): clients need not check the responder's own status. */
export function ocspNoCheck(): pkijs.Extension {
  return extension(OID.ocspNoCheck, false, new asn1js.Null());
}

export function subjectAltEmail(email: string): pkijs.Extension {
  return extension(
    OID.subjectAltName,
    false,
    new pkijs.AltName({ altNames: [new pkijs.GeneralName({ type: 1, value: email })] }),
  );
}
