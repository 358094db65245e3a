import { sql } from "kysely";
import type { Migration } from "../../../core/db/migrate.ts";

/** How many working days before the deadline a regime's units are reminded (0: not before). */
export const addRegimeReminderDays: Migration = {
  name: "20261202-1100-reminder-days",
  async up(db) {
    await sql`alter table rpt_regimes add column reminder_days integer not null default 3
      check (reminder_days between 0 and 10)`.execute(db);
  },
};
