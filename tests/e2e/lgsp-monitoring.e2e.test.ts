// End to end in a real browser: LGSP monitoring against a real `lienthong start` with the demo
// catalogue. The provider-health job probes every demo service when the server starts (their
// hosts are not reachable from a test machine, so they are down); the administrator opens the
// health page, follows a service to its page and reads its traffic section, then the health page
// in English.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  newPage,
  platformForFile,
  signInAsAdmin,
  switchLanguage,
  withDiagnostics,
} from "./support.ts";

const platform = platformForFile();

const SERVICE_NAME = "Tra cứu hồ sơ cán bộ, công chức, viên chức";

test("lgsp monitoring: provider health and a service's traffic", async () => {
  const page = await newPage(platform().browser);
  await withDiagnostics(page, async () => {
    await signInAsAdmin(page, platform());

    const nav = page.getByRole("navigation", { name: "Điều hướng chính" });
    await nav.getByRole("menuitem", { name: "Tình trạng nhà cung cấp" }).click();
    await page.getByRole("heading", { level: 1, name: "Tình trạng nhà cung cấp" }).waitFor();
    // The first round runs as the server starts; the page refreshes itself, a reload is quicker.
    const row = page.getByRole("row", { name: new RegExp(SERVICE_NAME) });
    for (let attempt = 0; attempt < 40 && !(await row.count()); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      await page.reload();
      await page.getByRole("heading", { level: 1, name: "Tình trạng nhà cung cấp" }).waitFor();
    }
    const text = await row.innerText();
    assert.match(text, /ho-so-can-bo\/v1/);
    assert.match(text, /Ngừng hoạt động|Hoạt động|Chậm/);

    await row.getByRole("link", { name: SERVICE_NAME }).click();
    await page.getByRole("heading", { level: 1, name: SERVICE_NAME }).waitFor();
    const traffic = page.getByRole("region", { name: "Lưu lượng gọi" });
    await traffic.getByRole("img", { name: /Biểu đồ lượt gọi: \d+ lượt, \d+ lỗi/ }).waitFor();
    const allRow = traffic.getByRole("row", { name: /Tất cả/ });
    assert.match(await allRow.innerText(), /Tất cả\s+\d+/);
    await traffic.getByText("30 ngày qua, theo ngày").click();
    await traffic.getByRole("img", { name: /Biểu đồ lượt gọi/ }).waitFor();

    await switchLanguage(page, "Ngôn ngữ", "English");
    await page
      .getByRole("navigation", { name: "Main navigation" })
      .getByRole("menuitem", { name: "Provider health" })
      .click();
    await page.getByRole("heading", { level: 1, name: "Provider health" }).waitFor();
    assert.match(
      await page.getByRole("row", { name: new RegExp(SERVICE_NAME) }).innerText(),
      /Down|Up|Degraded/,
    );
  });
  await page.context().close();
});
