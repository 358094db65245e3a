import type { RevocationReason } from "../revocation/reasons.ts";
import type { Bilingual } from "../x509/names.ts";

/** ETSI EN 319 102-1 main status indications. */
export type Indication = "PASSED" | "INDETERMINATE" | "FAILED";

/** The ETSI sub-indications this validation produces, with the indication each belongs to. */
export const SUB_INDICATIONS = {
  /** The bytes are not a certificate. */
  FORMAT_FAILURE: "FAILED",
  /** A certificate in the path does not verify under its issuer's key. */
  SIG_CRYPTO_FAILURE: "FAILED",
  /** The certificate was revoked at or before the validation time. */
  REVOKED: "FAILED",
  /** The validation time is before the certificate's notBefore. */
  NOT_YET_VALID: "FAILED",
  /** A CA certificate in the path was revoked at or before the validation time. */
  REVOKED_CA_NO_POE: "INDETERMINATE",
  /** The validation time is after notAfter and nothing proves the signature existed earlier. */
  OUT_OF_BOUNDS_NO_POE: "INDETERMINATE",
  /** No path from the certificate to a configured trust anchor. */
  NO_CERTIFICATE_CHAIN_FOUND: "INDETERMINATE",
  /** Basic constraints, path length, key usage, purpose or a critical extension forbid this path. */
  CHAIN_CONSTRAINTS_FAILURE: "INDETERMINATE",
  /** Revocation status could not be established (no data, stale data, responder unreachable). */
  TRY_LATER: "INDETERMINATE",
} as const satisfies Record<string, Indication>;

export type SubIndication = keyof typeof SUB_INDICATIONS;

export type CertificateValidation = {
  indication: Indication;
  subIndication?: SubIndication;
  /** The time the certificate was validated for (signing time, timestamp time, or now). */
  at: Date;
  /** DER, leaf first, trust anchor last; the partial path found when no chain reaches an anchor. */
  chain: Uint8Array[];
  /** The revocation data relied upon, for a PDF's DSS or a CAdES signature's revocation values. */
  revocationData: { crls: Uint8Array[]; ocspResponses: Uint8Array[] };
  /** The leaf's revocation status, when it was checked. */
  revocation?: {
    status: "good" | "revoked" | "unknown";
    source?: "ocsp" | "crl";
    revocationTime?: Date;
    reason?: RevocationReason;
  };
  messages: Bilingual[];
};

export const MESSAGES = {
  passed: {
    vi: "Chứng thư hợp lệ tại thời điểm kiểm tra",
    en: "The certificate is valid at the validation time",
  },
  format: { vi: "Không đọc được chứng thư", en: "The certificate cannot be read" },
  noChain: {
    vi: "Không tìm được chuỗi chứng thư tới tổ chức tin cậy",
    en: "No certificate chain to a trust anchor was found",
  },
  badSignature: {
    vi: "Chữ ký trên chứng thư không hợp lệ",
    en: "A certificate signature in the path is invalid",
  },
  expired: {
    vi: "Chứng thư đã hết hạn tại thời điểm kiểm tra",
    en: "The certificate had expired at the validation time",
  },
  notYetValid: {
    vi: "Chứng thư chưa có hiệu lực tại thời điểm kiểm tra",
    en: "The certificate was not yet valid at the validation time",
  },
  notCa: {
    vi: "Chứng thư của tổ chức cấp không phải CA",
    en: "An issuer certificate is not a CA certificate",
  },
  noKeyCertSign: {
    vi: "Khóa của CA không được phép ký chứng thư",
    en: "A CA key is not allowed to sign certificates",
  },
  pathLength: {
    vi: "Vượt quá độ dài chuỗi cho phép",
    en: "The path length constraint is exceeded",
  },
  criticalExtension: {
    vi: "Có phần mở rộng quan trọng không xử lý được",
    en: "An unsupported critical extension is present",
  },
  purpose: {
    vi: "Chứng thư không dùng được cho mục đích này",
    en: "The certificate may not be used for this purpose",
  },
  revoked: { vi: "Chứng thư đã bị thu hồi", en: "The certificate has been revoked" },
  caRevoked: {
    vi: "Chứng thư CA trong chuỗi đã bị thu hồi",
    en: "A CA certificate in the path has been revoked",
  },
  revocationUnknown: {
    vi: "Không xác định được tình trạng thu hồi",
    en: "The revocation status could not be determined",
  },
  revocationNotChecked: {
    vi: "Không kiểm tra tình trạng thu hồi",
    en: "Revocation status was not checked",
  },
} satisfies Record<string, Bilingual>;
