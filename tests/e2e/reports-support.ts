// What the reporting end-to-end tests share: the demo seed's regime, and Hà Nội's 2026S2 report
// filled in completely over the API, as its reporting officer would before submitting it.
import assert from "node:assert/strict";
import { signInOverHttp } from "../../apps/server/src/core/testing/processes.ts";
import { ADMIN_PASSWORD } from "./support.ts";

export const REGIME = "BNV-TK-CCVC-6T";
export const REGIME_NAME = "Báo cáo thống kê số lượng, chất lượng công chức (6 tháng)";
export const HANOI_OFFICER = "baocao.hanoi";

/** A signed-in `fetch` of the API as `username`, failing on anything but 200. */
export async function apiAs(url: string, username: string) {
  const headers = await signInOverHttp(url, { username, password: ADMIN_PASSWORD });
  return async <T>(path: string, init: RequestInit = {}): Promise<T> => {
    const response = await fetch(`${url}/api/v1${path}`, { headers, ...init });
    const body = await response.text();
    assert.equal(response.status, 200, `${path}: ${body}`);
    return JSON.parse(body) as T;
  };
}

/** Hà Nội's 2026S2 report, every value and the narrative entered but not submitted. */
export async function fillHanoiReport(
  url: string,
): Promise<{ regimeId: string; reportId: string }> {
  const call = await apiAs(url, HANOI_OFFICER);
  const me = await call<{ user: { organization: { id: string } } }>("/identity/me");
  const { items } = await call<{ items: { id: string; code: string }[] }>(
    "/reports/regimes?status=active",
  );
  const regimeId = items.find((r) => r.code === REGIME)!.id;
  const report = await call<{ id: string }>("/reports/reports", {
    method: "POST",
    body: JSON.stringify({ regimeId, organizationId: me.user.organization.id, periodId: "2026S2" }),
  });
  const values = ["cvcc", "cvc", "cv", "cs"].flatMap((rank) =>
    ["nam", "nu"].flatMap((sex) =>
      ["duoi_30", "30_40", "41_50", "51_60", "tren_60"].map((age, i) => ({
        indicator: "CC",
        combination: `${rank}.${sex}.${age}`,
        value: 5 + i,
      })),
    ),
  );
  await call(`/reports/reports/${report.id}`, {
    method: "PATCH",
    body: JSON.stringify({
      values: [
        ...values,
        { indicator: "TUYEN_DUNG", value: 4 },
        { indicator: "NGHI_HUU", value: 2 },
      ],
      narrative: { TINH_HINH: "Sở đã rà soát số lượng công chức đến ngày chốt số liệu." },
    }),
  });
  return { regimeId, reportId: report.id };
}
