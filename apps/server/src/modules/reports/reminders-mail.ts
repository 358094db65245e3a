import { sendMail, type MailMessage } from "../../core/mailer.ts";
import type { OneOffJob } from "../../core/module.ts";
import type { ReminderKind } from "./reminders-repo.ts";

export const REMINDER_MAIL_JOB = "reports.reminder_mail";

const KIND_SUBJECTS: Record<ReminderKind, { vi: string; en: string }> = {
  due_soon: { vi: "Nhắc nộp báo cáo sắp đến hạn", en: "Reminder: a report is due soon" },
  late: { vi: "Đôn đốc nộp báo cáo quá hạn", en: "Overdue: a report is past its deadline" },
  manual: { vi: "Đôn đốc nộp báo cáo", en: "Please submit your report" },
  requested: { vi: "Yêu cầu báo cáo mới", en: "New report request" },
};

export type ReminderMailInput = {
  kind: ReminderKind;
  displayName: string;
  regimeName: string;
  periodId: string;
  organizationName: string;
  deadline: string;
  /** Working days left (0 on the deadline itself); negative once it has passed. */
  daysLeft: number;
  /** The receiving organization's own words, for a reminder sent by hand. */
  message: string | null;
  sentBy: string | null;
  url: string;
};

const dmy = (day: string) => day.split("-").reverse().join("/");

/** A reminder e-mail to a reporting officer, Vietnamese first and English below. */
export function reminderMessage(to: string, input: ReminderMailInput): MailMessage {
  const kind = KIND_SUBJECTS[input.kind];
  const due = dmy(input.deadline);
  const late = -input.daysLeft;
  const when = {
    vi:
      input.daysLeft < 0
        ? `Hạn nộp: ${due} (đã quá hạn ${late} ngày làm việc)`
        : input.daysLeft === 0
          ? `Hạn nộp: ${due} (hôm nay)`
          : `Hạn nộp: ${due} (còn ${input.daysLeft} ngày làm việc)`,
    en:
      input.daysLeft < 0
        ? `Deadline: ${due} (${late} working day${late === 1 ? "" : "s"} overdue)`
        : input.daysLeft === 0
          ? `Deadline: ${due} (today)`
          : `Deadline: ${due} (${input.daysLeft} working day${input.daysLeft === 1 ? "" : "s"} left)`,
  };
  const note = input.message ? input.message.trim() : null;
  return {
    to,
    subject: `${kind.vi}: ${input.regimeName} kỳ ${input.periodId} / ${kind.en}: ${input.periodId}`,
    text: [
      `Kính gửi ${input.displayName},`,
      "",
      `${kind.vi}.`,
      `  Chế độ báo cáo: ${input.regimeName}`,
      `  Kỳ báo cáo: ${input.periodId}`,
      `  Đơn vị báo cáo: ${input.organizationName}`,
      `  ${when.vi}`,
      ...(note ? ["", `Lời nhắn${input.sentBy ? ` của ${input.sentBy}` : ""}:`, `  ${note}`] : []),
      "",
      `Mở báo cáo trên Liên Thông: ${input.url}`,
      "",
      "----------------------------------------------------------------------",
      "",
      `Dear ${input.displayName},`,
      "",
      `${kind.en}.`,
      `  Reporting regime: ${input.regimeName}`,
      `  Period: ${input.periodId}`,
      `  Reporting unit: ${input.organizationName}`,
      `  ${when.en}`,
      ...(note ? ["", `Message${input.sentBy ? ` from ${input.sentBy}` : ""}: see above.`] : []),
      "",
      `Open the report on Liên Thông: ${input.url}`,
      "",
    ].join("\n"),
  };
}

/**
 * Delivers one reminder e-mail queued with its reminder. Without mail configured (any more) it is
 * dropped: the reminder stays in the app. An SMTP failure throws, and the job runner retries.
 */
export const reminderMailJob: OneOffJob = {
  name: REMINDER_MAIL_JOB,
  async run(ctx, run) {
    if (!ctx.config.mail) return;
    await sendMail({ mail: ctx.config.mail, message: run.payload as MailMessage });
  },
};
