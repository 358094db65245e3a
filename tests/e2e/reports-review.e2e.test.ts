// End to end in a real browser: the receiving side's review inbox and aggregate view, through the
// web app of a real `lienthong start` with the demo seed (regime BNV-TK-CCVC-6T, the first half of
// 2026 reported by the 34 provinces' Departments of Home Affairs and accepted). Hà Nội's reporting
// officer submits the 2026S2 report over the API; the ministry's leader finds it waiting in the
// inbox, on time or late by its deadline, and opens it, then looks at the 2026S1 aggregate by
// reporting unit: 34 rows, a total equal to the API's, a bar per unit, and export links carrying
// the same query.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Page } from "playwright-core";
import { platformForFile, withDiagnostics } from "./support.ts";
import {
  HANOI_OFFICER as OFFICER,
  REGIME,
  REGIME_NAME,
  apiAs,
  fillHanoiReport,
  signedIn,
} from "./reports-support.ts";
import { reportingPeriod, type RegimeRules, type ReportingPeriod } from "./report-periods.ts";

const platform = platformForFile();

const UNIT_NAME = "Sở Nội vụ Thành phố Hà Nội";
const REVIEWER = "lanhdao";

type Aggregate = {
  rows: { label: string }[];
  total: {
    cells: { indicator: string; option: string | null; value: number | null }[];
    completeness: { expected: number; submitted: number; onTime: number; accepted: number };
  };
};

/**
 * Hà Nội's 2026S2 report, complete and submitted over the API today; returns the regime's id and
 * the report's period, which stands `late` once its deadline has passed (after 25 December 2026).
 */
async function submitHanoiReport(
  url: string,
): Promise<{ regimeId: string; period: ReportingPeriod }> {
  const { regimeId, reportId } = await fillHanoiReport(url);
  const call = await apiAs(url, OFFICER);
  const { items } = await call<{ items: (RegimeRules & { id: string })[] }>(
    "/reports/regimes?status=active",
  );
  const report = await call<{ periodId: string }>(`/reports/reports/${reportId}/submit`, {
    method: "POST",
    body: "{}",
  });
  const regime = items.find((r) => r.id === regimeId)!;
  return { regimeId, period: reportingPeriod(regime, report.periodId) };
}

const heading = (page: Page, name: string) =>
  page.getByRole("heading", { level: 1, name, exact: true }).waitFor();

/** A figure as the page shows it in Vietnamese (`12.345,67`), back to a number. */
const parseVi = (text: string) => Number(text.trim().replace(/\./g, "").replace(",", "."));

test("reports: the ministry reviews from its inbox and reads the aggregate of the provinces", async () => {
  const { regimeId, period } = await submitHanoiReport(platform().url);

  const reviewer = await signedIn(platform(), REVIEWER, "/reports/inbox");
  await withDiagnostics(reviewer, async () => {
    await heading(reviewer, "Hộp tiếp nhận báo cáo");
    await reviewer.getByText("Chờ xem xét (1)", { exact: true }).waitFor();
    await reviewer.getByText("Đã tiếp nhận (34)", { exact: true }).waitFor();
    const row = reviewer.getByRole("row", { name: new RegExp(UNIT_NAME) });
    await row.getByText(period.id, { exact: true }).waitFor();
    await row.getByText("Đã gửi", { exact: true }).waitFor();
    const timeliness = period.standing === "late" ? "Nộp muộn" : "Đúng hạn";
    await row.getByText(timeliness, { exact: true }).waitFor();
    assert.equal(await reviewer.locator("tbody tr.ant-table-row").count(), 1);

    // The decided ones are a click away, filters kept in the address.
    await reviewer.getByText("Đã tiếp nhận (34)", { exact: true }).click();
    await reviewer.waitForURL(/status=accepted/);
    await reviewer.locator("tbody tr.ant-table-row").nth(33).waitFor();
    assert.equal(await reviewer.locator("tbody tr.ant-table-row").count(), 34);
    await reviewer.getByText("Chờ xem xét (1)", { exact: true }).click();

    await reviewer
      .getByRole("link", { name: `Mở báo cáo của ${UNIT_NAME} kỳ ${period.id}` })
      .click();
    await reviewer.waitForURL(/\/reports\/[0-9a-f-]{36}$/);
    await heading(reviewer, REGIME_NAME);
    await reviewer.getByRole("button", { name: "Tiếp nhận", exact: true }).waitFor();
  });

  const api = await apiAs(platform().url, REVIEWER);
  const expected = await api<Aggregate>(
    `/reports/regimes/${regimeId}/aggregate?period=2026S1&groupBy=unit&include=submitted`,
  );
  assert.equal(expected.rows.length, 34);

  await withDiagnostics(reviewer, async () => {
    await reviewer.goto(`${platform().url}/reports/aggregate`);
    await heading(reviewer, "Tổng hợp số liệu");
    await reviewer.getByLabel("Chế độ báo cáo").click();
    await reviewer.getByTitle(`${REGIME} — ${REGIME_NAME}`, { exact: true }).click();
    await reviewer.getByLabel("Kỳ báo cáo").fill("2026S1");
    await reviewer.keyboard.press("Escape");
    await reviewer.waitForURL(new RegExp(`regime=${regimeId}.*period=2026S1`));

    const table = reviewer.getByRole("region", {
      name: `${REGIME_NAME}, kỳ 2026S1 (Đã gửi và đã tiếp nhận)`,
      exact: true,
    });
    await table.locator("tbody tr").nth(33).waitFor();
    assert.equal(await table.locator("tbody tr").count(), 34);
    await table.getByRole("rowheader", { name: UNIT_NAME }).waitFor();

    // The total row: completeness, then each indicator's figure, as the API added them up.
    const total = await table.locator("tfoot tr > *").allInnerTexts();
    const { completeness, cells } = expected.total;
    assert.equal(total[0], "Tổng cộng");
    assert.deepEqual(total.slice(1, 5).map(Number), [
      completeness.expected,
      completeness.submitted,
      completeness.onTime,
      completeness.accepted,
    ]);
    assert.equal(completeness.expected, 34);
    assert.equal(total.length, 5 + cells.length);
    cells.forEach((cell, i) =>
      assert.equal(parseVi(total[5 + i]!), Math.round(cell.value! * 100) / 100, cell.indicator),
    );

    const chart = reviewer.getByRole("img", { name: /^Số lượng công chức \(người\) theo/ });
    await chart.waitFor();
    assert.equal(await chart.locator("rect.group-bar").count(), 34);

    // Broken down by sex: the option columns appear, and the exports follow the same query.
    await reviewer.getByLabel("Chi tiết theo phân tổ").click();
    await reviewer.getByTitle("Giới tính", { exact: true }).click();
    await reviewer.waitForURL(/category=GIOI_TINH/);
    await table.getByRole("columnheader", { name: "Nữ", exact: true }).first().waitFor();
    for (const [name, format] of [
      [/Tải Excel/, "xlsx"],
      [/Tải CSV/, "csv"],
    ] as const) {
      const href = await reviewer.getByRole("link", { name }).getAttribute("href");
      const link = new URL(href!, platform().url);
      assert.equal(link.pathname, `/api/v1/reports/regimes/${regimeId}/aggregate/export`);
      assert.deepEqual(Object.fromEntries(link.searchParams), {
        period: "2026S1",
        groupBy: "unit",
        include: "submitted",
        category: "GIOI_TINH",
        format,
      });
    }

    // Along administrative units: one row per province; within Hà Nội, the city's own row.
    await reviewer.getByLabel("Nhóm theo").click();
    await reviewer.getByTitle("Địa bàn (tỉnh; xã khi chọn tỉnh)", { exact: true }).click();
    await reviewer.waitForURL(/groupBy=area/);
    await table.getByRole("rowheader", { name: "Thành phố Hà Nội", exact: true }).waitFor();
    assert.equal(await table.locator("tbody tr").count(), 34);
    await reviewer.getByLabel("Địa bàn", { exact: true }).click();
    await reviewer.getByTitle("Hà Nội", { exact: true }).click();
    await reviewer.waitForURL(/area=01/);
    await reviewer.waitForFunction(
      "document.querySelectorAll('[role=region] tbody tr').length === 1",
    );
    await table.getByRole("rowheader", { name: "Thành phố Hà Nội", exact: true }).waitFor();
  });
});
