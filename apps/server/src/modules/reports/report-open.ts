/**
 * Opening a unit's report for a period: the first use makes its draft, with the regime's latest
 * published template and the period's window and deadline fixed then; later uses find that row.
 * The web form, the Excel form, imports and the demo seed all open reports this way.
 */
import { vietnamToday } from "@lienthong/calendar";
import { requireActor, type Actor } from "../../core/actor.ts";
import type { Db } from "../../core/db/index.ts";
import { AppError } from "../../core/errors.ts";
import { newId } from "../../core/ids.ts";
import { mayFill, notAllowed } from "./report-access.ts";
import { viewReport } from "./report-view.ts";
import { asks, regimePeriod } from "./regime-periods.ts";
import { isReportingUnit } from "./regimes.ts";
import { selectPublishedVersions, selectRegime, type RegimeRow } from "./repo.ts";
import { insertReport, selectReportByKey, type ReportRow } from "./reports-repo.ts";
import type { ReportView } from "./report-schema.ts";

/**
 * Opens a unit's report for a period (the draft is made on first use, with the regime's latest
 * published template): the regime must be in force, the unit one it expects reports from, and
 * the period one of the regime's that has begun.
 */
export async function openReport(options: OpenOptions): Promise<ReportView> {
  const actor = requireActor(options.actor);
  return viewReport(options.db, actor, await ensureReport(options));
}

type OpenOptions = {
  db: Db;
  actor: Actor | null | undefined;
  regimeId: string;
  organizationId: string;
  periodId: string;
  today?: string;
};

/** `openReport` without the view: the report's row (the seed and imports need no more). */
export async function ensureReport(options: OpenOptions): Promise<ReportRow> {
  const actor = requireActor(options.actor);
  const { db } = options;
  const regime = await selectRegime(db, options.regimeId);
  if (!regime) throw new AppError("not_found");
  const existing = await selectReportByKey(db, options);
  if (existing) return existing;
  if (!(await mayFill(db, actor, options.organizationId))) throw notAllowed();
  if (regime.status !== "active")
    throw new AppError("conflict", {
      detail: {
        vi: "Chế độ báo cáo chưa được áp dụng hoặc đã bãi bỏ.",
        en: "The reporting regime is not in force.",
      },
    });
  if (!(await isReportingUnit(db, regime.reporting_rule, options.organizationId)))
    throw new AppError("unprocessable", {
      detail: {
        vi: "Đơn vị này không thuộc diện báo cáo theo chế độ báo cáo này.",
        en: "This unit is not expected to report under this regime.",
      },
    });
  const version = (await selectPublishedVersions(db, [regime.id])).get(regime.id);
  if (version === undefined) throw new AppError("conflict");
  await insertDraftReport(db, {
    regime,
    templateVersion: version,
    organizationId: options.organizationId,
    periodId: options.periodId,
    today: options.today ?? vietnamToday(),
  });
  return (await selectReportByKey(db, options))!;
}

/**
 * Makes the unit's draft report of a period (nothing when another request just made it): its
 * window and deadline fixed now, with the given template version.
 */
export async function insertDraftReport(
  db: Db,
  draft: {
    regime: RegimeRow;
    templateVersion: number;
    organizationId: string;
    periodId: string;
    today: string;
  },
): Promise<void> {
  const { regime } = draft;
  const window = await regimePeriod(db, regime, draft.periodId, draft.today);
  if (!asks(window, draft.organizationId))
    throw new AppError("unprocessable", {
      detail: {
        vi: `Yêu cầu báo cáo ${window.id} không gửi đến đơn vị này.`,
        en: `The report request ${window.id} was not sent to this unit.`,
      },
    });
  await insertReport(db, {
    id: newId(),
    regime_id: regime.id,
    organization_id: draft.organizationId,
    period_id: window.id,
    template_version: draft.templateVersion,
    status: "draft",
    narrative: {},
    period_start: window.start,
    period_end: window.end,
    deadline: window.deadline,
    version: 0,
    submitted_at: null,
    submitted_by: null,
    late: null,
    reviewed_at: null,
    reviewed_by: null,
    review_note: null,
  });
}
