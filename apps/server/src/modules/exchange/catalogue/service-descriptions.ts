import { AppError } from "../../../core/errors.ts";
import {
  fetchDescription,
  MAX_DESCRIPTION_BYTES,
  openApiOperations,
  parseOpenApi,
  parseWsdl,
} from "./descriptions.ts";
import type { ServiceDetail } from "./schema.ts";
import { toService, type ServiceRow } from "./services-repo.ts";

export type DescriptionInput = {
  openapi?: string | object | undefined;
  openapiUrl?: string | undefined;
  wsdl?: string | undefined;
  wsdlUrl?: string | undefined;
};

export type ResolvedDescription = {
  openapi?: Record<string, unknown>;
  openapiSourceUrl?: string | null;
  wsdl?: string;
  wsdlSourceUrl?: string | null;
};

function refuse(path: string, vi: string, en: string): never {
  throw new AppError("unprocessable", { detail: { vi, en }, errors: [{ path, message: en }] });
}

/**
 * Reads the description a registration or change brings: OpenAPI 3 for REST (uploaded or
 * fetched), WSDL for SOAP 1.1 (uploaded or fetched). Returns only what changes. A SOAP service
 * needs its WSDL from the start; a REST service may be registered before its description exists.
 */
export async function resolveDescription(
  kind: "rest" | "soap",
  input: DescriptionInput,
  options: { required?: boolean } = {},
): Promise<ResolvedDescription> {
  if (kind === "rest") {
    if (input.wsdl !== undefined || input.wsdlUrl !== undefined)
      refuse(
        "body.wsdl",
        "Dịch vụ REST được mô tả bằng OpenAPI, không phải WSDL.",
        "A REST service is described with OpenAPI, not WSDL.",
      );
    if (input.openapi !== undefined && input.openapiUrl !== undefined)
      refuse(
        "body.openapiUrl",
        "Chỉ gửi mô tả OpenAPI hoặc địa chỉ tải mô tả, không gửi cả hai.",
        "Send either the OpenAPI description or its URL, not both.",
      );
    if (input.openapiUrl !== undefined) {
      const text = await fetchDescription(input.openapiUrl, "body.openapiUrl");
      return { openapi: parseOpenApi(text, "body.openapiUrl"), openapiSourceUrl: input.openapiUrl };
    }
    if (input.openapi !== undefined) {
      const document = parseOpenApi(input.openapi);
      if (Buffer.byteLength(JSON.stringify(document)) > MAX_DESCRIPTION_BYTES)
        refuse("body.openapi", "Mô tả OpenAPI quá lớn.", "The OpenAPI description is too large.");
      return { openapi: document, openapiSourceUrl: null };
    }
    return {};
  }
  if (input.openapi !== undefined || input.openapiUrl !== undefined)
    refuse(
      "body.openapi",
      "Dịch vụ SOAP 1.1 được mô tả bằng WSDL, không phải OpenAPI.",
      "A SOAP 1.1 service is described with WSDL, not OpenAPI.",
    );
  if (input.wsdl !== undefined && input.wsdlUrl !== undefined)
    refuse(
      "body.wsdlUrl",
      "Chỉ gửi WSDL hoặc địa chỉ tải WSDL, không gửi cả hai.",
      "Send either the WSDL or its URL, not both.",
    );
  if (input.wsdlUrl !== undefined) {
    const text = await fetchDescription(input.wsdlUrl, "body.wsdlUrl");
    parseWsdl(text, "body.wsdlUrl");
    return { wsdl: text, wsdlSourceUrl: input.wsdlUrl };
  }
  if (input.wsdl !== undefined) {
    parseWsdl(input.wsdl);
    return { wsdl: input.wsdl, wsdlSourceUrl: null };
  }
  if (options.required)
    refuse(
      "body.wsdl",
      "Dịch vụ SOAP 1.1 cần có WSDL (gửi nội dung hoặc địa chỉ tải).",
      "A SOAP 1.1 service needs its WSDL (as text or as a URL).",
    );
  return {};
}

/** A service with its description and the operations read from it. */
export function describeService(row: ServiceRow): ServiceDetail {
  const openapi = (row.openapi ?? null) as Record<string, unknown> | null;
  const operations =
    row.kind === "rest"
      ? openapi
        ? openApiOperations(openapi)
        : []
      : row.wsdl
        ? parseWsdl(row.wsdl).operations
        : [];
  return { ...toService(row), openapi, wsdl: row.wsdl, operations };
}
