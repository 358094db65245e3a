import type * as pkijs from "pkijs";
import { OID } from "../x509/oids.ts";
import * as ext from "./extensions.ts";
import type { SubjectInput } from "./subject-name.ts";

export type DemoProfile = {
  subject: SubjectInput;
  notBefore: Date;
  notAfter: Date;
  extensions: pkijs.Extension[];
};

const DAY = 86_400_000;
const DEMO_O = "Liên Thông (thử nghiệm / demo)";

/**
 * The certificate profiles of the demo PKI. End-entity certificates follow what Vietnamese CAs
 * issue for document signing: digitalSignature + nonRepudiation, RSA 2048, CRL and OCSP pointers.
 */
export function demoProfiles(options: {
  baseUrl: string;
  now: Date;
  agency: { name: string; code: string };
  leader: { name: string; title: string; citizenId: string };
}) {
  const { baseUrl, now, agency, leader } = options;
  const at = (days: number) => new Date(now.getTime() + days * DAY);
  const policy = ext.certificatePolicy(OID.anyPolicy, `${baseUrl}/cps`);
  const pointers = [
    ext.crlDistributionPoint(`${baseUrl}/crl/issuing-ca.crl`),
    ext.authorityInfoAccess({ ocsp: `${baseUrl}/ocsp`, caIssuers: `${baseUrl}/ca/issuing-ca.crt` }),
  ];
  const signing = [
    ext.basicConstraints(false),
    ext.keyUsage(["digitalSignature", "nonRepudiation"]),
    ext.extendedKeyUsage([OID.ekuEmailProtection, OID.ekuDocumentSigning], false),
    policy,
    ...pointers,
  ];
  const person = (cn: string, extra: Partial<SubjectInput> = {}): SubjectInput => ({
    C: "VN",
    ST: "Hà Nội",
    O: agency.name,
    CN: cn,
    ...extra,
  });
  const rootProfile = (cn: string): DemoProfile => ({
    subject: { C: "VN", O: DEMO_O, CN: cn },
    notBefore: at(-1000),
    notAfter: at(7300),
    extensions: [ext.basicConstraints(true), ext.keyUsage(["keyCertSign", "cRLSign"])],
  });
  const leaf = (
    subject: SubjectInput,
    extensions = signing,
    notBefore = at(-1),
    notAfter = at(730),
  ): DemoProfile => ({
    subject,
    notBefore,
    notAfter,
    extensions,
  });
  return {
    root: rootProfile("Liên Thông Demo Root CA"),
    untrustedRoot: rootProfile("Untrusted Demo Root CA"),
    issuingCa: {
      subject: { C: "VN", O: DEMO_O, CN: "Liên Thông Demo Issuing CA" },
      notBefore: at(-900),
      notAfter: at(3650),
      extensions: [
        ext.basicConstraints(true, 0),
        ext.keyUsage(["keyCertSign", "cRLSign"]),
        policy,
        ext.crlDistributionPoint(`${baseUrl}/crl/root-ca.crl`),
        ext.authorityInfoAccess({ caIssuers: `${baseUrl}/ca/root-ca.crt` }),
      ],
    },
    seal: leaf({
      C: "VN",
      ST: "Hà Nội",
      O: agency.name,
      organizationIdentifier: agency.code,
      CN: agency.name,
    }),
    leader: leaf(person(leader.name, { title: leader.title, UID: `CCCD:${leader.citizenId}` })),
    revoked: leaf(person("Trần Thị Bình", { UID: "CCCD:001190054321" })),
    expired: leaf(person("Lê Văn Cường"), signing, at(-730), at(-1)),
    notYetValid: leaf(person("Phạm Thị Dung"), signing, at(30), at(760)),
    untrusted: leaf(person("Hoàng Văn Em")),
    tsa: leaf({ C: "VN", O: DEMO_O, CN: "Liên Thông Demo TSA" }, [
      ext.basicConstraints(false),
      ext.keyUsage(["digitalSignature", "nonRepudiation"]),
      ext.extendedKeyUsage([OID.ekuTimeStamping], true),
      ...pointers,
    ]),
    ocspResponder: leaf({ C: "VN", O: DEMO_O, CN: "Liên Thông Demo OCSP Responder" }, [
      ext.basicConstraints(false),
      ext.keyUsage(["digitalSignature"]),
      ext.extendedKeyUsage([OID.ekuOcspSigning], false),
      ext.ocspNoCheck(),
    ]),
  };
}
