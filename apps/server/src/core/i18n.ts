import type { Bilingual, ErrorCode } from "./errors.ts";

export type Language = "vi" | "en";

/** Problem titles per error code; Vietnamese is the source language. */
const ERROR_TITLES: Record<ErrorCode, Record<Language, string>> = {
  validation_failed: { vi: "Dữ liệu gửi lên không hợp lệ", en: "The request is not valid" },
  malformed_json: { vi: "Nội dung JSON bị lỗi cú pháp", en: "The JSON body is malformed" },
  unauthenticated: { vi: "Bạn cần đăng nhập", en: "Authentication required" },
  invalid_credentials: {
    vi: "Tên đăng nhập hoặc mật khẩu không đúng",
    en: "Wrong username or password",
  },
  invalid_second_factor: {
    vi: "Mã xác thực không đúng hoặc đã được dùng",
    en: "Wrong or already used verification code",
  },
  forbidden: { vi: "Bạn không có quyền thực hiện thao tác này", en: "You may not do this" },
  csrf_failed: {
    vi: "Phiên làm việc không hợp lệ, vui lòng tải lại trang",
    en: "Invalid CSRF token, please reload the page",
  },
  account_locked: { vi: "Tài khoản đang bị khóa", en: "The account is locked" },
  not_found: { vi: "Không tìm thấy", en: "Not found" },
  conflict: { vi: "Dữ liệu bị trùng hoặc xung đột", en: "Conflict with existing data" },
  quota_exceeded: {
    vi: "Hệ thống đã dùng hết hạn mức gọi dịch vụ",
    en: "The call quota for this service is used up",
  },
  access_not_granted: {
    vi: "Hệ thống chưa được cấp quyền truy cập dịch vụ này",
    en: "The system has no access right to this service",
  },
  access_expired: {
    vi: "Quyền truy cập dịch vụ đã hết hạn hoặc bị thu hồi",
    en: "The access right to this service has expired or was revoked",
  },
  bad_gateway: {
    vi: "Hệ thống cung cấp dịch vụ trả lời lỗi hoặc không kết nối được",
    en: "The provider answered badly or could not be reached",
  },
  gateway_timeout: {
    vi: "Hệ thống cung cấp dịch vụ không trả lời kịp thời",
    en: "The provider did not answer in time",
  },
  payload_too_large: { vi: "Dữ liệu gửi lên quá lớn", en: "The request body is too large" },
  unsupported_media_type: {
    vi: "Kiểu nội dung không được hỗ trợ",
    en: "Unsupported content type",
  },
  unprocessable: { vi: "Dữ liệu không đáp ứng quy tắc nghiệp vụ", en: "The data breaks a rule" },
  rate_limited: { vi: "Quá nhiều yêu cầu, vui lòng thử lại sau", en: "Too many requests" },
  internal: { vi: "Lỗi hệ thống", en: "Internal error" },
  service_unavailable: { vi: "Dịch vụ tạm thời không sẵn sàng", en: "Service unavailable" },
};

export function errorTitle(code: ErrorCode, language: Language): string {
  return ERROR_TITLES[code][language];
}

/** Picks Vietnamese unless the client clearly prefers English (`Accept-Language: en...` or `?lang=en`). */
export function pickLanguage(acceptLanguage: string | undefined): Language {
  if (!acceptLanguage) return "vi";
  const first = acceptLanguage.split(",")[0]?.trim().toLowerCase() ?? "";
  return first.startsWith("en") ? "en" : "vi";
}

export function say(message: Bilingual, language: Language): string {
  return message[language];
}
