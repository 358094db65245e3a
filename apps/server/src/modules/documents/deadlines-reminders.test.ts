import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Actor } from "../../core/actor.ts";
import { createTestPlatform } from "../../core/testing/platform.ts";
import type { Platform } from "../../platform.ts";
import type { Organization } from "../directory/index.ts";
import { deliverQueuedMail } from "../../core/testing/mail-jobs.ts";
import { readMail, startSmtpServer } from "../../core/testing/smtp.ts";
import { createTestOrganization } from "../directory/testing.ts";
import { documentsModule } from "./index.ts";
import { assignedDocument, createStaff, type AssignedDocument } from "./deadlines-testing.ts";
import { REMINDER_JOB, sendDeadlineReminders } from "./reminders.ts";
import { listReminders } from "./reminders-inbox.ts";
import { REMINDER_MAIL_JOB, reminderMailJob } from "./reminders-mail.ts";

/** 09:00 on 8 December 2099 in Vietnam. */
const DEC_8 = new Date("2099-12-08T02:00:00Z");
/** 21:00 the same day in Vietnam: still 8 December there, though 14:00 UTC. */
const DEC_8_EVENING = new Date("2099-12-08T14:00:00Z");
/** 08:00 on 9 December in Vietnam (1 o'clock at night UTC). */
const DEC_9 = new Date("2099-12-09T01:00:00Z");

describe("documents: reminders (nhắc việc, đôn đốc) in the app and by e-mail", () => {
  let platform: Platform;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let ours: Organization;
  let leader: Actor & { kind: "user"; email: string | null };
  let anh: Actor & { kind: "user"; email: string | null };
  let binh: Actor & { kind: "user"; email: string | null };
  let dueSoon: AssignedDocument;
  let unitOverdue: AssignedDocument;
  let secretOverdue: AssignedDocument;

  /** Delivers the queued mails (the platform's own runner may take some), until `count` arrived. */
  const deliver = async (count: number) =>
    (await deliverQueuedMail(platform, reminderMailJob, smtp, count)).map((m) => ({
      to: m.to,
      ...readMail(m.raw),
    }));

  before(async () => {
    smtp = await startSmtpServer();
    platform = await createTestPlatform({
      listen: true,
      config: {
        mail: {
          smtpUrl: `smtp://127.0.0.1:${smtp.port}`,
          from: "Liên Thông <no-reply@lienthong.example.gov.vn>",
        },
      },
    });
    const db = platform.ctx.db;
    ours = await createTestOrganization(db, { shortName: "SNV", name: "Sở Nội vụ nhắc việc" });
    const unit = await createTestOrganization(db, {
      shortName: "PCCVC",
      name: "Phòng Công chức",
      parentId: ours.id,
    });
    const sender = await createTestOrganization(db, { shortName: "UBND", name: "UBND huyện" });
    const clerk = await createStaff(platform, ours, ["clerk"]);
    leader = await createStaff(platform, ours, ["leader"], "lanhdao@snv.example.gov.vn");
    anh = await createStaff(platform, ours, ["specialist"], "anh@snv.example.gov.vn");
    binh = await createStaff(platform, ours, ["specialist"]);
    await createStaff(platform, unit, ["leader"], "truongphong@snv.example.gov.vn");
    const assign = (
      assignment: Parameters<typeof assignedDocument>[1]["assignment"],
      extra: { urgency?: "khan" | "hoa_toc"; secret?: boolean } = {},
    ) => assignedDocument(platform, { sender, to: ours, clerk, leader, assignment, ...extra });
    dueSoon = await assign({
      mainUserId: anh.userId,
      coHandlerIds: [binh.userId],
      dueDate: "2099-12-10",
    });
    unitOverdue = await assign({ mainUnitId: unit.id, dueDate: "2099-12-05" }, { urgency: "khan" });
    secretOverdue = await assign(
      { mainUserId: anh.userId, dueDate: "2099-12-06" },
      { urgency: "hoa_toc", secret: true },
    );
    await assign({ mainUserId: anh.userId, dueDate: "2099-12-30" });
  });
  after(async () => {
    await platform?.stop();
    await smtp?.close();
  });

  it("is declared in the documents manifest, so every server process runs it", () => {
    const names = documentsModule.jobs?.map((job) => job.name) ?? [];
    assert.ok(names.includes(REMINDER_JOB));
    assert.ok(names.includes(REMINDER_MAIL_JOB));
    const recurring = documentsModule.jobs?.find((job) => job.name === REMINDER_JOB);
    assert.equal(recurring?.everySeconds, 900);
  });

  it("reminds handlers, escalates overdue documents to the leader, once a day however often it runs", async () => {
    const first = await sendDeadlineReminders(platform.ctx, { now: DEC_8 });
    // due soon: Anh and Bình; unit overdue: its leader, and the organization's leader;
    // secret overdue: Anh, and the organization's leader. Bình has no address: in the app only.
    assert.deepEqual(first, { reminders: 6, mails: 5 });
    const again = await sendDeadlineReminders(platform.ctx, { now: DEC_8_EVENING });
    assert.deepEqual(again, { reminders: 0, mails: 0 }, "the same Vietnam day: nothing new");

    const mails = await deliver(5);
    assert.equal(mails.length, 5);
    const to = (address: string) => mails.filter((m) => m.to.includes(address));
    const forAnh = to("anh@snv.example.gov.vn");
    assert.equal(forAnh.length, 2);
    const reminder = forAnh.find((m) => m.subject.startsWith("Nhắc việc"))!;
    assert.equal(
      reminder.subject,
      "Nhắc việc: văn bản sắp đến hạn xử lý 10/12/2099 / Reminder: a document is due soon 10/12/2099",
    );
    assert.ok(reminder.body.includes(dueSoon.subject));
    assert.match(reminder.body, /Hạn xử lý: 10\/12\/2099 \(còn 2 ngày\)/);
    assert.ok(reminder.body.indexOf("Kính gửi") < reminder.body.indexOf("Dear"));
    assert.ok(forAnh.some((m) => m.subject.startsWith("[Hỏa tốc] Đôn đốc: văn bản quá hạn")));

    const forUnitLeader = to("truongphong@snv.example.gov.vn");
    assert.equal(forUnitLeader.length, 1);
    assert.match(
      forUnitLeader[0]!.subject,
      /^\[Khẩn\] Đôn đốc: văn bản quá hạn xử lý 05\/12\/2099/,
    );
    assert.match(forUnitLeader[0]!.body, /đã quá 3 ngày/);

    const forLeader = to("lanhdao@snv.example.gov.vn");
    assert.equal(forLeader.length, 2);
    assert.ok(forLeader.every((m) => m.subject.includes("Báo cáo lãnh đạo: văn bản quá hạn")));
    assert.ok(forLeader.some((m) => m.body.includes(unitOverdue.subject)));

    for (const mail of mails) {
      assert.ok(!mail.body.includes(secretOverdue.subject), "no secret subject in any mail");
      assert.ok(!mail.subject.includes(secretOverdue.subject));
    }
    const secretMails = mails.filter((m) => m.body.includes("Văn bản mật"));
    assert.equal(secretMails.length, 2, "Anh's and the leader's mail name it Văn bản mật");
    assert.ok(secretMails.every((m) => m.body.includes(`/documents/${secretOverdue.id}`)));
  });

  it("keeps the reminders in the app, also for a person without an e-mail address", async () => {
    const page = await listReminders({ db: platform.ctx.db, actor: binh, limit: 10 });
    assert.deepEqual(
      page.items.map((r) => [r.kind, r.document.id, r.day, r.readAt]),
      [["due_soon", dueSoon.id, "2099-12-08", null]],
    );
    const leaders = await listReminders({ db: platform.ctx.db, actor: leader, limit: 10 });
    assert.deepEqual(leaders.items.map((r) => r.kind).sort(), ["escalated", "escalated"]);
    const secret = leaders.items.find((r) => r.document.id === secretOverdue.id)!;
    assert.equal(secret.document.secret, true);
    assert.equal(secret.document.subject, null);
  });

  it("reminds again the next Vietnam day", async () => {
    const before = smtp.received.length;
    const next = await sendDeadlineReminders(platform.ctx, { now: DEC_9 });
    assert.deepEqual(next, { reminders: 6, mails: 5 });
    const mails = (await deliver(before + 5)).slice(before);
    assert.ok(
      mails.some((m) => m.to.includes("anh@snv.example.gov.vn") && /còn 1 ngày/.test(m.body)),
    );
  });

  it("records reminders without mail when no mail server is configured", async () => {
    const mail = platform.ctx.config.mail;
    platform.ctx.config.mail = undefined;
    try {
      const later = await sendDeadlineReminders(platform.ctx, {
        now: new Date("2099-12-10T02:00:00Z"),
      });
      assert.deepEqual(later, { reminders: 6, mails: 0 });
    } finally {
      platform.ctx.config.mail = mail;
    }
  });
});
