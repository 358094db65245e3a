import { AppError } from "../../../core/errors.ts";
import type { ServiceMediation } from "../types.ts";
import type { MediationInput } from "./schema.ts";

/** Root element of converted requests unless the provider names its own (as WSO2 and Synapse). */
export const DEFAULT_XML_ROOT = "jsonObject";

/**
 * The mediation a provider asked for, as stored: `json-xml` with its root element (default
 * `jsonObject`), or `none`. Refused with 422 when it cannot apply: a SOAP service's envelope is
 * passed through untouched, and a root element means nothing without conversion.
 */
export function mediationSetting(
  kind: "rest" | "soap",
  input: MediationInput | undefined,
): ServiceMediation {
  if (!input || input.mode === "none") {
    if (input?.xmlRoot !== undefined)
      throw new AppError("unprocessable", {
        detail: {
          vi: "Chỉ khai báo tên phần tử gốc XML khi dịch vụ chuyển đổi JSON↔XML (json-xml).",
          en: "An XML root element is only set when the service converts JSON↔XML (json-xml).",
        },
        errors: [{ path: "body.mediation.xmlRoot", message: "only with json-xml" }],
      });
    return { mode: "none", xmlRoot: null };
  }
  if (kind === "soap")
    throw new AppError("unprocessable", {
      detail: {
        vi: "Dịch vụ SOAP được chuyển tiếp nguyên vẹn; chuyển đổi JSON↔XML chỉ áp dụng cho dịch vụ REST.",
        en: "SOAP services are passed through untouched; JSON↔XML conversion applies to REST services only.",
      },
      errors: [{ path: "body.mediation.mode", message: "REST services only" }],
    });
  return { mode: "json-xml", xmlRoot: input.xmlRoot ?? DEFAULT_XML_ROOT };
}
