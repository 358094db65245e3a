import { sql, type Insertable } from "kysely";
import type { Db } from "../../core/db/index.ts";
import { selectActiveStaff } from "../identity/index.ts";
import { URGENCIES } from "./documents.ts";
import { deadlinesDb, type ReminderTable } from "./deadlines-tables.ts";

/** Hỏa tốc hẹn giờ first (0) … Thường last: the reverse of `URGENCIES`. */
const urgencyRank = sql<number>`case d.urgency ${sql.join(
  URGENCIES.map((u, i) => sql`when ${sql.lit(u)} then ${sql.lit(URGENCIES.length - 1 - i)}`),
  sql` `,
)} else ${sql.lit(URGENCIES.length)} end`;
/** Documents without a deadline sort after every dated one of the same urgency. */
const NO_DUE = "9999-12-31";
const dueKey = sql`coalesce(d.due_date, ${sql.lit(NO_DUE)}::date)`;

/** Whose open documents a list shows. */
export type DeadlineScope =
  | {
      kind: "handler";
      userId: string;
      /** The person's own organization or unit (đơn vị), as a main handling unit. */
      unitId: string;
      /** Whether secret documents assigned to the whole unit are shown (leaders, clerks). */
      unitSecret: boolean;
    }
  | { kind: "organization"; organizationId: string; unitId?: string | undefined };

export type DeadlineFilter = {
  scope: DeadlineScope;
  statuses: readonly string[];
  /** Inclusive lower bound of the due date (`yyyy-MM-dd`). */
  dueFrom?: string | undefined;
  /** Exclusive upper bound of the due date. */
  dueBefore?: string | undefined;
  /** Keyset: after this (urgency rank, due date, id). */
  after?: [number, string, string] | undefined;
  limit: number;
};

/** Open incoming documents with their current assignment, most urgent, then earliest due, first. */
export async function selectDeadlines(db: Db, filter: DeadlineFilter) {
  let query = deadlinesDb(db)
    .selectFrom("doc_documents as d")
    .leftJoin("doc_assignments as a", (join) =>
      join.onRef("a.document_id", "=", "d.id").on("a.superseded_at", "is", null),
    )
    .selectAll("d")
    .select([
      "a.main_user_id",
      "a.main_user_label",
      "a.main_unit_id",
      "a.main_unit_label",
      "a.co_handlers",
      urgencyRank.as("urgency_rank"),
    ])
    .where("d.direction", "=", "incoming")
    .where("d.status", "in", [...filter.statuses]);
  const { scope } = filter;
  if (scope.kind === "handler") {
    const named = JSON.stringify([{ userId: scope.userId }]);
    query = query.where((eb) =>
      eb.or([
        eb("a.main_user_id", "=", scope.userId),
        sql<boolean>`a.co_handlers @> ${named}::jsonb`,
        eb.and([
          eb("a.main_unit_id", "=", scope.unitId),
          ...(scope.unitSecret ? [] : [eb("d.confidentiality", "=", "none")]),
        ]),
      ]),
    );
  } else {
    query = query.where("d.organization_id", "=", scope.organizationId);
    if (scope.unitId) query = query.where("a.main_unit_id", "=", scope.unitId);
  }
  if (filter.dueFrom) query = query.where(sql<boolean>`d.due_date >= ${filter.dueFrom}::date`);
  if (filter.dueBefore) query = query.where(sql<boolean>`d.due_date < ${filter.dueBefore}::date`);
  if (filter.after) {
    const [rank, due, id] = filter.after;
    query = query.where(
      sql<boolean>`(${urgencyRank}, ${dueKey}, d.id) > (${rank}::int, ${due}::date, ${id}::uuid)`,
    );
  }
  return query.orderBy(urgencyRank).orderBy(dueKey).orderBy("d.id").limit(filter.limit).execute();
}

export type DeadlineRow = Awaited<ReturnType<typeof selectDeadlines>>[number];

/**
 * A batch of assigned documents being handled whose deadline falls before `dueBefore`, with their
 * current assignment, in id order after `afterId`: what the reminder job goes through.
 */
export async function selectDueAssignments(
  db: Db,
  options: { statuses: readonly string[]; dueBefore: string; afterId?: string; limit: number },
) {
  let query = deadlinesDb(db)
    .selectFrom("doc_documents as d")
    .innerJoin("doc_assignments as a", (join) =>
      join.onRef("a.document_id", "=", "d.id").on("a.superseded_at", "is", null),
    )
    .select([
      "d.id",
      "d.organization_id",
      "d.subject",
      "d.symbol",
      "d.urgency",
      "d.confidentiality",
      "d.due_date",
      "a.main_user_id",
      "a.main_unit_id",
      "a.co_handlers",
    ])
    .where("d.direction", "=", "incoming")
    .where("d.status", "in", [...options.statuses])
    .where(sql<boolean>`d.due_date < ${options.dueBefore}::date`);
  if (options.afterId) query = query.where("d.id", ">", options.afterId);
  return query.orderBy("d.id").limit(options.limit).execute();
}

export type DueAssignmentRow = Awaited<ReturnType<typeof selectDueAssignments>>[number];

/**
 * Active accounts by id, or by organization and role. Reads the identity module's table, which
 * exports no function listing an organization's leaders; see the module's README.
 */
/** Active accounts by id, or an organization's holders of a role, from the identity module. */
export const selectStaff = selectActiveStaff;

export type StaffRow = Awaited<ReturnType<typeof selectStaff>>[number];

/** Records a reminder unless the person already has one of this kind for the document that day. */
export async function insertReminder(db: Db, row: Insertable<ReminderTable>): Promise<boolean> {
  const inserted = await deadlinesDb(db)
    .insertInto("doc_reminders")
    .values(row)
    .onConflict((oc) => oc.columns(["user_id", "document_id", "kind", "day"]).doNothing())
    .returning("id")
    .executeTakeFirst();
  return inserted !== undefined;
}

const readOrder = sql<number>`(case when r.read_at is null then 0 else 1 end)`;

/** A person's reminders, unread first, newest first within each; keyset after (read, at, id). */
export async function selectReminders(
  db: Db,
  options: { userId: string; after?: [number, string, string] | undefined; limit: number },
) {
  let query = deadlinesDb(db)
    .selectFrom("doc_reminders as r")
    .innerJoin("doc_documents as d", "d.id", "r.document_id")
    .select([
      "r.id",
      "r.kind",
      "r.day",
      "r.created_at",
      "r.read_at",
      "r.document_id",
      "d.subject",
      "d.symbol",
      "d.urgency",
      "d.confidentiality",
      "d.due_date",
      "d.status",
      // The keyset's time as text to the microsecond: a cursor rounded to milliseconds skips rows.
      sql<string>`to_char(r.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as(
        "created_key",
      ),
    ])
    .where("r.user_id", "=", options.userId);
  if (options.after) {
    const [read, at, id] = options.after;
    query = query.where(
      sql<boolean>`(${readOrder} > ${read}::int or (${readOrder} = ${read}::int
        and (r.created_at, r.id) < (${at}::timestamptz, ${id}::uuid)))`,
    );
  }
  return query
    .orderBy(readOrder)
    .orderBy("r.created_at", "desc")
    .orderBy("r.id", "desc")
    .limit(options.limit)
    .execute();
}

export type ReminderListRow = Awaited<ReturnType<typeof selectReminders>>[number];

/** Marks one of the person's reminders read (the first reading time stays); undefined if not theirs. */
export async function markReminderRead(db: Db, options: { id: string; userId: string; at: Date }) {
  return deadlinesDb(db)
    .updateTable("doc_reminders")
    .set({ read_at: sql`coalesce(read_at, ${options.at})` })
    .where("id", "=", options.id)
    .where("user_id", "=", options.userId)
    .returning(["id", "read_at"])
    .executeTakeFirst();
}
