import { sql } from "kysely";
import type { Migration } from "../../../core/db/migrate.ts";

/** Units asked by a new report request are told at once: reminders of kind `requested`. */
export const allowRequestedReminders: Migration = {
  name: "20261201-1200-reminder-requested",
  async up(db) {
    await sql`alter table rpt_reminders drop constraint rpt_reminders_kind_check`.execute(db);
    await sql`alter table rpt_reminders add constraint rpt_reminders_kind_check
      check (kind in ('due_soon', 'late', 'manual', 'requested'))`.execute(db);
  },
};
