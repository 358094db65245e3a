// End to end in a real browser: an ad-hoc reporting regime has no periods of its frequency, so the
// ministry's administrator requests its reports one by one on the regime's page. The regime is
// created with a one-indicator template, published and put in force; a request with a malformed
// code is refused with the problem under the code field; the corrected request, due on a
// Saturday, is listed with its deadline moved to the Monday and the move explained; a second
// request asks a single unit and the list says so.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Locator, Page } from "playwright-core";
import { newPage, platformForFile, signInAsAdmin, withDiagnostics } from "./support.ts";
import { button } from "./reports-support.ts";

const platform = platformForFile();

const CODE = "BNV-E2E-DOTXUAT";
const NAME = "Báo cáo đột xuất về tinh giản biên chế (thử)";

const heading = (page: Page, name: string) =>
  page.getByRole("heading", { level: 1, name, exact: true }).waitFor();

/** Sends the request form and returns the status the server answered. */
async function sendRequest(page: Page, form: Locator): Promise<number> {
  const answered = page.waitForResponse(
    (r) => r.request().method() === "POST" && /\/regimes\/[^/]+\/requests$/.test(r.url()),
  );
  await button(form, "Tạo yêu cầu báo cáo").click();
  return (await answered).status();
}

test("report requests: an ad-hoc regime in force gets requests with their own deadlines", async () => {
  const admin = await newPage(platform().browser);
  await signInAsAdmin(admin, platform());
  await withDiagnostics(admin, async () => {
    await admin.goto(`${platform().url}/reports/regimes/new`);
    await heading(admin, "Tạo chế độ báo cáo");
    await admin.getByLabel("Mã chế độ").fill(CODE);
    await admin.getByLabel("Tên chế độ báo cáo").fill(NAME);
    await admin.getByLabel("Căn cứ pháp lý").fill("Công văn 1234/BNV-TCBC");
    await admin.getByRole("radio", { name: "Đột xuất", exact: true }).check();
    await button(admin, "Tạo chế độ báo cáo").click();
    await admin.waitForURL(/\/reports\/regimes\/[0-9a-f-]{36}$/);
    await heading(admin, NAME);
    // Being designed, the regime takes no requests yet.
    assert.equal(await admin.getByRole("region", { name: "Yêu cầu báo cáo" }).count(), 0);

    await button(admin, "Thêm biểu").click();
    await admin.getByRole("group", { name: "Biểu 1" }).getByLabel("Tên biểu").fill("Tinh giản");
    await button(admin, "Thêm chỉ tiêu vào BIEU_01").click();
    const indicator = admin.getByRole("group", { name: "Chỉ tiêu 1 — BIEU_01" });
    await indicator.getByLabel("Mã", { exact: true }).fill("TINH_GIAN");
    await indicator.getByLabel("Tên chỉ tiêu").fill("Số người tinh giản");
    await indicator.getByLabel("Đơn vị tính").fill("người");
    await button(admin, "Lưu bản nháp").click();
    await admin.getByText("Đã lưu bản nháp phiên bản 1", { exact: true }).waitFor();
    await button(admin, "Phát hành").click();
    await button(admin.getByRole("dialog"), "Phát hành").click();
    await admin
      .getByRole("region", { name: "Các phiên bản mẫu báo cáo" })
      .getByText("Đã phát hành", { exact: true })
      .waitFor();
    await button(admin, "Đưa vào áp dụng").click();
    await admin.locator(".ant-tag", { hasText: /^Đang áp dụng$/ }).waitFor();

    const requests = admin.getByRole("region", { name: "Yêu cầu báo cáo" });
    await requests.getByText("Chưa có yêu cầu báo cáo nào", { exact: true }).waitFor();
    const form = requests.getByRole("form", { name: "Tạo yêu cầu báo cáo" });

    // A code in lower case with a space is refused, under the code field.
    const code = form.getByLabel("Mã yêu cầu");
    await code.fill("dx 01");
    await form.getByLabel("Tên yêu cầu báo cáo").fill("Tinh giản biên chế quý IV");
    await form.getByLabel("Lấy số liệu từ ngày").fill("2098-10-01");
    await form.getByLabel("Ngày chốt số liệu").fill("2098-12-31");
    await form.getByLabel("Hạn nộp").fill("2099-01-03");
    assert.equal(await sendRequest(admin, form), 400);
    // The answer is in before the form shows it: wait for the message (in the summary and under
    // the field, drawn together), then check that the field points to its own.
    const refusal = /Mã yêu cầu bắt đầu bằng chữ cái in hoa/;
    await form.getByText(refusal).first().waitFor();
    await form
      .locator(`[id="${await code.getAttribute("aria-describedby")}"]`)
      .getByText(refusal)
      .waitFor();
    assert.equal(await code.getAttribute("aria-invalid"), "true");

    // Corrected, the request is made; Saturday 3 January 2099 moves to Monday the 5th.
    await code.fill("DX-2099-01");
    assert.equal(await code.getAttribute("aria-invalid"), null);
    assert.equal(await sendRequest(admin, form), 201);
    const created = requests.getByRole("status");
    await created
      .getByText("Đã tạo yêu cầu báo cáo DX-2099-01, hạn nộp 05/01/2099", { exact: true })
      .waitFor();
    await created.getByText(/03\/01\/2099 là ngày nghỉ .* tiếp theo: .*05\/01\/2099/).waitFor();
    const row = requests.getByRole("row", { name: /DX-2099-01/ });
    await row.getByRole("cell", { name: "05/01/2099", exact: true }).waitFor();
    await row.getByRole("cell", { name: "01/10/2098 – 31/12/2098", exact: true }).waitFor();
    await row.getByRole("cell", { name: "Tất cả đơn vị", exact: true }).waitFor();
    assert.equal(await code.inputValue(), "");

    // A second request asks only one unit.
    await code.fill("DX-2099-02");
    await form.getByLabel("Tên yêu cầu báo cáo").fill("Tinh giản biên chế tại Hà Nội");
    await form.getByLabel("Lấy số liệu từ ngày").fill("2098-11-01");
    await form.getByLabel("Ngày chốt số liệu").fill("2098-11-30");
    await form.getByLabel("Hạn nộp").fill("2098-12-10");
    await form.getByRole("radio", { name: "Chỉ một số đơn vị" }).check();
    await form.getByLabel("Các đơn vị được yêu cầu").fill("Thành phố Hà Nội");
    await admin
      .locator(".ant-select-dropdown:visible .ant-select-item-option", { hasText: "Hà Nội" })
      .first()
      .click();
    await admin.keyboard.press("Escape");
    assert.equal(await sendRequest(admin, form), 201);
    const second = requests.getByRole("row", { name: /DX-2099-02/ });
    await second.getByText("1 đơn vị", { exact: true }).click();
    await second.getByText(/^Sở Nội vụ .*Hà Nội$/).waitFor();
    // The window ends earlier, so it lists first; a deadline on a working day stays as entered.
    assert.match((await requests.getByRole("row").nth(1).innerText()) ?? "", /DX-2099-02/);
    await second.getByRole("cell", { name: "10/12/2098", exact: true }).waitFor();
  });
});
