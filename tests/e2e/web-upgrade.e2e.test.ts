// End to end in a real browser: the web app across an upgrade of the platform. A page's file from
// the build the tab started with is no longer served (the new build names its files
// differently): the tab loads the new version once and the page shows. A page whose file still
// fails after that shows a plain Vietnamese error with a reload button, inside the layout, its
// menus kept — not the router's developer screen.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Page } from "playwright-core";
import { newPage, platformForFile, signInAsAdmin, withDiagnostics } from "./support.ts";

const platform = platformForFile();

const heading = (page: Page, name: string) =>
  page.getByRole("heading", { level: 1, name, exact: true }).waitFor();

const menu = (page: Page, name: string) =>
  page.getByRole("navigation").getByRole("menuitem", { name }).first();

test("web app: a page file gone after an upgrade loads the new version once; one that keeps failing says so, menus kept", async () => {
  const page = await newPage(platform().browser);
  await signInAsAdmin(page, platform());
  await withDiagnostics(page, async () => {
    // The audit page's file is gone once, as right after an upgrade.
    let auditTries = 0;
    await page.route(/\/assets\/audit-page-[^/]+\.js$/, (route) =>
      auditTries++ === 0 ? route.fulfill({ status: 404, body: "" }) : route.continue(),
    );
    await menu(page, "Nhật ký an ninh").click();
    await heading(page, "Nhật ký an ninh");
    assert.equal(auditTries, 2, "refused once, then loaded after one reload");

    // The accounts page's file is gone for good: one reload, then the error page.
    let usersTries = 0;
    await page.route(/\/assets\/users-page-[^/]+\.js$/, (route) => {
      usersTries += 1;
      return route.fulfill({ status: 404, body: "" });
    });
    await menu(page, "Quản lý tài khoản").click();
    await heading(page, "Không hiển thị được trang");
    assert.equal(usersTries, 2, "one reload, not a loop");
    await page.getByRole("button", { name: "Tải lại trang" }).waitFor();
    // Still inside the app: the menu takes the officer elsewhere.
    await menu(page, "Tra cứu cơ quan").click();
    await heading(page, "Tra cứu cơ quan, tổ chức");
  });
});
