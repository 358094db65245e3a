import { requireActor, type Actor } from "../../core/actor.ts";
import type { Db } from "../../core/db/index.ts";
import { AppError } from "../../core/errors.ts";
import { decodeCursor, toPage } from "../../core/http/cursor.ts";
import { isUuid } from "../../core/ids.ts";
import { isoDay, type Urgency } from "./documents.ts";
import { markReminderRead, selectReminders, type ReminderListRow } from "./deadlines-repo.ts";
import type { ReminderKind } from "./deadlines-tables.ts";

/** A person's in-app reminders (nhắc việc): what the reminder job told them, and whether read. */
export type Reminder = {
  id: string;
  kind: ReminderKind;
  day: string;
  createdAt: string;
  readAt: string | null;
  document: {
    id: string;
    /** Null for a secret document: open the document itself, where access is checked. */
    subject: string | null;
    symbol: string | null;
    secret: boolean;
    urgency: Urgency;
    dueDate: string | null;
    status: string;
  };
};

function toReminder(row: ReminderListRow): Reminder {
  const secret = row.confidentiality !== "none";
  return {
    id: row.id,
    kind: row.kind,
    day: isoDay(row.day)!,
    createdAt: new Date(row.created_at).toISOString(),
    readAt: row.read_at ? new Date(row.read_at).toISOString() : null,
    document: {
      id: row.document_id,
      subject: secret ? null : row.subject,
      symbol: secret ? null : row.symbol,
      secret,
      urgency: row.urgency as Urgency,
      dueDate: isoDay(row.due_date),
      status: row.status,
    },
  };
}

const isReminderKey = (key: unknown): key is [number, string, string] =>
  Array.isArray(key) &&
  key.length === 3 &&
  (key[0] === 0 || key[0] === 1) &&
  typeof key[1] === "string" &&
  !Number.isNaN(Date.parse(key[1])) &&
  typeof key[2] === "string" &&
  isUuid(key[2]);

const personOf = (actor: Actor | null) => {
  const known = requireActor(actor);
  if (known.kind !== "user")
    throw new AppError("forbidden", {
      detail: { vi: "Chỉ người dùng có nhắc việc.", en: "Only people have reminders." },
    });
  return known;
};

/** The signed-in person's reminders, unread first, newest first, in cursor pages. */
export async function listReminders(options: {
  db: Db;
  actor: Actor | null;
  cursor?: string | undefined;
  limit: number;
}) {
  const person = personOf(options.actor);
  const rows = await selectReminders(options.db, {
    userId: person.userId,
    after: options.cursor ? decodeCursor(options.cursor, isReminderKey) : undefined,
    limit: options.limit + 1,
  });
  const page = toPage(rows, options.limit, (row) => [row.read_at ? 1 : 0, row.created_key, row.id]);
  return { items: page.items.map(toReminder), nextCursor: page.nextCursor };
}

/** Marks one of the person's reminders read; someone else's answers `not_found`. */
export async function markReminderAsRead(options: {
  db: Db;
  actor: Actor | null;
  id: string;
  now?: Date;
}) {
  const person = personOf(options.actor);
  const updated = isUuid(options.id)
    ? await markReminderRead(options.db, {
        id: options.id,
        userId: person.userId,
        at: options.now ?? new Date(),
      })
    : undefined;
  if (!updated) throw new AppError("not_found");
  return { id: updated.id, readAt: new Date(updated.read_at!).toISOString() };
}
