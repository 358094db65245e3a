import { sql, type Generated, type Kysely } from "kysely";
import type { Db } from "../../core/db/index.ts";
import type { ReportsTables } from "./repo.ts";

export type ReminderKind = "due_soon" | "late" | "manual" | "requested";

type ReminderTable = {
  id: string;
  regime_id: string;
  period_id: string;
  organization_id: string;
  user_id: string;
  kind: ReminderKind;
  /** The Vietnam day the reminder belongs to (`yyyy-MM-dd`). */
  day: string;
  /** Who sent a `manual` reminder or made the request; null for the scheduled ones. */
  sent_by: string | null;
  message: string | null;
  mail_queued: boolean;
  created_at: Generated<Date>;
};

type Tables = ReportsTables & {
  rpt_reminders: ReminderTable;
  rpt_reports: { id: string; regime_id: string; organization_id: string; period_id: string };
};

const t = (db: Db) => db as unknown as Kysely<Tables>;

export type NewReminder = Omit<ReminderTable, "created_at" | "mail_queued">;

/** Records a reminder unless the person already has one of this kind for the report that day. */
export async function insertReminder(db: Db, row: NewReminder): Promise<boolean> {
  const inserted = await t(db)
    .insertInto("rpt_reminders")
    .values({ ...row, mail_queued: false })
    .onConflict((oc) =>
      oc
        .columns(["user_id", "regime_id", "period_id", "organization_id", "kind", "day"])
        .doNothing(),
    )
    .returning("id")
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function markMailQueued(db: Db, id: string): Promise<void> {
  await t(db)
    .updateTable("rpt_reminders")
    .set({ mail_queued: true })
    .where("id", "=", id)
    .execute();
}

/** Reminders with their regime and the unit's report of the period, if one was opened. */
function remindersWithReport(db: Db) {
  return t(db)
    .selectFrom("rpt_reminders as m")
    .innerJoin("rpt_regimes as g", "g.id", "m.regime_id")
    .leftJoin("rpt_reports as r", (join) =>
      join
        .onRef("r.regime_id", "=", "m.regime_id")
        .onRef("r.organization_id", "=", "m.organization_id")
        .onRef("r.period_id", "=", "m.period_id"),
    )
    .select([
      "m.id",
      "m.regime_id",
      "m.period_id",
      "m.organization_id",
      "m.user_id",
      "m.kind",
      sql<string>`to_char(m.day, 'YYYY-MM-DD')`.as("day"),
      "m.sent_by",
      "m.message",
      "m.mail_queued",
      "m.created_at",
      "g.code as regime_code",
      "g.name as regime_name",
      "g.window_rule",
      "g.deadline_rule",
      "r.id as report_id",
    ]);
}

export type ReminderRow = Awaited<ReturnType<typeof selectUserReminders>>[number];

/** A person's reminders, newest first. */
export async function selectUserReminders(db: Db, options: { userId: string; limit: number }) {
  return remindersWithReport(db)
    .where("m.user_id", "=", options.userId)
    .orderBy("m.created_at", "desc")
    .orderBy("m.id", "desc")
    .limit(options.limit)
    .execute();
}

/** The reminders of a regime (of one period, if given), newest first. */
export async function selectRegimeReminders(
  db: Db,
  options: { regimeId: string; periodId?: string | undefined; limit: number },
) {
  let query = remindersWithReport(db).where("m.regime_id", "=", options.regimeId);
  if (options.periodId) query = query.where("m.period_id", "=", options.periodId);
  return query
    .orderBy("m.created_at", "desc")
    .orderBy("m.id", "desc")
    .limit(options.limit)
    .execute();
}

/**
 * The reminders of `kinds` already given on `day` for a regime, as `user period organization kind`
 * keys: lets the scan skip them without a write; the unique index still decides under races.
 */
export async function selectGivenOn(
  db: Db,
  options: { regimeId: string; day: string; kinds: readonly ReminderKind[] },
): Promise<Set<string>> {
  const rows = await t(db)
    .selectFrom("rpt_reminders")
    .select(["user_id", "period_id", "organization_id", "kind"])
    .where("regime_id", "=", options.regimeId)
    .where(sql<boolean>`day = ${options.day}::date`)
    .where("kind", "in", [...options.kinds])
    .execute();
  return new Set(rows.map((r) => reminderKey(r.user_id, r.period_id, r.organization_id, r.kind)));
}

export const reminderKey = (
  userId: string,
  periodId: string,
  organizationId: string,
  kind: ReminderKind,
) => `${userId} ${periodId} ${organizationId} ${kind}`;
