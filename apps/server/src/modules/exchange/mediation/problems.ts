import { AppError } from "../../../core/errors.ts";
import type { ServiceTarget } from "../types.ts";

function provider(target: ServiceTarget) {
  return `${target.providerOrgCode}/${target.providerSystemCode}`;
}

function service(target: ServiceTarget) {
  return `${target.serviceCode}/${target.version}`;
}

/** Refusals and failures of JSON ↔ XML mediation, each with a sentence that says what is wrong. */
export const mediationProblems = {
  requestTooLarge: (target: ServiceTarget, limit: number) =>
    new AppError("payload_too_large", {
      detail: {
        vi: `Nội dung JSON cần chuyển sang XML vượt quá giới hạn ${limit} byte của dịch vụ ${service(target)}.`,
        en: `The JSON body to convert to XML exceeds the ${limit}-byte limit of service ${service(target)}.`,
      },
    }),
  requestNotPlainUtf8: () =>
    new AppError("unsupported_media_type", {
      detail: {
        vi: "Nội dung JSON gửi tới dịch vụ cần chuyển đổi sang XML phải là UTF-8 và không nén (không có Content-Encoding).",
        en: "A JSON body sent to a service converted to XML must be UTF-8 and uncompressed (no Content-Encoding).",
      },
    }),
  malformedJson: (reason: string) =>
    new AppError("malformed_json", {
      detail: {
        vi: "Nội dung yêu cầu khai báo là JSON nhưng không đọc được; cổng LGSP không chuyển tiếp yêu cầu này.",
        en: "The request body is declared as JSON but cannot be read; the LGSP gateway did not forward it.",
      },
      errors: [{ path: "body", message: reason }],
    }),
  noXmlForm: (reason: string) =>
    new AppError("validation_failed", {
      detail: {
        vi: "Dữ liệu JSON không chuyển được sang XML (ví dụ: tài liệu là một mảng, hoặc mảng nằm trực tiếp trong mảng); cổng LGSP không chuyển tiếp yêu cầu này.",
        en: "The JSON cannot be converted to XML (e.g. the document is an array, or an array sits directly in an array); the LGSP gateway did not forward it.",
      },
      errors: [{ path: "body", message: reason }],
    }),
  compressedXml: (target: ServiceTarget) =>
    new AppError("bad_gateway", {
      detail: {
        vi: `Hệ thống ${provider(target)} trả về XML đã nén dù cổng LGSP yêu cầu không nén; không chuyển được sang JSON (dịch vụ ${service(target)}).`,
        en: `Provider ${provider(target)} answered with compressed XML although the LGSP gateway asked for none; it cannot be converted to JSON (service ${service(target)}).`,
      },
    }),
  responseTooLarge: (target: ServiceTarget, limit: number) =>
    new AppError("bad_gateway", {
      detail: {
        vi: `Hệ thống ${provider(target)} trả về XML vượt quá giới hạn ${limit} byte để chuyển sang JSON (dịch vụ ${service(target)}).`,
        en: `Provider ${provider(target)} answered with more XML than the ${limit}-byte limit for conversion to JSON (service ${service(target)}).`,
      },
    }),
  badXml: (target: ServiceTarget, reason: string) =>
    new AppError("bad_gateway", {
      detail: {
        vi: `Hệ thống ${provider(target)} trả về XML không hợp lệ, cổng LGSP không chuyển được sang JSON (dịch vụ ${service(target)}).`,
        en: `Provider ${provider(target)} answered with XML that is not valid; the LGSP gateway could not convert it to JSON (service ${service(target)}).`,
      },
      errors: [{ path: "response.body", message: reason }],
    }),
};
