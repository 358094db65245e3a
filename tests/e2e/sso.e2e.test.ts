// End to end in a real browser: single sign-on through the platform's own OpenID provider.
// The demo administrator's first sign-in (code + PKCE, run by the server for the web app) enrols
// an authenticator; a second browser later signs in with a recovery code; a third-party browser
// application gets the person's consent and its own code + PKCE exchange; the account page lists
// both browsers' sessions and "sign out everywhere" ends the other one; a machine client's secret
// is shown once and works for client credentials; a sign-in with the app's next code and the
// user menu's sign-out finish the round.
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import type { Page } from "playwright-core";
import {
  ADMIN_PASSWORD,
  answerSecondFactor,
  enrolAuthenticator,
  newPage,
  startPlatform,
  submitPassword,
  totpNow,
  waitForSignInPage,
  type Platform,
  type SecondFactor,
} from "./support.ts";

let platform: Platform | undefined;
/** The browser application's redirect URI: a bare listener that records what it was sent. */
let spa: { server: http.Server; callback: string; received: URL[] };

before(async () => {
  platform = await startPlatform();
  const received: URL[] = [];
  const server = http.createServer((request, response) => {
    received.push(new URL(request.url ?? "/", "http://127.0.0.1"));
    response.writeHead(200, { "content-type": "text/plain" }).end("ok");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  spa = { server, callback: `http://127.0.0.1:${port}/callback`, received };
});

after(async () => {
  spa?.server.close();
  await platform?.stop();
});

const base = () => platform!.url;

async function pickOption(page: Page, field: string, search: string, title: string) {
  const input = page.getByLabel(field, { exact: true });
  await input.click();
  await input.fill(search);
  await page.locator(`.ant-select-item-option[title="${title}"]`).click();
}

/** Fills the registration form's owner: the ministry and one of its information systems. */
async function chooseOwner(page: Page, systemSearch: string, systemTitle: string) {
  await pickOption(page, "Cơ quan quản lý", "Bộ Nội vụ", "Bộ Nội vụ (000.00.00.G09)");
  await pickOption(page, "Hệ thống thông tin", systemSearch, systemTitle);
}

/** From the client registry's list to its registration form. */
async function openClientRegistration(page: Page) {
  await page.getByRole("heading", { level: 1, name: "Ứng dụng dùng đăng nhập một lần" }).waitFor();
  await page.getByRole("link", { name: "Đăng ký ứng dụng" }).click();
  await page.getByRole("heading", { level: 1, name: "Đăng ký ứng dụng" }).waitFor();
}

async function descriptionValue(page: Page, label: string) {
  const row = page.locator(".ant-descriptions-row", { hasText: label });
  return (await row.locator("code").first().innerText()).trim();
}

let factor: SecondFactor;

test("sso: first sign-in enrols an authenticator and lands on the page asked for", async () => {
  const page = await newPage(platform!.browser);
  await page.goto(`${base()}/account`);
  await waitForSignInPage(page);
  assert.match(page.url(), new RegExp(`^${base()}/interaction/`));
  await submitPassword(page, "admin", ADMIN_PASSWORD);
  factor = await enrolAuthenticator(page);
  assert.ok(
    factor.recoveryCodes.every((code) => /^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{2}$/.test(code)),
  );

  await page.waitForURL(`${base()}/account`);
  await page.getByRole("heading", { level: 1, name: "Tài khoản của tôi" }).waitFor();
  const secondFactor = page.getByRole("region", { name: "Xác thực hai yếu tố" });
  await secondFactor.getByText("Đang bật").waitFor();
  await secondFactor.getByText("10", { exact: true }).waitFor();
  await page.context().close();
});

test("sso: a machine client's secret is shown once and works for client credentials", async () => {
  const page = await newPage(platform!.browser);
  await page.goto(`${base()}/identity/clients`);
  await waitForSignInPage(page);
  await submitPassword(page, "admin", ADMIN_PASSWORD);
  await answerSecondFactor(page, factor.recoveryCodes.shift()!);
  await openClientRegistration(page);

  const name = "Hệ thống báo cáo gọi LGSP";
  await page.getByLabel("Tên ứng dụng").fill(name);
  await page.getByRole("radio", { name: /Hệ thống gọi dịch vụ/ }).check();
  await chooseOwner(page, "báo cáo", "Hệ thống thông tin báo cáo Bộ Nội vụ (HTTTBC)");
  await page.getByRole("checkbox", { name: /^LGSP \(/ }).check();
  await page.getByRole("checkbox", { name: /Gọi dịch vụ qua LGSP/ }).check();
  await page.getByRole("button", { name: "Đăng ký", exact: true }).click();

  const dialog = page.getByRole("dialog", { name: `Thông tin kết nối của ${name}` });
  await dialog.getByText("Mật khẩu ứng dụng chỉ hiện một lần này").waitFor();
  const clientId = await dialog.getByLabel("Mã ứng dụng (client_id)").inputValue();
  const secret = await dialog.getByLabel("Mật khẩu ứng dụng (client_secret)").inputValue();
  assert.match(secret, /^lts_/);
  await dialog.getByRole("button", { name: "Tôi đã lưu mật khẩu ứng dụng" }).click();

  await page.getByRole("heading", { level: 1, name }).waitFor();
  assert.equal(await descriptionValue(page, "Mã ứng dụng"), clientId);
  await page.reload();
  await page.getByRole("heading", { level: 1, name }).waitFor();
  assert.ok(!(await page.content()).includes(secret), "the secret is not shown again");

  const token = await fetch(`${base()}/oidc/token`, {
    method: "POST",
    headers: {
      authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString("base64")}`,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      scope: "lgsp",
      resource: `${base()}/gw`,
    }),
  });
  assert.equal(token.status, 200, await token.clone().text());
  assert.ok(((await token.json()) as { access_token?: string }).access_token);
  await page.context().close();
});

test("sso: consent, sessions on two browsers, sign out everywhere, sign in again", async () => {
  const page = await newPage(platform!.browser);
  await page.goto(`${base()}/`);
  await waitForSignInPage(page);
  await submitPassword(page, "admin", ADMIN_PASSWORD);
  await answerSecondFactor(page, factor.recoveryCodes.shift()!);
  await page.getByRole("heading", { level: 1, name: "Tra cứu cơ quan, tổ chức" }).waitFor();

  // A browser application of another unit, registered through the form, asks for consent.
  await page.getByRole("menuitem", { name: "Ứng dụng dùng SSO" }).click();
  await openClientRegistration(page);
  const appName = "Cổng dịch vụ công thử nghiệm";
  await page.getByLabel("Tên ứng dụng").fill(appName);
  await page.getByRole("radio", { name: /Ứng dụng trình duyệt hoặc di động/ }).check();
  await chooseOwner(page, "Cổng", "Cổng thông tin điện tử Bộ Nội vụ (CONGTTDT)");
  await page.getByLabel("Địa chỉ quay lại sau đăng nhập (redirect URI)").fill(spa.callback);
  await page.getByRole("button", { name: "Đăng ký", exact: true }).click();
  await page.getByRole("heading", { level: 1, name: appName }).waitFor();
  const spaClientId = await descriptionValue(page, "Mã ứng dụng");

  const verifier = randomBytes(32).toString("base64url");
  const authorize = new URL(`${base()}/oidc/auth`);
  authorize.search = new URLSearchParams({
    client_id: spaClientId,
    response_type: "code",
    scope: "openid profile",
    redirect_uri: spa.callback,
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
    state: "state-1",
    nonce: "nonce-1",
  }).toString();
  await page.goto(authorize.toString());
  await page.getByRole("heading", { level: 1, name: "Cho phép truy cập" }).waitFor();
  const scopes = page.getByRole("list", { name: "Những gì ứng dụng được phép" });
  assert.match(await scopes.innerText(), /Định danh[\s\S]*Họ tên, tên đăng nhập/);
  assert.match(await page.getByRole("main").innerText(), new RegExp(appName));
  await page.getByRole("button", { name: "Cho phép" }).click();
  await page.waitForURL((url) => url.href.startsWith(spa.callback));
  // The browser may also ask the application's origin for /favicon.ico: take the callback itself.
  const callback = spa.received.filter((url) => url.searchParams.has("code")).at(-1);
  assert.equal(callback?.searchParams.get("state"), "state-1");
  const exchanged = await fetch(`${base()}/oidc/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code: callback!.searchParams.get("code")!,
      redirect_uri: spa.callback,
      client_id: spaClientId,
      code_verifier: verifier,
    }),
  });
  assert.equal(exchanged.status, 200, await exchanged.clone().text());
  assert.ok(((await exchanged.json()) as { id_token?: string }).id_token);

  // A second browser signs in with a recovery code and stays on the page it asked for.
  const other = await newPage(platform!.browser);
  await other.goto(`${base()}/account`);
  await waitForSignInPage(other);
  await submitPassword(other, "admin", ADMIN_PASSWORD);
  await answerSecondFactor(other, factor.recoveryCodes.shift()!);
  await other.waitForURL(`${base()}/account`);
  await other.getByRole("heading", { level: 1, name: "Tài khoản của tôi" }).waitFor();

  // The first browser reaches its account page through the user menu.
  await page.goto(`${base()}/`);
  await page.getByRole("button", { name: "Quản trị hệ thống" }).click();
  await page.getByRole("menuitem", { name: "Tài khoản của tôi" }).click();
  await page.getByRole("heading", { level: 1, name: "Tài khoản của tôi" }).waitFor();
  const applications = page.getByRole("region", { name: "Ứng dụng được truy cập tài khoản" });
  await applications.getByText(appName).waitFor();
  const sessions = page.getByRole("region", { name: "Phiên đăng nhập và thiết bị" });
  await sessions.getByText("Thiết bị này").waitFor();
  const rows = sessions.locator("tbody tr.ant-table-row");
  await rows.nth(1).waitFor();
  assert.ok((await rows.count()) >= 2, "both browsers are listed");
  assert.match(await rows.first().innerText(), /Chrome trên Linux/);
  assert.match(await rows.first().innerText(), /Đăng nhập một lần \(SSO\)/);

  await sessions.getByRole("button", { name: "Đăng xuất khỏi mọi nơi" }).click();
  await page
    .locator(".ant-popconfirm")
    .getByRole("button", { name: "Đăng xuất khỏi mọi nơi" })
    .click();
  await finishProviderSignOut(page);

  // The other browser's session ended with it: its next page sends it to sign in.
  assert.equal((await other.request.get(`${base()}/api/v1/identity/me`)).status(), 401);
  await other.reload();
  await waitForSignInPage(other);
  await other.context().close();

  // Signing in again needs the password and the app's code (the next one: each is used once).
  await page.getByRole("link", { name: "Đăng nhập lại" }).click();
  await waitForSignInPage(page);
  await submitPassword(page, "admin", ADMIN_PASSWORD);
  await answerSecondFactor(page, totpNow(factor.secret, 1));
  await page.getByRole("heading", { level: 1, name: "Tra cứu cơ quan, tổ chức" }).waitFor();

  await page.getByRole("button", { name: "Quản trị hệ thống" }).click();
  await page.getByRole("menuitem", { name: "Đăng xuất" }).click();
  await finishProviderSignOut(page);
  await page.goto(`${base()}/directory/organizations`);
  await waitForSignInPage(page);
  await page.context().close();
});

/** The provider may ask to confirm the sign-out on its own page; either way it ends on /signed-out. */
async function finishProviderSignOut(page: Page) {
  const confirm = page.getByRole("button", { name: "Đăng xuất / Sign out" });
  const done = page.getByRole("heading", { level: 1, name: "Bạn đã đăng xuất" });
  await confirm.or(done).waitFor();
  if (await confirm.isVisible()) await confirm.click();
  await done.waitFor();
  assert.equal(new URL(page.url()).pathname, "/signed-out");
}
