// What the browser tests share: the built web app served by a real `lienthong start` process,
// Debian's Chromium driven by playwright-core, and the sign-in through the platform's own
// OpenID provider (interaction pages, authenticator enrolment, second factor).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { after, before } from "node:test";
import { chromium, type Browser, type Page } from "playwright-core";
import { base32Decode, totp } from "../../apps/server/src/modules/identity/mfa/totp.ts";
import {
  startServerProcess,
  tempDataDir,
  type ServerProcess,
} from "../../apps/server/src/core/testing/processes.ts";

const root = path.resolve(import.meta.dirname, "../..");
/** Strong, and containing no demo username (the password policy refuses that). */
export const ADMIN_PASSWORD = "Xuan-Thu-Ha-Dong-7391!";
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

export type Platform = { url: string; browser: Browser; stop(): Promise<void> };

/** Builds the web app if its sources changed, starts the server on a fresh data directory and Chromium. */
export async function startPlatform(env: Record<string, string> = {}): Promise<Platform> {
  const build = spawnSync(process.execPath, ["scripts/ensure-web-build.mjs"], {
    cwd: root,
    encoding: "utf8",
    timeout: 300_000,
  });
  assert.equal(build.status, 0, `web build failed:\n${build.stdout}\n${build.stderr}`);
  const dataDir = tempDataDir("lt-e2e-");
  let server: ServerProcess | undefined;
  let browser: Browser | undefined;
  const stop = async () => {
    await browser?.close().catch(() => undefined);
    if (server) await stopBounded(server);
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    server = await startServerProcess({
      DATA_DIR: dataDir,
      DEMO_ADMIN_PASSWORD: ADMIN_PASSWORD,
      ...env,
    });
    browser = await chromium.launch({
      executablePath: "/usr/bin/chromium",
      args: CHROMIUM_ARGS,
      timeout: 60_000,
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: server.url, browser, stop };
}

/** SIGTERM, then SIGKILL if the server has not exited within 15 s. */
async function stopBounded(process: ServerProcess) {
  const timeout = new Promise<"timeout">((resolve) =>
    setTimeout(() => resolve("timeout"), 15_000).unref(),
  );
  if ((await Promise.race([process.stop(), timeout])) === "timeout") await process.kill();
}

/** A fresh browser profile (its own cookies), in Vietnamese. */
export async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({
    locale: "vi-VN",
    viewport: { width: 1400, height: 900 },
  });
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  page.setDefaultNavigationTimeout(STEP_TIMEOUT_MS);
  const events: string[] = [];
  const note = (line: string) => {
    events.push(`${new Date().toISOString()} ${line}`);
    if (events.length > 40) events.shift();
  };
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") note(`console.${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (error) => note(`page error: ${error.message}`));
  page.on("response", (r) => {
    if (r.status() >= 400) note(`${r.request().method()} ${r.url()} → ${r.status()}`);
  });
  pageEvents.set(page, events);
  return page;
}

const pageEvents = new WeakMap<Page, string[]>();

/**
 * Runs a test's steps; when one fails, prints what the page showed (address, text, the last
 * errors and refused requests) before the failure, so a failure on CI can be read from its log.
 */
export async function withDiagnostics(page: Page, steps: () => Promise<void>): Promise<void> {
  try {
    await steps();
  } catch (error) {
    const text = await page
      .locator("body")
      .innerText({ timeout: 2_000 })
      .catch(() => "(unreadable)");
    console.error(
      [
        `--- page at failure: ${page.url()}`,
        text.slice(0, 3_000),
        "--- recent page events:",
        ...(pageEvents.get(page) ?? []),
        "---",
      ].join("\n"),
    );
    throw error;
  }
}

/** The provider's sign-in page for this browser, reached by opening any page of the app. */
export async function waitForSignInPage(page: Page) {
  await page.waitForURL(/\/interaction\/[^/]+$/);
  await page.getByRole("heading", { level: 1, name: "Đăng nhập" }).waitFor();
}

export async function submitPassword(page: Page, username: string, password: string) {
  await page.getByLabel("Tên đăng nhập").fill(username);
  await page.getByLabel("Mật khẩu").fill(password);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
}

/** What the person keeps after enrolling: the authenticator's secret and the recovery codes. */
export type SecondFactor = { secret: string; recoveryCodes: string[] };

/**
 * The enrolment step of a first sign-in: reads the secret shown for typing by hand (as a person
 * without a camera would), answers with the app's current code, and keeps the recovery codes.
 */
export async function enrolAuthenticator(page: Page): Promise<SecondFactor> {
  await page.getByRole("heading", { level: 1, name: "Thiết lập xác thực hai yếu tố" }).waitFor();
  await page.getByRole("img", { name: /Mã QR/ }).waitFor();
  const secret = (await page.getByLabel("Khóa bí mật (nhập mã thủ công)").inputValue()).replace(
    /\s/g,
    "",
  );
  await page.getByLabel("Mã 6 số từ ứng dụng").fill(totpNow(secret));
  await page.getByRole("button", { name: "Xác nhận và bật" }).click();
  await page.getByRole("heading", { level: 1, name: "Lưu mã khôi phục" }).waitFor();
  const list = page.getByRole("list", { name: "Mã khôi phục" });
  const recoveryCodes = await list.getByRole("listitem").allInnerTexts();
  assert.equal(recoveryCodes.length, 10);
  await page.getByRole("button", { name: "Tiếp tục" }).click();
  return { secret, recoveryCodes };
}

/** The app's code for now, or for the next 30-second step (a step is accepted only once). */
export function totpNow(secret: string, stepsAhead = 0): string {
  return totp(base32Decode(secret), new Date(Date.now() + stepsAhead * 30_000));
}

/** The second-factor step of a later sign-in, with a code from the app or a recovery code. */
export async function answerSecondFactor(page: Page, code: string) {
  await page.getByRole("heading", { level: 1, name: "Xác thực hai yếu tố" }).waitFor();
  await page.getByLabel("Mã xác thực").fill(code);
  await page.getByRole("button", { name: "Xác nhận" }).click();
}

/** Starts one platform for the test file before its tests and stops it after; call at top level. */
export function platformForFile(env: Record<string, string> = {}): () => Platform {
  let platform: Platform | undefined;
  before(async () => {
    platform = await startPlatform(env);
  });
  after(async () => {
    await platform?.stop();
  });
  return () => platform!;
}

/**
 * Signs the demo administrator in on a fresh page (the first sign-in enrols an authenticator) and
 * waits for the start page.
 */
export async function signInAsAdmin(page: Page, platform: Platform): Promise<void> {
  await page.goto(platform.url);
  await waitForSignInPage(page);
  await submitPassword(page, "admin", ADMIN_PASSWORD);
  await enrolAuthenticator(page);
  await page.getByRole("heading", { level: 1, name: "Tra cứu cơ quan, tổ chức" }).waitFor();
}

/**
 * Switches the app's language with the switch in its header (`label` is the switch's name in the
 * current language, `option` the language's own name). The list opens under the page header; when
 * the page is still settling (a button's spinner leaving, a result appearing) the list can close
 * before the click lands, so it is opened again, within the usual 20 s.
 */
export async function switchLanguage(page: Page, label: string, option: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    await page.getByRole("combobox", { name: label }).click();
    try {
      await page.getByTitle(option, { exact: true }).click({ timeout: 3_000 });
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await page.keyboard.press("Escape");
    }
  }
}
