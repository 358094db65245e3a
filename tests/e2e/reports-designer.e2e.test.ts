// End to end in a real browser: the ministry's administrator designs a reporting regime in the web
// app of a real `lienthong start` with the demo seed. A secret regime is refused with the server's
// reason; the regime is created and a deadline before the cut-off refused under its field; its
// template gets a disaggregation, a form with two entered indicators and a computed one, and a
// rule; a formula naming an unknown indicator is refused with the problem shown under the formula
// field; once fixed, the draft is saved, published and the regime put in force, and the list shows
// it in force. The ministry's leader sees it read-only.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Locator, Page } from "playwright-core";
import {
  ADMIN_PASSWORD,
  newPage,
  platformForFile,
  signInAsAdmin,
  submitPassword,
  waitForSignInPage,
  withDiagnostics,
} from "./support.ts";
import { button } from "./reports-support.ts";

const platform = platformForFile();

const CODE = "BNV-E2E-BIENDONG";
const NAME = "Báo cáo biến động công chức (thử)";

const heading = (page: Page, name: string) =>
  page.getByRole("heading", { level: 1, name, exact: true }).waitFor();

const group = (page: Page, name: string) => page.getByRole("group", { name, exact: true });

/** Picks an option of an antd select opened from its label, within `scope`. */
async function choose(page: Page, scope: Locator, label: string, option: string) {
  await scope.getByLabel(label, { exact: true }).click();
  await page.locator(".ant-select-dropdown:visible").getByTitle(option, { exact: true }).click();
  await page.keyboard.press("Escape");
}

/** Saves the draft and returns the status the server answered. */
async function saveDraft(page: Page): Promise<number> {
  const saved = page.waitForResponse(
    (r) => r.request().method() === "PUT" && /\/regimes\/[^/]+\/template$/.test(r.url()),
  );
  await button(page, "Lưu bản nháp").click();
  return (await saved).status();
}

test("reports designer: an administrator creates, designs, publishes and puts a regime in force", async () => {
  const admin = await newPage(platform().browser);
  await signInAsAdmin(admin, platform());
  await withDiagnostics(admin, async () => {
    await admin.goto(`${platform().url}/reports/regimes`);
    await heading(admin, "Chế độ báo cáo");
    await admin.getByRole("link", { name: "Tạo chế độ báo cáo" }).click();
    await heading(admin, "Tạo chế độ báo cáo");

    await admin.getByLabel("Mã chế độ").fill(CODE);
    await admin.getByLabel("Tên chế độ báo cáo").fill(NAME);
    await admin.getByLabel("Căn cứ pháp lý").fill("Thông tư 18/2025/TT-BNV");
    await admin.getByLabel("Nhắc trước hạn (ngày làm việc)").fill("1");

    // A secret regime is refused by the server, in its own words.
    await choose(admin, admin.locator("form"), "Độ mật", "Mật");
    await button(admin, "Tạo chế độ báo cáo").click();
    await admin
      .getByRole("alert")
      .getByText(/Chế độ báo cáo mật .* không được thực hiện trực tuyến/)
      .waitFor();
    await choose(admin, admin.locator("form"), "Độ mật", "Không mật");
    await button(admin, "Tạo chế độ báo cáo").click();
    await admin.waitForURL(/\/reports\/regimes\/[0-9a-f-]{36}$/);
    await heading(admin, NAME);
    await admin.getByText("Đang thiết kế", { exact: true }).waitFor();
    assert.equal(await admin.getByLabel("Nhắc trước hạn (ngày làm việc)").inputValue(), "1");

    // While it is being designed, its fields can still change; a deadline before the cut-off is
    // refused under the deadline field.
    const day = admin.getByLabel("Ngày trong tháng");
    await day.fill("10");
    await button(admin, "Lưu thông tin chế độ").click();
    await admin
      .locator(".ant-form-item-explain-error", { hasText: /phải sau ngày chốt số liệu/ })
      .waitFor();
    await day.fill("25");
    await button(admin, "Lưu thông tin chế độ").click();
    await admin.getByText("Đã lưu thông tin chế độ báo cáo", { exact: true }).waitFor();

    // A disaggregation with two options.
    await button(admin, "Thêm phân tổ").click();
    const category = group(admin, "Phân tổ 1");
    await category.getByLabel("Mã", { exact: true }).fill("GIOI_TINH");
    await category.getByLabel("Tên phân tổ").fill("Giới tính");
    await button(category, "Thêm phương án").click();
    await button(category, "Thêm phương án").click();
    for (const [n, code, name] of [
      [1, "nam", "Nam"],
      [2, "nu", "Nữ"],
    ] as const) {
      const option = group(admin, `Phương án ${n} của GIOI_TINH`);
      await option.getByLabel("Mã phương án").fill(code);
      await option.getByLabel("Tên phương án").fill(name);
    }

    // A form with two entered indicators and a computed one whose formula has a mistake.
    await button(admin, "Thêm biểu").click();
    const form = group(admin, "Biểu 1");
    await form.getByLabel("Tên biểu").fill("Biến động trong kỳ");
    for (let i = 0; i < 3; i += 1) await button(admin, "Thêm chỉ tiêu vào BIEU_01").click();
    const indicators = [
      ["TUYEN_DUNG", "Tuyển dụng trong kỳ"],
      ["NGHI_HUU", "Nghỉ hưu trong kỳ"],
      ["BIEN_DONG", "Biến động thuần"],
    ];
    for (const [i, [code, name]] of indicators.entries()) {
      const row = group(admin, `Chỉ tiêu ${i + 1} — BIEU_01`);
      await row.getByLabel("Mã", { exact: true }).fill(code!);
      await row.getByLabel("Tên chỉ tiêu").fill(name!);
      await row.getByLabel("Đơn vị tính").fill("người");
    }
    await choose(admin, group(admin, "Chỉ tiêu 1 — BIEU_01"), "Phân tổ", "Giới tính");
    const computed = group(admin, "Chỉ tiêu 3 — BIEU_01");
    await computed.getByLabel("Nhỏ nhất").fill("");
    const formula = computed.getByLabel("Công thức (chỉ tiêu tính toán)");
    await formula.fill("TUYEN_DUNG - NGHI_HUU_SAI");

    // A rule.
    await button(admin, "Thêm quy tắc").click();
    const rule = group(admin, "Quy tắc 1");
    await rule.getByLabel("Vế trái").fill("NGHI_HUU");
    await rule.getByLabel("Vế phải").fill("TUYEN_DUNG{nu} + 1000");
    await rule
      .getByLabel("Thông báo khi không đạt")
      .fill("Số nghỉ hưu bất thường so với tuyển dụng");

    // The unknown indicator is named under the formula field, which is marked invalid.
    assert.equal(await saveDraft(admin), 400);
    await computed.getByText("Không có chỉ tiêu NGHI_HUU_SAI", { exact: true }).waitFor();
    assert.equal(await formula.getAttribute("aria-invalid"), "true");
    await admin
      .getByRole("alert")
      .getByText(
        "Biểu 1 › Chỉ tiêu 3 › Công thức (chỉ tiêu tính toán): Không có chỉ tiêu NGHI_HUU_SAI",
      )
      .waitFor();

    await formula.fill("TUYEN_DUNG - NGHI_HUU");
    assert.equal(await formula.getAttribute("aria-invalid"), null);
    assert.equal(await saveDraft(admin), 200);
    await admin.getByText("Đã lưu bản nháp phiên bản 1", { exact: true }).waitFor();

    // The preview lists one row per option of the disaggregated indicator.
    await button(admin, "Xem trước biểu mẫu").click();
    const preview = admin.getByRole("region", { name: "Xem trước biểu mẫu" });
    await preview.getByRole("row", { name: /Tuyển dụng trong kỳ \(TUYEN_DUNG\) Nam/ }).waitFor();
    await preview.getByText("Tính tự động: TUYEN_DUNG - NGHI_HUU", { exact: true }).waitFor();

    await button(admin, "Phát hành").click();
    const confirm = admin.getByRole("dialog");
    await confirm.getByText(/Phiên bản đã phát hành không bao giờ thay đổi/).waitFor();
    await button(confirm, "Phát hành").click();
    await admin
      .getByRole("region", { name: "Các phiên bản mẫu báo cáo" })
      .getByText("Đã phát hành", { exact: true })
      .waitFor();

    await button(admin, "Đưa vào áp dụng").click();
    await admin.locator(".ant-tag", { hasText: /^Đang áp dụng$/ }).waitFor();
    await admin.getByText("1 ngày làm việc trước hạn", { exact: true }).waitFor();

    // The published version opens read-only.
    await admin.getByRole("button", { name: "Xem phiên bản 1" }).click();
    await admin.getByText(/Phiên bản 1 đã phát hành: chỉ xem/).waitFor();
    assert.equal(
      await group(admin, "Chỉ tiêu 3 — BIEU_01")
        .getByLabel("Công thức (chỉ tiêu tính toán)")
        .getAttribute("readonly"),
      "",
    );

    await admin.getByRole("menuitem", { name: "Chế độ báo cáo", exact: true }).click();
    await heading(admin, "Chế độ báo cáo");
    await choose(admin, admin.locator("form"), "Tình trạng", "Đang áp dụng");
    const row = admin.getByRole("row", { name: new RegExp(CODE) });
    await row.getByText("Đang áp dụng", { exact: true }).waitFor();
    await row.getByRole("cell", { name: "1", exact: true }).waitFor();
  });

  // The ministry's leader reads the regime but cannot change it.
  const leader = await newPage(platform().browser);
  await leader.goto(`${platform().url}/reports/regimes`);
  await waitForSignInPage(leader);
  await submitPassword(leader, "lanhdao", ADMIN_PASSWORD);
  await withDiagnostics(leader, async () => {
    await heading(leader, "Chế độ báo cáo");
    await leader.getByRole("link", { name: CODE }).click();
    await heading(leader, NAME);
    await leader.getByText(/Chỉ xem: chỉ quản trị của cơ quan nhận báo cáo/).waitFor();
    assert.equal(await leader.getByRole("button", { name: "Lưu bản nháp" }).count(), 0);
    assert.equal(await leader.getByRole("button", { name: "Đưa vào áp dụng" }).count(), 0);
  });
});
