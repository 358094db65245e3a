// End to end in a real browser: a six-monthly report from the reporting unit to the ministry,
// through the web app of a real `lienthong start` with the demo seed (regime BNV-TK-CCVC-6T).
// Hà Nội's Department of Home Affairs' reporting officer opens the report of the period worked on
// today (see report-periods.ts) from "Báo cáo của tôi", is told why a negative count is refused,
// completes the cells the API left empty and the required narrative, and submits; the ministry's
// leader sees the unit submitted on the completeness page, opens the report, checks its signature
// and accepts it.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Page } from "playwright-core";
import { signInOverHttp } from "../../apps/server/src/core/testing/processes.ts";
import { ADMIN_PASSWORD, platformForFile, withDiagnostics } from "./support.ts";
import { button, signedIn, signedPayloadOn } from "./reports-support.ts";
import {
  periodWorkedOn,
  type RegimeRules,
  type ReportingPeriod,
  type Standing,
} from "./report-periods.ts";

const platform = platformForFile();

const REGIME = "BNV-TK-CCVC-6T";
const REGIME_NAME = "Báo cáo thống kê số lượng, chất lượng công chức (6 tháng)";
const UNIT_NAME = "Sở Nội vụ Thành phố Hà Nội";
/** The demo seed's reporting units: the Departments of Home Affairs of the 34 provinces. */
const PROVINCES = 34;
/** Demo accounts: Hà Nội's reporting officer and the ministry's leader. */
const OFFICER = "baocao.hanoi";
const REVIEWER = "lanhdao";
/** The cells left for the browser (indicator CC has 40; typing them all would be slow). */
const LEFT_FOR_BROWSER = [
  {
    combination: "cs.nu.51_60",
    label: "Số lượng công chức — Cán sự, nhân viên, Nữ, Từ 51 đến 60 tuổi",
  },
  {
    combination: "cs.nu.tren_60",
    label: "Số lượng công chức — Cán sự, nhân viên, Nữ, Trên 60 tuổi",
  },
];
const left = new Set(LEFT_FOR_BROWSER.map((cell) => cell.combination));

/**
 * Opens the officer's report of the period worked on today over the API and fills all but two
 * cells of CC.
 */
async function prefillReport(url: string): Promise<{ regimeId: string; period: ReportingPeriod }> {
  const headers = await signInOverHttp(url, { username: OFFICER, password: ADMIN_PASSWORD });
  const call = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${url}/api/v1${path}`, { headers, ...init });
    const body = await response.text();
    assert.equal(response.status, 200, `${path}: ${body}`);
    return JSON.parse(body) as Record<string, unknown>;
  };
  const me = (await call("/identity/me")) as { user: { organization: { id: string } } };
  const { items } = (await call("/reports/regimes?status=active")) as {
    items: (RegimeRules & { id: string; code: string })[];
  };
  const regime = items.find((r) => r.code === REGIME)!;
  const period = periodWorkedOn(regime);
  const report = await call("/reports/reports", {
    method: "POST",
    body: JSON.stringify({
      regimeId: regime.id,
      organizationId: me.user.organization.id,
      periodId: period.id,
    }),
  });
  const values = ["cvcc", "cvc", "cv", "cs"]
    .flatMap((rank) =>
      ["nam", "nu"].flatMap((sex) =>
        ["duoi_30", "30_40", "41_50", "51_60", "tren_60"].map((age) => `${rank}.${sex}.${age}`),
      ),
    )
    .filter((combination) => !left.has(combination))
    .map((combination, i) => ({ indicator: "CC", combination, value: 5 + (i % 7) }));
  await call(`/reports/reports/${String(report.id)}`, {
    method: "PATCH",
    body: JSON.stringify({
      values: [
        ...values,
        { indicator: "TUYEN_DUNG", value: 4 },
        { indicator: "NGHI_HUU", value: 2 },
      ],
    }),
  });
  return { regimeId: regime.id, period };
}

/**
 * How "Báo cáo của tôi" shows a report being entered: as a draft while the period's window runs,
 * then as where the period stands (modules/reports/schedule.ts).
 */
const DRAFT_SHOWN: Record<Standing, string> = {
  upcoming: "Đang nhập",
  open: "Đang trong hạn",
  late: "Quá hạn",
};

const heading = (page: Page, name: string) =>
  page.getByRole("heading", { level: 1, name, exact: true }).waitFor();

const statusShown = (page: Page, status: string) =>
  page
    .locator(".ant-tag", { hasText: new RegExp(`^${status}$`) })
    .first()
    .waitFor();

/** Types into a cell and leaves it, waiting for the autosave's answer. */
async function enter(page: Page, label: string, text: string): Promise<number> {
  const input = page.getByLabel(label, { exact: true });
  await input.fill(text);
  const saved = page.waitForResponse(
    (r) => r.request().method() === "PATCH" && r.url().includes("/api/v1/reports/reports/"),
  );
  await input.blur();
  return (await saved).status();
}

test("reports: a unit enters and submits its report; the ministry sees it submitted and accepts", async () => {
  const { regimeId, period } = await prefillReport(platform().url);

  const officer = await signedIn(platform(), OFFICER, "/reports/mine");
  await withDiagnostics(officer, async () => {
    await heading(officer, "Báo cáo của tôi");
    await officer.getByRole("heading", { name: "Nhắc nhở", exact: true }).waitFor();
    const row = officer.getByRole("row", { name: new RegExp(period.id) });
    await row.getByText(DRAFT_SHOWN[period.standing], { exact: true }).waitFor();
    await officer
      .getByRole("button", { name: `Nhập / Xem báo cáo ${REGIME} kỳ ${period.id}` })
      .click();
    await officer.waitForURL(/\/reports\/[0-9a-f-]{36}$/);
    await heading(officer, REGIME_NAME);

    // Submitting too early is refused with every missing part named.
    await button(officer, "Gửi báo cáo").click();
    const refusal = officer.getByRole("alert").filter({ hasText: "Báo cáo chưa gửi được" });
    await refusal.getByText('Chưa viết mục "Tình hình quản lý đội ngũ công chức"').waitFor();
    await refusal
      .getByText("Chưa nhập Số lượng công chức (2 ô trống, ví dụ cs.nu.51_60)", { exact: true })
      .waitFor();

    // Checked as it is typed, before anything is sent…
    const first = officer.getByLabel(LEFT_FOR_BROWSER[0]!.label, { exact: true });
    await first.fill("2,5");
    await officer.getByText("Giá trị 2,5 phải là số nguyên", { exact: true }).waitFor();
    await first.fill("hai");
    await officer.getByText('Giá trị "hai" không phải là số', { exact: true }).waitFor();
    // …and by the server when it is: nothing is saved.
    assert.equal(await enter(officer, LEFT_FOR_BROWSER[0]!.label, "-5"), 400);
    await officer.getByText("Giá trị -5 nhỏ hơn mức tối thiểu 0", { exact: true }).waitFor();
    await officer.getByText("Chưa lưu được", { exact: true }).waitFor();

    assert.equal(await enter(officer, LEFT_FOR_BROWSER[0]!.label, "6"), 200);
    await officer.getByText("Giá trị -5 nhỏ hơn mức tối thiểu 0").waitFor({ state: "detached" });
    assert.equal(await enter(officer, LEFT_FOR_BROWSER[1]!.label, "1"), 200);
    assert.equal(
      await enter(
        officer,
        "Tình hình quản lý đội ngũ công chức",
        "Sở đã rà soát số lượng công chức đến ngày chốt số liệu.",
      ),
      200,
    );
    await officer.getByText("Đã lưu", { exact: true }).waitFor();

    await button(officer, "Gửi báo cáo").click();
    await statusShown(officer, "Đã gửi");
  });

  const reviewer = await signedIn(platform(), REVIEWER, "/reports/completeness");
  await withDiagnostics(reviewer, async () => {
    await heading(reviewer, "Tổng hợp & tỷ lệ nộp");
    await reviewer.getByLabel("Chế độ báo cáo").click();
    await reviewer.getByTitle(`${REGIME} — ${REGIME_NAME}`, { exact: true }).click();
    await reviewer.waitForURL(new RegExp(`regime=${regimeId}`));
    // Every unit across the periods: Hà Nội sent this period's report, the first half accepted.
    const across = reviewer.getByRole("row", { name: new RegExp(UNIT_NAME) });
    await across.getByText("Đã gửi", { exact: true }).waitFor();
    await across.getByText("Đã tiếp nhận", { exact: true }).first().waitFor();
    // A period's header opens its detail.
    await reviewer.getByRole("button", { name: `Xem chi tiết kỳ ${period.id}` }).click();
    await reviewer.waitForURL(new RegExp(`period=${period.id}`));
    // Before the deadline nobody is late; after it (late in December), every unit but Hà Nội.
    const late = period.standing === "late" ? PROVINCES - 1 : 0;
    const remind = reviewer.getByRole("button", { name: `Nhắc tất cả đơn vị chậm nộp (${late})` });
    await remind.waitFor();
    assert.equal(await remind.isDisabled(), late === 0);
    const row = reviewer.getByRole("row", { name: new RegExp(UNIT_NAME) });
    await row.getByText("Đã gửi", { exact: true }).waitFor();
    await row.getByText("Đã nộp: 1/1", { exact: true }).waitFor();
    await row.getByRole("link", { name: `Xem báo cáo của ${UNIT_NAME}` }).click();
    await heading(reviewer, REGIME_NAME);
    await statusShown(reviewer, "Đã gửi");

    await button(reviewer, "Kiểm tra chữ ký").click();
    await reviewer.getByText("Chữ ký hợp lệ", { exact: false }).waitFor();
    // The certificate under the platform's CA, the data stored exactly as signed, and the
    // submission's signature file to keep: the JWS itself, of this report.
    await reviewer.getByText("Hợp lệ, chưa bị thu hồi", { exact: true }).waitFor();
    await reviewer.getByText("Đúng là số liệu đã ký", { exact: true }).waitFor();
    const signed = await signedPayloadOn<{ period: string }>(reviewer);
    assert.equal(signed.period, period.id);

    await button(reviewer, "Tiếp nhận").click();
    await statusShown(reviewer, "Đã tiếp nhận");
    await reviewer
      .getByRole("button", { name: "Tiếp nhận", exact: true })
      .waitFor({ state: "detached" });
  });
});
