import { parse as parseYaml } from "yaml";
import { AppError } from "../../../core/errors.ts";

/** Largest service description (OpenAPI or WSDL) the catalogue fetches or keeps. */
export const MAX_DESCRIPTION_BYTES = 2 * 1024 * 1024;
/** How long fetching a description from the provider may take. */
export const FETCH_TIMEOUT_MS = 10_000;

const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

function invalid(path: string, vi: string, en: string): AppError {
  return new AppError("unprocessable", {
    detail: { vi, en },
    errors: [{ path, message: en }],
  });
}

/**
 * Reads an OpenAPI description given as a JSON object, or as JSON or YAML text, and checks that it
 * is OpenAPI 3.x: `openapi: "3.x.y"`, an `info` object and a `paths` object. Swagger 2.0 is
 * refused, since the gateway's endpoint matching reads OpenAPI 3 path templates.
 */
export function parseOpenApi(source: unknown, path = "body.openapi"): Record<string, unknown> {
  let document = source;
  if (typeof source === "string") {
    try {
      document = parseYaml(source, { maxAliasCount: 100 });
    } catch {
      throw invalid(
        path,
        "Mô tả OpenAPI không đọc được: không phải JSON hoặc YAML hợp lệ.",
        "The OpenAPI description is neither valid JSON nor valid YAML.",
      );
    }
  }
  if (!isObject(document))
    throw invalid(
      path,
      "Mô tả OpenAPI phải là một đối tượng.",
      "The OpenAPI description must be an object.",
    );
  if (typeof document.openapi !== "string" || !/^3\.\d+(\.\d+)?$/.test(document.openapi))
    throw invalid(
      path,
      'Mô tả OpenAPI phải có trường "openapi" phiên bản 3.x (Swagger 2.0 không được hỗ trợ).',
      'The OpenAPI description must declare "openapi" version 3.x (Swagger 2.0 is not supported).',
    );
  if (!isObject(document.info))
    throw invalid(
      path,
      'Mô tả OpenAPI thiếu đối tượng "info".',
      'The OpenAPI description has no "info" object.',
    );
  if (!isObject(document.paths))
    throw invalid(
      path,
      'Mô tả OpenAPI thiếu đối tượng "paths".',
      'The OpenAPI description has no "paths" object.',
    );
  for (const template of Object.keys(document.paths)) {
    if (!template.startsWith("/"))
      throw invalid(
        path,
        `Đường dẫn "${template}" trong mô tả OpenAPI phải bắt đầu bằng "/".`,
        `The path "${template}" in the OpenAPI description must start with "/".`,
      );
  }
  return document;
}

/**
 * The operations of an OpenAPI description as rights name them: `GET /citizens/{id}`, ordered by
 * path then method (PostgreSQL's jsonb does not keep the author's key order, so none is kept).
 */
export function openApiOperations(document: Record<string, unknown>): string[] {
  const operations: string[] = [];
  const paths = Object.entries(document.paths as Record<string, unknown>).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  for (const [template, item] of paths) {
    if (!isObject(item)) continue;
    for (const method of HTTP_METHODS)
      if (isObject(item[method])) operations.push(`${method.toUpperCase()} ${template}`);
  }
  return operations;
}

/**
 * Checks that a text is a WSDL 1.1 document (root `definitions` in the WSDL namespace) and lists
 * its operations. SOAP 1.1 services are passed through as they are, so the catalogue only needs
 * the operation names to show; it does not validate the whole schema.
 */
export function parseWsdl(text: string, path = "body.wsdl"): { operations: string[] } {
  const root = /<(?:([A-Za-z_][\w.-]*):)?definitions[\s>]/.exec(text);
  const namespace = /xmlns(?::[\w.-]+)?\s*=\s*["']http:\/\/schemas\.xmlsoap\.org\/wsdl\/["']/;
  if (!root || !namespace.test(text))
    throw invalid(
      path,
      "Mô tả WSDL không hợp lệ: thiếu phần tử gốc definitions thuộc không gian tên WSDL 1.1.",
      "The WSDL is not valid: it has no definitions root in the WSDL 1.1 namespace.",
    );
  const portTypes = [
    ...text.matchAll(/<(?:[\w.-]+:)?portType[\s>][\s\S]*?<\/(?:[\w.-]+:)?portType>/g),
  ];
  const names = new Set<string>();
  for (const [portType] of portTypes)
    for (const match of portType.matchAll(
      /<(?:[\w.-]+:)?operation\s[^>]*?name\s*=\s*["']([^"']+)["']/g,
    ))
      names.add(match[1]!);
  return { operations: [...names] };
}

/**
 * Fetches a description from the provider: `http:` or `https:` only, at most
 * `MAX_DESCRIPTION_BYTES`, within `FETCH_TIMEOUT_MS`. Failures are the caller's problem to fix
 * (wrong address, server down), so they are 422 with a sentence saying what went wrong.
 */
export async function fetchDescription(
  url: string,
  path: string,
  timeoutMs = FETCH_TIMEOUT_MS,
): Promise<string> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid(path, "Địa chỉ tải mô tả không hợp lệ.", "The description URL is not valid.");
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:")
    throw invalid(
      path,
      "Chỉ tải mô tả qua http:// hoặc https://.",
      "Descriptions are fetched over http:// or https:// only.",
    );
  if (parsed.username || parsed.password)
    throw invalid(
      path,
      "Địa chỉ tải mô tả không được chứa tên đăng nhập hoặc mật khẩu.",
      "The description URL must not carry a username or password.",
    );
  const signal = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await fetch(parsed, { signal, redirect: "follow", headers: { accept: "*/*" } });
  } catch (error) {
    const timedOut = (error as Error).name === "TimeoutError";
    throw timedOut
      ? invalid(
          path,
          `Không tải được mô tả từ ${parsed.origin}: quá ${timeoutMs / 1000} giây không có trả lời.`,
          `Could not fetch the description from ${parsed.origin}: no answer within ${timeoutMs / 1000} s.`,
        )
      : invalid(
          path,
          `Không kết nối được tới ${parsed.origin} để tải mô tả.`,
          `Could not connect to ${parsed.origin} to fetch the description.`,
        );
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw invalid(
      path,
      `Máy chủ ${parsed.origin} trả lời mã ${response.status} khi tải mô tả.`,
      `${parsed.origin} answered ${response.status} to the description request.`,
    );
  }
  return readBounded(response, signal, parsed.origin, path, timeoutMs);
}

async function readBounded(
  response: Response,
  signal: AbortSignal,
  origin: string,
  path: string,
  timeoutMs: number,
) {
  const tooLarge = () =>
    invalid(
      path,
      `Mô tả tải từ ${origin} vượt quá ${MAX_DESCRIPTION_BYTES / 1024 / 1024} MB.`,
      `The description from ${origin} is larger than ${MAX_DESCRIPTION_BYTES / 1024 / 1024} MB.`,
    );
  if (Number(response.headers.get("content-length")) > MAX_DESCRIPTION_BYTES) {
    await response.body?.cancel();
    throw tooLarge();
  }
  const chunks: Uint8Array[] = [];
  let length = 0;
  const reader = response.body!.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      length += value.byteLength;
      if (length > MAX_DESCRIPTION_BYTES) {
        await reader.cancel();
        throw tooLarge();
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw invalid(
      path,
      signal.aborted
        ? `Tải mô tả từ ${origin} quá ${timeoutMs / 1000} giây.`
        : `Kết nối tới ${origin} bị ngắt khi đang tải mô tả.`,
      signal.aborted
        ? `Fetching the description from ${origin} took longer than ${timeoutMs / 1000} s.`
        : `The connection to ${origin} broke while fetching the description.`,
    );
  }
  return Buffer.concat(chunks, length).toString("utf8");
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
