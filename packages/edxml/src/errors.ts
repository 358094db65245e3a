/**
 * One problem in a package, named by the element path from `edXMLHeader` (or `edXMLBody`,
 * `AttachmentEncoded`) and the rule it breaks, so a clerk can find it and a program can act on it.
 */
export type ValidationIssue = {
  /** e.g. `edXMLHeader/MessageHeader/To[2]/OrganId`. */
  path: string;
  /** e.g. `required`, `maxLength 500`, `agencyCode`. */
  rule: string;
  /** Vietnamese first, then English: "Trích yếu quá dài / subject is too long". */
  message: string;
};

/** Error codes of the package. Callers rely on `code`; keep codes stable. */
export const EDXML_ERROR_CODES = {
  /** The input is not well-formed XML (or not UTF-8). */
  malformed_xml: "Tệp không phải XML hợp lệ / not well-formed XML",
  /** Well-formed XML, but not an edXML package (wrong root or envelope). */
  not_edxml: "Không phải gói tin edXML / not an edXML package",
  /** The package breaks the standard's rules; `issues` lists them. */
  invalid_package: "Gói tin không hợp lệ / the package is invalid",
  /** A value cannot be written in XML 1.0 (control characters). */
  invalid_character: "Ký tự không được phép trong XML / character not allowed in XML",
  /** The package cannot be signed (no header, already signed, unsupported key). */
  cannot_sign: "Không thể ký gói tin / the package cannot be signed",
  /** The input stream or an attachment sink failed while streaming. */
  stream_failed: "Lỗi khi đọc hoặc ghi dữ liệu / reading or writing a stream failed",
} as const;

export type EdxmlErrorCode = keyof typeof EDXML_ERROR_CODES;

/** The only error this package throws. */
export class EdxmlError extends Error {
  override name = "EdxmlError";
  readonly code: EdxmlErrorCode;
  readonly issues: ValidationIssue[];

  constructor(
    code: EdxmlErrorCode,
    options: { detail?: string; issues?: ValidationIssue[]; cause?: unknown } = {},
  ) {
    super(
      options.detail ? `${EDXML_ERROR_CODES[code]}: ${options.detail}` : EDXML_ERROR_CODES[code],
      { cause: options.cause },
    );
    this.code = code;
    this.issues = options.issues ?? [];
  }
}

/** Builds an issue; `vi` and `en` are joined the way every user-facing text is. */
export function issue(path: string, rule: string, vi: string, en: string): ValidationIssue {
  return { path, rule, message: `${vi} / ${en}` };
}
