// End to end in a real browser: an official document from draft to the recipient's desk, through
// the web app of a real `lienthong start` with the demo seed. At the Ministry of Home Affairs a
// specialist drafts a công văn and uploads its PDF, and submits it; the leader signs it with a
// handwritten signature image; the clerk numbers it, applies the agency's signature and issues it
// to Hà Nội's Department of Home Affairs. The platform's delivery job carries the package over;
// the department's clerk finds it among the incoming documents, reads the signature checks (all
// valid), and accepts it; the ministry's page then shows the department's status "Đã tiếp nhận".
import assert from "node:assert/strict";
import fs from "node:fs";
import { test } from "node:test";
import type { Locator, Page } from "playwright-core";
import { signInOverHttp } from "../../apps/server/src/core/testing/processes.ts";
import { makeSignaturePng, makeTestPdf } from "../../packages/pki/src/pdf/test-documents.ts";
import {
  ADMIN_PASSWORD,
  newPage,
  platformForFile,
  submitPassword,
  waitForSignInPage,
  withDiagnostics,
} from "./support.ts";

const platform = platformForFile();

const MINISTRY = "000.00.00.G09";
const HANOI = "000.00.05.H01";
const HANOI_NAME = "Sở Nội vụ Thành phố Hà Nội";
/** The delivery job runs every 15 s, and the recipient's status comes back the same way. */
const DELIVERY_DEADLINE_MS = 90_000;

/** Accounts the demo seed lacks: a specialist at the ministry and a clerk at Hà Nội's department. */
const SPECIALIST = { username: "chuyenvien.bnv", displayName: "Hoàng Minh Đức (Chuyên viên)" };
const HANOI_CLERK = { username: "vanthu.snv.hn", displayName: "Vũ Thị Mai (Văn thư Sở Nội vụ)" };

async function createAccounts(url: string) {
  const headers = await signInOverHttp(url, { username: "admin", password: ADMIN_PASSWORD });
  for (const [account, organizationCode, role] of [
    [SPECIALIST, MINISTRY, "specialist"],
    [HANOI_CLERK, HANOI, "clerk"],
  ] as const) {
    const response = await fetch(`${url}/api/v1/identity/users`, {
      method: "POST",
      headers,
      body: JSON.stringify({
        ...account,
        organizationCode,
        roles: [role],
        password: ADMIN_PASSWORD,
      }),
    });
    assert.equal(response.status, 201, await response.text());
  }
}

/** Opens `path` on a fresh browser profile and signs in there (no second factor for these roles). */
async function signedIn(username: string, path: string): Promise<Page> {
  const page = await newPage(platform().browser);
  await page.goto(`${platform().url}${path}`);
  await waitForSignInPage(page);
  await submitPassword(page, username, ADMIN_PASSWORD);
  await page.waitForURL(`${platform().url}${path}`);
  return page;
}

const heading = (page: Page, name: string) =>
  page.getByRole("heading", { level: 1, name, exact: true }).waitFor();

const region = (page: Page, name: string) => page.getByRole("region", { name, exact: true });

/** The document's status tag, right under its title. */
const statusShown = (page: Page, status: string) =>
  page
    .locator(".ant-tag", { hasText: new RegExp(`^${status}$`) })
    .first()
    .waitFor();

/** Clicks an action of the document page, then the same-named button of its dialog. */
async function actInDialog(page: Page, action: string, fill?: (dialog: Locator) => Promise<void>) {
  await page.getByRole("button", { name: action, exact: true }).click();
  const dialog = page.getByRole("dialog");
  await dialog.waitFor();
  await fill?.(dialog);
  await dialog.getByRole("button", { name: action, exact: true }).click();
  await dialog.waitFor({ state: "hidden" });
}

test("documents: draft, sign, number, seal, issue; the recipient sees valid signatures and accepts", async () => {
  await createAccounts(platform().url);
  const subject = `Về việc triển khai liên thông văn bản điện tử năm ${new Date().getFullYear()}`;

  // The specialist drafts the công văn and uploads its PDF, then submits it.
  const specialist = await signedIn(SPECIALIST.username, "/documents/outgoing");
  let documentPath = "";
  await withDiagnostics(specialist, async () => {
    await heading(specialist, "Văn bản đi");
    const nav = specialist.getByRole("navigation", { name: "Điều hướng chính" });
    await nav.getByRole("menuitem", { name: "Soạn văn bản" }).click();
    await heading(specialist, "Soạn văn bản");
    await specialist.getByLabel("Độ khẩn", { exact: true }).click();
    await specialist.getByTitle("Khẩn", { exact: true }).click();
    await specialist.getByLabel("Trích yếu", { exact: true }).fill(subject);
    await specialist.getByLabel("Đơn vị soạn thảo", { exact: true }).fill("VP");
    await specialist.getByLabel("Họ tên người ký", { exact: true }).fill("Trần Văn Minh");
    await specialist.getByLabel("Chức vụ người ký", { exact: true }).fill("Thứ trưởng");
    await specialist.locator("input[type=file]").setInputFiles({
      name: "du-thao-cong-van.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from(await makeTestPdf({ pages: 2 })),
    });
    await specialist.getByText("du-thao-cong-van.pdf").waitFor();
    await specialist.getByRole("button", { name: "Lưu dự thảo" }).click();

    await heading(specialist, subject);
    documentPath = new URL(specialist.url()).pathname;
    assert.match(documentPath, /^\/documents\/[0-9a-f-]{36}$/);
    await statusShown(specialist, "Dự thảo");
    await statusShown(specialist, "Khẩn");
    await region(specialist, "Nội dung văn bản").getByText("du-thao-cong-van.pdf").waitFor();
    await specialist.getByRole("button", { name: "Trình ký", exact: true }).click();
    await statusShown(specialist, "Chờ duyệt");
  });

  // The leader approves and signs, with a handwritten signature image.
  const leader = await signedIn("lanhdao", documentPath);
  await withDiagnostics(leader, async () => {
    await heading(leader, subject);
    await actInDialog(leader, "Duyệt và ký số", async (dialog) => {
      assert.equal(await dialog.getByLabel("Họ tên người ký").inputValue(), "Trần Văn Minh");
      await dialog.locator("input[type=file]").setInputFiles({
        name: "chu-ky.png",
        mimeType: "image/png",
        buffer: Buffer.from(makeSignaturePng()),
      });
      await dialog.getByText("chu-ky.png").waitFor();
    });
    await statusShown(leader, "Đã ký");
    await region(leader, "Chữ ký số").getByText("Lãnh đạo ký", { exact: true }).waitFor();
  });

  // The clerk numbers it, applies the agency's signature and issues it to Hà Nội.
  const clerk = await signedIn("vanthu", documentPath);
  await withDiagnostics(clerk, async () => {
    await heading(clerk, subject);
    await clerk.getByRole("button", { name: "Cấp số", exact: true }).click();
    await statusShown(clerk, "Đã cấp số");
    const particulars = region(clerk, "Thông tin văn bản");
    await particulars.getByText(/^\d+\/BNV-VP$/).waitFor();
    await clerk.getByRole("button", { name: "Ký số cơ quan", exact: true }).click();
    await statusShown(clerk, "Đã ký số cơ quan");

    // The viewer shows the sealed PDF; the download gives the same file, signed twice.
    const viewer = region(clerk, "Nội dung văn bản");
    const frame = viewer.locator("iframe");
    await frame.waitFor();
    assert.match((await frame.getAttribute("src")) ?? "", /^blob:/);
    const [download] = await Promise.all([
      clerk.waitForEvent("download"),
      viewer.getByRole("link", { name: "Tải tệp về" }).click(),
    ]);
    const pdf = fs.readFileSync((await download.path())!).toString("latin1");
    assert.ok(pdf.startsWith("%PDF-"), "a PDF");
    assert.equal(pdf.match(/\/ByteRange/g)?.length, 2, "the leader's and the agency's signatures");
    // The signature panel checks the sealed file: both signatures valid.
    const ownChecks = region(clerk, "Chữ ký số");
    await ownChecks.getByText("Chữ ký trên tệp PDF").first().waitFor();
    assert.equal((await ownChecks.innerText()).match(/Hợp lệ: ký bởi/g)?.length, 2);

    await actInDialog(clerk, "Phát hành", async (dialog) => {
      const picker = dialog.getByRole("combobox", { name: "Cơ quan nhận" });
      await picker.click();
      await picker.fill("so noi vu ha noi");
      await clerk.getByTitle(`${HANOI_NAME} (${HANOI})`, { exact: true }).click();
      // The list stays open for more agencies; a click beside it closes it.
      await dialog.getByText("Phát hành văn bản", { exact: true }).click();
      await clerk.locator(".ant-select-dropdown").waitFor({ state: "hidden" });
      await dialog.getByTitle(`${HANOI_NAME} (${HANOI})`).waitFor();
    });
    await statusShown(clerk, "Đã phát hành");
    await region(clerk, "Nơi nhận").getByText(`${HANOI_NAME} (${HANOI})`).waitFor();
  });

  // Hà Nội's clerk: the document arrives by itself, its signatures are valid, and is accepted.
  const hanoi = await signedIn(HANOI_CLERK.username, "/documents/incoming");
  await withDiagnostics(hanoi, async () => {
    await heading(hanoi, "Văn bản đến");
    const row = hanoi.getByRole("row", { name: new RegExp(subject) });
    const loaded = row.or(hanoi.getByText("Chưa có văn bản"));
    const deadline = Date.now() + DELIVERY_DEADLINE_MS;
    await loaded.first().waitFor();
    while (!(await row.isVisible())) {
      assert.ok(Date.now() < deadline, "the document reached Hà Nội in time");
      await hanoi.reload();
      await loaded.first().waitFor();
    }
    assert.match(await row.innerText(), /Khẩn/);
    assert.match(await row.innerText(), /Mới đến/);
    await row.getByRole("link", { name: subject }).click();
    await heading(hanoi, subject);

    const signatures = region(hanoi, "Chữ ký số");
    await signatures.getByText("Chữ ký trên tệp PDF").first().waitFor();
    const checks = await signatures.innerText();
    assert.match(checks, /Hợp lệ/);
    assert.doesNotMatch(checks, /Không hợp lệ|Chưa xác định/);
    // The leader's signature and the agency's, on the PDF; the agency's on the package.
    assert.equal(checks.match(/Hợp lệ: ký bởi/g)?.length, 2, checks);
    assert.match(checks, /Hợp lệ: gói tin ký bởi Bộ Nội vụ/);
    assert.match(checks, /Chưa bị thu hồi \(OCSP\)/);

    await actInDialog(hanoi, "Tiếp nhận");
    await statusShown(hanoi, "Đã tiếp nhận");
  });

  // Back at the ministry, the department's status arrives on the page as it refreshes.
  await withDiagnostics(clerk, async () => {
    await region(clerk, "Nơi nhận")
      .getByText("03 — Đã tiếp nhận")
      .first()
      .waitFor({ timeout: DELIVERY_DEADLINE_MS });
  });
});
