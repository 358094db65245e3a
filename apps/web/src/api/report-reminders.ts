import { apiRequest } from "./client.ts";
import type { Ref } from "./reports.ts";

/** Reminders about reports (nhắc nộp, đôn đốc): one's own, and reminding late units by hand. */
const BASE = "/api/v1/reports";
const id = (value: string) => encodeURIComponent(value);

export type ReminderKind = "due_soon" | "late" | "manual" | "requested";

export type ReportReminder = {
  id: string;
  kind: ReminderKind;
  day: string;
  createdAt: string;
  regime: Ref;
  periodId: string;
  deadline: string;
  organization: Ref;
  recipient: { id: string; name: string | null };
  sentBy: string | null;
  message: string | null;
  mailQueued: boolean;
  reportId: string | null;
  /** The web app's page to open: the report, or the unit's reports before it is opened. */
  link: string;
};

export type ReminderOutcome = {
  units: number;
  people: number;
  mails: number;
  unitsWithoutOfficers: Ref[];
};

export const fetchMyReminders = (limit = 20) =>
  apiRequest<{ items: ReportReminder[] }>(`${BASE}/reminders/mine`, { query: { limit } }).then(
    (page) => page.items,
  );

export const remindLateUnits = (regimeId: string, periodId: string, message?: string) =>
  apiRequest<ReminderOutcome>(
    `${BASE}/regimes/${id(regimeId)}/periods/${id(periodId)}/remind-late`,
    { method: "POST", body: message ? { message } : {} },
  );
