// End to end in a real browser: the document search page of the web app, on a real `lienthong
// start` with the demo seed. The ministry's clerk drafts công văn, kế hoạch and a báo cáo through
// the documents API (the báo cáo only mentions "chuyển đổi số" in its PDF, whose text the
// platform's background job extracts); in the browser the clerk searches "chuyen doi so" typed
// without accents, loads the second page, narrows the hits to urgent documents, reloads the
// bookmarked address, sees a problem the server explains, and opens a hit.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Page } from "playwright-core";
import { signInOverHttp } from "../../apps/server/src/core/testing/processes.ts";
import { makeTestPdf } from "../../packages/pki/src/pdf/test-documents.ts";
import {
  ADMIN_PASSWORD,
  newPage,
  platformForFile,
  submitPassword,
  waitForSignInPage,
  withDiagnostics,
} from "./support.ts";

const platform = platformForFile();

/** The PDF text job runs every 10 s; on a busy machine give it a few rounds. */
const EXTRACTION_DEADLINE_MS = 45_000;

const URGENT = "Về việc đẩy mạnh chuyển đổi số trong công tác văn thư";
const PLAN = "Kế hoạch chuyển đổi số của Bộ năm 2027";
const OTHER = "Về việc tuyển dụng công chức năm 2027";
/** Its subject does not have the words; `makeTestPdf`'s pages say "chuyen doi so". */
const REPORT = "Về việc báo cáo kết quả công tác quý IV";

type Api = { url: string; headers: Record<string, string> };

async function draft(api: Api, body: Record<string, unknown>): Promise<string> {
  const response = await fetch(`${api.url}/api/v1/documents/outgoing`, {
    method: "POST",
    headers: api.headers,
    body: JSON.stringify(body),
  });
  const text = await response.text();
  assert.equal(response.status, 201, text);
  return (JSON.parse(text) as { id: string }).id;
}

async function uploadPdf(api: Api, documentId: string) {
  const response = await fetch(
    `${api.url}/api/v1/documents/documents/${documentId}/draft?name=bao-cao.pdf`,
    {
      method: "PUT",
      headers: { ...api.headers, "content-type": "application/pdf" },
      body: Buffer.from(await makeTestPdf({ pages: 1 })),
    },
  );
  assert.equal(response.status, 200, await response.text());
}

/** Waits until the search API finds `documentId` by `q`: the PDF's text has been extracted. */
async function indexed(api: Api, q: string, documentId: string) {
  const deadline = Date.now() + EXTRACTION_DEADLINE_MS;
  for (;;) {
    const response = await fetch(
      `${api.url}/api/v1/documents/search?q=${encodeURIComponent(q)}&limit=100`,
      { headers: api.headers },
    );
    const text = await response.text();
    assert.equal(response.status, 200, text);
    const { items } = JSON.parse(text) as { items: { id: string }[] };
    if (items.some((item) => item.id === documentId)) return;
    assert.ok(Date.now() < deadline, "the PDF's text was extracted in time");
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

const heading = (page: Page, name: string) =>
  page.getByRole("heading", { level: 1, name, exact: true }).waitFor();

const hit = (page: Page, subject: string) => page.getByRole("link", { name: subject, exact: true });

test("document search: accent-free words find documents by subject and PDF text; filters; opening a hit", async () => {
  const url = platform().url;
  const api = {
    url,
    headers: await signInOverHttp(url, { username: "vanthu", password: ADMIN_PASSWORD }),
  };
  // Older hits enough for a second page (the page asks for 20 at a time).
  for (let n = 1; n <= 20; n++)
    await draft(api, { typeCode: "KH", subject: `Kế hoạch chuyển đổi số đợt ${n}` });
  const urgentId = await draft(api, { typeCode: "CV", subject: URGENT, urgency: "khan" });
  await draft(api, { typeCode: "KH", subject: PLAN });
  await draft(api, { typeCode: "CV", subject: OTHER });
  const reportId = await draft(api, { typeCode: "BC", subject: REPORT });
  await uploadPdf(api, reportId);
  const extracted = indexed(api, "chuyen doi so", reportId);

  const page = await newPage(platform().browser);
  await page.goto(`${url}/documents/incoming`);
  await waitForSignInPage(page);
  await submitPassword(page, "vanthu", ADMIN_PASSWORD);
  await withDiagnostics(page, async () => {
    await heading(page, "Văn bản đến");
    const nav = page.getByRole("navigation", { name: "Điều hướng chính" });
    await nav.getByRole("menuitem", { name: "Tìm kiếm văn bản" }).click();
    await heading(page, "Tìm kiếm văn bản");
    await page.getByText("Nhập từ cần tìm hoặc chọn điều kiện lọc").waitFor();
    await extracted;

    // Without accents, Enter: the subjects with "chuyển đổi số" and the PDF that says it.
    const words = page.getByLabel("Từ cần tìm", { exact: true });
    await words.fill("chuyen doi so");
    await words.press("Enter");
    await page.waitForURL(/\/documents\/search\?q=chuyen\+doi\+so$/);
    await hit(page, URGENT).waitFor();
    await hit(page, PLAN).waitFor();
    const reportRow = page.getByRole("row").filter({ has: hit(page, REPORT) });
    assert.match(await reportRow.innerText(), /Trong nội dung: .*chuyen doi so/);
    assert.equal(await hit(page, OTHER).count(), 0, "a document without the words is not found");
    const hits = page.locator(".ant-table-tbody").getByRole("link");
    assert.equal(await hits.count(), 20);
    const loadMore = page.getByRole("button", { name: "Tải thêm", exact: true });
    await loadMore.click();
    // The oldest hit is on the second page; the button goes with the same update.
    await hit(page, "Kế hoạch chuyển đổi số đợt 1").waitFor();
    assert.equal(await hits.count(), 23);
    assert.equal(await page.getByRole("button", { name: /Tải thêm/ }).count(), 0);
    const urgentRow = page.getByRole("row").filter({ has: hit(page, URGENT) });
    assert.deepEqual(await urgentRow.locator("mark").allInnerTexts(), ["chuyển", "đổi", "số"]);

    // One filter: urgent documents only.
    await page.getByLabel("Độ khẩn", { exact: true }).click();
    await page.getByTitle("Khẩn", { exact: true }).click();
    await page.getByRole("button", { name: "Tìm kiếm", exact: true }).click();
    await page.waitForURL(/\/documents\/search\?q=chuyen\+doi\+so&urgency=khan$/);
    await hit(page, PLAN).waitFor({ state: "detached" });
    await hit(page, URGENT).waitFor();
    assert.equal(await hit(page, REPORT).count(), 0);

    // The address is the search: reloading it shows the same conditions and hits.
    await page.reload();
    await heading(page, "Tìm kiếm văn bản");
    await hit(page, URGENT).waitFor();
    assert.equal(await words.inputValue(), "chuyen doi so");
    assert.equal(await hit(page, PLAN).count(), 0);

    // A search the server refuses shows its explanation.
    await page.goto(`${url}/documents/search?from=2027-02-01&to=2027-01-01`);
    await page.getByRole("alert").getByText("Ngày bắt đầu phải trước ngày kết thúc.").waitFor();
    await page.goBack();
    await hit(page, URGENT).waitFor();

    // A hit opens the document's page.
    await hit(page, URGENT).click();
    await heading(page, URGENT);
    assert.equal(new URL(page.url()).pathname, `/documents/${urgentId}`);
  });
});
