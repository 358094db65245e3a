import type { Generated, Kysely } from "kysely";
import type { Db } from "../../core/db/index.ts";
import type { IncomingTables } from "./incoming-tables.ts";

export type ReminderKind = "due_soon" | "overdue" | "escalated";

/** In-app reminders (nhắc việc); only `deadlines-repo.ts` uses these types. */
export type ReminderTable = {
  id: string;
  user_id: string;
  document_id: string;
  kind: ReminderKind;
  /** The Vietnam day the reminder belongs to (`yyyy-MM-dd`). */
  day: string;
  created_at: Generated<Date>;
  read_at: Date | null;
};

export type DeadlineTables = IncomingTables & {
  doc_reminders: ReminderTable;
};

export function deadlinesDb(db: Db): Kysely<DeadlineTables> {
  return db as unknown as Kysely<DeadlineTables>;
}
