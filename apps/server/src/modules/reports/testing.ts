import assert from "node:assert/strict";
import type { Platform } from "../../platform.ts";
import type { RegimeInput } from "./schema.ts";
import type { Category } from "./template.ts";

/** The sex disaggregation every test template uses (options `nam`, `nu`). */
export const SEX: Category = {
  code: "GIOI_TINH",
  name: "Giới tính",
  options: [
    { code: "nam", name: "Nam" },
    { code: "nu", name: "Nữ" },
  ],
};

type Method = "GET" | "POST" | "PATCH" | "PUT";

/**
 * Calls under `/api/v1/reports` on a platform made later (in `before`): `call` answers the raw
 * response, `ok` checks its status (the body is shown when it differs) and answers the JSON.
 */
export function reportsApi(platform: () => Platform) {
  const call = (
    method: Method,
    url: string,
    headers?: { authorization: string },
    payload?: object,
  ) =>
    platform().app.inject({
      method,
      url: `/api/v1/reports${url}`,
      ...(headers && { headers }),
      ...(payload && { payload }),
    });
  const ok = async <T>(response: ReturnType<typeof call>, status = 200): Promise<T> => {
    const r = await response;
    assert.equal(r.statusCode, status, r.body);
    return r.json<T>();
  };
  return { call, ok };
}

/** A quarterly regime (Decree 09 windows, due on the 20th) of these units, with a fresh code. */
export function quarterlyRegimeInput(
  units: { id: string }[],
  receivingOrganizationId: string,
  overrides: Partial<RegimeInput> = {},
): RegimeInput {
  return {
    code: `BC-${Math.random().toString(36).slice(2, 8).toUpperCase()}`,
    name: "Báo cáo số lượng công chức",
    legalBasis: "Thông tư 18/2025/TT-BNV",
    kind: "periodic",
    frequency: "quarterly",
    windowRule: "decree09",
    deadlineRule: { kind: "day_of_month", day: 20, monthsAfterEnd: 0 },
    reportingRule: { kind: "organizations", organizationIds: units.map((u) => u.id) },
    receivingOrganizationId,
    effectiveFrom: "2026-01-01",
    ...overrides,
  };
}
