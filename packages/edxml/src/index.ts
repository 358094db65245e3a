export * from "./model.ts";
export {
  EdxmlError,
  EDXML_ERROR_CODES,
  type EdxmlErrorCode,
  type ValidationIssue,
} from "./errors.ts";
export { buildEdoc, buildStatus, type EdxmlOutput } from "./build.ts";
export {
  parseEdxml,
  validateEdxml,
  writableSink,
  type ParsedPackage,
  type ParseOptions,
} from "./parse.ts";
export type { AttachmentSink, AttachmentStart, PackageInput } from "./sax-reader.ts";
export { validateAttachments, validateEdoc, validateStatus } from "./validate.ts";
export { isAgencyCode } from "./rules.ts";
export {
  formatEdxmlDate,
  formatEdxmlTimestamp,
  parseEdxmlDate,
  parseEdxmlTimestamp,
} from "./dates.ts";
export { EDXML_NS } from "./xml-text.ts";
export { signEdxml } from "./dsig/sign.ts";
export { verifyEdxml, type VerifyEdxmlResult } from "./dsig/verify.ts";
export type { SignerCertificate } from "./dsig/trust.ts";
