import { sendMail, type MailMessage } from "../../core/mailer.ts";
import type { OneOffJob } from "../../core/module.ts";
import type { Urgency } from "./documents.ts";
import type { ReminderKind } from "./deadlines-tables.ts";

export const REMINDER_MAIL_JOB = "documents.reminder_mail";

const URGENCY_LABELS: Record<Urgency, { vi: string; en: string }> = {
  normal: { vi: "Thường", en: "Normal" },
  khan: { vi: "Khẩn", en: "Urgent" },
  thuong_khan: { vi: "Thượng khẩn", en: "Very urgent" },
  hoa_toc: { vi: "Hỏa tốc", en: "Immediate" },
  hoa_toc_hen_gio: { vi: "Hỏa tốc hẹn giờ", en: "Immediate, at a set time" },
};

const KIND_SUBJECTS: Record<ReminderKind, { vi: string; en: string }> = {
  due_soon: { vi: "Nhắc việc: văn bản sắp đến hạn xử lý", en: "Reminder: a document is due soon" },
  overdue: { vi: "Đôn đốc: văn bản quá hạn xử lý", en: "Overdue: a document is past its due date" },
  escalated: {
    vi: "Báo cáo lãnh đạo: văn bản quá hạn xử lý",
    en: "For the leader: a document is past its due date",
  },
};

export type ReminderMailInput = {
  kind: ReminderKind;
  displayName: string;
  /** Trích yếu and số, ký hiệu; null for a secret document, whose subject never goes by mail. */
  subject: string | null;
  symbol: string | null;
  urgency: Urgency;
  dueDate: string;
  daysLeft: number;
  url: string;
};

const dmy = (day: string) => day.split("-").reverse().join("/");

/**
 * The reminder e-mail, Vietnamese first and English below. A secret document (Mật and above) is
 * named "Văn bản mật" only: mail leaves the platform's protection, and state secrets may not
 * travel by ordinary e-mail.
 */
export function reminderMessage(to: string, input: ReminderMailInput): MailMessage {
  const urgency = URGENCY_LABELS[input.urgency];
  const flag = input.urgency === "normal" ? "" : `[${urgency.vi}] `;
  const kind = KIND_SUBJECTS[input.kind];
  const due = dmy(input.dueDate);
  const late = -input.daysLeft;
  const when = {
    vi:
      input.daysLeft < 0
        ? `Hạn xử lý: ${due} (đã quá ${late} ngày)`
        : input.daysLeft === 0
          ? `Hạn xử lý: ${due} (hôm nay)`
          : `Hạn xử lý: ${due} (còn ${input.daysLeft} ngày)`,
    en:
      input.daysLeft < 0
        ? `Due date: ${due} (${late} day${late === 1 ? "" : "s"} overdue)`
        : input.daysLeft === 0
          ? `Due date: ${due} (today)`
          : `Due date: ${due} (${input.daysLeft} day${input.daysLeft === 1 ? "" : "s"} left)`,
  };
  const name = {
    vi: input.subject === null ? "Văn bản mật" : input.subject,
    en: input.subject === null ? "Secret document" : input.subject,
  };
  const symbol = input.subject !== null && input.symbol ? input.symbol : null;
  return {
    to,
    subject: `${flag}${kind.vi} ${due} / ${kind.en} ${due}`,
    text: [
      `Kính gửi ${input.displayName},`,
      "",
      `${kind.vi}.`,
      `  Văn bản: ${name.vi}`,
      ...(symbol ? [`  Số, ký hiệu: ${symbol}`] : []),
      `  Độ khẩn: ${urgency.vi}`,
      `  ${when.vi}`,
      "",
      `Xem văn bản trên Liên Thông: ${input.url}`,
      "",
      "----------------------------------------------------------------------",
      "",
      `Dear ${input.displayName},`,
      "",
      `${kind.en}.`,
      `  Document: ${name.en}`,
      ...(symbol ? [`  Number and symbol: ${symbol}`] : []),
      `  Urgency: ${urgency.en}`,
      `  ${when.en}`,
      "",
      `Open the document on Liên Thông: ${input.url}`,
      "",
    ].join("\n"),
  };
}

/**
 * Delivers one reminder e-mail queued by the reminder job. Without mail configured (any more) it
 * is dropped: the reminder stays in the app. An SMTP failure throws, and the job runner retries.
 */
export const reminderMailJob: OneOffJob = {
  name: REMINDER_MAIL_JOB,
  async run(ctx, run) {
    if (!ctx.config.mail) return;
    await sendMail({ mail: ctx.config.mail, message: run.payload as MailMessage });
  },
};
