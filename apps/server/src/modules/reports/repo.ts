import type { Generated, Kysely, Selectable } from "kysely";
import type { Db } from "../../core/db/index.ts";
import type { TemplateDefinition } from "./template.ts";
import type { DeadlineRule, Frequency, WindowRule } from "./periods.ts";
import type { RegimeInput } from "./schema.ts";

type RegimeTable = {
  id: string;
  code: string;
  name: string;
  legal_basis: string;
  kind: RegimeInput["kind"];
  frequency: Frequency;
  window_rule: WindowRule;
  deadline_rule: DeadlineRule;
  reporting_rule: RegimeInput["reportingRule"];
  receiving_organization_id: string;
  effective_from: string;
  effective_to: string | null;
  /** Working days before the deadline the units are reminded; 0: only once late. */
  reminder_days: number;
  status: "draft" | "active" | "retired";
  description: string | null;
  created_by: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
};

type TemplateTable = {
  id: string;
  regime_id: string;
  version: number;
  definition: TemplateDefinition;
  status: "draft" | "published";
  published_at: Date | null;
  created_by: string;
  created_at: Generated<Date>;
};

export type ReportsTables = { rpt_regimes: RegimeTable; rpt_templates: TemplateTable };
export type RegimeRow = Selectable<RegimeTable>;
export type TemplateRow = Selectable<TemplateTable>;

export function reportsDb(db: Db): Kysely<ReportsTables> {
  return db as unknown as Kysely<ReportsTables>;
}

/** Dates come back as `YYYY-MM-DD` on both databases (the `date` type is read as text). */
const regimeColumns = [
  "id",
  "code",
  "name",
  "legal_basis",
  "kind",
  "frequency",
  "window_rule",
  "deadline_rule",
  "reporting_rule",
  "receiving_organization_id",
  "effective_from",
  "effective_to",
  "reminder_days",
  "status",
  "description",
  "created_by",
  "created_at",
  "updated_at",
] as const;

export async function insertRegime(
  db: Db,
  row: Omit<RegimeTable, "created_at" | "updated_at">,
): Promise<void> {
  await reportsDb(db)
    .insertInto("rpt_regimes")
    .values({
      ...row,
      deadline_rule: JSON.stringify(row.deadline_rule) as never,
      reporting_rule: JSON.stringify(row.reporting_rule) as never,
    })
    .execute();
}

export async function selectRegime(db: Db, id: string): Promise<RegimeRow | undefined> {
  return reportsDb(db)
    .selectFrom("rpt_regimes")
    .select(regimeColumns)
    .where("id", "=", id)
    .executeTakeFirst();
}

export async function selectRegimeByCode(db: Db, code: string): Promise<RegimeRow | undefined> {
  return reportsDb(db)
    .selectFrom("rpt_regimes")
    .select(regimeColumns)
    .where("code", "=", code)
    .executeTakeFirst();
}

export async function selectRegimes(
  db: Db,
  filter: { status?: RegimeRow["status"] | undefined; q?: string | undefined },
): Promise<RegimeRow[]> {
  let query = reportsDb(db).selectFrom("rpt_regimes").select(regimeColumns);
  if (filter.status) query = query.where("status", "=", filter.status);
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([eb("name", "ilike", like), eb("code", "ilike", like)]));
  }
  return query.orderBy("code").limit(500).execute();
}

export async function updateRegimeRow(
  db: Db,
  id: string,
  changes: Partial<Pick<RegimeTable, "status" | "effective_to">>,
): Promise<void> {
  await reportsDb(db)
    .updateTable("rpt_regimes")
    .set({ ...changes, updated_at: new Date() })
    .where("id", "=", id)
    .execute();
}

export async function selectTemplates(db: Db, regimeId: string): Promise<TemplateRow[]> {
  return reportsDb(db)
    .selectFrom("rpt_templates")
    .selectAll()
    .where("regime_id", "=", regimeId)
    .orderBy("version", "desc")
    .execute();
}

export async function selectTemplate(
  db: Db,
  regimeId: string,
  version: number,
): Promise<TemplateRow | undefined> {
  return reportsDb(db)
    .selectFrom("rpt_templates")
    .selectAll()
    .where("regime_id", "=", regimeId)
    .where("version", "=", version)
    .executeTakeFirst();
}

/** The latest published version of each regime given. */
export async function selectPublishedVersions(
  db: Db,
  regimeIds: string[],
): Promise<Map<string, number>> {
  if (regimeIds.length === 0) return new Map();
  const rows = await reportsDb(db)
    .selectFrom("rpt_templates")
    .select(["regime_id", (eb) => eb.fn.max("version").as("version")])
    .where("regime_id", "in", regimeIds)
    .where("status", "=", "published")
    .groupBy("regime_id")
    .execute();
  return new Map(rows.map((r) => [r.regime_id, Number(r.version)]));
}

export async function upsertDraftTemplate(
  db: Db,
  row: Omit<TemplateTable, "created_at" | "status" | "published_at">,
): Promise<void> {
  await reportsDb(db)
    .insertInto("rpt_templates")
    .values({ ...row, definition: JSON.stringify(row.definition) as never, status: "draft" })
    .onConflict((c) =>
      c.columns(["regime_id", "version"]).doUpdateSet({
        definition: JSON.stringify(row.definition) as never,
        created_by: row.created_by,
      }),
    )
    .execute();
}

export async function publishTemplateRow(
  db: Db,
  regimeId: string,
  version: number,
): Promise<boolean> {
  const result = await reportsDb(db)
    .updateTable("rpt_templates")
    .set({ status: "published", published_at: new Date() })
    .where("regime_id", "=", regimeId)
    .where("version", "=", version)
    .where("status", "=", "draft")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
