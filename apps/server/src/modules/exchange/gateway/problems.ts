import type { IncomingMessage, ServerResponse } from "node:http";
import { AppError } from "../../../core/errors.ts";
import { problemBody } from "../../../core/http/problem.ts";
import { pickLanguage } from "../../../core/i18n.ts";
import type { ServiceTarget } from "../types.ts";

/** `000.00.00.G09/qlvb`: the provider system, as consumers name it in the gateway path. */
function provider(target: ServiceTarget) {
  return `${target.providerOrgCode}/${target.providerSystemCode}`;
}

function service(target: ServiceTarget) {
  return `${target.serviceCode}/${target.version}`;
}

/** The gateway's refusals and failures, each with a sentence that says what is wrong. */
export const gatewayProblems = {
  unsafePath: () =>
    new AppError("validation_failed", {
      detail: {
        vi: "Đường dẫn gọi dịch vụ không hợp lệ: không được chứa đoạn '.' hoặc '..', '//', dấu '\\', ký tự điều khiển hay các ký tự mã hóa %2e, %2f, %5c.",
        en: "The service path is not valid: it may not contain '.' or '..' segments, '//', '\\', control characters or the encoded characters %2e, %2f, %5c.",
      },
    }),
  methodNotAllowed: (method: string) =>
    new AppError("validation_failed", {
      detail: {
        vi: `Cổng LGSP không chuyển tiếp phương thức ${method}.`,
        en: `The LGSP gateway does not forward ${method} requests.`,
      },
    }),
  requestTooLarge: (target: ServiceTarget) =>
    new AppError("payload_too_large", {
      detail: {
        vi: `Nội dung yêu cầu vượt quá giới hạn ${target.maxRequestBytes} byte của dịch vụ ${service(target)}.`,
        en: `The request body exceeds the ${target.maxRequestBytes}-byte limit of service ${service(target)}.`,
      },
    }),
  responseTooLarge: (target: ServiceTarget) =>
    new AppError("bad_gateway", {
      detail: {
        vi: `Hệ thống ${provider(target)} trả về dữ liệu vượt quá giới hạn ${target.maxResponseBytes} byte của dịch vụ ${service(target)}.`,
        en: `Provider ${provider(target)} answered with more than the ${target.maxResponseBytes}-byte limit of service ${service(target)}.`,
      },
    }),
  unreachable: (target: ServiceTarget) =>
    new AppError("bad_gateway", {
      detail: {
        vi: `Không kết nối được tới hệ thống cung cấp ${provider(target)} (dịch vụ ${service(target)}), hoặc hệ thống ngắt kết nối giữa chừng.`,
        en: `Provider ${provider(target)} (service ${service(target)}) could not be reached, or broke off the connection.`,
      },
    }),
  headersTimeout: (target: ServiceTarget) =>
    new AppError("gateway_timeout", {
      detail: {
        vi: `Hệ thống ${provider(target)} không trả lời dịch vụ ${service(target)} trong ${target.timeoutMs} ms.`,
        en: `Provider ${provider(target)} did not answer service ${service(target)} within ${target.timeoutMs} ms.`,
      },
    }),
  bodyIdle: (target: ServiceTarget, idleMs: number) =>
    new AppError("gateway_timeout", {
      detail: {
        vi: `Hệ thống ${provider(target)} ngừng gửi dữ liệu quá ${idleMs} ms giữa chừng.`,
        en: `Provider ${provider(target)} stopped sending its answer for more than ${idleMs} ms.`,
      },
    }),
  circuitOpen: (target: ServiceTarget, retryAfterSeconds: number) =>
    new AppError("service_unavailable", {
      detail: {
        vi: `Hệ thống cung cấp ${provider(target)} đang gặp sự cố, cổng LGSP tạm ngừng chuyển tiếp lời gọi tới dịch vụ ${service(target)}. Vui lòng thử lại sau ${retryAfterSeconds} giây.`,
        en: `Provider ${provider(target)} is down; the LGSP gateway has stopped forwarding calls to service ${service(target)} for now. Retry in ${retryAfterSeconds} s.`,
      },
      extra: { retryAfter: retryAfterSeconds },
    }),
  rateLimited: (target: ServiceTarget, perMinute: number, retryAfterSeconds: number) =>
    new AppError("rate_limited", {
      detail: {
        vi: `Hệ thống của bạn đã vượt giới hạn ${perMinute} lời gọi mỗi phút tới dịch vụ ${service(target)} của ${provider(target)}. Vui lòng thử lại sau ${retryAfterSeconds} giây.`,
        en: `Your system has exceeded its limit of ${perMinute} calls per minute to service ${service(target)} of ${provider(target)}. Retry in ${retryAfterSeconds} s.`,
      },
      extra: { retryAfter: retryAfterSeconds },
    }),
  quotaExceeded: (target: ServiceTarget, perDay: number, retryAfterSeconds: number) =>
    new AppError("quota_exceeded", {
      detail: {
        vi: `Hệ thống của bạn đã dùng hết hạn mức ${perDay} lời gọi trong ngày tới dịch vụ ${service(target)} của ${provider(target)}; hạn mức được làm mới lúc 0 giờ (giờ Việt Nam).`,
        en: `Your system has used up its quota of ${perDay} calls a day to service ${service(target)} of ${provider(target)}; the quota renews at midnight, Vietnam time.`,
      },
      extra: { retryAfter: retryAfterSeconds },
    }),
};

/** Whether the request announces a body (RFC 9112 §6.3: a length or a transfer coding). */
export function hasBody(req: IncomingMessage): boolean {
  const length = req.headers["content-length"];
  return req.headers["transfer-encoding"] !== undefined || (length !== undefined && length !== "0");
}

/**
 * Answers a gateway refusal or failure as problem details, in the consumer's language. Returns
 * the body sent, for the evidence log's byte count and digest.
 */
export function sendGatewayProblem(
  req: IncomingMessage,
  res: ServerResponse,
  error: AppError,
  requestId: string,
): Buffer {
  const language = pickLanguage(req.headers["accept-language"]);
  const instance = req.url!.split("?", 1)[0]!;
  const body = Buffer.from(JSON.stringify(problemBody(error, { language, instance, requestId })));
  const retryAfter = error.extra?.retryAfter;
  res.writeHead(error.status, {
    "content-type": "application/problem+json",
    "content-length": body.length,
    ...(typeof retryAfter === "number" ? { "retry-after": String(retryAfter) } : {}),
    // A body left unread (refused, or over the limit) must not be taken for the next request.
    ...(req.complete || !hasBody(req) ? {} : { connection: "close" }),
  });
  res.end(body);
  return body;
}
