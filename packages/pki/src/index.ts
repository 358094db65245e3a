import "reflect-metadata";

export { digestOf, type Signer, type SignatureAlgorithm } from "./signer.ts";
export { PkiError, type PkiErrorCode } from "./x509/errors.ts";
export { readCertificateBytes, readPemBlocks, toPem } from "./x509/pem.ts";
export { parseCertificate, type ParsedCertificate } from "./x509/certificate.ts";
export { describeCertificate, type CertificateDescription } from "./x509/describe.ts";
export { formatCertificate } from "./x509/format.ts";
export type { DistinguishedName, NameAttribute } from "./x509/names.ts";
export {
  createDemoPki,
  type DemoPki,
  type DemoPkiOptions,
  type DemoCredential,
} from "./demo-ca/create-demo-pki.ts";
export {
  createAuthority,
  recordIssued,
  revokeCertificate,
  type CertificateAuthority,
  type RevocationReason,
} from "./demo-ca/authority.ts";
export { issueCrl } from "./demo-ca/issue-crl.ts";
export { respondOcsp } from "./demo-ca/respond-ocsp.ts";
export { exportPkcs12, readPkcs12, type Pkcs12Contents } from "./signers/pkcs12.ts";
export { keyObjectSigner } from "./signers/key-object-signer.ts";
