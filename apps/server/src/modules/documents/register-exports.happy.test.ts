import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import ExcelJS from "exceljs";
import { searchAudit } from "../../core/audit.ts";
import { isAppError } from "../../core/errors.ts";
import { createTestPlatform } from "../../core/testing/platform.ts";
import type { Platform } from "../../platform.ts";
import { createTestOrganization } from "../directory/testing.ts";
import { createTestUser } from "../identity/testing.ts";
import { INCOMING_COLUMNS, OUTGOING_COLUMNS } from "./register-export-columns.ts";
import { loadPdfFonts } from "./register-export-pdf.ts";
import type { Register } from "./register-schema.ts";

type Headers = { authorization: string };
const ORGANIZATION = "Sở Nội vụ tỉnh Điện Biên thử nghiệm";

describe("documents routes: register exports in the Decree 30 form", () => {
  let platform: Platform;
  let clerk: Headers;
  let outgoing: Register;
  let incoming: Register;
  let secret: Register;
  let tmp: string;

  const call = (method: "GET" | "POST", url: string, payload?: object) =>
    platform.app.inject({
      method,
      url: `/api/v1/documents${url}`,
      headers: clerk,
      ...(payload && { payload }),
    });
  const open = async (input: object) =>
    (await call("POST", "/registers", input)).json() as Register;
  const add = async (register: Register, input: object) => {
    const response = await call("POST", `/registers/${register.id}/entries`, input);
    assert.equal(response.statusCode, 201, response.body);
  };

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lt-register-export-"));
    platform = await createTestPlatform();
    const organization = await createTestOrganization(platform.ctx.db, {
      name: ORGANIZATION,
      shortName: "SNV",
    });
    clerk = (await createTestUser(platform, { organizationId: organization.id, roles: ["clerk"] }))
      .bearer;
    outgoing = await open({ direction: "outgoing", year: 2025, kind: "ordinary" });
    incoming = await open({ direction: "incoming", year: 2025, kind: "ordinary" });
    secret = await open({ direction: "outgoing", year: 2025, kind: "secret" });
    await add(outgoing, {
      typeCode: "QĐ",
      documentDate: "2025-03-02",
      subject: "Quyết định về việc kiện toàn Hội đồng thi đua, khen thưởng",
      signer: "Lương Thị Thủy",
      counterpart: "Như Điều 3; Lưu: VT, TĐKT",
      internalRecipient: "Phòng Thi đua - Khen thưởng",
      copies: 5,
      urgency: "thuong_khan",
      notes: "Gửi kèm danh sách",
    });
    for (let i = 2; i <= 70; i++)
      await add(outgoing, {
        typeCode: "CV",
        unit: "VP",
        documentDate: `2025-${String(3 + Math.floor(i / 10)).padStart(2, "0")}-1${i % 10}`,
        subject: `V/v hướng dẫn nghiệp vụ số ${i}, "đợt" thứ ${i}`,
        counterpart: "UBND các xã, phường",
      });
    await add(incoming, {
      typeCode: "CV",
      symbol: "1234/BNV-CCVC",
      documentDate: "2025-04-01",
      receivedOn: "2025-04-03",
      subject: "V/v tuyển dụng công chức",
      counterpart: '=HYPERLINK("http://x")',
      internalRecipient: "Phòng Công chức, viên chức",
    });
    await add(secret, {
      typeCode: "BC",
      documentDate: "2025-05-05",
      subject: "Báo cáo công tác bảo vệ bí mật nhà nước",
      confidentiality: "tuyet_mat",
      copies: 2,
    });
  });
  after(async () => {
    await platform.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("streams CSV in UTF-8 with a BOM, in the form's columns, defusing formulas", async () => {
    const response = await call("GET", `/registers/${outgoing.id}/export.csv`);
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.headers["content-type"], "text/csv; charset=utf-8");
    assert.match(String(response.headers["content-disposition"]), /so-van-ban-di-2025\.csv/);
    const raw = response.rawPayload;
    assert.deepEqual([...raw.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const lines = raw.toString("utf8").slice(1).split("\r\n");
    assert.equal(
      lines[0],
      '"Số, ký hiệu văn bản",Ngày tháng văn bản,Tên loại và trích yếu nội dung,Người ký,Nơi nhận văn bản,"Đơn vị, người nhận bản lưu",Số lượng bản,Ngày chuyển,Ký nhận,Ghi chú',
    );
    assert.equal(
      lines[1],
      '1/QĐ-SNV,02/03/2025,"Quyết định về việc kiện toàn Hội đồng thi đua, khen thưởng",Lương Thị Thủy,"Như Điều 3; Lưu: VT, TĐKT",Phòng Thi đua - Khen thưởng,5,,,Thượng khẩn; Gửi kèm danh sách',
    );
    assert.equal(
      lines[2],
      '2/SNV-VP,12/03/2025,"Công văn: V/v hướng dẫn nghiệp vụ số 2, ""đợt"" thứ 2",,"UBND các xã, phường",,,,,',
    );
    assert.equal(lines.length, 1 + 70 + 1, "header, 70 entries, and the final line break");

    const filtered = await call(
      "GET",
      `/registers/${outgoing.id}/export.csv?from=2025-03-01&to=2025-03-10`,
    );
    assert.equal(filtered.body.split("\r\n").length, 3, "header and the one entry of early March");

    const arrived = await call("GET", `/registers/${incoming.id}/export.csv`);
    const [header, row] = arrived.body.slice(1).split("\r\n");
    assert.equal(
      header,
      'Ngày đến,Số đến,Tác giả,"Số, ký hiệu",Ngày tháng,Tên loại và trích yếu nội dung,Đơn vị hoặc người nhận,Ký nhận,Ghi chú',
    );
    assert.equal(
      row,
      `03/04/2025,1,"'=HYPERLINK(""http://x"")",1234/BNV-CCVC,01/04/2025,Công văn: V/v tuyển dụng công chức,"Phòng Công chức, viên chức",,`,
    );
    assert.equal(INCOMING_COLUMNS.filter((c) => !c.secretOnly).length, 9);

    const audit = await searchAudit(platform.ctx.db, {
      action: "documents.register_exported",
      targetId: outgoing.id,
      limit: 5,
    });
    assert.equal(audit.length, 2);
    assert.equal(audit[0]!.details.format, "csv");
  });

  it("gives the secret register its security class column", async () => {
    const response = await call("GET", `/registers/${secret.id}/export.csv`);
    const [header, row] = response.body.slice(1).split("\r\n");
    assert.match(header!, /Tên loại và trích yếu nội dung,Độ mật,Người ký/);
    assert.match(
      row!,
      /^1\/BC-SNV,05\/05\/2025,Báo cáo công tác bảo vệ bí mật nhà nước,Tuyệt mật,/,
    );
    assert.match(String(response.headers["content-disposition"]), /so-van-ban-mat-di-2025\.csv/);
  });

  it("writes an XLSX that reads back with the title rows, bold header and A4 landscape print setup", async () => {
    const response = await call("GET", `/registers/${outgoing.id}/export.xlsx`);
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(
      response.headers["content-type"],
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    assert.equal(sheet.getCell("A1").value, ORGANIZATION);
    assert.equal(sheet.getCell("A2").value, "SỔ ĐĂNG KÝ VĂN BẢN ĐI");
    assert.equal(sheet.getCell("A3").value, "Năm: 2025");
    assert.equal(sheet.getCell("A4").value, "Sổ đăng ký văn bản đi năm 2025. Từ số 1 đến số 70");
    const header = (sheet.getRow(5).values as unknown[]).slice(1);
    assert.deepEqual(
      header,
      OUTGOING_COLUMNS.filter((c) => !c.secretOnly).map((c) => c.header),
    );
    assert.equal(sheet.getRow(5).getCell(1).font?.bold, true);
    assert.deepEqual((sheet.getRow(6).values as unknown[]).slice(1, 8), [
      "1/QĐ-SNV",
      "02/03/2025",
      "Quyết định về việc kiện toàn Hội đồng thi đua, khen thưởng",
      "Lương Thị Thủy",
      "Như Điều 3; Lưu: VT, TĐKT",
      "Phòng Thi đua - Khen thưởng",
      5,
    ]);
    assert.equal(sheet.rowCount, 5 + 70);
    assert.equal(sheet.getColumn(3).width, 46);
    assert.equal(sheet.pageSetup.orientation, "landscape");
    assert.equal(sheet.pageSetup.paperSize, 9);
    assert.equal(sheet.pageSetup.printTitlesRow, "5:5");
  });

  it("prints a PDF on A4 landscape whose Vietnamese text extracts intact, the header on every page", async () => {
    const response = await call("GET", `/registers/${outgoing.id}/export.pdf`);
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.headers["content-type"], "application/pdf");
    const file = path.join(tmp, "register.pdf");
    fs.writeFileSync(file, response.rawPayload);
    const info = execFileSync("pdfinfo", [file], { encoding: "utf8" });
    assert.match(info, /Page size:\s+841\.89 x 595\.28 pts \(A4\)/);
    const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
    assert.ok(pages >= 2, `70 entries take more than one page (${pages})`);
    const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
    assert.match(text, /SỔ ĐĂNG KÝ VĂN BẢN ĐI/);
    assert.match(text, new RegExp(ORGANIZATION));
    assert.match(text, /Năm: 2025/);
    assert.match(text, /1\/QĐ-SNV/);
    assert.match(text, /Lương Thị Thủy/);
    assert.match(text, /kiện toàn Hội đồng thi/);
    assert.match(text, /70\/SNV-VP/);
    assert.equal(text.match(/Người ký/g)?.length, pages, "the header row on every page");
    assert.match(text, new RegExp(`Trang ${pages}/${pages}`));
  });

  it("refuses a PDF with a clear problem when no Unicode font is installed", () => {
    assert.throws(
      () => loadPdfFonts([["/nonexistent/Regular.ttf", "/nonexistent/Bold.ttf"]]),
      (error: unknown) =>
        isAppError(error) &&
        error.code === "service_unavailable" &&
        /fonts-dejavu-core/.test(error.detail!.vi) &&
        /\/nonexistent\/Regular\.ttf/.test(error.detail!.en),
    );
  });
});
