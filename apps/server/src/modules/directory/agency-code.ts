import { AppError } from "../../core/errors.ts";

/**
 * Electronic agency identifier (mã định danh điện tử, QĐ 20/2020/QĐ-TTg as amended by
 * QĐ 09/2025/QĐ-TTg): `AAA.BB.CC.Lnn`, read right to left — level-1 unit (`G` ministry, `H`
 * province, other letters other bodies), then levels 2, 3 and 4, zeros where a level is absent.
 */
export const AGENCY_CODE = /^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$/;

export function assertAgencyCode(code: string, path = "body.code"): void {
  if (AGENCY_CODE.test(code)) return;
  throw new AppError("unprocessable", {
    detail: agencyCodeMessage(code),
    errors: [{ path, message: "expected AAA.BB.CC.Lnn, e.g. 000.00.00.G09" }],
  });
}

export function agencyCodeMessage(code: string) {
  return {
    vi: `Mã định danh "${code}" không đúng dạng AAA.BB.CC.Lnn (ví dụ 000.00.00.G09) theo Quyết định 20/2020/QĐ-TTg.`,
    en: `Agency code "${code}" does not have the form AAA.BB.CC.Lnn (e.g. 000.00.00.G09) required by Decision 20/2020/QĐ-TTg.`,
  };
}
