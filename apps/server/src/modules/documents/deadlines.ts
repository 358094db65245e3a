import { hasRole, requireActor, type Actor } from "../../core/actor.ts";
import { vietnamToday } from "../../core/dates.ts";
import type { Db } from "../../core/db/index.ts";
import { AppError } from "../../core/errors.ts";
import { decodeCursor, toPage } from "../../core/http/cursor.ts";
import { isUuid } from "../../core/ids.ts";
import { organizationSubtreeIds } from "../directory/index.ts";
import { isoDay, toSummary, type DocumentSummary } from "./documents.ts";
import { selectDeadlines, type DeadlineRow, type DeadlineScope } from "./deadlines-repo.ts";

/** Which open documents a list shows: due within the look-ahead, past due, or all still open. */
export const DEADLINE_FILTERS = ["due_soon", "overdue", "all_open"] as const;
export type DeadlineFilterName = (typeof DEADLINE_FILTERS)[number];

/** Default look-ahead of "due soon", in calendar days (working days are not counted). */
export const DUE_SOON_DAYS = 3;

/** A handler's work: assigned and not done. */
const TASK_STATUSES = ["assigned", "in_progress"] as const;
/** An organization's open incoming documents, from arrival to done. */
const OPEN_STATUSES = ["arrived", "accepted", "assigned", "in_progress"] as const;

export type DeadlineState = "overdue" | "due_soon" | "later" | "none";

export type DeadlineItem = DocumentSummary & {
  deadline: { state: DeadlineState; daysLeft: number | null };
  handling: {
    mainUser: { id: string; name: string } | null;
    mainUnit: { id: string; name: string } | null;
    coHandlers: { id: string; name: string }[];
  } | null;
};

const DAY_MS = 86_400_000;

/** `day` plus `days` calendar days, both `yyyy-MM-dd`. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Calendar days from `today` to `due` (negative when past). */
export function daysBetween(today: string, due: string): number {
  return Math.round((Date.parse(`${due}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS);
}

/**
 * Where a due date stands on a Vietnam day: overdue from the day after it; due soon from
 * `dueSoonDays` days before it through the day itself.
 */
export function deadlineState(due: string | null, today: string, dueSoonDays: number) {
  if (!due) return { state: "none" as const, daysLeft: null };
  const daysLeft = daysBetween(today, due);
  const state: DeadlineState =
    daysLeft < 0 ? "overdue" : daysLeft <= dueSoonDays ? "due_soon" : "later";
  return { state, daysLeft };
}

/** The due-date bounds of a filter on a Vietnam day. */
export function dueWindow(filter: DeadlineFilterName, today: string, dueSoonDays: number) {
  if (filter === "due_soon") return { dueFrom: today, dueBefore: addDays(today, dueSoonDays + 1) };
  if (filter === "overdue") return { dueBefore: today };
  return {};
}

const isDeadlineKey = (key: unknown): key is [number, string, string] =>
  Array.isArray(key) &&
  key.length === 3 &&
  Number.isInteger(key[0]) &&
  typeof key[1] === "string" &&
  /^\d{4}-\d{2}-\d{2}$/.test(key[1]) &&
  typeof key[2] === "string" &&
  isUuid(key[2]);

export type DeadlineListOptions = {
  db: Db;
  actor: Actor | null;
  filter?: DeadlineFilterName | undefined;
  /** Look-ahead of `due_soon`, in days (default {@link DUE_SOON_DAYS}). */
  days?: number | undefined;
  /** The moment the list is computed for (default now); its Vietnam day decides. */
  now?: Date | undefined;
  cursor?: string | undefined;
  limit: number;
};

function toItem(row: DeadlineRow, today: string, days: number): DeadlineItem {
  const co = (row.co_handlers as { userId: string; label: string }[] | null) ?? [];
  const assigned = row.main_user_id !== null || row.main_unit_id !== null;
  return {
    ...toSummary(row),
    deadline: deadlineState(isoDay(row.due_date), today, days),
    handling: assigned
      ? {
          mainUser: row.main_user_id
            ? { id: row.main_user_id, name: row.main_user_label ?? "" }
            : null,
          mainUnit: row.main_unit_id
            ? { id: row.main_unit_id, name: row.main_unit_label ?? "" }
            : null,
          coHandlers: co.map((c) => ({ id: c.userId, name: c.label })),
        }
      : null,
  };
}

async function page(
  options: DeadlineListOptions,
  scope: DeadlineScope,
  statuses: readonly string[],
) {
  const filter = options.filter ?? "all_open";
  if (!DEADLINE_FILTERS.includes(filter))
    throw new AppError("validation_failed", {
      detail: {
        vi: "Bộ lọc phải là due_soon, overdue hoặc all_open.",
        en: "The filter must be due_soon, overdue or all_open.",
      },
      errors: [{ path: "querystring.filter", message: "unknown filter" }],
    });
  const days = options.days ?? DUE_SOON_DAYS;
  const today = vietnamToday(options.now ?? new Date());
  const rows = await selectDeadlines(options.db, {
    scope,
    statuses,
    ...dueWindow(filter, today, days),
    after: options.cursor ? decodeCursor(options.cursor, isDeadlineKey) : undefined,
    limit: options.limit + 1,
  });
  const result = toPage(rows, options.limit, (row) => [
    Number(row.urgency_rank),
    isoDay(row.due_date) ?? "9999-12-31",
    row.id,
  ]);
  return {
    items: result.items.map((row) => toItem(row, today, days)),
    nextCursor: result.nextCursor,
  };
}

/**
 * "Việc của tôi": the incoming documents the signed-in person handles — as main handler, as
 * co-handler, or through the unit (đơn vị) they belong to — most urgent first, then earliest due.
 * A secret document assigned to a whole unit shows only to its leaders, clerks and administrators;
 * one assigned to the person by name shows to them.
 */
export async function listMyTasks(options: DeadlineListOptions) {
  const actor = requireActor(options.actor);
  if (actor.kind !== "user")
    throw new AppError("forbidden", {
      detail: { vi: "Chỉ người dùng có việc được giao.", en: "Only people have tasks." },
    });
  return page(
    options,
    {
      kind: "handler",
      userId: actor.userId,
      unitId: actor.organizationId,
      unitSecret: hasRole(actor, "leader", "clerk", "org_admin"),
    },
    TASK_STATUSES,
  );
}

/**
 * Hạn xử lý of an organization's open incoming documents, optionally of those assigned to one of
 * its units, for its leaders, clerks and administrators (who may read its secret documents).
 * Another organization's list answers `not_found`, as for documents.
 */
export async function listDeadlines(
  options: DeadlineListOptions & {
    organizationId?: string | undefined;
    unitId?: string | undefined;
  },
) {
  const actor = requireActor(options.actor);
  const platformWide = actor.kind === "system" || actor.roles.includes("system_admin");
  const organizationId =
    options.organizationId ?? (actor.kind === "user" ? actor.organizationId : undefined);
  if (!organizationId)
    throw new AppError("validation_failed", {
      detail: { vi: "Cần chọn cơ quan.", en: "An organization is required." },
      errors: [{ path: "querystring.organizationId", message: "required" }],
    });
  if (!isUuid(organizationId)) throw new AppError("not_found");
  if (!platformWide) {
    if (actor.kind !== "user" || actor.organizationId !== organizationId)
      throw new AppError("not_found");
    if (!hasRole(actor, "leader", "clerk", "org_admin"))
      throw new AppError("forbidden", {
        detail: {
          vi: "Chỉ lãnh đạo, văn thư hoặc quản trị của cơ quan xem hạn xử lý của cả cơ quan.",
          en: "Only the organization's leaders, clerks or administrators see all its deadlines.",
        },
      });
  }
  if (options.unitId !== undefined) {
    const units = await organizationSubtreeIds({ db: options.db, organizationId });
    if (options.unitId === organizationId || !units.includes(options.unitId))
      throw new AppError("validation_failed", {
        detail: {
          vi: "Đơn vị không thuộc cơ quan.",
          en: "The unit is not part of the organization.",
        },
        errors: [{ path: "querystring.unitId", message: "not a unit of the organization" }],
      });
  }
  return page(
    options,
    { kind: "organization", organizationId, unitId: options.unitId },
    OPEN_STATUSES,
  );
}
