import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "kysely";
import { searchAudit } from "../../core/audit.ts";
import type { AppError } from "../../core/errors.ts";
import { createTestPlatform } from "../../core/testing/platform.ts";
import type { Platform } from "../../platform.ts";
import type { Organization } from "../directory/index.ts";
import { createTestOrganization, systemActor } from "../directory/testing.ts";
import { createTestUser } from "../identity/testing.ts";
import { aggregate } from "./aggregation.ts";
import { importDataValues } from "./import.ts";
import { reportsKpis } from "./kpis.ts";
import { createRegime, setRegimeStatus } from "./regimes.ts";
import { createRequest } from "./requests.ts";
import { expectedReports } from "./schedule.ts";
import { openReport } from "./report-open.ts";
import { saveReport, submitReport } from "./submissions.ts";
import { reviewReport } from "./review.ts";
import { publishTemplate, saveDraftTemplate } from "./templates.ts";

const actor = systemActor;
const CODE = "DX-2026-03";
/** The request: data up to Thursday 10 September 2026, due Saturday the 12th (so Monday the 14th). */
const REQUEST = {
  code: CODE,
  title: "Báo cáo đột xuất thiệt hại do bão số 3",
  start: "2026-09-01",
  end: "2026-09-10",
  deadline: "2026-09-12",
};

const rejectsWith =
  (code: string, path?: string) =>
  (error: AppError): boolean =>
    error.code === code &&
    (path === undefined || error.errors?.some((e) => e.path === path) === true);

describe("reports: thematic and ad-hoc requests with their own period and deadline", () => {
  let platform: Platform;
  let ministry: Organization;
  let units: Organization[];
  let regimeId: string;
  let periodicId: string;

  const regime = async (kind: "ad_hoc" | "periodic", code: string) => {
    const db = platform.ctx.db;
    const created = await createRegime({
      db,
      actor,
      input: {
        code,
        name: kind === "ad_hoc" ? "Báo cáo đột xuất về thiên tai" : "Báo cáo định kỳ",
        legalBasis: "Nghị định 09/2019/NĐ-CP",
        kind,
        frequency: "quarterly",
        windowRule: "decree09",
        deadlineRule: { kind: "day_of_month", day: 20, monthsAfterEnd: 0 },
        reportingRule: { kind: "organizations", organizationIds: units.map((u) => u.id) },
        receivingOrganizationId: ministry.id,
        effectiveFrom: "2026-01-01",
      },
    });
    await saveDraftTemplate({
      db,
      actor,
      regimeId: created.id,
      definition: {
        sections: [],
        categories: [],
        forms: [
          {
            code: "B1",
            title: "Thiệt hại",
            indicators: [{ code: "NHA_HONG", name: "Nhà bị hư hỏng", type: "integer", min: 0 }],
          },
        ],
        rules: [],
      },
    });
    await publishTemplate({ db, actor, regimeId: created.id });
    await setRegimeStatus({ db, actor, id: created.id, status: "active" });
    return created.id;
  };

  before(async () => {
    platform = await createTestPlatform();
    const db = platform.ctx.db;
    ministry = await createTestOrganization(db, { kind: "ministry", shortName: "BNV" });
    units = [
      await createTestOrganization(db, { name: "Sở Nội vụ Quảng Ninh" }),
      await createTestOrganization(db, { name: "Sở Nội vụ Hải Phòng" }),
      await createTestOrganization(db, { name: "Sở Nội vụ Cà Mau" }),
    ];
    regimeId = await regime("ad_hoc", "DX-THIEN-TAI");
    periodicId = await regime("periodic", "DK-QUY");
  });
  after(() => platform.stop());

  it("requests a report of some units, tells their officers at once, moves the deadline past the weekend, audits", async () => {
    const officers = await Promise.all(
      units.map((unit) =>
        createTestUser(platform, { organizationId: unit.id, roles: ["reporting_officer"] }),
      ),
    );
    const request = await createRequest({
      ctx: platform.ctx,
      actor,
      regimeId,
      input: { ...REQUEST, organizationIds: [units[0]!.id, units[1]!.id] },
      today: "2026-09-08",
    });
    assert.equal(request.deadline, "2026-09-14");
    assert.deepEqual(request.organizationIds, [units[0]!.id, units[1]!.id]);
    const audit = await searchAudit(platform.ctx.db, {
      action: "reports.request_created",
      limit: 10,
    });
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.details?.code, CODE);

    // The officers of the units asked are told at once; the unit not asked is not.
    const told = await sql<{ user_id: string; kind: string; message: string }>`
      select user_id, kind, message from rpt_reminders where period_id = ${CODE}`.execute(
      platform.ctx.db,
    );
    assert.deepEqual(
      told.rows.map((r) => r.user_id).sort(),
      [officers[0]!.user.id, officers[1]!.user.id].sort(),
    );
    assert.ok(
      told.rows.every((r) => r.kind === "requested" && r.message.startsWith(REQUEST.title)),
    );

    // Only the units asked owe it, with the request's window and deadline.
    const schedule = await expectedReports({
      db: platform.ctx.db,
      actor,
      regimeId,
      today: "2026-09-11",
    });
    assert.deepEqual(
      schedule
        .map((r) => [r.periodId, r.organization.id, r.start, r.end, r.deadline, r.status])
        .sort((a, b) => a[1]!.localeCompare(b[1]!)),
      [
        [CODE, units[0]!.id, "2026-09-01", "2026-09-10", "2026-09-14", "open"],
        [CODE, units[1]!.id, "2026-09-01", "2026-09-10", "2026-09-14", "open"],
      ].sort((a, b) => a[1]!.localeCompare(b[1]!)),
    );
  });

  it("refuses a request that is malformed, late, for other units, twice, or on a periodic regime", async () => {
    const attempt = (
      input: Partial<typeof REQUEST> & { organizationIds?: string[] },
      id = regimeId,
    ) =>
      createRequest({
        ctx: platform.ctx,
        actor,
        regimeId: id,
        input: { ...REQUEST, ...input },
        today: "2026-09-08",
      });
    await assert.rejects(attempt({ code: "2026Q3" }), rejectsWith("validation_failed", "/code"));
    await assert.rejects(
      attempt({ code: "DX-B", deadline: "2026-09-10" }),
      rejectsWith("validation_failed", "/deadline"),
    );
    await assert.rejects(
      attempt({ code: "DX-C", end: "2026-08-01", deadline: "2026-08-05" }),
      rejectsWith("validation_failed", "/deadline"),
    );
    await assert.rejects(
      attempt({ code: "DX-D", organizationIds: [ministry.id] }),
      rejectsWith("validation_failed", "/organizationIds/0"),
    );
    await assert.rejects(attempt({}), rejectsWith("conflict"));
    await assert.rejects(attempt({ code: "DX-E" }, periodicId), rejectsWith("unprocessable"));

    // Over HTTP: a reporting unit's officer may not request reports.
    const officer = await createTestUser(platform, {
      organizationId: units[0]!.id,
      roles: ["reporting_officer"],
    });
    const refused = await platform.app.inject({
      method: "POST",
      url: `/api/v1/reports/regimes/${regimeId}/requests`,
      headers: officer.bearer,
      payload: { ...REQUEST, code: "DX-F", deadline: "2099-01-02" },
    });
    assert.equal(refused.statusCode, 403, refused.body);
    const listed = await platform.app.inject({
      method: "GET",
      url: `/api/v1/reports/regimes/${regimeId}/requests`,
      headers: officer.bearer,
    });
    assert.equal(listed.statusCode, 200);
    assert.deepEqual(
      listed.json<{ items: { code: string }[] }>().items.map((r) => r.code),
      [CODE],
    );
  });

  it("takes reports of the units asked only, late by the request's deadline, and adds them up", async () => {
    const db = platform.ctx.db;
    const fill = async (unit: Organization, value: number, submittedAt: string) => {
      const opened = await openReport({
        db,
        actor,
        regimeId,
        organizationId: unit.id,
        periodId: CODE,
        today: "2026-09-11",
      });
      assert.equal(opened.deadline, "2026-09-14");
      await saveReport({ db, actor, id: opened.id, values: [{ indicator: "NHA_HONG", value }] });
      return submitReport({ ctx: platform.ctx, actor, id: opened.id, now: new Date(submittedAt) });
    };
    const onTime = await fill(units[0]!, 120, "2026-09-14T09:00:00Z");
    assert.equal(onTime.late, false);
    assert.equal((await fill(units[1]!, 30, "2026-09-15T02:00:00Z")).late, true);
    await assert.rejects(
      openReport({ db, actor, regimeId, organizationId: units[2]!.id, periodId: CODE }),
      rejectsWith("unprocessable"),
    );
    await assert.rejects(
      openReport({ db, actor, regimeId, organizationId: units[0]!.id, periodId: "2026Q3" }),
      rejectsWith("unprocessable"),
    );

    for (const periodId of [CODE, "2026"]) {
      const sum = await aggregate({ db, actor, regimeId, periodId });
      assert.deepEqual(sum.period.periods, [CODE]);
      assert.equal(sum.total.cells.find((c) => c.indicator === "NHA_HONG")?.value, 150);
      // Two units were asked, not three.
      assert.deepEqual(sum.total.completeness, {
        expected: 2,
        submitted: 2,
        onTime: 1,
        accepted: 0,
      });
    }
    // The IOC counts the two units asked: both submitted online.
    const figures = new Map((await reportsKpis(platform.ctx)).map((k) => [k.key, k.value]));
    assert.equal(figures.get("reports.submitted_share.DX-THIEN-TAI"), 100);
    assert.equal(figures.get("reports.on_time_share.DX-THIEN-TAI"), 50);
    // Returned for correction and not yet sent again: no longer counted as submitted, as in the
    // completeness view; sent again, it counts — and on time, as it was first sent.
    await reviewReport({ db, actor, id: onTime.id, decision: "return", note: "Bổ sung số liệu" });
    const returned = new Map((await reportsKpis(platform.ctx)).map((k) => [k.key, k.value]));
    assert.equal(returned.get("reports.submitted_share.DX-THIEN-TAI"), 50);
    assert.equal(
      (await aggregate({ db, actor, regimeId, periodId: CODE })).total.completeness.submitted,
      1,
    );
    await submitReport({ ctx: platform.ctx, actor, id: onTime.id });
    const resent = new Map((await reportsKpis(platform.ctx)).map((k) => [k.key, k.value]));
    assert.deepEqual(
      [
        resent.get("reports.submitted_share.DX-THIEN-TAI"),
        resent.get("reports.on_time_share.DX-THIEN-TAI"),
      ],
      [100, 50],
    );
  });

  it("refuses imported values of a unit the request does not ask, with the reason", async () => {
    const summary = await importDataValues({
      ctx: platform.ctx,
      caller: { kind: "actor", actor },
      regimeCode: "DX-THIEN-TAI",
      values: [{ dataElement: "NHA_HONG", period: CODE, orgUnit: units[2]!.code, value: "7" }],
      dryRun: true,
      atomic: true,
    });
    assert.equal(summary.conflicts.length, 1);
    assert.match(
      summary.conflicts[0]!.value + summary.conflicts[0]!.object,
      new RegExp(units[2]!.code),
    );
    assert.match(JSON.stringify(summary.conflicts[0]), /không gửi đến đơn vị/);
  });
});
