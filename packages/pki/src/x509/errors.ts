/**
 * The one error type of the PKI package. Parsers and clients throw only this, so callers (a PDF
 * validator, an HTTP route) can turn any bad input into a validation result instead of a crash.
 */
export const PKI_ERROR_CODES = {
  /** Bytes that are not a certificate (bad PEM, bad DER, truncated, wrong structure). */
  malformed_certificate: "Chứng thư số không đúng định dạng / malformed certificate",
  /** Bytes that are not a CRL. */
  malformed_crl: "Danh sách thu hồi (CRL) không đúng định dạng / malformed CRL",
  /** Bytes that are not an OCSP request or response. */
  malformed_ocsp: "Dữ liệu OCSP không đúng định dạng / malformed OCSP data",
  /** Bytes that are not a PKCS#12 file, or a PKCS#12 structure the package does not read. */
  malformed_pkcs12: "Tệp PKCS#12 không đúng định dạng / malformed PKCS#12 file",
  /** The PKCS#12 integrity check failed: almost always a wrong password. */
  wrong_password: "Sai mật khẩu hoặc tệp bị sửa / wrong password or tampered file",
  /** Bytes that are not a timestamp request, response or token. */
  malformed_timestamp: "Dấu thời gian không đúng định dạng / malformed timestamp",
  /** The timestamp authority refused or answered something that does not match the request. */
  timestamp_rejected: "Máy chủ dấu thời gian từ chối / timestamp authority refused",
  /** An algorithm (signature, digest, encryption) the package does not implement. */
  unsupported_algorithm: "Thuật toán không được hỗ trợ / unsupported algorithm",
  /** An HTTP fetch (CRL, OCSP, TSA) failed, timed out, was too large or used a refused scheme. */
  fetch_failed: "Không tải được dữ liệu / fetch failed",
  /** The PKCS#11 module, token or key could not be used. */
  token_error: "Lỗi thiết bị ký (PKCS#11) / PKCS#11 token error",
  /** A key and a certificate that do not belong together, or a missing key. */
  key_mismatch: "Khóa không khớp chứng thư / key does not match certificate",
} as const;

export type PkiErrorCode = keyof typeof PKI_ERROR_CODES;

export class PkiError extends Error {
  override name = "PkiError";
  readonly code: PkiErrorCode;

  constructor(code: PkiErrorCode, detail?: string, options?: { cause?: unknown }) {
    super(detail ? `${PKI_ERROR_CODES[code]}: ${detail}` : PKI_ERROR_CODES[code], options);
    this.code = code;
  }
}

/** Runs a parser over untrusted bytes and turns whatever it throws into one typed error. */
export function guardParse<T>(code: PkiErrorCode, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof PkiError) throw error;
    throw new PkiError(code, error instanceof Error ? error.message : String(error), {
      cause: error,
    });
  }
}
