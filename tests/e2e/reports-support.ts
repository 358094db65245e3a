// What the reporting end-to-end tests share: the demo seed's regime, and Hà Nội's 2026S2 report
// filled in completely over the API, as its reporting officer would before submitting it.
import assert from "node:assert/strict";
import type { Locator, Page } from "playwright-core";
import { signInOverHttp } from "../../apps/server/src/core/testing/processes.ts";
import {
  ADMIN_PASSWORD,
  newPage,
  submitPassword,
  waitForSignInPage,
  type Platform,
} from "./support.ts";

export const REGIME = "BNV-TK-CCVC-6T";
export const REGIME_NAME = "Báo cáo thống kê số lượng, chất lượng công chức (6 tháng)";
export const HANOI_OFFICER = "baocao.hanoi";

/**
 * An antd button by its text, once its loading spinner has gone: the spinner joins the button's
 * accessible name while it fades out, so the name is not the text alone for a moment after a click.
 */
export const button = (scope: Page | Locator, text: string) =>
  scope.locator("button:not(.ant-btn-loading)", { hasText: new RegExp(`^${text}$`) });

/**
 * A new page signed in as `username` (the demo password) at `path`, once the sign-in has brought
 * it back there — and, when `heading` is given, once that page heading shows.
 */
export async function signedIn(
  platform: Platform,
  username: string,
  path: string,
  heading?: string,
): Promise<Page> {
  const page = await newPage(platform.browser);
  await page.goto(`${platform.url}${path}`);
  await waitForSignInPage(page);
  await submitPassword(page, username, ADMIN_PASSWORD);
  await page.waitForURL(`${platform.url}${path}`);
  if (heading) await page.getByRole("heading", { level: 1, name: heading, exact: true }).waitFor();
  return page;
}

/** What the first submission signature file (.jws) linked on the page signs, read in its session. */
export async function signedPayloadOn<T>(page: Page): Promise<T> {
  const link = page.getByRole("link", { name: "Tải tệp chữ ký (.jws)" }).first();
  const file = await page.request.get(new URL((await link.getAttribute("href"))!, page.url()).href);
  assert.equal(file.status(), 200);
  const [, body] = (await file.text()).split(".");
  return JSON.parse(Buffer.from(body!, "base64url").toString()) as T;
}

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
