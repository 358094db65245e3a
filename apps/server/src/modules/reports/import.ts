import { vietnamToday } from "@lienthong/calendar";
import { actorLabel, type Actor } from "../../core/actor.ts";
import { recordAudit } from "../../core/audit.ts";
import type { Db } from "../../core/db/index.ts";
import { AppError } from "../../core/errors.ts";
import type { RequestMeta } from "../../core/http/request-meta.ts";
import { isUuid, newId } from "../../core/ids.ts";
import type { ModuleContext } from "../../core/module.ts";
import type {
  DataValueInput,
  DataValueSet,
  ImportConflict,
  ImportSummary,
} from "./import-schema.ts";
import { placeRows, type PlacedRow } from "./import-rows.ts";
import {
  selectPublishedVersions,
  selectRegime,
  selectRegimeByCode,
  type RegimeRow,
} from "./repo.ts";
import {
  lockReport,
  selectReportByKey,
  selectValues,
  updateReport,
  writeValues,
  type ReportRow,
} from "./reports-repo.ts";
import { insertComments, latestComments } from "./comments-repo.ts";
import { inTransaction } from "./shared.ts";
import { insertDraftReport } from "./report-open.ts";
import { checkCell, checkValue, type CompiledTemplate } from "./template.ts";
import { compiledTemplate } from "./templates.ts";

/**
 * Who pushes values: a person (session or API token), or a provincial information system with
 * an SSO client-credentials token, acting for its organization and everything below it.
 */
export type ImportCaller =
  | { kind: "actor"; actor: Actor }
  | {
      kind: "client";
      clientId: string;
      organizationId: string | null;
      /** Through the LGSP gateway: the consumer system and the catalogue service called. */
      via?: { systemId: string; service: string; federationPeer?: string };
    };

/** Rows per insert: eight parameters a row stays well under PostgreSQL's 65,535. */
const WRITE_BATCH = 1000;

type Count = ImportSummary["importCount"];
type Cell = { indicator: string; combination: string; value: number | string | null };
type Group = { organizationId: string; periodId: string; rows: PlacedRow[] };
/** A comment to add to a cell (one that differs from the cell's latest). */
type Note = { indicator: string; combination: string; body: string };
type Outcome = { conflicts: ImportConflict[]; changes: Cell[]; notes: Note[]; count: Count };

/** Thrown inside the transaction to roll it back when an all-or-nothing import meets a refusal. */
class Refused extends Error {
  constructor(readonly summary: ImportSummary) {
    super("import refused");
  }
}

/** The rows of a data value set, with the set's period and unit filling rows without one. */
export function dataValuesOf(set: DataValueSet): DataValueInput[] {
  return set.dataValues.map((row) => ({
    ...row,
    period: row.period || set.period,
    orgUnit: row.orgUnit || set.orgUnit,
  }));
}

/**
 * Imports values of a regime (DHIS2 `dataValueSets`): each row is checked — the unit known,
 * filled by the caller and expected by the regime, the period one of the regime's that has
 * begun, its report still editable, the value right for its indicator, no cell twice — and a
 * refused row becomes a conflict with its index and reason. All-or-nothing (`atomic`, DHIS2's
 * `atomicMode=ALL`) writes nothing when any row is refused; otherwise the valid rows are written.
 * Writes happen in one transaction, reports locked in one order, so a killed process leaves the
 * import whole or absent. A dry run checks everything and writes nothing, not even a report.
 */
export async function importDataValues(options: {
  ctx: ModuleContext;
  caller: ImportCaller;
  regimeCode: string | undefined;
  values: DataValueInput[];
  dryRun: boolean;
  atomic: boolean;
  requestMeta?: RequestMeta;
}): Promise<ImportSummary> {
  const { ctx, caller, values, dryRun, atomic } = options;
  const db = ctx.db;
  const regime = await regimeOf(db, options.regimeCode);
  const version = (await selectPublishedVersions(db, [regime.id])).get(regime.id)!;
  const placed = await placeRows(db, caller, regime, values);
  const groups = groupRows(placed.rows);
  const summarize = (outcomes: Outcome[]) =>
    summary({ dryRun, atomic, total: values.length, early: placed.conflicts, outcomes });

  if (dryRun || (atomic && placed.conflicts.length > 0)) {
    const outcomes: Outcome[] = [];
    for (const group of groups) {
      const report = await selectReportByKey(db, keyOf(regime, group));
      outcomes.push(await evaluate(db, regime, version, report, group));
    }
    return summarize(outcomes);
  }

  try {
    return await inTransaction(db, async (trx) => {
      const written: { group: Group; report: ReportRow; outcome: Outcome }[] = [];
      const outcomes: Outcome[] = [];
      for (const group of groups) {
        const found = await selectReportByKey(trx, keyOf(regime, group));
        let report = found && (await lockReport(trx, found.id));
        let outcome = await evaluate(trx, regime, version, report, group);
        if (!report && (outcome.changes.length > 0 || outcome.notes.length > 0)) {
          report = await openDraft(trx, regime, version, group);
          outcome = await evaluate(trx, regime, version, report, group);
        }
        outcomes.push(outcome);
        if (report && (outcome.changes.length > 0 || outcome.notes.length > 0))
          written.push({ group, report, outcome });
      }
      const result = summarize(outcomes);
      if (atomic && result.conflicts.length > 0) throw new Refused(result);
      for (const { report, outcome } of written) {
        for (let i = 0; i < outcome.changes.length; i += WRITE_BATCH)
          await writeValues(trx, report, outcome.changes.slice(i, i + WRITE_BATCH));
        await insertComments(
          trx,
          outcome.notes.map((note) => ({
            id: newId(),
            report_id: report.id,
            ...note,
            author: actorLabel(auditActor(caller)),
            side: "unit",
            source: "import",
            created_at: new Date(),
          })),
        );
        await updateReport(trx, report.id, {});
      }
      if (written.length > 0)
        await recordAudit(trx, {
          action: "reports.values_imported",
          actor: auditActor(caller),
          organizationId: callerOrganization(caller),
          targetType: "report_regime",
          targetId: regime.id,
          details: {
            regime: regime.code,
            atomic,
            ...result.importCount,
            conflicts: result.conflicts.length,
            units: [
              ...new Set(written.map((w) => placed.codes.get(w.group.organizationId)!)),
            ].sort(),
            periods: [...new Set(written.map((w) => w.group.periodId))].sort(),
            ...(caller.kind === "client" ? { client: caller.clientId } : {}),
            ...(caller.kind === "client" && caller.via ? { lgsp: caller.via } : {}),
          },
          ...options.requestMeta,
        });
      return result;
    });
  } catch (error) {
    if (error instanceof Refused) return error.summary;
    throw error;
  }
}

/** The regime by code (or id): it must exist and be in force. */
async function regimeOf(db: Db, code: string | undefined): Promise<RegimeRow> {
  if (!code?.trim())
    throw new AppError("validation_failed", {
      errors: [{ path: "/dataSet", message: "Cần mã chế độ báo cáo (dataSet)" }],
    });
  const wanted = code.trim();
  const regime = isUuid(wanted)
    ? await selectRegime(db, wanted)
    : await selectRegimeByCode(db, wanted);
  if (!regime)
    throw new AppError("not_found", {
      detail: {
        vi: `Không có chế độ báo cáo ${wanted}.`,
        en: `There is no reporting regime ${wanted}.`,
      },
    });
  if (regime.status !== "active")
    throw new AppError("conflict", {
      detail: {
        vi: "Chế độ báo cáo chưa được áp dụng hoặc đã bãi bỏ.",
        en: "The reporting regime is not in force.",
      },
    });
  return regime;
}

/** Rows by report, in one order (unit, then period) so concurrent imports lock alike. */
function groupRows(rows: PlacedRow[]): Group[] {
  const groups = new Map<string, Group>();
  for (const row of rows) {
    const key = `${row.organizationId}\n${row.periodId}`;
    let group = groups.get(key);
    if (!group) {
      group = { organizationId: row.organizationId, periodId: row.periodId, rows: [] };
      groups.set(key, group);
    }
    group.rows.push(row);
  }
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, g]) => g);
}

const keyOf = (regime: RegimeRow, group: Group) => ({
  regimeId: regime.id,
  organizationId: group.organizationId,
  periodId: group.periodId,
});

/** A draft report for the group, as opening it for data entry makes one, locked. */
async function openDraft(db: Db, regime: RegimeRow, version: number, group: Group) {
  await insertDraftReport(db, {
    regime,
    templateVersion: version,
    organizationId: group.organizationId,
    periodId: group.periodId,
    today: vietnamToday(),
  });
  const report = (await selectReportByKey(db, keyOf(regime, group)))!;
  return (await lockReport(db, report.id))!;
}

/**
 * A group's rows against its report (or the draft it would get): refused when the report is
 * submitted or accepted, or a value does not fit its indicator; otherwise each row is new,
 * changed, cleared or the same as stored.
 */
async function evaluate(
  db: Db,
  regime: RegimeRow,
  latestVersion: number,
  report: ReportRow | undefined,
  group: Group,
): Promise<Outcome> {
  const outcome: Outcome = {
    conflicts: [],
    changes: [],
    notes: [],
    count: { imported: 0, updated: 0, ignored: 0, deleted: 0 },
  };
  const refuse = (row: PlacedRow, property: string, object: string, reason: string) =>
    outcome.conflicts.push({ index: row.index, object, property, value: row.sent, reason });
  if (report && report.status !== "draft" && report.status !== "returned") {
    const reason =
      report.status === "accepted"
        ? `Báo cáo kỳ ${report.period_id} đã được tiếp nhận; số liệu đã khóa`
        : `Báo cáo kỳ ${report.period_id} đã gửi, đang chờ xem xét; không sửa được`;
    for (const row of group.rows) refuse(row, "period", report.period_id, reason);
    return outcome;
  }
  const template = await compiledTemplate(db, regime.id, report?.template_version ?? latestVersion);
  const stored = new Map(
    (report ? await selectValues(db, report.id) : []).map((v) => [
      `${v.indicator}\n${v.combination}`,
      v.value,
    ]),
  );
  // Most pushes carry no comments: the report's comments are read only when some row does.
  const comments =
    report && group.rows.some((row) => row.comment !== undefined)
      ? await latestComments(db, report.id)
      : new Map<string, string>();
  for (const row of group.rows) {
    const cell = { indicator: row.indicator, combination: row.combination };
    const before = stored.get(`${row.indicator}\n${row.combination}`);
    const refusedCell = checkCell(template, cell);
    if (refusedCell) {
      refuse(row, ...cellProperty(template, row), refusedCell);
      continue;
    }
    const newComment =
      row.comment !== undefined &&
      row.comment !== comments.get(`${row.indicator}\n${row.combination}`);
    if (newComment) outcome.notes.push({ ...cell, body: row.comment! });
    if (row.value === null) {
      if (before !== undefined) {
        outcome.count.deleted += 1;
        outcome.changes.push({ ...cell, value: null });
      } else outcome.count[newComment ? "updated" : "ignored"] += 1;
      continue;
    }
    const checked = checkValue(template, { ...cell, value: row.value });
    if ("refused" in checked) {
      if (newComment) outcome.notes.pop();
      refuse(row, "value", row.sent, checked.refused);
      continue;
    }
    if (before !== checked.value) {
      outcome.count[before === undefined ? "imported" : "updated"] += 1;
      outcome.changes.push({ ...cell, value: checked.value });
    } else outcome.count[newComment ? "updated" : "ignored"] += 1;
  }
  return outcome;
}

/** Which member a refused cell is about: the indicator, or its disaggregation. */
function cellProperty(template: CompiledTemplate, row: PlacedRow): [string, string] {
  const indicator = template.indicators.get(row.indicator);
  return indicator && indicator.formula === undefined
    ? ["categoryOptionCombo", row.combination]
    : ["dataElement", row.indicator];
}

function summary(options: {
  dryRun: boolean;
  atomic: boolean;
  total: number;
  early: ImportConflict[];
  outcomes: Outcome[];
}): ImportSummary {
  const { dryRun, atomic, total, outcomes } = options;
  const conflicts = [...options.early, ...outcomes.flatMap((o) => o.conflicts)].sort(
    (a, b) => a.index - b.index,
  );
  if (atomic && conflicts.length > 0)
    return {
      status: "ERROR",
      dryRun,
      importCount: { imported: 0, updated: 0, ignored: total, deleted: 0 },
      conflicts,
    };
  const importCount = { imported: 0, updated: 0, ignored: conflicts.length, deleted: 0 };
  for (const { count } of outcomes) {
    importCount.imported += count.imported;
    importCount.updated += count.updated;
    importCount.ignored += count.ignored;
    importCount.deleted += count.deleted;
  }
  const status =
    conflicts.length === 0 ? "SUCCESS" : conflicts.length < total ? "WARNING" : "ERROR";
  return { status, dryRun, importCount, conflicts };
}

function auditActor(caller: ImportCaller): Actor {
  return caller.kind === "actor"
    ? caller.actor
    : { kind: "system", name: `lgsp-client:${caller.clientId}` };
}

function callerOrganization(caller: ImportCaller): string | null {
  if (caller.kind === "client") return caller.organizationId;
  return caller.actor.kind === "user" ? caller.actor.organizationId : null;
}
