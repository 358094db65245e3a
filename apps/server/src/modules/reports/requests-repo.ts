import type { Generated, Kysely, Selectable } from "kysely";
import type { Db } from "../../core/db/index.ts";

type RequestTable = {
  regime_id: string;
  code: string;
  title: string;
  period_start: string;
  period_end: string;
  deadline: string;
  /** Only these of the regime's units report; null: all of them. */
  organization_ids: string[] | null;
  note: string | null;
  created_by: string;
  created_at: Generated<Date>;
};

export type RequestRow = Selectable<RequestTable>;

function requestsDb(db: Db) {
  return db as unknown as Kysely<{ rpt_requests: RequestTable }>;
}

/** Inserts a request; false when the regime already has one with this code. */
export async function insertRequest(
  db: Db,
  row: Omit<RequestTable, "created_at">,
): Promise<boolean> {
  const inserted = await requestsDb(db)
    .insertInto("rpt_requests")
    .values({
      ...row,
      organization_ids: row.organization_ids && (JSON.stringify(row.organization_ids) as never),
    })
    .onConflict((oc) => oc.columns(["regime_id", "code"]).doNothing())
    .returning("code")
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function selectRequest(
  db: Db,
  regimeId: string,
  code: string,
): Promise<RequestRow | undefined> {
  return requestsDb(db)
    .selectFrom("rpt_requests")
    .selectAll()
    .where("regime_id", "=", regimeId)
    .where("code", "=", code)
    .executeTakeFirst();
}

/** A regime's requests whose window ends between two dates (inclusive), oldest first. */
export async function selectRequests(
  db: Db,
  regimeId: string,
  range: { from?: string | undefined; to?: string | undefined } = {},
): Promise<RequestRow[]> {
  let query = requestsDb(db)
    .selectFrom("rpt_requests")
    .selectAll()
    .where("regime_id", "=", regimeId);
  if (range.from) query = query.where("period_end", ">=", range.from);
  if (range.to) query = query.where("period_end", "<=", range.to);
  return query.orderBy("period_end").orderBy("code").execute();
}
