import "reflect-metadata";

export { digestOf, type Signer, type SignatureAlgorithm } from "./signer.ts";
export { PkiError, type PkiErrorCode } from "./x509/errors.ts";
export { readCertificateBytes, readPemBlocks, toPem } from "./x509/pem.ts";
export { parseCertificate, type ParsedCertificate } from "./x509/certificate.ts";
export { describeCertificate, type CertificateDescription } from "./x509/describe.ts";
export { formatCertificate } from "./x509/format.ts";
export type { DistinguishedName, NameAttribute } from "./x509/names.ts";
