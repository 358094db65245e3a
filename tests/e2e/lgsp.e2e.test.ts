// End to end in a real browser: the LGSP pages of the web app against a real `lienthong start`.
// The demo administrator registers a service of the Ministry's document system with a pasted
// OpenAPI description (converted JSON ↔ XML for this legacy system), finds it in the catalogue
// (typing without accents), reads its operations,
// asks access for the reporting system, approves the request in the inbox, sees the right and
// revokes it with a reason, then calls the gateway without a token, finds the refused call in the exchange log, downloads
// its proof bundle and verifies the log's hash chain; the pages
// are then read in English.
import assert from "node:assert/strict";
import fs from "node:fs";
import { test } from "node:test";
import type { Page } from "playwright-core";
import {
  newPage,
  platformForFile,
  signInAsAdmin,
  switchLanguage,
  withDiagnostics,
} from "./support.ts";

const platform = platformForFile();

const SERVICE_NAME = "Tra cứu văn bản đến liên thông";
const OPENAPI = JSON.stringify(
  {
    openapi: "3.0.3",
    info: { title: "Văn bản đến", version: "1.0" },
    paths: {
      "/van-ban-den": {
        get: {
          summary: "Danh sách văn bản đến",
          parameters: [{ name: "tuNgay", in: "query", schema: { type: "string", format: "date" } }],
          responses: { "200": { description: "Các văn bản" } },
        },
      },
      "/van-ban-den/{id}": {
        get: {
          summary: "Một văn bản đến",
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
          responses: { "200": { description: "Văn bản" }, "404": { description: "Không có" } },
        },
      },
    },
  },
  null,
  2,
);

test("lgsp: register a service, request access, approve, revoke, open the exchange log", async () => {
  const page = await newPage(platform().browser);
  await withDiagnostics(page, () => steps(page));
});

async function steps(page: Page) {
  await signInAsAdmin(page, platform());

  const nav = page.getByRole("navigation", { name: "Điều hướng chính" });
  await nav.getByRole("menuitem", { name: "Đăng ký dịch vụ" }).click();
  await page.getByRole("heading", { level: 1, name: "Đăng ký dịch vụ chia sẻ" }).waitFor();

  // Pressing "register" on the empty form shows the Vietnamese validation messages.
  await page.getByRole("button", { name: "Đăng ký dịch vụ", exact: true }).click();
  await page.getByText("Cần dán mô tả hoặc nhập địa chỉ tải mô tả").waitFor();

  const provider = page.getByLabel("Hệ thống cung cấp", { exact: true });
  await provider.click();
  await provider.fill("QLVB");
  await page.getByText("(QLVB)").first().waitFor();
  await provider.press("Enter");
  await page.getByLabel("Mã dịch vụ", { exact: true }).fill("van-ban-den");
  await page.getByLabel("Phiên bản", { exact: true }).fill("v1");
  await page.getByLabel("Tên dịch vụ", { exact: true }).fill(SERVICE_NAME);
  await page
    .getByLabel("Địa chỉ gốc của dịch vụ", { exact: true })
    .fill("https://qlvb.moha.gov.vn/api/v1");
  await page.getByLabel("Đơn vị chịu trách nhiệm", { exact: true }).fill("Văn phòng Bộ");
  // The document system is a legacy one that speaks XML: the LGSP converts JSON ↔ XML.
  await page.getByLabel("Chuyển đổi định dạng dữ liệu", { exact: true }).click();
  await page.getByTitle("JSON ↔ XML (hệ thống cung cấp dùng XML)").click();
  await page.getByLabel("Phần tử gốc XML", { exact: true }).fill("vanBanDen");
  // A Swagger 2.0 description is refused by the server, in Vietnamese, at the field.
  const description = page.getByLabel("Mô tả OpenAPI (JSON hoặc YAML)");
  await description.fill("swagger: '2.0'\ninfo: { title: Văn bản, version: '1' }\npaths: {}\n");
  await page.getByRole("button", { name: "Đăng ký dịch vụ", exact: true }).click();
  await page
    .getByRole("alert")
    .getByText(/Swagger 2\.0 không được hỗ trợ/)
    .waitFor();
  await description.fill(OPENAPI);
  // The refused submission has settled (the button shows no spinner) before the second one.
  // The button is found by its text, not its accessible name: the spinner's "loading" label
  // stays in the name until antd's leave animation ends, which a busy machine may not run.
  await page
    .locator("button[type=submit]:not(.ant-btn-loading)", { hasText: "Đăng ký dịch vụ" })
    .click();

  // The new service's page: details, the operations read from the description, the gateway path.
  await page.getByRole("heading", { level: 1, name: SERVICE_NAME }).waitFor();
  const operations = page.getByRole("region", { name: "Các thao tác" });
  await operations.getByRole("heading", { level: 3, name: "/van-ban-den/{id}" }).waitFor();
  const opsText = await operations.innerText();
  assert.match(opsText, /GET/);
  assert.match(opsText, /Một văn bản đến/);
  assert.match(opsText, /tuNgay \(query\)/);
  const gateway = await page.getByRole("region", { name: "Gọi dịch vụ qua trục LGSP" }).innerText();
  const gatewayPath = /\/gw\/[^/\s]+\/QLVB\/van-ban-den\/v1/.exec(gateway)?.[0];
  assert.ok(gatewayPath, gateway);
  assert.match(gateway, /curl -X GET/);
  assert.match(
    await page.locator("body").innerText(),
    /JSON ↔ XML \(hệ thống cung cấp dùng XML\) — Phần tử gốc XML: vanBanDen/,
  );

  // In the catalogue, found without accents.
  await nav.getByRole("menuitem", { name: "Danh mục dịch vụ" }).click();
  await page.getByRole("heading", { level: 1, name: "Danh mục dịch vụ chia sẻ" }).waitFor();
  const search = page.getByRole("search").getByLabel("Tìm kiếm");
  await search.fill("tra cuu van ban den");
  await search.press("Enter");
  const row = page.getByRole("row", { name: new RegExp(SERVICE_NAME) });
  await row.waitFor();
  assert.match(await row.innerText(), /van-ban-den/);
  assert.match(await row.innerText(), /Đang cung cấp/);
  await row.getByRole("link", { name: SERVICE_NAME }).click();
  await page.getByRole("heading", { level: 1, name: SERVICE_NAME }).waitFor();

  // Ask access for the Ministry's reporting system, to one operation.
  const requestForm = page.getByRole("region", { name: "Đề nghị cấp quyền" });
  const consumer = requestForm.getByLabel("Hệ thống sử dụng", { exact: true });
  await consumer.click();
  await consumer.fill("HTTTBC");
  await page.getByText("(HTTTBC)").first().waitFor();
  await consumer.press("Enter");
  const endpoints = requestForm.getByLabel("Các thao tác cần dùng (để trống: tất cả)");
  await endpoints.click();
  await endpoints.fill("GET /van-ban-den/{id}");
  await endpoints.press("Enter");
  await endpoints.press("Escape");
  await requestForm.getByLabel("Mục đích sử dụng").fill("Tổng hợp báo cáo văn bản đến hằng tháng");
  await requestForm.getByLabel("Căn cứ pháp lý").fill("Nghị định 47/2020/NĐ-CP");
  await requestForm.getByRole("button", { name: "Gửi đề nghị" }).click();
  await page.getByText("Đã gửi đề nghị cấp quyền").waitFor();

  // The provider's inbox: approve with a rate limit.
  await nav.getByRole("menuitem", { name: "Hộp đề nghị" }).click();
  await page.getByRole("heading", { level: 1, name: "Hộp đề nghị cấp quyền" }).waitFor();
  const requestRow = page.getByRole("row", { name: new RegExp(SERVICE_NAME) });
  await requestRow.waitFor();
  assert.match(await requestRow.innerText(), /GET \/van-ban-den\/\{id\}/);
  assert.match(await requestRow.innerText(), /Chờ phê duyệt/);
  await requestRow.getByRole("button", { name: `Phê duyệt đề nghị dùng ${SERVICE_NAME}` }).click();
  const approveDialog = page.getByRole("dialog", {
    name: `Phê duyệt đề nghị dùng ${SERVICE_NAME}`,
  });
  await approveDialog.getByLabel("Giới hạn số lượt gọi mỗi phút").fill("60");
  await approveDialog.getByRole("button", { name: "Phê duyệt" }).click();
  await page.getByText("Đã phê duyệt, quyền truy cập đã được cấp").waitFor();

  // The right, as the provider sees it; revoked with a reason.
  await nav.getByRole("menuitem", { name: "Quyền truy cập" }).click();
  await page.getByRole("heading", { level: 1, name: "Quyền truy cập dịch vụ" }).waitFor();
  const rightRow = page.getByRole("row", { name: new RegExp(SERVICE_NAME) });
  await rightRow.waitFor();
  assert.match(await rightRow.innerText(), /Đang hiệu lực/);
  assert.match(await rightRow.innerText(), /60\/phút/);
  assert.match(await rightRow.innerText(), /HTTTBC/);
  await rightRow.getByRole("button", { name: `Thu hồi quyền dùng ${SERVICE_NAME}` }).click();
  const revokeDialog = page.getByRole("dialog", { name: `Thu hồi quyền dùng ${SERVICE_NAME}` });
  // The reason is required (pressed once the dialog's form is there).
  await revokeDialog.getByLabel("Lý do").waitFor();
  await revokeDialog.getByRole("button", { name: "Thu hồi" }).click();
  await revokeDialog.getByText("Vui lòng nêu lý do").waitFor();
  await revokeDialog.getByLabel("Lý do").fill("Hệ thống báo cáo đã chuyển sang dịch vụ mới");
  await revokeDialog.getByRole("button", { name: "Thu hồi" }).click();
  await page.getByText("Đã thu hồi quyền truy cập").waitFor();
  await page.getByRole("row", { name: new RegExp(`${SERVICE_NAME}.*Đã thu hồi`, "s") }).waitFor();

  // The exchange log, and its hash chain verified.
  await nav.getByRole("menuitem", { name: "Nhật ký trao đổi" }).click();
  await page.getByRole("heading", { level: 1, name: "Nhật ký trao đổi dữ liệu" }).waitFor();
  await page.getByRole("search").getByLabel("Kết quả").waitFor();

  // A call through the gateway without a token is refused, and recorded in the log.
  const called = await fetch(`${platform().url}${gatewayPath}/van-ban-den/1`);
  assert.equal(called.status, 401);
  const exchangeRow = page.getByRole("row", { name: /GET \/van-ban-den\/1/ });
  // The log is written in batches: filter again until the call shows (bounded by a deadline, not
  // a count of tries, so a slow machine gets the same time).
  const deadline = Date.now() + 30_000;
  while (!(await exchangeRow.count()) && Date.now() < deadline) {
    await page.getByRole("button", { name: "Lọc" }).click();
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  assert.match(await exchangeRow.innerText(), /Bị từ chối/);
  assert.match(await exchangeRow.innerText(), /401/);
  await exchangeRow.getByRole("button", { name: /Chi tiết lượt trao đổi số \d+/ }).click();
  const drawer = page.getByRole("dialog", { name: /Chi tiết lượt trao đổi số \d+/ });
  await drawer.getByText("Băm bản ghi").waitFor();
  assert.match(await drawer.innerText(), /[0-9a-f]{64}/);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    drawer.getByRole("button", { name: "Tải gói bằng chứng (JSON)" }).click(),
  ]);
  const bundle = JSON.parse(fs.readFileSync((await download.path())!, "utf8")) as {
    format: string;
    exchange: { record: { path: string } };
  };
  assert.equal(bundle.format, "lienthong.evidence-proof.v1");
  assert.equal(bundle.exchange.record.path, "/van-ban-den/1");
  await page.keyboard.press("Escape");
  // Closed, not closing: the drawer gives focus back when its animation ends, and focus taken
  // from the language choice below would close that choice's list under the click.
  await drawer.waitFor({ state: "hidden" });
  await page.getByRole("button", { name: "Kiểm tra toàn vẹn" }).click();
  await page
    .getByRole("status")
    .getByText(/Chuỗi băm nguyên vẹn/)
    .waitFor();

  // The same pages in English.
  await switchLanguage(page, "Ngôn ngữ", "English");
  await page.getByRole("heading", { level: 1, name: "Exchange log" }).waitFor();
  await page
    .getByRole("navigation", { name: "Main navigation" })
    .getByRole("menuitem", { name: "Access rights" })
    .click();
  await page.getByRole("heading", { level: 1, name: "Access rights" }).waitFor();
  await page.getByRole("row", { name: new RegExp(`${SERVICE_NAME}.*Revoked`, "s") }).waitFor();
  await page.context().close();
}
