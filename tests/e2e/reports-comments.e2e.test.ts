// End to end in a real browser: comments on a report's values (ý kiến về số liệu), through the web
// app of a real `lienthong start` with the demo seed (regime BNV-TK-CCVC-6T). Hà Nội's reporting
// officer explains a figure of the complete 2026S2 report and submits it; the ministry's leader,
// reviewing, reads the explanation on the cell and answers it there.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Locator, Page } from "playwright-core";
import { platformForFile, withDiagnostics } from "./support.ts";
import {
  HANOI_OFFICER as OFFICER,
  REGIME_NAME,
  fillHanoiReport,
  button,
  signedIn,
} from "./reports-support.ts";

const platform = platformForFile();

const REVIEWER = "lanhdao";
/** The cell talked about: an indicator without categories, so its label is its name. */
const CELL = "Tuyển dụng trong kỳ";
const EXPLANATION = "Tăng do tuyển dụng bổ sung 4 công chức theo Đề án vị trí việc làm.";
const ANSWER = "Đề nghị gửi kèm quyết định tuyển dụng khi báo cáo kỳ sau.";

/** Opens the cell's comments from its button, which shows how many there are. */
async function openThread(page: Page, count: number) {
  await page.getByRole("button", { name: `Ý kiến về ${CELL} (${count})`, exact: true }).click();
  const drawer = page.getByRole("dialog", { name: `Ý kiến về ${CELL}`, exact: true });
  await drawer.waitFor();
  return drawer;
}

/** Writes a comment in the open thread and waits for it to come back in the thread. */
async function comment(page: Page, drawer: Locator, text: string) {
  await drawer.getByLabel("Ý kiến của bạn").fill(text);
  await button(page, "Gửi ý kiến").click();
  return drawer.getByRole("listitem").filter({ hasText: text });
}

test("reports: the unit explains a figure, and the reviewer answers on the same cell", async () => {
  const { reportId } = await fillHanoiReport(platform().url);

  const officer = await signedIn(platform(), OFFICER, `/reports/${reportId}`, REGIME_NAME);
  await withDiagnostics(officer, async () => {
    await officer.getByRole("columnheader", { name: "Ý kiến", exact: true }).first().waitFor();
    const drawer = await openThread(officer, 0);
    await drawer.getByText("Chưa có ý kiến nào về số liệu này.", { exact: true }).waitFor();
    const explanation = await comment(officer, drawer, EXPLANATION);
    await explanation.getByText("Đơn vị báo cáo", { exact: true }).waitFor();
    assert.equal(await drawer.getByLabel("Ý kiến của bạn").inputValue(), "");
    await officer.keyboard.press("Escape");
    await drawer.waitFor({ state: "detached" });

    await button(officer, "Gửi báo cáo").click();
    await officer.locator(".ant-tag", { hasText: /^Đã gửi$/ }).waitFor();
    // Submitted: the unit reads its thread but waits for the reviewers' turn to write.
    const readOnly = await openThread(officer, 1);
    await readOnly.getByText(EXPLANATION, { exact: true }).waitFor();
    assert.equal(await readOnly.getByLabel("Ý kiến của bạn").count(), 0);
  });

  const reviewer = await signedIn(platform(), REVIEWER, `/reports/${reportId}`, REGIME_NAME);
  await withDiagnostics(reviewer, async () => {
    const drawer = await openThread(reviewer, 1);
    await drawer
      .getByRole("listitem")
      .filter({ hasText: EXPLANATION })
      .getByText("Đơn vị báo cáo", { exact: true })
      .waitFor();
    const answer = await comment(reviewer, drawer, ANSWER);
    await answer.getByText("Đơn vị nhận", { exact: true }).waitFor();
    assert.equal(await drawer.getByRole("listitem").count(), 2);
    await reviewer.keyboard.press("Escape");
    await reviewer.getByRole("button", { name: `Ý kiến về ${CELL} (2)`, exact: true }).waitFor();
  });
});
