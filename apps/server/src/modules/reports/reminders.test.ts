import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "kysely";
import { searchAudit } from "../../core/audit.ts";
import { createTestPlatform } from "../../core/testing/platform.ts";
import type { Platform } from "../../platform.ts";
import type { Organization } from "../directory/index.ts";
import { createTestOrganization } from "../directory/testing.ts";
import { deliverQueuedMail } from "../../core/testing/mail-jobs.ts";
import { readMail, startSmtpServer } from "../../core/testing/smtp.ts";
import { createTestUser } from "../identity/testing.ts";
import { reportsModule } from "./index.ts";
import type { ReportView } from "./report-schema.ts";
import { REMINDER_JOB, sendReportReminders } from "./reminders.ts";
import { REMINDER_MAIL_JOB, reminderMailJob } from "./reminders-mail.ts";
import type { ReportReminder } from "./reminders-schema.ts";
import type { Regime } from "./schema.ts";
import { quarterlyRegimeInput, reportsApi } from "./testing.ts";

type Headers = { authorization: string };

/** Vietnam times (UTC+7) around the 2026Q3 deadline, Monday 21 September 2026. */
const at = (day: string, hour = 9) =>
  new Date(`${day}T${String(hour - 7).padStart(2, "0")}:00:00Z`);

describe("reports: reminders (nhắc nộp, đôn đốc) to reporting officers", () => {
  let platform: Platform;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let ministry: Organization;
  let provinceA: Organization;
  let provinceB: Organization;
  let provinceC: Organization;
  let regime: Regime;
  let reviewer: Headers;
  let officerA: Headers;
  let officerAId: string;
  let reportB: ReportView;

  const { call, ok } = reportsApi(() => platform);
  const reminderRows = async () =>
    (
      await sql<{
        user_id: string;
        organization_id: string;
        kind: string;
        day: string;
        mail_queued: boolean;
      }>`
        select user_id, organization_id, kind, to_char(day, 'YYYY-MM-DD') as day, mail_queued
        from rpt_reminders order by created_at, id`.execute(platform.ctx.db)
    ).rows;

  /** Delivers the queued mails until `count` have arrived at the SMTP server. */
  const deliver = async (count: number) =>
    (await deliverQueuedMail(platform, reminderMailJob, smtp, count)).map((m) => ({
      to: m.to.join(","),
      ...readMail(m.raw),
    }));

  before(async () => {
    smtp = await startSmtpServer();
    platform = await createTestPlatform({
      config: {
        mail: {
          smtpUrl: `smtp://127.0.0.1:${smtp.port}`,
          from: "Liên Thông <no-reply@lienthong.example.gov.vn>",
        },
      },
    });
    const db = platform.ctx.db;
    ministry = await createTestOrganization(db, { shortName: "BNV", kind: "ministry" });
    provinceA = await createTestOrganization(db, { shortName: "SNV", name: "Sở Nội vụ A" });
    provinceB = await createTestOrganization(db, { shortName: "SNV", name: "Sở Nội vụ B" });
    provinceC = await createTestOrganization(db, { shortName: "SNV", name: "Sở Nội vụ C" });
    const user = (
      organizationId: string,
      roles: Parameters<typeof createTestUser>[1]["roles"],
      email?: string,
    ) => createTestUser(platform, { organizationId, roles, ...(email ? { email } : {}) });
    const admin = (await user(ministry.id, ["org_admin"])).bearer;
    reviewer = (await user(ministry.id, ["reporting_officer"], "ra-soat@bnv.example.gov.vn"))
      .bearer;
    const a1 = await user(provinceA.id, ["reporting_officer"], "baocao@snva.example.gov.vn");
    officerA = a1.bearer;
    officerAId = a1.user.id;
    await user(provinceA.id, ["reporting_officer"]);
    await user(provinceA.id, ["specialist"], "chuyenvien@snva.example.gov.vn");
    const officerB = (await user(provinceB.id, ["reporting_officer"], "baocao@snvb.example.gov.vn"))
      .bearer;
    const officerC = (await user(provinceC.id, ["reporting_officer"], "baocao@snvc.example.gov.vn"))
      .bearer;

    regime = await ok<Regime>(
      call("POST", "/regimes", admin, {
        code: "BC-NHAC-QUY",
        name: "Báo cáo công tác cải cách hành chính quý",
        legalBasis: "Thông tư 18/2025/TT-BNV",
        kind: "periodic",
        frequency: "quarterly",
        windowRule: "decree09",
        deadlineRule: { kind: "day_of_month", day: 20, monthsAfterEnd: 0 },
        reportingRule: {
          kind: "organizations",
          organizationIds: [provinceA.id, provinceB.id, provinceC.id],
        },
        receivingOrganizationId: ministry.id,
        effectiveFrom: "2026-07-01",
      }),
      201,
    );
    await ok(
      call("PUT", `/regimes/${regime.id}/template`, admin, {
        sections: [{ code: "TINH_HINH", title: "Tình hình thực hiện", required: true }],
        categories: [],
        forms: [
          {
            code: "BIEU_01",
            title: "Thủ tục hành chính",
            indicators: [{ code: "TTHC", name: "Số thủ tục", type: "integer", min: 0 }],
          },
        ],
        rules: [],
      }),
    );
    await ok(call("POST", `/regimes/${regime.id}/template/publish`, admin));
    await ok(call("POST", `/regimes/${regime.id}/activate`, admin));

    // C sends its 2026Q3 report; B sends it and has it returned; A has not opened it.
    const send = async (headers: Headers, organizationId: string) => {
      const report = await ok<ReportView>(
        call("POST", "/reports", headers, {
          regimeId: regime.id,
          organizationId,
          periodId: "2026Q3",
        }),
      );
      await ok(
        call("PATCH", `/reports/${report.id}`, headers, {
          narrative: { TINH_HINH: "Đã thực hiện." },
        }),
      );
      return ok<ReportView>(call("POST", `/reports/${report.id}/submit`, headers));
    };
    await send(officerC, provinceC.id);
    reportB = await send(officerB, provinceB.id);
    await ok(
      call("POST", `/reports/${reportB.id}/review`, reviewer, {
        decision: "return",
        note: "Thiếu số liệu thủ tục",
      }),
    );
  });
  after(async () => {
    await platform?.stop();
    await smtp?.close();
  });

  it("is declared in the reports manifest, so every server process runs it", () => {
    const names = reportsModule.jobs?.map((job) => job.name) ?? [];
    assert.ok(names.includes(REMINDER_JOB));
    assert.ok(names.includes(REMINDER_MAIL_JOB));
  });

  it("reminds the officers of units still owing, 3 working days before the deadline and after it, once a day", async () => {
    const { ctx } = platform;
    // Tuesday 15 September: 4 working days before the deadline — too early.
    assert.deepEqual(await sendReportReminders(ctx, { now: at("2026-09-15") }), {
      reminders: 0,
      mails: 0,
    });
    // Wednesday 16 September: 3 working days (17, 18, 21). A's two officers and B's (returned).
    assert.deepEqual(await sendReportReminders(ctx, { now: at("2026-09-16") }), {
      reminders: 3,
      mails: 2,
    });
    assert.deepEqual(
      await sendReportReminders(ctx, { now: at("2026-09-16", 21) }),
      { reminders: 0, mails: 0 },
      "the same Vietnam day: nothing new",
    );
    assert.deepEqual(
      await sendReportReminders(ctx, { now: at("2026-09-19") }),
      { reminders: 0, mails: 0 },
      "no reminders on a Saturday",
    );
    // Tuesday 22 September: the deadline has passed.
    assert.deepEqual(await sendReportReminders(ctx, { now: at("2026-09-22") }), {
      reminders: 3,
      mails: 2,
    });
    assert.deepEqual(await sendReportReminders(ctx, { now: at("2026-09-22", 16) }), {
      reminders: 0,
      mails: 0,
    });

    const rows = await reminderRows();
    const seen = (org: Organization, kind: string, day: string) => `${org.name} ${kind} ${day}`;
    assert.deepEqual(
      rows
        .map((r) => seen(r.organization_id === provinceA.id ? provinceA : provinceB, r.kind, r.day))
        .sort(),
      [
        seen(provinceA, "due_soon", "2026-09-16"),
        seen(provinceA, "due_soon", "2026-09-16"),
        seen(provinceA, "late", "2026-09-22"),
        seen(provinceA, "late", "2026-09-22"),
        seen(provinceB, "due_soon", "2026-09-16"),
        seen(provinceB, "late", "2026-09-22"),
      ],
    );
    assert.ok(
      rows.every((r) => r.organization_id !== provinceC.id),
      "C has submitted",
    );
    assert.equal(rows.filter((r) => r.mail_queued).length, 4);

    const mails = await deliver(4);
    assert.deepEqual(mails.map((m) => m.to).sort(), [
      "baocao@snva.example.gov.vn",
      "baocao@snva.example.gov.vn",
      "baocao@snvb.example.gov.vn",
      "baocao@snvb.example.gov.vn",
    ]);
    const forA = mails.filter((m) => m.to === "baocao@snva.example.gov.vn");
    const soon = forA.find((m) => m.subject.startsWith("Nhắc nộp"))!;
    assert.equal(
      soon.subject,
      "Nhắc nộp báo cáo sắp đến hạn: Báo cáo công tác cải cách hành chính quý kỳ 2026Q3 / Reminder: a report is due soon: 2026Q3",
    );
    assert.match(soon.body, /Hạn nộp: 21\/09\/2026 \(còn 3 ngày làm việc\)/);
    assert.match(soon.body, /Đơn vị báo cáo: Sở Nội vụ A/);
    assert.ok(soon.body.indexOf("Kính gửi") < soon.body.indexOf("Dear"));
    assert.ok(soon.body.includes(`${platform.ctx.config.publicUrl}/reports/mine`), "no report yet");
    const lateA = forA.find((m) => m.subject.startsWith("Đôn đốc"))!;
    assert.match(lateA.body, /đã quá hạn 1 ngày làm việc/);
    const forB = mails.filter((m) => m.to === "baocao@snvb.example.gov.vn");
    assert.ok(
      forB.every((m) => m.body.includes(`/reports/${reportB.id}`)),
      "B's report page",
    );
  });

  it("lets the receiving organization remind every late unit, or one unit, by hand", async () => {
    const before = smtp.received.length;
    const url = `/regimes/${regime.id}/periods/2026Q3`;
    const refused = await call("POST", `${url}/remind-late`, officerA, {});
    assert.equal(refused.statusCode, 403);
    assert.match(String(refused.headers["content-type"]), /application\/problem\+json/);
    assert.equal(refused.json<{ code: string }>().code, "forbidden");
    assert.equal((await call("POST", `${url}/remind-late`, undefined, {})).statusCode, 401);

    const submitted = await call("POST", `${url}/remind`, reviewer, {
      organizationId: provinceC.id,
    });
    assert.equal(submitted.statusCode, 422, "C has submitted");

    const one = await ok(
      call("POST", `${url}/remind`, reviewer, {
        organizationId: provinceB.id,
        message: "Đề nghị bổ sung số liệu và gửi lại trước ngày 30/11.",
      }),
    );
    assert.deepEqual(one, { units: 1, people: 1, mails: 1, unitsWithoutOfficers: [] });
    // A's two officers; B was reminded by hand already today.
    const late = await ok(
      call("POST", `${url}/remind-late`, reviewer, { message: "Đề nghị gửi ngay." }),
    );
    assert.deepEqual(late, { units: 1, people: 2, mails: 1, unitsWithoutOfficers: [] });
    const again = await ok(call("POST", `${url}/remind-late`, reviewer, {}));
    assert.deepEqual(again, { units: 0, people: 0, mails: 0, unitsWithoutOfficers: [] });

    const audit = await searchAudit(platform.ctx.db, {
      action: "reports.reminders_sent",
      targetId: regime.id,
      limit: 10,
    });
    assert.deepEqual(
      audit.map((e) => [e.details?.["scope"], e.details?.["people"]]),
      [
        ["late", 0],
        ["late", 2],
        ["unit", 1],
      ],
    );

    const mails = (await deliver(before + 2)).slice(before);
    const toB = mails.find((m) => m.to === "baocao@snvb.example.gov.vn")!;
    assert.match(toB.subject, /^Đôn đốc nộp báo cáo: /);
    assert.ok(toB.body.includes("Đề nghị bổ sung số liệu và gửi lại trước ngày 30/11."));
    assert.ok(toB.body.includes(`/reports/${reportB.id}`));
    const toA = mails.find((m) => m.to === "baocao@snva.example.gov.vn")!;
    assert.ok(toA.body.includes("Đề nghị gửi ngay."));
  });

  it("shows each officer their reminders, and the receiving organization the log", async () => {
    const mine = await ok<{ items: ReportReminder[] }>(call("GET", "/reminders/mine", officerA));
    assert.deepEqual(
      mine.items.map((r) => [r.kind, r.periodId, r.deadline, r.link, r.recipient.id]),
      [
        ["manual", "2026Q3", "2026-09-21", "/reports/mine", officerAId],
        ["late", "2026Q3", "2026-09-21", "/reports/mine", officerAId],
        ["due_soon", "2026Q3", "2026-09-21", "/reports/mine", officerAId],
      ],
    );
    assert.equal(mine.items[0]!.regime.name, "Báo cáo công tác cải cách hành chính quý");
    assert.equal(mine.items[0]!.message, "Đề nghị gửi ngay.");
    assert.ok(mine.items[0]!.sentBy);
    assert.equal(mine.items[1]!.sentBy, null);
    assert.deepEqual(
      (await ok<{ items: ReportReminder[] }>(call("GET", "/reminders/mine", reviewer))).items,
      [],
    );

    const log = await ok<{ items: ReportReminder[] }>(
      call("GET", `/regimes/${regime.id}/reminders?period=2026Q3`, reviewer),
    );
    assert.equal(log.items.length, 9);
    assert.deepEqual(
      log.items.filter((r) => r.organization.id === provinceB.id).map((r) => [r.kind, r.link]),
      [
        ["manual", `/reports/${reportB.id}`],
        ["late", `/reports/${reportB.id}`],
        ["due_soon", `/reports/${reportB.id}`],
      ],
    );
    assert.equal((await call("GET", `/regimes/${regime.id}/reminders`, officerA)).statusCode, 403);
    assert.equal(
      (
        await ok<{ items: ReportReminder[] }>(
          call("GET", `/regimes/${regime.id}/reminders?period=2026Q4`, reviewer),
        )
      ).items.length,
      0,
    );
  });

  it("records reminders without mail when no mail server is configured", async () => {
    const mail = platform.ctx.config.mail;
    platform.ctx.config.mail = undefined;
    try {
      const run = await sendReportReminders(platform.ctx, { now: at("2026-09-23") });
      assert.deepEqual(run, { reminders: 3, mails: 0 });
      const rows = (await reminderRows()).filter((r) => r.day === "2026-09-23");
      assert.deepEqual(
        rows.map((r) => [r.kind, r.mail_queued]),
        [
          ["late", false],
          ["late", false],
          ["late", false],
        ],
      );
    } finally {
      platform.ctx.config.mail = mail;
    }
  });

  it("gives each regime its own notice: a day before, or none before the deadline", async () => {
    const admin = (
      await createTestUser(platform, { organizationId: ministry.id, roles: ["org_admin"] })
    ).bearer;
    const regimeWith = async (reminderDays: number) => {
      const made = await ok<Regime>(
        call(
          "POST",
          "/regimes",
          admin,
          quarterlyRegimeInput([provinceA], ministry.id, {
            effectiveFrom: "2026-07-01",
            reminderDays,
          }),
        ),
        201,
      );
      assert.equal(made.reminderDays, reminderDays);
      await ok(
        call("PUT", `/regimes/${made.id}/template`, admin, {
          sections: [],
          categories: [],
          forms: [
            { code: "B1", title: "Biểu", indicators: [{ code: "X", name: "X", type: "integer" }] },
          ],
          rules: [],
        }),
      );
      await ok(call("POST", `/regimes/${made.id}/template/publish`, admin));
      await ok(call("POST", `/regimes/${made.id}/activate`, admin));
      return made.id;
    };
    const oneDay = await regimeWith(1);
    const none = await regimeWith(0);
    const given = async (regimeId: string) =>
      (
        await sql<{ kind: string; day: string }>`
          select distinct kind, to_char(day, 'YYYY-MM-DD') as day from rpt_reminders
          where regime_id = ${regimeId} order by day`.execute(platform.ctx.db)
      ).rows.map((r) => `${r.kind} ${r.day}`);
    const mail = platform.ctx.config.mail;
    platform.ctx.config.mail = undefined;
    try {
      // Deadline Monday 21 September. Thursday the 17th is 2 working days before it; Friday 1.
      for (const day of ["2026-09-17", "2026-09-18", "2026-09-22"])
        await sendReportReminders(platform.ctx, { now: at(day) });
    } finally {
      platform.ctx.config.mail = mail;
    }
    assert.deepEqual(await given(oneDay), ["due_soon 2026-09-18", "late 2026-09-22"]);
    assert.deepEqual(await given(none), ["late 2026-09-22"]);
    const refused = await call(
      "POST",
      "/regimes",
      admin,
      quarterlyRegimeInput([provinceA], ministry.id, { reminderDays: 11 }),
    );
    assert.equal(refused.statusCode, 400);
  });
});
