// End to end in a real browser: the built web app served by a real `lienthong start` process.
// A wrong password shows the server's Vietnamese message; the demo administrator signs in, finds
// a province's Sở Nội vụ by typing without accents, registers an information system for it
// through the form, and sees the system listed.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { chromium, type Browser, type Page } from "playwright-core";
import {
  startServerProcess,
  tempDataDir,
  type ServerProcess,
} from "../../apps/server/src/core/testing/processes.ts";

const root = path.resolve(import.meta.dirname, "../..");
/** Strong, and containing no demo username (the password policy refuses that). */
const ADMIN_PASSWORD = "Xuan-Thu-Ha-Dong-7391!";
const STEP_TIMEOUT_MS = 20_000;
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-quic",
  "--disable-sync",
];

let dataDir: string;
let server: ServerProcess | undefined;
let browser: Browser | undefined;

before(async () => {
  const build = spawnSync(process.execPath, ["scripts/ensure-web-build.mjs"], {
    cwd: root,
    encoding: "utf8",
    timeout: 300_000,
  });
  assert.equal(build.status, 0, `web build failed:\n${build.stdout}\n${build.stderr}`);
  dataDir = tempDataDir("lt-e2e-");
  server = await startServerProcess({ DATA_DIR: dataDir, DEMO_ADMIN_PASSWORD: ADMIN_PASSWORD });
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
    timeout: 60_000,
  });
});

after(async () => {
  await browser?.close().catch(() => undefined);
  if (server) await stopBounded(server);
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

/** SIGTERM, then SIGKILL if the server has not exited within 15 s. */
async function stopBounded(process: ServerProcess) {
  const timeout = new Promise<"timeout">((resolve) =>
    setTimeout(() => resolve("timeout"), 15_000).unref(),
  );
  if ((await Promise.race([process.stop(), timeout])) === "timeout") await process.kill();
}

async function newPage(): Promise<Page> {
  const context = await browser!.newContext({
    locale: "vi-VN",
    viewport: { width: 1400, height: 900 },
  });
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  page.setDefaultNavigationTimeout(STEP_TIMEOUT_MS);
  return page;
}

async function signIn(page: Page, password: string) {
  await page.getByLabel("Tên đăng nhập").fill("admin");
  await page.getByLabel("Mật khẩu").fill(password);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
}

test("directory: sign in, find a Sở Nội vụ without accents, register an information system", async () => {
  const page = await newPage();
  await page.goto(server!.url);
  await page.waitForURL(/\/sign-in/);

  await signIn(page, "not-the-password");
  const alert = page.getByRole("alert");
  await alert.waitFor();
  assert.match(await alert.innerText(), /Tên đăng nhập hoặc mật khẩu không đúng/);

  await signIn(page, ADMIN_PASSWORD);
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
