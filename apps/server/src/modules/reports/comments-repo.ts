import type { Kysely, Selectable } from "kysely";
import type { Db } from "../../core/db/index.ts";

type CommentTable = {
  id: string;
  report_id: string;
  indicator: string;
  combination: string;
  body: string;
  author: string;
  side: "unit" | "reviewer";
  source: "form" | "import";
  created_at: Date;
};

export type CommentRow = Selectable<CommentTable>;

const t = (db: Db) => db as unknown as Kysely<{ rpt_value_comments: CommentTable }>;

/** A report's comments, oldest first (ids are UUIDv7, so in the order they were made). */
export async function selectComments(db: Db, reportId: string): Promise<CommentRow[]> {
  return t(db)
    .selectFrom("rpt_value_comments")
    .selectAll()
    .where("report_id", "=", reportId)
    .orderBy("id")
    .execute();
}

export async function insertComments(db: Db, rows: CommentRow[]): Promise<void> {
  if (rows.length > 0) await t(db).insertInto("rpt_value_comments").values(rows).execute();
}

/** The latest comment of each of a report's cells, by `indicator\ncombination`. */
export async function latestComments(db: Db, reportId: string): Promise<Map<string, string>> {
  const latest = new Map<string, string>();
  for (const row of await selectComments(db, reportId))
    latest.set(`${row.indicator}\n${row.combination}`, row.body);
  return latest;
}
