import { sql, type RawBuilder } from "kysely";
import { requireActor, type Actor } from "../../core/actor.ts";
import type { Db } from "../../core/db/index.ts";
import { AppError } from "../../core/errors.ts";
import { decodeCursor, toPage } from "../../core/http/cursor.ts";
import { isUuid } from "../../core/ids.ts";
import { getOrganization } from "../directory/index.ts";
import type { Inbox, InboxFilter, InboxItem, InboxStatus } from "./inbox-schema.ts";
import { INBOX_STATUSES } from "./inbox-schema.ts";
import { selectRegime, selectRegimes, type RegimeRow } from "./repo.ts";
import { mayReview } from "./report-access.ts";

type InboxOptions = InboxFilter & {
  db: Db;
  actor: Actor | null | undefined;
  cursor?: string | undefined;
  limit: number;
};

/**
 * The receiving organization's review inbox: reports of the regimes the caller may review that
 * were submitted (awaiting a decision), returned or accepted, the latest activity first (a
 * submission, or the decision on it). Drafts are the reporting unit's business and never appear.
 * Without a regime filter, a caller who reviews nothing gets an empty inbox; naming a regime they
 * may not review is refused.
 */
export async function listInbox(options: InboxOptions): Promise<Inbox> {
  const actor = requireActor(options.actor);
  const { db } = options;
  const reviewable = await reviewableRegimes(db, actor);
  let regimes = reviewable;
  if (options.regimeId) {
    const regime = await selectRegime(db, options.regimeId);
    if (!regime) throw new AppError("not_found");
    if (!reviewable.some((r) => r.id === regime.id))
      throw new AppError("forbidden", {
        detail: {
          vi: "Bạn không phải người xem xét báo cáo của chế độ báo cáo này.",
          en: "You do not review the reports of this regime.",
        },
      });
    regimes = [regime];
  }
  const refs = reviewable.map((r) => ({ id: r.id, code: r.code, name: r.name }));
  const counts = { submitted: 0, returned: 0, accepted: 0 };
  if (regimes.length === 0) return { items: [], nextCursor: null, counts, regimes: refs };

  const scope = { ...options, regimeIds: regimes.map((r) => r.id) };
  const after = options.cursor ? decodeCursor(options.cursor, isActivityKey) : undefined;
  const rows = await selectInboxRows(db, scope, after, options.limit + 1);
  const page = toPage(rows, options.limit, (row) => [row.activity.toISOString(), row.id]);
  for (const c of await countByStatus(db, scope)) counts[c.status] = c.n;

  const byId = new Map(regimes.map((r) => [r.id, r]));
  const organizations = new Map(
    await Promise.all(
      [...new Set(page.items.map((r) => r.organization_id))].map(
        async (id) => [id, await getOrganization({ db, id })] as const,
      ),
    ),
  );
  const items: InboxItem[] = page.items.map((row) => {
    const regime = byId.get(row.regime_id)!;
    const organization = organizations.get(row.organization_id);
    return {
      id: row.id,
      regime: { id: regime.id, code: regime.code, name: regime.name },
      organization: {
        id: row.organization_id,
        code: organization?.code ?? "",
        name: organization?.name ?? "",
      },
      periodId: row.period_id,
      deadline: row.deadline,
      status: row.status,
      version: row.version,
      submittedAt: row.submitted_at.toISOString(),
      submittedBy: row.submitted_by,
      late: row.late,
      reviewedAt: row.reviewed_at?.toISOString() ?? null,
      reviewedBy: row.reviewed_by,
    };
  });
  return { items, nextCursor: page.nextCursor, counts, regimes: refs };
}

/** Every regime (in force, drafted or retired) whose reports the caller may review. */
async function reviewableRegimes(db: Db, actor: Actor): Promise<RegimeRow[]> {
  const all = await selectRegimes(db, {});
  const allowed = await Promise.all(all.map((regime) => mayReview(db, actor, regime)));
  return all.filter((_, i) => allowed[i]);
}

type ActivityKey = [string, string];

const isActivityKey = (key: unknown): key is ActivityKey =>
  Array.isArray(key) &&
  key.length === 2 &&
  typeof key[0] === "string" &&
  !Number.isNaN(Date.parse(key[0])) &&
  typeof key[1] === "string" &&
  isUuid(key[1]);

type InboxRow = {
  id: string;
  regime_id: string;
  organization_id: string;
  period_id: string;
  deadline: string;
  status: InboxStatus;
  version: number;
  submitted_at: Date;
  submitted_by: string | null;
  late: boolean | null;
  reviewed_at: Date | null;
  reviewed_by: string | null;
  activity: Date;
};

type Scope = InboxFilter & { regimeIds: string[] };

/**
 * A report's latest activity: its decision, or its submission while it waits (a resubmission
 * clears the previous decision). Cut to milliseconds, the precision a cursor carries.
 */
const ACTIVITY = sql`date_trunc('milliseconds', coalesce(r.reviewed_at, r.submitted_at))`;

/** The filter every inbox query shares; `status` left out for the per-status counts. */
function conditions(scope: Scope, withStatus: boolean): RawBuilder<unknown>[] {
  const statuses = withStatus && scope.status ? [scope.status] : [...INBOX_STATUSES];
  const where = [
    sql`r.regime_id = any(${scope.regimeIds}::uuid[])`,
    sql`r.status = any(${statuses}::text[])`,
  ];
  if (scope.period) where.push(sql`r.period_id = ${scope.period}`);
  if (scope.late !== undefined) where.push(sql`r.late = ${scope.late}`);
  return where;
}

async function selectInboxRows(
  db: Db,
  scope: Scope,
  after: ActivityKey | undefined,
  limit: number,
): Promise<InboxRow[]> {
  const where = conditions(scope, true);
  if (after) where.push(sql`(${ACTIVITY}, r.id) < (${after[0]}::timestamptz, ${after[1]}::uuid)`);
  const { rows } = await sql<InboxRow>`
    select r.id, r.regime_id, r.organization_id, r.period_id, r.deadline::text as deadline,
      r.status, r.version, r.submitted_at, r.submitted_by, r.late, r.reviewed_at, r.reviewed_by,
      ${ACTIVITY} as activity
    from rpt_reports r
    where ${sql.join(where, sql` and `)}
    order by ${ACTIVITY} desc, r.id desc
    limit ${limit}`.execute(db);
  return rows;
}

async function countByStatus(db: Db, scope: Scope) {
  const { rows } = await sql<{ status: InboxStatus; n: number }>`
    select r.status, count(*)::int as n from rpt_reports r
    where ${sql.join(conditions(scope, false), sql` and `)}
    group by r.status`.execute(db);
  return rows;
}
