// End to end across two real applications in one Chromium: the platform (`lienthong start` with
// the demo seed) and `examples/sso-demo-app`, registered by that seed as the SSO client
// `lienthong-example`. Signed in to the platform, the example app signs the person in without
// asking again; signing out of the example app ends the platform's session; signing out of the
// platform ends the example app's session over the back channel.
//
// The platform's sign-in pages are driven through the same JSON endpoints the web app's pages
// call (`POST /interaction/:uid/login`), from a page at `/interaction/:uid` with the browser's
// cookies, so this test does not depend on how those pages look.
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { after, before, test } from "node:test";
import { generateKeyPair, SignJWT } from "jose";
import { chromium, type Browser, type Page } from "playwright-core";
import {
  childEnv,
  startServerProcess,
  tempDataDir,
  type ServerProcess,
} from "../../apps/server/src/core/testing/processes.ts";
import {
  EXAMPLE_APP_URL,
  EXAMPLE_CLIENT_ID,
} from "../../apps/server/src/modules/identity/oidc/demo-clients.ts";

const root = path.resolve(import.meta.dirname, "../..");
/** Strong, and containing no demo username (the password policy refuses that). */
const DEMO_PASSWORD = "Xuan-Thu-Ha-Dong-7391!";
/** A clerk at Bộ Nội vụ: no second factor is required for this role. */
const CLERK = { username: "vanthu", name: "Nguyễn Thị Lan (Văn thư)" };
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
let platform: ServerProcess | undefined;
let example: { child: ChildProcess; output(): string } | undefined;
let browser: Browser | undefined;

before(async () => {
  const build = spawnSync(process.execPath, ["scripts/ensure-web-build.mjs"], {
    cwd: root,
    encoding: "utf8",
    timeout: 300_000,
  });
  assert.equal(build.status, 0, `web build failed:\n${build.stdout}\n${build.stderr}`);
  const port = Number(new URL(EXAMPLE_APP_URL).port);
  assert.ok(
    await portIsFree(port),
    `port ${port} is in use: the demo seed registers the example app at ${EXAMPLE_APP_URL}`,
  );
  dataDir = tempDataDir("lt-e2e-sso-");
  platform = await startServerProcess({ DATA_DIR: dataDir, DEMO_ADMIN_PASSWORD: DEMO_PASSWORD });
  example = await startExampleApp(port);
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
    timeout: 60_000,
  });
});

after(async () => {
  await browser?.close().catch(() => undefined);
  if (example && example.child.exitCode === null) {
    const exited = new Promise((resolve) => example!.child.once("exit", resolve));
    example.child.kill("SIGTERM");
    await exited;
  }
  if (platform) await stopBounded(platform);
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

async function portIsFree(port: number) {
  return new Promise<boolean>((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

/** `node examples/sso-demo-app/server.mjs`, reading the settings the seed wrote to DATA_DIR. */
async function startExampleApp(port: number) {
  const child = spawn(process.execPath, ["examples/sso-demo-app/server.mjs"], {
    cwd: root,
    env: childEnv({ DATA_DIR: dataDir, PORT: String(port) }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`example app exited:\n${output}`);
    const ready = await fetch(`${EXAMPLE_APP_URL}/`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return { child, output: () => output };
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`example app not ready:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** SIGTERM, then SIGKILL if the server has not exited within 15 s. */
async function stopBounded(process: ServerProcess) {
  const timeout = new Promise<"timeout">((resolve) =>
    setTimeout(() => resolve("timeout"), 15_000).unref(),
  );
  if ((await Promise.race([process.stop(), timeout])) === "timeout") await process.kill();
}

/**
 * Signs in to the platform: `/auth/login`, the provider, then the interaction's password step.
 * The interaction page itself is replaced by an empty page of the same origin, so whatever the
 * web app renders there cannot navigate away while the test calls its endpoints.
 */
async function signInToPlatform(page: Page) {
  const base = platform!.url;
  const interactionPage = /\/interaction\/[^/?#]+$/;
  await page.route(interactionPage, (route) =>
    route.request().isNavigationRequest()
      ? route.fulfill({ contentType: "text/html", body: "<!doctype html><title>Đăng nhập</title>" })
      : route.fallback(),
  );
  await page.goto(`${base}/auth/login?returnTo=/`);
  await page.waitForURL(interactionPage);
  await page.unroute(interactionPage);
  const uid = /\/interaction\/([^/?#]+)/.exec(page.url())![1]!;
  const login = await page.evaluate(
    async ({ uid, username, password }) => {
      const response = await fetch(`/interaction/${uid}/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username, password }),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },
    { uid, username: CLERK.username, password: DEMO_PASSWORD },
  );
  assert.equal(login.status, 200, JSON.stringify(login.body));
  assert.equal(login.body.next, undefined, "a clerk needs no second factor");
  await page.goto(String(login.body.redirectTo));
  await page.waitForURL(`${base}/`);
  assert.equal(await platformSessionStatus(page), 200);
}

/** GET /api/v1/identity/me with this browser context's cookies. */
async function platformSessionStatus(page: Page) {
  const response = await page.context().request.get(`${platform!.url}/api/v1/identity/me`);
  return response.status();
}

async function waitForPlatformSignedOut(page: Page) {
  const deadline = Date.now() + 10_000;
  while ((await platformSessionStatus(page)) !== 401) {
    assert.ok(Date.now() < deadline, "the platform's session ended");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Opens the example app and signs in there; returns every URL the browser went through. */
async function signInToExample(page: Page) {
  await page.goto(`${EXAMPLE_APP_URL}/`);
  await page.getByRole("heading", { name: "Chưa đăng nhập" }).waitFor();
  const visited: string[] = [];
  const record = (frame: { url(): string }) => visited.push(frame.url());
  page.on("framenavigated", record);
  await page.getByRole("link", { name: "Đăng nhập bằng tài khoản Liên Thông" }).click();
  await page.getByRole("heading", { name: "Đã đăng nhập bằng tài khoản Liên Thông" }).waitFor();
  page.off("framenavigated", record);
  return visited;
}

/** A well-formed logout token for the example app, signed by a key that is not the provider's. */
async function forgedLogoutToken() {
  const { privateKey } = await generateKeyPair("RS256");
  const issuer = `${platform!.url}/oidc`;
  return new SignJWT({
    events: { "http://schemas.openid.net/event/backchannel-logout": {} },
    sid: "any",
  })
    .setProtectedHeader({ alg: "RS256", typ: "logout+jwt" })
    .setIssuer(issuer)
    .setAudience(EXAMPLE_CLIENT_ID)
    .setIssuedAt()
    .setJti(randomUUID())
    .setSubject("any")
    .sign(privateKey);
}

async function confirmProviderSignOut(page: Page) {
  await page.getByRole("heading", { name: "Đăng xuất khỏi Liên Thông?" }).waitFor();
  await page.getByRole("button", { name: "Đăng xuất / Sign out" }).click();
}

test("SSO across two apps: sign in once, sign out from either app ends both", async () => {
  const context = await browser!.newContext({ locale: "vi-VN" });
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  page.setDefaultNavigationTimeout(STEP_TIMEOUT_MS);

  // Signed in to the platform, the example app signs in without a second password prompt.
  await signInToPlatform(page);
  const visited = await signInToExample(page);
  assert.ok(
    visited.every((url) => !/\/interaction\//.test(url)),
    `no sign-in page on the way: ${visited.join(" -> ")}`,
  );
  assert.equal(await page.locator('[data-claim="name"]').innerText(), CLERK.name);
  assert.equal(await page.locator('[data-claim="preferred_username"]').innerText(), "vanthu");
  assert.match(
    await page.locator('[data-claim="org"]').innerText(),
    /^Bộ Nội vụ 000\.00\.00\.G09$/,
  );
  assert.match(await page.locator('[data-claim="roles"]').innerText(), /Văn thư/);

  // Signing out of the example app (RP-initiated logout, confirmed on the provider's page) lands
  // back on the example app signed out, and the platform's session is gone too.
  await page.getByRole("button", { name: "Đăng xuất" }).click();
  await confirmProviderSignOut(page);
  await page.waitForURL(`${EXAMPLE_APP_URL}/`);
  await page.getByRole("heading", { name: "Chưa đăng nhập" }).waitFor();
  await waitForPlatformSignedOut(page);

  // Signed in to both again, then signing out of the platform: the example app's session ends
  // over the back channel, although the browser still holds its cookie.
  await signInToPlatform(page);
  await signInToExample(page);
  const exampleCookie = (await context.cookies(EXAMPLE_APP_URL)).find((c) => c.name === "sso_demo");
  assert.ok(exampleCookie, "the example app's session cookie is set");
  const forged = await fetch(`${EXAMPLE_APP_URL}/backchannel-logout`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ logout_token: await forgedLogoutToken() }).toString(),
  });
  assert.equal(forged.status, 400, "a logout token not signed by the provider is refused");
  await page.goto(`${platform!.url}/`);
  const logout = await page.evaluate(async () => {
    const me = (await (await fetch("/api/v1/identity/me")).json()) as { csrfToken: string };
    const response = await fetch("/api/v1/identity/logout", {
      method: "POST",
      headers: { "content-type": "application/json", "x-csrf-token": me.csrfToken },
      body: "{}",
    });
    return { status: response.status, body: (await response.json()) as { redirectTo: string } };
  });
  assert.equal(logout.status, 200);
  assert.match(logout.body.redirectTo, /\/oidc\/session\/end\?/);
  await page.goto(logout.body.redirectTo);
  await confirmProviderSignOut(page);
  await page.waitForURL(/\/signed-out/);
  await waitForPlatformSignedOut(page);

  const stillHeld = (await context.cookies(EXAMPLE_APP_URL)).find((c) => c.name === "sso_demo");
  assert.equal(
    stillHeld?.value,
    exampleCookie.value,
    "the browser did not sign out of the example",
  );
  await page.goto(`${EXAMPLE_APP_URL}/`);
  await page.getByRole("heading", { name: "Chưa đăng nhập" }).waitFor();
  assert.match(example!.output(), /back-channel logout: sid \S+, 1 session\(s\) ended/);
  await context.close();
});
