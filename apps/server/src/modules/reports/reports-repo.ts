import { sql, type Generated, type Kysely, type Selectable } from "kysely";
import type { Db } from "../../core/db/index.ts";
import type { ReportsTables } from "./repo.ts";

export type ReportStatus = "draft" | "submitted" | "returned" | "accepted";

type ReportTable = {
  id: string;
  regime_id: string;
  organization_id: string;
  period_id: string;
  template_version: number;
  status: ReportStatus;
  narrative: Record<string, string>;
  period_start: string;
  period_end: string;
  deadline: string;
  version: number;
  submitted_at: Date | null;
  submitted_by: string | null;
  late: boolean | null;
  reviewed_at: Date | null;
  reviewed_by: string | null;
  review_note: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
};

type VersionTable = {
  id: string;
  report_id: string;
  version: number;
  action: "submitted" | "returned" | "accepted";
  actor: string;
  at: Generated<Date>;
  note: string | null;
  payload_sha256: string | null;
  signature: string | null;
};

type ValueTable = {
  regime_id: string;
  period_id: string;
  organization_id: string;
  indicator: string;
  combination: string;
  report_id: string;
  value: string | number | null;
  text_value: string | null;
  updated_at: Generated<Date>;
};

type Tables = ReportsTables & {
  rpt_reports: ReportTable;
  rpt_report_versions: VersionTable;
  rpt_values: ValueTable;
};

export type ReportRow = Selectable<ReportTable>;
export type VersionRow = Selectable<VersionTable>;
/** One stored value: a number (numeric types, booleans as 0/1) or a text. */
export type StoredValue = { indicator: string; combination: string; value: number | string };

const t = (db: Db) => db as unknown as Kysely<Tables>;

export async function selectReport(db: Db, id: string): Promise<ReportRow | undefined> {
  return t(db).selectFrom("rpt_reports").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function selectReportByKey(
  db: Db,
  key: { regimeId: string; organizationId: string; periodId: string },
): Promise<ReportRow | undefined> {
  return t(db)
    .selectFrom("rpt_reports")
    .selectAll()
    .where("regime_id", "=", key.regimeId)
    .where("organization_id", "=", key.organizationId)
    .where("period_id", "=", key.periodId)
    .executeTakeFirst();
}

/** Reports of a regime and period (or several periods), for the schedule and completeness. */
export async function selectReportsOf(
  db: Db,
  regimeId: string,
  periodIds: string[],
): Promise<ReportRow[]> {
  if (periodIds.length === 0) return [];
  return t(db)
    .selectFrom("rpt_reports")
    .selectAll()
    .where("regime_id", "=", regimeId)
    .where("period_id", "in", periodIds)
    .execute();
}

/** Inserts the report unless another request did first; the caller reads it back either way. */
export async function insertReport(
  db: Db,
  row: Omit<ReportTable, "created_at" | "updated_at">,
): Promise<void> {
  await t(db)
    .insertInto("rpt_reports")
    .values({ ...row, narrative: JSON.stringify(row.narrative) as never })
    .onConflict((c) => c.columns(["regime_id", "organization_id", "period_id"]).doNothing())
    .execute();
}

/**
 * Locks the report's row for the rest of the transaction and returns it: every change to a
 * report and its values happens under this lock, so a submission never races an edit.
 */
export async function lockReport(db: Db, id: string): Promise<ReportRow | undefined> {
  return t(db)
    .selectFrom("rpt_reports")
    .selectAll()
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();
}

export async function updateReport(
  db: Db,
  id: string,
  changes: Partial<Omit<ReportTable, "id" | "created_at" | "updated_at">>,
): Promise<void> {
  const { narrative, ...rest } = changes;
  await t(db)
    .updateTable("rpt_reports")
    .set({
      ...rest,
      ...(narrative ? { narrative: JSON.stringify(narrative) as never } : {}),
      updated_at: new Date(),
    })
    .where("id", "=", id)
    .execute();
}

export async function insertVersion(db: Db, row: Omit<VersionTable, "at">): Promise<void> {
  await t(db).insertInto("rpt_report_versions").values(row).execute();
}

export async function selectVersions(db: Db, reportId: string): Promise<VersionRow[]> {
  return t(db)
    .selectFrom("rpt_report_versions")
    .selectAll()
    .where("report_id", "=", reportId)
    .orderBy("at")
    .orderBy("version")
    .execute();
}

export async function selectValues(db: Db, reportId: string): Promise<StoredValue[]> {
  const rows = await t(db)
    .selectFrom("rpt_values")
    .select(["indicator", "combination", "value", "text_value"])
    .where("report_id", "=", reportId)
    .orderBy("indicator")
    .orderBy("combination")
    .execute();
  return rows.map((r) => ({
    indicator: r.indicator,
    combination: r.combination,
    value: r.text_value ?? Number(r.value),
  }));
}

/**
 * Writes values of one report: a value replaces the one stored for its indicator and
 * combination, `null` deletes it. One statement per kind of change, whatever the count.
 */
export async function writeValues(
  db: Db,
  report: Pick<ReportRow, "id" | "regime_id" | "period_id" | "organization_id">,
  values: { indicator: string; combination: string; value: number | string | null }[],
): Promise<void> {
  const upserts = values.filter((v) => v.value !== null);
  const deletes = values.filter((v) => v.value === null);
  if (upserts.length > 0)
    await t(db)
      .insertInto("rpt_values")
      .values(
        upserts.map((v) => ({
          regime_id: report.regime_id,
          period_id: report.period_id,
          organization_id: report.organization_id,
          indicator: v.indicator,
          combination: v.combination,
          report_id: report.id,
          value: typeof v.value === "number" ? v.value : null,
          text_value: typeof v.value === "string" ? v.value : null,
        })),
      )
      .onConflict((c) =>
        c
          .columns(["regime_id", "period_id", "organization_id", "indicator", "combination"])
          .doUpdateSet({
            value: sql`excluded.value`,
            text_value: sql`excluded.text_value`,
            updated_at: sql`now()`,
          }),
      )
      .execute();
  for (const v of deletes)
    await t(db)
      .deleteFrom("rpt_values")
      .where("report_id", "=", report.id)
      .where("indicator", "=", v.indicator)
      .where("combination", "=", v.combination)
      .execute();
}
