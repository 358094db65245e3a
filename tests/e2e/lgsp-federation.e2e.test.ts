// End to end in a real browser: the federation page against a real `lienthong start`. The demo
// administrator reads this platform's fingerprint, adds the national platform as a peer with a
// certificate made by openssl (a plain-http address is refused at the field first), finds its
// catalogue unreachable, suspends it with a reason, resumes it, re-scopes it and removes it; the
// audit trail shows each change.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { test } from "node:test";
import { newPage, platformForFile, signInAsAdmin, withDiagnostics } from "./support.ts";

const platform = platformForFile();

/** A self-signed P-256 certificate, as another platform would send it. */
function peerCertificate(): string {
  return execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:P-256",
      "-nodes",
      "-keyout",
      "/dev/null",
      "-subj",
      "/CN=ndxp.gov.vn",
      "-days",
      "30",
    ],
    { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
  );
}

test("lgsp federation: add a peer, suspend with a reason, resume, edit, remove", async () => {
  const page = await newPage(platform().browser);
  await withDiagnostics(page, async () => {
    await signInAsAdmin(page, platform());

    const nav = page.getByRole("navigation", { name: "Điều hướng chính" });
    await nav.getByRole("menuitem", { name: "Liên kết nền tảng" }).click();
    await page.getByRole("heading", { level: 1, name: "Liên kết với nền tảng khác" }).waitFor();
    const instance = page.getByRole("region", { name: "Chứng thư của nền tảng này" });
    await instance.getByText(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/).waitFor();
    const peers = page.getByRole("region", { name: "Các nền tảng liên kết" });
    await peers.getByText("Chưa liên kết với nền tảng nào").waitFor();

    // Add: an http:// address is refused at the field, then the peer is pinned.
    await page.getByRole("button", { name: "Thêm nền tảng liên kết" }).first().click();
    const dialog = page.getByRole("dialog", { name: "Thêm nền tảng liên kết" });
    await dialog.getByLabel("Tên", { exact: true }).fill("ndxp");
    await dialog.getByLabel("Địa chỉ cổng liên kết").fill("http://127.0.0.1:9");
    const orgCodes = dialog.getByLabel("Cơ quan được phục vụ");
    await orgCodes.fill("000.00.00.H01");
    await orgCodes.press("Enter");
    await dialog.getByLabel("Chứng thư", { exact: true }).fill(peerCertificate());
    await dialog.getByRole("button", { name: "Thêm nền tảng liên kết" }).click();
    await dialog.getByText("Phải là địa chỉ https://").waitFor();
    await dialog.getByLabel("Địa chỉ cổng liên kết").fill("https://127.0.0.1:9");
    await dialog.getByRole("button", { name: "Thêm nền tảng liên kết" }).click();
    await page.getByText("Đã thêm nền tảng liên kết").waitFor();
    const row = peers.getByRole("row", { name: /ndxp/ });
    await row.waitFor();
    assert.match(await row.innerText(), /Đang hoạt động/);
    assert.match(await row.innerText(), /000\.00\.00\.H01/);
    // Its catalogue cannot be read: nothing listens there.
    await page.getByText("Không lấy được danh mục của: ndxp").waitFor();

    // Suspend: the reason is required, then shown.
    await row.getByRole("button", { name: "Tạm ngừng liên kết ndxp" }).click();
    const suspend = page.getByRole("dialog", { name: "Tạm ngừng liên kết ndxp" });
    await suspend.getByLabel("Lý do").waitFor();
    await suspend.getByRole("button", { name: "Tạm ngừng" }).click();
    await suspend.getByText("Vui lòng nêu lý do").waitFor();
    await suspend.getByLabel("Lý do").fill("Bảo trì đường truyền liên thông");
    await suspend.getByRole("button", { name: "Tạm ngừng" }).click();
    await page.getByText("Đã tạm ngừng liên kết").waitFor();
    await peers.getByRole("row", { name: /Tạm ngừng\s*Bảo trì đường truyền liên thông/ }).waitFor();

    // Resume, then serve one more agency.
    await row.getByRole("button", { name: "Khôi phục liên kết ndxp" }).click();
    await page.getByText("Đã khôi phục liên kết").waitFor();
    await peers.getByRole("row", { name: /ndxp.*Đang hoạt động/s }).waitFor();
    await row.getByRole("button", { name: "Sửa liên kết ndxp" }).click();
    const edit = page.getByRole("dialog", { name: "Sửa liên kết ndxp" });
    const editCodes = edit.getByLabel("Cơ quan được phục vụ");
    await editCodes.fill("000.00.00.G09");
    await editCodes.press("Enter");
    await edit.getByRole("button", { name: "Lưu" }).click();
    await page.getByText("Đã lưu thay đổi").waitFor();
    await peers.getByRole("row", { name: /000\.00\.00\.G09/ }).waitFor();

    // Remove, after confirming.
    await row.getByRole("button", { name: "Gỡ liên kết ndxp" }).click();
    await page.getByRole("tooltip").getByRole("button", { name: "Gỡ" }).click();
    await page.getByText("Đã gỡ nền tảng liên kết").waitFor();
    await peers.getByText("Chưa liên kết với nền tảng nào").waitFor();

    // Each change is in the audit trail.
    const audit = await page.evaluate(async () => {
      const response = await fetch("/api/v1/audit/events?action=exchange.peer_&limit=20");
      return (await response.json()) as { items: { action: string }[] };
    });
    const actions = audit.items.map((i) => i.action).sort();
    assert.deepEqual(actions, [
      "exchange.peer_added",
      "exchange.peer_removed",
      "exchange.peer_resumed",
      "exchange.peer_suspended",
      "exchange.peer_updated",
    ]);
  });
  await page.context().close();
});
