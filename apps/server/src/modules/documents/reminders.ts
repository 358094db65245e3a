import { vietnamToday } from "../../core/dates.ts";
import { inTransaction } from "../../core/db/transaction.ts";
import { newId } from "../../core/ids.ts";
import { enqueueJob } from "../../core/jobs.ts";
import type { ModuleContext, RecurringJob } from "../../core/module.ts";
import { isoDay, type Urgency } from "./documents.ts";
import { addDays, deadlineState, DUE_SOON_DAYS } from "./deadlines.ts";
import {
  insertReminder,
  selectDueAssignments,
  selectStaff,
  type DueAssignmentRow,
  type StaffRow,
} from "./deadlines-repo.ts";
import type { ReminderKind } from "./deadlines-tables.ts";
import { REMINDER_MAIL_JOB, reminderMailJob, reminderMessage } from "./reminders-mail.ts";

export const REMINDER_JOB = "documents.deadline_reminders";
/** How often the reminder job looks for deadlines; each reminder still goes out once a day. */
export const REMINDER_EVERY_SECONDS = 15 * 60;
const BATCH = 200;

export type ReminderRun = { reminders: number; mails: number };

/**
 * Nhắc việc and đôn đốc for every assigned document still being handled whose deadline is within
 * `dueSoonDays` or past, on the Vietnam day of `now`: the main handler (for a unit, its leaders)
 * and the co-handlers are told `due_soon` or `overdue`; once overdue, the organization's leaders
 * are told too (`escalated`). Each person hears of each document at most once per kind and day —
 * the unique index decides, so concurrent runs on several processes do not repeat a reminder.
 * An e-mail goes with each new reminder when mail is configured and the person has an address,
 * queued in the reminder's transaction and delivered by {@link REMINDER_MAIL_JOB}.
 */
export async function sendDeadlineReminders(
  ctx: ModuleContext,
  options: { now?: Date; dueSoonDays?: number } = {},
): Promise<ReminderRun> {
  const days = options.dueSoonDays ?? DUE_SOON_DAYS;
  const today = vietnamToday(options.now ?? new Date());
  const leadersOf = new Map<string, Promise<StaffRow[]>>();
  const leaders = (organizationId: string) => {
    let found = leadersOf.get(organizationId);
    if (!found) {
      found = selectStaff(ctx.db, { organizationId, role: "leader" });
      leadersOf.set(organizationId, found);
    }
    return found;
  };
  const run: ReminderRun = { reminders: 0, mails: 0 };
  let afterId: string | undefined;
  for (;;) {
    const batch = await selectDueAssignments(ctx.db, {
      statuses: ["assigned", "in_progress"],
      dueBefore: addDays(today, days + 1),
      ...(afterId ? { afterId } : {}),
      limit: BATCH,
    });
    for (const row of batch) {
      const due = isoDay(row.due_date)!;
      const { state, daysLeft } = deadlineState(due, today, days);
      const kind: ReminderKind = state === "overdue" ? "overdue" : "due_soon";
      const co = ((row.co_handlers as { userId: string }[] | null) ?? []).map((c) => c.userId);
      const named = await selectStaff(ctx.db, {
        ids: [...(row.main_user_id ? [row.main_user_id] : []), ...co],
      });
      const unit = row.main_unit_id ? await leaders(row.main_unit_id) : [];
      const recipients: [StaffRow, ReminderKind][] = [...named, ...unit].map((p) => [p, kind]);
      if (kind === "overdue")
        for (const leader of await leaders(row.organization_id))
          recipients.push([leader, "escalated"]);
      const seen = new Set<string>();
      for (const [person, reminderKind] of recipients) {
        if (seen.has(`${person.id}:${reminderKind}`)) continue;
        seen.add(`${person.id}:${reminderKind}`);
        const mailed = await remind(ctx, { row, person, kind: reminderKind, today, due, daysLeft });
        if (mailed !== undefined) run.reminders += 1;
        if (mailed) run.mails += 1;
      }
    }
    if (batch.length < BATCH) return run;
    afterId = batch[batch.length - 1]!.id;
  }
}

/** Records one reminder; undefined when it was given already today, else whether mail was queued. */
async function remind(
  ctx: ModuleContext,
  options: {
    row: DueAssignmentRow;
    person: StaffRow;
    kind: ReminderKind;
    today: string;
    due: string;
    daysLeft: number | null;
  },
): Promise<boolean | undefined> {
  const { row, person } = options;
  return inTransaction(ctx.db, async (trx) => {
    const id = newId();
    const created = await insertReminder(trx, {
      id,
      user_id: person.id,
      document_id: row.id,
      kind: options.kind,
      day: options.today,
    });
    if (!created) return undefined;
    if (!ctx.config.mail || !person.email) return false;
    const message = reminderMessage(person.email, {
      kind: options.kind,
      displayName: person.display_name,
      subject: row.confidentiality === "none" ? row.subject : null,
      symbol: row.symbol,
      urgency: row.urgency as Urgency,
      dueDate: options.due,
      daysLeft: options.daysLeft ?? 0,
      url: `${ctx.config.publicUrl}/documents/${row.id}`,
    });
    await enqueueJob(trx, { name: REMINDER_MAIL_JOB, key: id, payload: message });
    return true;
  });
}

/** The recurring job that runs {@link sendDeadlineReminders} on the platform's clock. */
export const deadlineReminderJob: RecurringJob = {
  name: REMINDER_JOB,
  everySeconds: REMINDER_EVERY_SECONDS,
  async run(ctx) {
    const run = await sendDeadlineReminders(ctx);
    if (run.reminders > 0) ctx.log.info(run, "deadline reminders recorded");
  },
};

/** The module's reminder jobs: the recurring scan and the delivery of each e-mail. */
export const reminderJobs = [deadlineReminderJob, reminderMailJob] as const;
