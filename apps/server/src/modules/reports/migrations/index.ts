import type { Migration } from "../../../core/db/migrate.ts";
import { createRegimes } from "./20261130-1000-regimes.ts";
import { createReports } from "./20261130-1100-reports.ts";
import { createReportReminders } from "./20261201-1000-reminders.ts";
import { createReportRequests } from "./20261201-1100-requests.ts";
import { allowRequestedReminders } from "./20261201-1200-reminder-requested.ts";
import { createValueComments } from "./20261202-1000-value-comments.ts";
import { addRegimeReminderDays } from "./20261202-1100-reminder-days.ts";
import { createReportAttachments } from "./20261203-1000-attachments.ts";

export const reportsMigrations: readonly Migration[] = [
  createRegimes,
  createReports,
  createReportReminders,
  createReportRequests,
  allowRequestedReminders,
  createValueComments,
  addRegimeReminderDays,
  createReportAttachments,
];
