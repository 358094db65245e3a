// End to end in a real browser, through the pages an administrator uses besides search: the
// language switch (English and back), the organization tree, the administrative units, creating
// and disabling an account in user administration, and the audit viewer, filtered down to the
// entries those two actions wrote.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Locator, Page } from "playwright-core";
import {
  ADMIN_PASSWORD,
  enrolAuthenticator,
  newPage,
  startPlatform,
  submitPassword,
  switchLanguage,
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

const heading = (page: Page, name: string) =>
  page.getByRole("heading", { level: 1, name, exact: true }).waitFor();

/** Opens a drop-down list by its label and picks the option showing `option`. */
async function choose(page: Page, label: string, option: string, within: Page | Locator = page) {
  await within.getByRole("combobox", { name: label }).click();
  await page.getByTitle(option, { exact: true }).click();
}

test("administration pages: language, organization tree, administrative units, accounts, audit trail", async () => {
  const page = await newPage(platform!.browser);
  await page.goto(platform!.url);
  await waitForSignInPage(page);
  await submitPassword(page, "admin", ADMIN_PASSWORD);
  await enrolAuthenticator(page);
  await heading(page, "Tra cứu cơ quan, tổ chức");

  // English, then the organization tree in English.
  await switchLanguage(page, "Ngôn ngữ", "English");
  await heading(page, "Find organizations");
  await page.getByRole("menuitem", { name: "Organization tree" }).click();
  await heading(page, "Organization tree");
  await page.getByText("Bộ Nội vụ (", { exact: false }).first().waitFor();
  await page
    .getByRole("searchbox", { name: "Filter by name or code" })
    .fill("so noi vu thanh pho ha noi");
  await page.getByText("Sở Nội vụ Thành phố Hà Nội (000.00.05.H01)").waitFor();

  // And back to Vietnamese, which the page follows at once.
  await switchLanguage(page, "Language", "Tiếng Việt");
  await heading(page, "Cây tổ chức");

  await page.getByRole("menuitem", { name: "Đơn vị hành chính" }).click();
  await heading(page, "Đơn vị hành chính");
  await page.getByRole("searchbox", { name: "Lọc tỉnh, thành phố" }).fill("ha noi");
  await page.getByRole("button", { name: "Thành phố Hà Nội" }).click();
  await page
    .getByRole("heading", { level: 2, name: "Xã, phường, đặc khu của Thành phố Hà Nội" })
    .waitFor();
  const communes = page.getByRole("searchbox", { name: "Tìm xã, phường (có thể gõ không dấu)" });
  await communes.fill("ba dinh");
  await communes.press("Enter");
  await page.getByRole("row", { name: /Phường Ba Đình/ }).waitFor();

  // An account for a province's staff, then disabled.
  const username = "chuyenvien.e2e";
  await page.getByRole("menuitem", { name: "Quản lý tài khoản" }).click();
  await heading(page, "Quản lý tài khoản");
  await page.getByRole("button", { name: "Tạo tài khoản" }).click();
  const create = page.getByRole("dialog", { name: "Tạo tài khoản" });
  await create.getByLabel("Tên đăng nhập").fill(username);
  await create.getByLabel("Họ và tên").fill("Nguyễn Thị Kiểm Thử");
  await create.getByRole("combobox", { name: "Cơ quan" }).fill("so noi vu ha noi");
  await page.getByTitle("Sở Nội vụ Thành phố Hà Nội (000.00.05.H01)", { exact: true }).click();
  await choose(page, "Vai trò", "Chuyên viên", create);
  await create.getByLabel("Mật khẩu").fill("Hoa-Sen-Ho-Tay-2026!");
  await create.getByRole("button", { name: "Tạo", exact: true }).click();
  await page.getByText("Đã tạo tài khoản").waitFor();
  const row = page.getByRole("row", { name: new RegExp(username) });
  await row.getByText("Hoạt động").waitFor();

  await row.getByRole("button", { name: "Sửa" }).click();
  const edit = page.getByRole("dialog", { name: `Sửa tài khoản ${username}` });
  await choose(page, "Trạng thái", "Vô hiệu hóa", edit);
  await edit.getByRole("button", { name: "Lưu" }).click();
  await page.getByText("Đã lưu tài khoản").waitFor();
  await row.getByText("Vô hiệu hóa").waitFor();

  // The audit viewer, filtered to account entries: both actions, on the same account.
  await page.getByRole("menuitem", { name: "Nhật ký an ninh" }).click();
  await heading(page, "Nhật ký an ninh");
  await page.getByRole("search").getByLabel("Hành động").fill("identity.user_");
  await page.getByRole("button", { name: "Lọc" }).click();
  const disabled = page.getByRole("row", { name: /identity\.user_disabled/ });
  const accountId = /user ([0-9a-f-]{36})/.exec(await disabled.innerText())?.[1];
  assert.ok(accountId, "the entry names the account it concerns");
  await page
    .getByRole("row", { name: new RegExp(`identity\\.user_created.*user ${accountId}`) })
    .waitFor();
  // The entries are newest first, so the two above were on screen before filtering too: wait
  // until the table lists nothing but account entries.
  const rows = page.getByRole("table").getByRole("row");
  const onlyAccountEntries = async () =>
    (await rows.allInnerTexts()).slice(1).every((text) => /identity\.user_/.test(text));
  for (let tries = 0; !(await onlyAccountEntries()); tries += 1) {
    assert.ok(tries < 100, "only entries of the filtered action are listed");
    await page.waitForTimeout(100);
  }
  await page.context().close();
});
