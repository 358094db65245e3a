import { vietnamToday, type WorkCalendar } from "@lienthong/calendar";
import type { Db } from "../../core/db/index.ts";
import { newId } from "../../core/ids.ts";
import { enqueueJob } from "../../core/jobs.ts";
import type { ModuleContext, RecurringJob } from "../../core/module.ts";
import { selectActiveStaff } from "../identity/index.ts";
import { selectRegimes, type RegimeRow } from "./repo.ts";
import { REMINDER_MAIL_JOB, reminderMailJob, reminderMessage } from "./reminders-mail.ts";
import {
  insertReminder,
  markMailQueued,
  reminderKey,
  selectGivenOn,
  type ReminderKind,
} from "./reminders-repo.ts";
import { expectedReports } from "./schedule.ts";
import type { ExpectedReport } from "./schema.ts";
import { inTransaction, workCalendar } from "./shared.ts";

export const REMINDER_JOB = "reports.reminders";
/** How often the scan looks for reports to remind of; each reminder still goes out once a day. */
export const REMINDER_EVERY_SECONDS = 15 * 60;

const SCAN_ACTOR = { kind: "system", name: "reports.reminders" } as const;
const SUBMITTED: ReadonlySet<ExpectedReport["status"]> = new Set(["submitted", "accepted"]);

export type Officer = Awaited<ReturnType<typeof reportingOfficers>>[number];

/** The active reporting officers of a unit: the people who fill its reports (see `mayFill`). */
export function reportingOfficers(db: Db, organizationId: string) {
  return selectActiveStaff(db, { organizationId, role: "reporting_officer" });
}

/** Whether the unit still owes this report: nothing sent yet, or sent back and not sent again. */
export const stillOwed = (row: ExpectedReport) => !SUBMITTED.has(row.status);

/** Working days left until the deadline; negative (at least -1) once it has passed. */
export function workingDaysLeft(calendar: WorkCalendar, today: string, deadline: string): number {
  if (today <= deadline) return calendar.workingDaysBetween(today, deadline);
  return -Math.max(1, calendar.workingDaysBetween(deadline, today));
}

/**
 * Records a reminder of `kind` for each officer about a unit's report (skipping whoever had one of
 * that kind today — the unique index decides) and, when mail is configured and the person has an
 * address, queues the e-mail in the same transaction. Returns who was newly reminded.
 */
export async function remindOfficers(
  trx: Db,
  ctx: ModuleContext,
  input: {
    regime: RegimeRow;
    report: ExpectedReport;
    officers: readonly Officer[];
    kind: ReminderKind;
    today: string;
    sentBy: string | null;
    message: string | null;
  },
): Promise<{ people: number; mails: number }> {
  const { regime, report } = input;
  const done = { people: 0, mails: 0 };
  for (const officer of input.officers) {
    const id = newId();
    const created = await insertReminder(trx, {
      id,
      regime_id: regime.id,
      period_id: report.periodId,
      organization_id: report.organization.id,
      user_id: officer.id,
      kind: input.kind,
      day: input.today,
      sent_by: input.sentBy,
      message: input.message,
    });
    if (!created) continue;
    done.people += 1;
    if (!ctx.config.mail || !officer.email) continue;
    const page = report.reportId ? `reports/${report.reportId}` : "reports/mine";
    const mail = reminderMessage(officer.email, {
      kind: input.kind,
      displayName: officer.display_name,
      regimeName: regime.name,
      periodId: report.periodId,
      organizationName: report.organization.name,
      deadline: report.deadline,
      daysLeft: workingDaysLeft(workCalendar(), input.today, report.deadline),
      message: input.message,
      sentBy: input.sentBy,
      url: `${ctx.config.publicUrl.replace(/\/$/, "")}/${page}`,
    });
    await enqueueJob(trx, { name: REMINDER_MAIL_JOB, key: id, payload: mail });
    await markMailQueued(trx, id);
    done.mails += 1;
  }
  return done;
}

/** The scheduled reminder a report calls for today, if any. */
function scheduledKind(
  row: ExpectedReport,
  today: string,
  dueSoonDays: number,
  calendar: WorkCalendar,
): ReminderKind | undefined {
  if (!stillOwed(row)) return undefined;
  if (today > row.deadline) return "late";
  if (dueSoonDays === 0) return undefined;
  return calendar.workingDaysBetween(today, row.deadline) <= dueSoonDays ? "due_soon" : undefined;
}

export type ReminderRun = { reminders: number; mails: number };

/**
 * Nhắc nộp and đôn đốc for every regime in force, on the Vietnam day of `now` if it is a working
 * day: each expected report not yet submitted (or returned and not sent again) whose deadline is
 * at most the regime's `reminderDays` working days away (unless it is 0) gets `due_soon`, one whose deadline has passed gets
 * `late`, sent to the reporting unit's officers — once per person, report, kind and day, however
 * often and on however many processes the scan runs. The scan covers the periods the schedule
 * shows by default (from a year back to the current one).
 */
export async function sendReportReminders(
  ctx: ModuleContext,
  options: { now?: Date } = {},
): Promise<ReminderRun> {
  const run: ReminderRun = { reminders: 0, mails: 0 };
  const today = vietnamToday(options.now ?? new Date());
  const calendar = workCalendar();
  if (!calendar.isWorkingDay(today)) return run;
  const officersOf = new Map<string, Promise<Officer[]>>();
  for (const regime of await selectRegimes(ctx.db, { status: "active" })) {
    let rows: ExpectedReport[];
    try {
      rows = await expectedReports({ db: ctx.db, actor: SCAN_ACTOR, regimeId: regime.id, today });
    } catch (error) {
      ctx.log.warn({ err: error, regime: regime.code }, "report reminders: schedule failed");
      continue;
    }
    const given = await selectGivenOn(ctx.db, {
      regimeId: regime.id,
      day: today,
      kinds: ["due_soon", "late"],
    });
    for (const report of rows) {
      const kind = scheduledKind(report, today, regime.reminder_days, calendar);
      if (!kind) continue;
      let officers = officersOf.get(report.organization.id);
      if (!officers) {
        officers = reportingOfficers(ctx.db, report.organization.id);
        officersOf.set(report.organization.id, officers);
      }
      const list = (await officers).filter(
        (officer) =>
          !given.has(reminderKey(officer.id, report.periodId, report.organization.id, kind)),
      );
      if (list.length === 0) continue;
      const done = await inTransaction(ctx.db, (trx) =>
        remindOfficers(trx, ctx, {
          regime,
          report,
          officers: list,
          kind,
          today,
          sentBy: null,
          message: null,
        }),
      );
      run.reminders += done.people;
      run.mails += done.mails;
    }
  }
  return run;
}

/** The recurring job that runs {@link sendReportReminders} on the platform's clock. */
export const reportReminderJob: RecurringJob = {
  name: REMINDER_JOB,
  everySeconds: REMINDER_EVERY_SECONDS,
  async run(ctx) {
    const run = await sendReportReminders(ctx);
    if (run.reminders > 0) ctx.log.info(run, "report reminders recorded");
  },
};

/** The module's reminder jobs: the recurring scan and the delivery of each e-mail. */
export const reportReminderJobs = [reportReminderJob, reminderMailJob] as const;
