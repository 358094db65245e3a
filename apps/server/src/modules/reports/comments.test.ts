import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Role } from "../../core/actor.ts";
import { searchAudit } from "../../core/audit.ts";
import { createTestPlatform } from "../../core/testing/platform.ts";
import type { Platform } from "../../platform.ts";
import type { Organization } from "../directory/index.ts";
import { createTestOrganization } from "../directory/testing.ts";
import { createTestUser } from "../identity/testing.ts";
import type { ImportSummary } from "./import-schema.ts";
import type { ReportView, ValueComment } from "./report-schema.ts";
import type { Regime } from "./schema.ts";
import { SEX, quarterlyRegimeInput, reportsApi } from "./testing.ts";

type Headers = { authorization: string };
type Problem = { detail: string; errors?: { path: string; message: string }[] };

describe("reports: comments on values, from the reporting unit and from the reviewers", () => {
  let platform: Platform;
  let province: Organization;
  let other: Organization;
  let regime: Regime;
  let reviewer: Headers;
  let officer: Headers;
  let stranger: Headers;
  const { call, ok } = reportsApi(() => platform);
  const comment = (report: ReportView, headers: Headers, body: object) =>
    call("POST", `/reports/${report.id}/comments`, headers, body);
  const view = (report: ReportView, headers: Headers) =>
    ok<ReportView>(call("GET", `/reports/${report.id}`, headers));

  before(async () => {
    platform = await createTestPlatform();
    const db = platform.ctx.db;
    const ministry = await createTestOrganization(db, { shortName: "BNV", kind: "ministry" });
    province = await createTestOrganization(db, { shortName: "SNV", name: "Sở Nội vụ C" });
    other = await createTestOrganization(db, { shortName: "SNV", name: "Sở Nội vụ D" });
    const user = async (organizationId: string, roles: Role[]) =>
      (await createTestUser(platform, { organizationId, roles })).bearer;
    const admin = await user(ministry.id, ["org_admin"]);
    reviewer = await user(ministry.id, ["reporting_officer"]);
    officer = await user(province.id, ["reporting_officer"]);
    stranger = await user(other.id, ["reporting_officer"]);
    regime = await ok<Regime>(
      call("POST", "/regimes", admin, quarterlyRegimeInput([province, other], ministry.id)),
      201,
    );
    await ok(
      call("PUT", `/regimes/${regime.id}/template`, admin, {
        sections: [],
        categories: [SEX],
        forms: [
          {
            code: "BIEU_01",
            title: "Số lượng công chức",
            indicators: [
              { code: "CC", name: "Công chức", type: "integer", categories: ["GIOI_TINH"] },
              { code: "HD", name: "Hợp đồng", type: "integer" },
              { code: "TONG", name: "Tổng", type: "integer", formula: "CC + HD" },
            ],
          },
        ],
        rules: [],
      }),
    );
    await ok(call("POST", `/regimes/${regime.id}/template/publish`, admin));
    await ok(call("POST", `/regimes/${regime.id}/activate`, admin));
  });
  after(() => platform.stop());

  it("keeps a thread per cell through submission and review, and locks it on acceptance", async () => {
    const report = await ok<ReportView>(
      call("POST", "/reports", officer, {
        regimeId: regime.id,
        organizationId: province.id,
        periodId: "2026Q1",
      }),
    );
    assert.equal(report.commentSide, "unit");
    assert.equal((await view(report, reviewer)).commentSide, null, "a draft is the unit's alone");

    const first = await ok<ValueComment>(
      comment(report, officer, {
        indicator: "CC",
        combination: "nu",
        body: "  Tăng 12 người do tiếp nhận từ huyện sáp nhập.  ",
      }),
      201,
    );
    assert.equal(first.body, "Tăng 12 người do tiếp nhận từ huyện sáp nhập.");
    assert.deepEqual([first.side, first.source], ["unit", "form"]);

    // Bad comments are refused with the field at fault, and nothing is stored.
    const refusals: [object, string, string][] = [
      [{ indicator: "CC", combination: "nu", body: "   " }, "/body", "Cần nội dung ý kiến"],
      [{ indicator: "KHONG_CO", body: "?" }, "/indicator", "Không có chỉ tiêu KHONG_CO"],
      [{ indicator: "TONG", body: "?" }, "/indicator", "được tính tự động"],
      [{ indicator: "CC", combination: "khac", body: "?" }, "/indicator", "không có tổ hợp"],
      [{ indicator: "CC", body: "?" }, "/indicator", "cần nhập theo phân tổ"],
    ];
    for (const [body, path, message] of refusals) {
      const refused = await comment(report, officer, body);
      assert.equal(refused.statusCode, 400, refused.body);
      const error = refused.json<Problem>().errors![0]!;
      assert.equal(error.path, path);
      assert.ok(error.message.includes(message), error.message);
    }
    const tooLong = await comment(report, officer, { indicator: "HD", body: "x".repeat(2001) });
    assert.equal(tooLong.statusCode, 400);
    assert.equal((await comment(report, stranger, { indicator: "HD", body: "?" })).statusCode, 403);
    assert.equal((await comment(report, reviewer, { indicator: "HD", body: "?" })).statusCode, 409);
    assert.deepEqual(
      (await view(report, officer)).comments.map((c) => c.id),
      [first.id],
    );

    // Submitted: the unit waits, the reviewers ask.
    await ok(
      call("PATCH", `/reports/${report.id}`, officer, {
        values: [
          { indicator: "CC", combination: "nam", value: 40 },
          { indicator: "CC", combination: "nu", value: 52 },
          { indicator: "HD", value: 3 },
        ],
      }),
    );
    await ok(call("POST", `/reports/${report.id}/submit`, officer));
    const waiting = await comment(report, officer, { indicator: "HD", body: "Bổ sung" });
    assert.equal(waiting.statusCode, 409);
    assert.match(waiting.json<Problem>().detail, /chờ đơn vị nhận xem xét/);
    assert.equal((await view(report, reviewer)).commentSide, "reviewer");
    const question = await ok<ValueComment>(
      comment(report, reviewer, {
        indicator: "CC",
        combination: "nu",
        body: "Đề nghị gửi kèm quyết định tiếp nhận.",
      }),
      201,
    );
    assert.equal(question.side, "reviewer");

    // Returned: both sides may write; the thread shows oldest first, with who wrote it.
    await ok(
      call("POST", `/reports/${report.id}/review`, reviewer, {
        decision: "return",
        note: "Xem ý kiến ở ô Công chức — Nữ",
      }),
    );
    const answer = await ok<ValueComment>(
      comment(report, officer, {
        indicator: "CC",
        combination: "nu",
        body: "Đã đính kèm Quyết định số 15/QĐ-UBND.",
      }),
      201,
    );
    const thread = (await view(report, officer)).comments;
    assert.deepEqual(
      thread.map((c) => [c.id, c.side]),
      [
        [first.id, "unit"],
        [question.id, "reviewer"],
        [answer.id, "unit"],
      ],
    );
    assert.ok(thread.every((c) => c.indicator === "CC" && c.combination === "nu" && c.author));

    // Accepted: locked for everyone.
    await ok(call("POST", `/reports/${report.id}/submit`, officer));
    await ok(call("POST", `/reports/${report.id}/review`, reviewer, { decision: "accept" }));
    for (const headers of [officer, reviewer]) {
      const locked = await comment(report, headers, { indicator: "HD", body: "Thêm" });
      assert.equal(locked.statusCode, 409);
      assert.match(locked.json<Problem>().detail, /đã khóa/);
      assert.equal((await view(report, headers)).commentSide, null);
    }

    const audit = await searchAudit(platform.ctx.db, { targetId: report.id, limit: 50 });
    const commented = audit.filter((e) => e.action === "reports.value_commented");
    assert.equal(commented.length, 3);
    assert.ok(
      commented.every((e) => !JSON.stringify(e.details).includes("Quyết định")),
      "the audit names the cell, not the text",
    );
  });

  it("stores a comment sent with an imported value once, and never from a refused import", async () => {
    const importValues = (query: string, dataValues: object[]) =>
      platform.app.inject({
        method: "POST",
        url: `/api/v1/reports/dataValueSets${query}`,
        headers: officer,
        payload: { dataSet: regime.code, period: "2026Q2", orgUnit: province.code, dataValues },
      });
    const rows = [
      { dataElement: "HD", value: "5", comment: "Hợp đồng theo Nghị định 111" },
      { dataElement: "CC", categoryOptionCombo: "nam", value: "41" },
    ];

    const dry = await importValues("?dryRun=true", rows);
    assert.equal(dry.json<ImportSummary>().importCount.imported, 2);
    const refused = await importValues("", [...rows, { dataElement: "HD", value: "x" }]);
    assert.equal(refused.statusCode, 409);

    const opened = await ok<ReportView>(
      call("POST", "/reports", officer, {
        regimeId: regime.id,
        organizationId: province.id,
        periodId: "2026Q2",
      }),
    );
    assert.deepEqual(opened.comments, [], "a dry run and a refused import store no comment");

    const imported = await importValues("", rows);
    assert.equal(imported.statusCode, 200, imported.body);
    // Again, unchanged: nothing new; a new comment on an unchanged value counts as an update.
    const again = await importValues("", rows);
    assert.deepEqual(again.json<ImportSummary>().importCount, {
      imported: 0,
      updated: 0,
      ignored: 2,
      deleted: 0,
    });
    const changed = await importValues("", [
      { dataElement: "HD", value: "5", comment: "Hợp đồng theo Nghị định 111/2022" },
    ]);
    assert.equal(changed.json<ImportSummary>().importCount.updated, 1);

    const comments = (await view(opened, officer)).comments;
    assert.deepEqual(
      comments.map((c) => [c.indicator, c.body, c.source, c.side]),
      [
        ["HD", "Hợp đồng theo Nghị định 111", "import", "unit"],
        ["HD", "Hợp đồng theo Nghị định 111/2022", "import", "unit"],
      ],
    );
  });
});
