// End to end in a real browser: the built web app served by a real `lienthong start` process.
// A wrong password shows the server's Vietnamese message on the single sign-on page; the demo
// administrator signs in (enrolling an authenticator app, which administrators must have), finds a
// province's Sở Nội vụ by typing without accents, registers an information system for it
// through the form, and sees the system listed.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  ADMIN_PASSWORD,
  enrolAuthenticator,
  newPage,
  startPlatform,
  submitPassword,
  waitForSignInPage,
  type Platform,
} from "./support.ts";

let platform: Platform | undefined;

before(async () => {
  platform = await startPlatform();
});

after(async () => {
  await platform?.stop();
});

test("directory: sign in, find a Sở Nội vụ without accents, register an information system", async () => {
  const page = await newPage(platform!.browser);
  await page.goto(platform!.url);
  await waitForSignInPage(page);

  await submitPassword(page, "admin", "not-the-password");
  const alert = page.getByRole("alert");
  await alert.waitFor();
  assert.match(await alert.innerText(), /Tên đăng nhập hoặc mật khẩu không đúng/);

  // An administrator needs a second factor: the first sign-in enrols an authenticator app.
  await submitPassword(page, "admin", ADMIN_PASSWORD);
  await enrolAuthenticator(page);
  await page.getByRole("heading", { level: 1, name: "Tra cứu cơ quan, tổ chức" }).waitFor();

  const search = page.getByRole("search").getByLabel("Tìm kiếm");
  await search.fill("so noi vu ha noi");
  await search.press("Enter");
  await page.getByRole("link", { name: "Sở Nội vụ Thành phố Hà Nội" }).click();
  await page.getByRole("heading", { level: 1, name: "Sở Nội vụ Thành phố Hà Nội" }).waitFor();
  assert.match(await page.getByRole("main").innerText(), /000\.00\.05\.H01/);

  await page.getByRole("link", { name: "Đăng ký hệ thống" }).click();
  await page.getByRole("heading", { level: 1, name: "Đăng ký hệ thống thông tin" }).waitFor();
  // The organization we came from is already chosen in the picker.
  await page.getByTitle("Sở Nội vụ Thành phố Hà Nội (000.00.05.H01)").waitFor();

  const systemName = "Cơ sở dữ liệu cán bộ, công chức, viên chức Thành phố Hà Nội";
  await page.getByLabel("Mã hệ thống").fill("HNI-CSDL-CBCCVC");
  await page.getByLabel("Tên hệ thống").fill(systemName);
  await page.getByLabel("Mục đích, chức năng").fill("Quản lý hồ sơ cán bộ, công chức, viên chức");
  await page.getByLabel("Đơn vị vận hành").fill("Sở Nội vụ Thành phố Hà Nội");
  await page.getByLabel("Cấp độ an toàn").click();
  await page.locator(".ant-select-item-option", { hasText: "Cấp 3" }).click();
  await page.getByLabel("Số quyết định phê duyệt cấp độ").fill("123/QĐ-SNV");
  await page.getByLabel("Ngày quyết định").fill("15/03/2026");
  await page.getByLabel("Ngày quyết định").press("Enter");
  await page.getByLabel("Cơ quan ban hành quyết định").fill("Sở Nội vụ Thành phố Hà Nội");
  await page.getByRole("button", { name: "Đăng ký", exact: true }).click();

  await page.waitForURL(/\/directory\/organizations\/[^/?]+\?tab=systems/);
  const row = page.getByRole("row", { name: new RegExp(systemName) });
  await row.waitFor();
  assert.match(await row.innerText(), /HNI-CSDL-CBCCVC/);
  assert.match(await row.innerText(), /Cấp 3/);
  await page.context().close();
});
