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
} from "./demo-ca/authority.ts";
export { REVOCATION_REASONS, type RevocationReason } from "./revocation/reasons.ts";
export { issueCrl } from "./demo-ca/issue-crl.ts";
export { createSelfSignedCertificate } from "./demo-ca/self-signed.ts";
export { respondOcsp } from "./demo-ca/respond-ocsp.ts";
export { exportPkcs12 } from "./signers/pkcs12.ts";
export { readPkcs12, type Pkcs12Contents } from "./signers/pkcs12-read.ts";
export { keyObjectSigner } from "./signers/key-object-signer.ts";
export {
  addSignatureTimestamp,
  assembleSignedData,
  createCmsSignature,
  type TimestampSource,
} from "./cms/create-signed-data.ts";
export { buildSignedAttributes, type SignedAttributes } from "./cms/signed-attributes.ts";
export { CmsFormatError, parseSignedData, type ParsedSignedData } from "./cms/parse-signed-data.ts";
export { verifyCmsSignature, type CmsVerification } from "./cms/verify-signed-data.ts";
export {
  validateCertificate,
  type ValidateCertificateOptions,
} from "./path/validate-certificate.ts";
export type { ValidationPurpose } from "./path/constraints.ts";
export {
  SUB_INDICATIONS,
  type CertificateValidation,
  type Indication,
  type SubIndication,
} from "./path/result.ts";
export {
  checkRevocation,
  type RevocationSources,
  type RevocationStatus,
} from "./revocation/check-revocation.ts";
export { createRevocationCache, type RevocationCache } from "./revocation/cache.ts";
export { parseCrl, type ParsedCrl } from "./revocation/crl.ts";
export { buildOcspRequest, parseOcspResponse, type ParsedOcspResponse } from "./revocation/ocsp.ts";
export type { FetchPolicy } from "./revocation/fetch.ts";
export { startDemoPkiServer, type DemoPkiServer } from "./demo-ca/demo-server.ts";
export {
  defaultSealRect,
  formatVietnamTime,
  SEAL_DIAMETER,
  type Rect,
  type SignatureAppearance,
  type VisibleSignature,
} from "./pdf/appearance.ts";
export { addDocumentSecurityStore, type ValidationMaterial } from "./pdf/dss.ts";
export { httpTimestampSource } from "./pdf/http-timestamp.ts";
export {
  embedPdfSignature,
  embedRawPdfSignature,
  preparePdfSignature,
  type PreparedPdfSignature,
} from "./pdf/prepare-signature.ts";
export { signPdf, type PadesLevel, type SignPdfOptions } from "./pdf/sign-pdf.ts";
export { createPdfValidator, type PdfValidator } from "./pdf/pdf-validator.ts";
export {
  DEFAULT_MAX_PDF_BYTES,
  validatePdfSignatures,
  type RevocationPolicy,
  type ValidatePdfOptions,
} from "./pdf/validate-pdf-signatures.ts";
export {
  formatValidationReport,
  type PdfValidationReport,
  type SignatureReport,
} from "./pdf/validation-report.ts";
export { respondTimestamp, type RespondTimestampOptions } from "./tsp/respond-timestamp.ts";
export {
  buildTimestampRequest,
  requestTimestamp,
  type RequestTimestampOptions,
} from "./tsp/request-timestamp.ts";
export {
  verifyTimestampToken,
  type TimestampVerification,
  type VerifyTimestampOptions,
} from "./tsp/verify-timestamp.ts";
export {
  parseTimestampToken,
  tokenFromResponse,
  type ParsedTimestampToken,
} from "./tsp/parse-token.ts";
export { pkcs12Signer } from "./signers/pkcs12-signer.ts";
export {
  ecdsaRawToDer,
  pkcs11Signer,
  type Pkcs11Signer,
  type Pkcs11SignerOptions,
} from "./signers/pkcs11-signer.ts";
export { demoPkiFiles, type DemoFile } from "./demo-ca/demo-files.ts";
