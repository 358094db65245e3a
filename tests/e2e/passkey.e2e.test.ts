// End to end in a real browser: a passkey as the second factor. WebAuthn refuses an IP address as
// the relying party, so the platform runs with PUBLIC_URL http://localhost:PORT (localhost is a
// secure context over http) and the browser reaches it there through a small TCP relay to the
// server's own 127.0.0.1 address. Chromium's virtual authenticator (DevTools protocol) stands in
// for a security key. The demo administrator enrols an authenticator app at the first sign-in,
// adds a passkey on the account page (proving the app with a recovery code), signs out, and signs
// in again with password and passkey.
import assert from "node:assert/strict";
import net from "node:net";
import { after, before, test } from "node:test";
import { freePort } from "../../apps/server/src/core/testing/processes.ts";
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
let relay: net.Server | undefined;
let base = "";

before(async () => {
  const port = await freePort();
  base = `http://localhost:${port}`;
  platform = await startPlatform({ PUBLIC_URL: base });
  const target = new URL(platform.url);
  relay = net.createServer((socket) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    socket.pipe(upstream).pipe(socket);
    socket.on("error", () => upstream.destroy());
    upstream.on("error", () => socket.destroy());
  });
  await new Promise<void>((resolve) => relay!.listen(port, "127.0.0.1", resolve));
});

after(async () => {
  await new Promise((resolve) => (relay ? relay.close(resolve) : resolve(undefined)));
  await platform?.stop();
});

test("passkey: register on the account page, sign out, sign in with password and passkey", async () => {
  const page = await newPage(platform!.browser);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
    },
  });

  await page.goto(`${base}/account`);
  await waitForSignInPage(page);
  await submitPassword(page, "admin", ADMIN_PASSWORD);
  const { recoveryCodes } = await enrolAuthenticator(page);
  await page.waitForURL(`${base}/account`);
  const section = page.getByRole("region", { name: "Khóa bảo mật / passkey" });
  await section.getByText("Chưa có khóa bảo mật nào").waitFor();

  await section.getByRole("button", { name: "Thêm khóa bảo mật / passkey" }).click();
  const dialog = page.getByRole("dialog", { name: "Thêm khóa bảo mật / passkey" });
  await dialog.getByLabel("Tên khóa").fill("Khóa thử nghiệm");
  await dialog.getByLabel("Mã xác thực hiện tại hoặc mã khôi phục").fill(recoveryCodes[0]!);
  await dialog.getByRole("button", { name: "Tạo khóa bảo mật / passkey" }).click();
  await section.getByText("Khóa thử nghiệm").waitFor();
  await section.getByText(/Chưa dùng lần nào/).waitFor();
  const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
  assert.equal(credentials.length, 1);
  assert.equal(credentials[0]!.rpId, "localhost");

  // Sign out of the platform and of the single sign-on.
  const { redirectTo } = await page.evaluate(async () => {
    const me = (await (await fetch("/api/v1/identity/me")).json()) as { csrfToken: string };
    const response = await fetch("/api/v1/identity/logout", {
      method: "POST",
      headers: { "content-type": "application/json", "x-csrf-token": me.csrfToken },
      body: "{}",
    });
    return (await response.json()) as { redirectTo: string };
  });
  await page.goto(redirectTo);
  await page.getByRole("heading", { name: "Đăng xuất khỏi Liên Thông?" }).waitFor();
  await page.getByRole("button", { name: "Đăng xuất / Sign out" }).click();
  await page.waitForURL(/\/signed-out/);

  await page.goto(`${base}/account`);
  await waitForSignInPage(page);
  await submitPassword(page, "admin", ADMIN_PASSWORD);
  await page.getByRole("heading", { level: 1, name: "Xác thực hai yếu tố" }).waitFor();
  await page.getByRole("button", { name: "Dùng khóa bảo mật / passkey" }).click();
  await page.waitForURL(`${base}/account`);
  await section.getByText("Khóa thử nghiệm").waitFor();
  await section.getByText(/Dùng lần cuối/).waitFor();
  const after = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
  assert.ok(after.credentials[0]!.signCount > credentials[0]!.signCount, "the counter moved on");
  await page.context().close();
});
