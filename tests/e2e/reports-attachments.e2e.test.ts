// End to end in a real browser: a report's attachments (tài liệu đính kèm), through the web app of
// a real `lienthong start` with the demo seed (regime BNV-TK-CCVC-6T). Hà Nội's reporting officer
// attaches a decision (PDF, a Vietnamese name) and a scan (PNG) to the complete 2026S2 report,
// removes the scan, is told why a web page is refused, and submits; the card turns read only. The
// ministry's leader downloads the decision byte for byte and checks the signature, which covers the
// list of files.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import fs from "node:fs";
import { test } from "node:test";
import { crc32, deflateSync } from "node:zlib";
import type { Locator, Page } from "playwright-core";
import { platformForFile, withDiagnostics } from "./support.ts";
import {
  HANOI_OFFICER as OFFICER,
  REGIME_NAME,
  fillHanoiReport,
  button,
  signedIn,
  signedPayloadOn,
} from "./reports-support.ts";

const platform = platformForFile();

const REVIEWER = "lanhdao";

/** A one-page PDF whose cross-reference offsets are right, so a reader opens it. */
function onePagePdf(text: string): Buffer {
  const content = `BT /F1 14 Tf 72 760 Td (${text}) Tj ET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let pdf = "%PDF-1.4\n";
  const offsets = objects.map((object, i) => {
    const offset = pdf.length;
    pdf += `${i + 1} 0 obj\n${object}\nendobj\n`;
    return offset;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  pdf += offsets.map((offset) => `${String(offset).padStart(10, "0")} 00000 n \n`).join("");
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, "latin1");
}

/**
 * A 48×48 RGB gradient as PNG, its pixels stored uncompressed so the file is some 7 KB on any
 * zlib: the card shows kilobytes for it and bytes for the PDF.
 */
function gradientPng(): Buffer {
  const side = 48;
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = Array.from({ length: side }, (_, y) =>
    Buffer.from([0, ...Array.from({ length: side }, (_, x) => [x * 5, y * 5, 128]).flat()]),
  );
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(Buffer.concat(rows), { level: 0 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

const DECISION = {
  name: "Quyết định giao biên chế.pdf",
  mimeType: "application/pdf",
  buffer: onePagePdf("Quyet dinh giao bien che cong chuc nam 2026"),
};
const SCAN = { name: "Bản chụp biểu tổng hợp.png", mimeType: "image/png", buffer: gradientPng() };
const WEB_PAGE = {
  name: "Báo cáo.html",
  mimeType: "text/html",
  buffer: Buffer.from("<!doctype html><title>Báo cáo</title>"),
};
/** The server's words for a type it does not take (attachment-files.ts). */
const TYPE_REFUSED = "Chỉ đính kèm được tệp PDF, DOCX, XLSX, DOC, XLS, ODT, ODS, PNG, JPEG, ZIP.";

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

const attachmentsCard = (page: Page) =>
  page.getByRole("region", { name: "Tài liệu đính kèm", exact: true });

/** The card's table rows: none while it shows its empty text. */
const listed = (card: Locator) => card.locator("tbody tr.ant-table-row");

const row = (card: Locator, name: string) => listed(card).filter({ hasText: name });

/** Picks files in the browser's file chooser, opened by the card's upload button. */
async function attach(page: Page, files: (typeof DECISION)[]) {
  const chooser = page.waitForEvent("filechooser");
  await button(page, "Đính kèm tệp").click();
  await (await chooser).setFiles(files);
}

test("reports: a unit attaches files to its report, and the ministry downloads them as signed", async () => {
  const { reportId } = await fillHanoiReport(platform().url);

  const officer = await signedIn(platform(), OFFICER, `/reports/${reportId}`, REGIME_NAME);
  await withDiagnostics(officer, async () => {
    const card = attachmentsCard(officer);
    await card.getByText("Chưa có tệp đính kèm", { exact: true }).waitFor();

    await attach(officer, [DECISION, SCAN]);
    const decision = row(card, DECISION.name);
    await decision
      .getByRole("cell", { name: `${DECISION.buffer.length} B`, exact: true })
      .waitFor();
    await row(card, SCAN.name).getByRole("cell", { name: "7 KB", exact: true }).waitFor();
    assert.equal(await listed(card).count(), 2);

    await card.getByRole("button", { name: `Gỡ tệp ${SCAN.name}`, exact: true }).click();
    await officer.getByText(`Gỡ tệp ${SCAN.name} khỏi báo cáo?`, { exact: true }).waitFor();
    await button(officer, "Gỡ tệp").click();
    await row(card, SCAN.name).waitFor({ state: "detached" });

    // The picker offers the types taken, but a file can be chosen anyway: the server refuses it.
    await attach(officer, [WEB_PAGE]);
    await card.getByRole("alert").getByText(TYPE_REFUSED, { exact: true }).waitFor();
    await decision.waitFor();
    assert.equal(await listed(card).count(), 1);

    await button(officer, "Gửi báo cáo").click();
    await officer.locator(".ant-tag", { hasText: /^Đã gửi$/ }).waitFor();
    // Submitted: the files are read, no longer added or removed, and the refusal was the draft's.
    await card.getByText("Các tệp gửi cùng báo cáo.", { exact: true }).waitFor();
    await decision.waitFor();
    assert.equal(await card.getByRole("button", { name: /Đính kèm tệp|Gỡ tệp/ }).count(), 0);
    assert.equal(await card.getByRole("alert").count(), 0);
  });

  const reviewer = await signedIn(platform(), REVIEWER, `/reports/${reportId}`, REGIME_NAME);
  await withDiagnostics(reviewer, async () => {
    const card = attachmentsCard(reviewer);
    const link = row(card, DECISION.name).getByRole("link");
    await link.waitFor();
    assert.equal(await listed(card).count(), 1);
    assert.equal(await card.getByRole("button", { name: /Đính kèm tệp|Gỡ tệp/ }).count(), 0);

    const downloading = reviewer.waitForEvent("download");
    await link.click();
    const download = await downloading;
    assert.equal(download.suggestedFilename(), DECISION.name);
    const bytes = fs.readFileSync(await download.path());
    assert.equal(sha256(bytes), sha256(DECISION.buffer));

    await button(reviewer, "Kiểm tra chữ ký").click();
    await reviewer.getByText("Chữ ký hợp lệ", { exact: false }).waitFor();
    await reviewer.getByText("Đúng là số liệu đã ký", { exact: true }).waitFor();
    // The signed list names the decision by its digest, and not the scan removed before.
    const signed = await signedPayloadOn<{ attachments: [string, string, number][] }>(reviewer);
    assert.deepEqual(signed.attachments, [
      [DECISION.name, sha256(DECISION.buffer), DECISION.buffer.length],
    ]);
  });
});
