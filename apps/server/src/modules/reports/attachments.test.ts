import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { sql } from "kysely";
import { after, before, describe, it } from "node:test";
import type { Role } from "../../core/actor.ts";
import { searchAudit } from "../../core/audit.ts";
import { createTestPlatform } from "../../core/testing/platform.ts";
import type { Platform } from "../../platform.ts";
import type { Organization } from "../directory/index.ts";
import { createTestOrganization } from "../directory/testing.ts";
import { createTestUser } from "../identity/testing.ts";
import { MAX_ATTACHMENT_BYTES } from "./attachment-files.ts";
import { MAX_ATTACHMENTS, attachmentDigests } from "./attachments.ts";
import type { Attachment, AttachmentList } from "./attachments-schema.ts";
import type { ReportView } from "./report-schema.ts";
import type { Regime } from "./schema.ts";
import { quarterlyRegimeInput } from "./testing.ts";

type Headers = { authorization: string };
type Problem = { detail: string };

const PDF = "application/pdf";
const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
/** The problem's `detail`, in Vietnamese (the platform's default language). */
const detail = async (response: Response) => ((await response.json()) as Problem).detail;
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
/** A small PDF whose bytes differ with `mark`, so each is a file of its own. */
const pdf = (mark: string) => Buffer.from(`%PDF-1.7\n% ${mark}\n%%EOF\n`, "utf8");
const png = (mark: string) =>
  Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(mark)]);

describe("reports: files attached beside a report's narrative, over real HTTP", () => {
  let platform: Platform;
  let regime: Regime;
  let province: Organization;
  let officer: Headers;
  let reviewer: Headers;
  let stranger: Headers;

  const api = (path: string) => `${platform.url}/api/v1/reports${path}`;
  const send = (method: string, path: string, headers: Headers, body?: object) =>
    fetch(api(path), {
      method,
      headers: { ...headers, ...(body && { "content-type": "application/json" }) },
      ...(body && { body: JSON.stringify(body) }),
    });
  const json = async <T>(response: Promise<Response> | Response, status = 200): Promise<T> => {
    const r = await response;
    const text = await r.text();
    assert.equal(r.status, status, text);
    return JSON.parse(text) as T;
  };
  const upload = (
    report: ReportView,
    headers: Headers,
    name: string,
    type: string,
    body: Uint8Array | string | ReadableStream<Uint8Array>,
  ) =>
    fetch(api(`/reports/${report.id}/attachments?name=${encodeURIComponent(name)}`), {
      method: "POST",
      headers: { ...headers, "content-type": type },
      body,
      duplex: "half",
    } as RequestInit);
  const list = (report: ReportView, headers: Headers) =>
    json<AttachmentList>(send("GET", `/reports/${report.id}/attachments`, headers));
  const openReport = (periodId: string) =>
    json<ReportView>(
      send("POST", "/reports", officer, {
        regimeId: regime.id,
        organizationId: province.id,
        periodId,
      }),
    );

  before(async () => {
    platform = await createTestPlatform({ listen: true, workers: false });
    const db = platform.ctx.db;
    const ministry = await createTestOrganization(db, { shortName: "BNV", kind: "ministry" });
    province = await createTestOrganization(db, { shortName: "SNV", name: "Sở Nội vụ E" });
    const other = await createTestOrganization(db, { shortName: "SNV", name: "Sở Nội vụ G" });
    const user = async (organizationId: string, roles: Role[]) =>
      (await createTestUser(platform, { organizationId, roles })).bearer;
    const admin = await user(ministry.id, ["org_admin"]);
    reviewer = await user(ministry.id, ["reporting_officer"]);
    officer = await user(province.id, ["reporting_officer"]);
    stranger = await user(other.id, ["reporting_officer"]);
    regime = await json<Regime>(
      send("POST", "/regimes", admin, quarterlyRegimeInput([province, other], ministry.id)),
      201,
    );
    await json(
      send("PUT", `/regimes/${regime.id}/template`, admin, {
        sections: [{ code: "TINH_HINH", title: "Tình hình thực hiện" }],
        categories: [],
        forms: [
          {
            code: "BIEU_01",
            title: "Số lượng công chức",
            indicators: [{ code: "CC", name: "Công chức", type: "integer" }],
          },
        ],
        rules: [],
      }),
    );
    await json(send("POST", `/regimes/${regime.id}/template/publish`, admin));
    await json(send("POST", `/regimes/${regime.id}/activate`, admin));
  });
  after(() => platform.stop());

  it("takes a file with a Vietnamese name, gives back the same bytes, and removes it", async () => {
    const report = await openReport("2026Q1");
    const name = "Quyết định 15-QĐ-UBND (bản ký) đính kèm.pdf";
    const bytes = pdf("quyet-dinh");
    // Sent decomposed, as macOS names files; stored composed.
    const added = await json<Attachment>(
      upload(report, officer, name.normalize("NFD"), `${PDF}; charset=binary`, bytes),
      201,
    );
    assert.deepEqual(
      [added.name, added.mediaType, added.size, added.sha256],
      [name, PDF, bytes.length, sha256(bytes)],
    );
    const docx = Buffer.concat([Buffer.from("PK\x03\x04"), Buffer.alloc(64, 7)]);
    const second = await json<Attachment>(upload(report, officer, "Phụ lục.docx", DOCX, docx), 201);

    const seen = await list(report, reviewer);
    assert.equal(seen.editable, false, "reviewers read, they do not attach");
    assert.deepEqual(
      seen.items.map((a) => a.id),
      [added.id, second.id],
    );
    assert.equal((await list(report, officer)).editable, true);

    const download = await fetch(api(`/reports/${report.id}/attachments/${added.id}`), {
      headers: reviewer,
    });
    assert.equal(download.status, 200);
    assert.equal(download.headers.get("content-type"), PDF);
    assert.equal(download.headers.get("x-content-type-options"), "nosniff");
    const disposition = download.headers.get("content-disposition")!;
    assert.match(
      disposition,
      /^attachment; filename="Quyet dinh 15-QD-UBND \(ban ky\) dinh kem\.pdf"/,
    );
    const encoded = /filename\*=UTF-8''([^;]+)$/.exec(disposition)![1]!;
    assert.doesNotMatch(encoded, /['()*]/, "RFC 5987 attr-chars only");
    assert.equal(decodeURIComponent(encoded), name);
    assert.equal(sha256(new Uint8Array(await download.arrayBuffer())), sha256(bytes));

    assert.deepEqual(await attachmentDigests(platform.ctx.db, report.id), [
      [name, sha256(bytes), bytes.length],
      ["Phụ lục.docx", sha256(docx), docx.length],
    ]);

    // The same content twice is refused; it is attached already.
    const twice = await upload(report, officer, "Bản sao.pdf", PDF, bytes);
    assert.equal(twice.status, 409);
    assert.match(await detail(twice), /đã được đính kèm/);

    const removed = await send("DELETE", `/reports/${report.id}/attachments/${added.id}`, officer);
    assert.equal(removed.status, 204);
    assert.deepEqual(
      (await list(report, officer)).items.map((a) => a.id),
      [second.id],
    );
    const gone = await fetch(api(`/reports/${report.id}/attachments/${added.id}`), {
      headers: officer,
    });
    assert.equal(gone.status, 404);
    assert.equal(
      (await send("DELETE", `/reports/${report.id}/attachments/${added.id}`, officer)).status,
      404,
    );

    const audit = await searchAudit(platform.ctx.db, { targetId: report.id, limit: 20 });
    const addedEntries = audit.filter((e) => e.action === "reports.attachment_added");
    const removedEntries = audit.filter((e) => e.action === "reports.attachment_removed");
    assert.equal(addedEntries.length, 2);
    assert.equal(removedEntries.length, 1);
    assert.deepEqual(
      [removedEntries[0]!.details.name, removedEntries[0]!.details.sha256],
      [name, sha256(bytes)],
    );
  });

  it("refuses other types, content not of its type, files over 20 MiB and a 21st file", async () => {
    const report = await openReport("2026Q2");
    const html = await upload(report, officer, "trang.html", "text/html", "<script>1</script>");
    assert.equal(html.status, 415);
    assert.match(await detail(html), /Chỉ đính kèm được tệp PDF, DOCX/);
    const json415 = await upload(report, officer, "x.json", "application/json", "{}");
    assert.equal(json415.status, 415);
    const disguised = await upload(report, officer, "anh.pdf", PDF, png("not a pdf"));
    assert.equal(disguised.status, 422);
    assert.match(await detail(disguised), /không phải PDF/);
    const empty = await upload(report, officer, "rong.pdf", PDF, new Uint8Array(0));
    assert.equal(empty.status, 422);
    const unnamed = await upload(report, officer, "  ", PDF, pdf("unnamed"));
    assert.equal(unnamed.status, 400);
    // A name is opened by its extension: a PDF must be named .pdf, and a right-to-left override
    // (which could show "…fdp.bat" as "…tab.pdf") is taken out.
    for (const name of ["Báo cáo.pdf.bat", "Báo cáo", "Bao cao.docx"]) {
      const misnamed = await upload(report, officer, name, PDF, pdf("misnamed"));
      assert.equal(misnamed.status, 400, name);
      const problem = (await misnamed.json()) as { errors: { message: string }[] };
      assert.equal(
        problem.errors[0]!.message,
        `Tệp PDF phải có tên kết thúc bằng .pdf (tên đã gửi: ${name})`,
      );
    }
    const jpeg = (tag: string) =>
      Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(tag)]);
    for (const name of ["Ảnh.jpg", "Ảnh.JPEG"])
      await json(upload(report, officer, name, "image/jpeg", jpeg(name)), 201);
    const overridden = await json<Attachment>(
      upload(report, officer, "Biên bản\u202E.pdf", PDF, pdf("rlo")),
      201,
    );
    assert.equal(overridden.name, "Biên bản.pdf");
    for (const item of (await list(report, officer)).items)
      assert.equal(
        (await send("DELETE", `/reports/${report.id}/attachments/${item.id}`, officer)).status,
        204,
      );

    const big = Buffer.alloc(MAX_ATTACHMENT_BYTES + 1, 0x20);
    big.write("%PDF-1.7\n");
    const declared = await upload(report, officer, "lon.pdf", PDF, big);
    assert.equal(declared.status, 413);
    assert.match(await detail(declared), /tối đa 20 MB/);
    // Sent in chunks without a length: refused once the bytes pass the limit.
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < big.length; at += 1 << 20)
          controller.enqueue(big.subarray(at, at + (1 << 20)));
        controller.close();
      },
    });
    const streamed = await upload(report, officer, "lon.pdf", PDF, chunks);
    assert.equal(streamed.status, 413);

    for (let i = 0; i < MAX_ATTACHMENTS; i++)
      await json(upload(report, officer, `Ảnh ${i + 1}.png`, "image/png", png(`anh-${i}`)), 201);
    const oneMore = await upload(report, officer, "Ảnh 21.png", "image/png", png("anh-21"));
    assert.equal(oneMore.status, 422);
    assert.match(await detail(oneMore), /tối đa 20 tệp/);
    assert.equal((await list(report, officer)).items.length, MAX_ATTACHMENTS);
  });

  it("signs the list of files with the submission; a file taken away behind the platform's back shows", async () => {
    const report = await openReport("2026Q4");
    const bytes = pdf("signed");
    const kept = await json<Attachment>(
      upload(report, officer, "Quyết định giao biên chế.pdf", PDF, bytes),
      201,
    );
    await json(
      send("PATCH", `/reports/${report.id}`, officer, { values: [{ indicator: "CC", value: 12 }] }),
    );
    await json(send("POST", `/reports/${report.id}/submit`, officer));
    const jws = await (await send("GET", `/reports/${report.id}/versions/1/jws`, reviewer)).text();
    const payload = JSON.parse(Buffer.from(jws.split(".")[1]!, "base64url").toString()) as {
      attachments: unknown;
    };
    assert.deepEqual(payload.attachments, [
      ["Quyết định giao biên chế.pdf", sha256(bytes), bytes.length],
    ]);
    type Check = { valid: boolean; matchesStored: boolean | null; problem: string | null };
    const check = () => json<Check>(send("GET", `/reports/${report.id}/signature`, reviewer));
    assert.deepEqual(await check(), { ...(await check()), valid: true, matchesStored: true });

    await sql`update rpt_report_attachments set removed_at = now(), removed_by = 'ngoài nền tảng'
      where id = ${kept.id}`.execute(platform.ctx.db);
    const tampered = await check();
    assert.deepEqual(
      [tampered.valid, tampered.matchesStored, tampered.problem],
      [false, false, "Tệp đính kèm hiện có khác danh sách tệp đã ký"],
    );
  });

  it("keeps another unit and the reviewers out, and locks the files once the report is sent", async () => {
    const report = await openReport("2026Q3");
    const kept = await json<Attachment>(
      upload(report, officer, "Báo cáo.pdf", PDF, pdf("q3")),
      201,
    );
    const file = `/reports/${report.id}/attachments/${kept.id}`;

    for (const headers of [stranger, reviewer]) {
      const refused = await upload(report, headers, "Khác.pdf", PDF, pdf("other"));
      assert.equal(refused.status, 403);
      assert.equal((await send("DELETE", file, headers)).status, 403);
    }
    assert.equal((await send("GET", `/reports/${report.id}/attachments`, stranger)).status, 403);
    assert.equal((await send("GET", file, stranger)).status, 403);

    await json(
      send("PATCH", `/reports/${report.id}`, officer, { values: [{ indicator: "CC", value: 40 }] }),
    );
    await json(send("POST", `/reports/${report.id}/submit`, officer));
    const late = await upload(report, officer, "Bổ sung.pdf", PDF, pdf("late"));
    assert.equal(late.status, 409);
    assert.match(await detail(late), /đã gửi/);
    const unremoved = await send("DELETE", file, officer);
    assert.equal(unremoved.status, 409);
    const after = await list(report, officer);
    assert.deepEqual([after.editable, after.items.map((a) => a.id)], [false, [kept.id]]);
    assert.equal((await send("GET", file, reviewer)).status, 200);

    // Returned for correction: the unit may change its files again.
    await json(
      send("POST", `/reports/${report.id}/review`, reviewer, {
        decision: "return",
        note: "Thiếu quyết định",
      }),
    );
    await json(upload(report, officer, "Quyết định.pdf", PDF, pdf("decision")), 201);
    assert.equal((await list(report, officer)).items.length, 2);
  });
});
