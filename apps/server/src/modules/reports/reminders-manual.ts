import { vietnamToday } from "@lienthong/calendar";
import { actorLabel, requireActor, type Actor } from "../../core/actor.ts";
import { recordAudit } from "../../core/audit.ts";
import { AppError } from "../../core/errors.ts";
import type { RequestMeta } from "../../core/http/request-meta.ts";
import type { ModuleContext } from "../../core/module.ts";
import { remindOfficers, reportingOfficers, stillOwed } from "./reminders.ts";
import { selectRegime } from "./repo.ts";
import { expectedReports } from "./schedule.ts";
import { regimePeriod } from "./regime-periods.ts";
import { mayReview } from "./report-access.ts";
import { inTransaction } from "./shared.ts";

export type ReminderOutcome = {
  /** Units at least one of whose officers was reminded now. */
  units: number;
  /** People reminded now (not those already reminded by hand today). */
  people: number;
  mails: number;
  /** Units that should have been reminded but have no active reporting officer. */
  unitsWithoutOfficers: { id: string; code: string; name: string }[];
};

const refuse = (vi: string, en: string) => new AppError("unprocessable", { detail: { vi, en } });

/**
 * Đôn đốc by hand from the receiving organization (its reviewers, see `mayReview`): without
 * `organizationId`, every unit whose report of the period is past its deadline and not submitted
 * (or returned and not sent again); with it, that one unit, late or not, as long as it still owes
 * the report. Each officer of those units is reminded (`manual`, with the optional message) at
 * most once a day; everything, and the audit entry `reports.reminders_sent`, in one transaction.
 */
export async function remindUnits(options: {
  ctx: ModuleContext;
  actor: Actor | null | undefined;
  regimeId: string;
  periodId: string;
  organizationId?: string | undefined;
  message?: string | undefined;
  requestMeta?: RequestMeta;
  now?: Date;
}): Promise<ReminderOutcome> {
  const actor = requireActor(options.actor);
  const { ctx } = options;
  const regime = await selectRegime(ctx.db, options.regimeId);
  if (!regime) throw new AppError("not_found");
  if (!(await mayReview(ctx.db, actor, regime)))
    throw new AppError("forbidden", {
      detail: {
        vi: "Chỉ cơ quan nhận báo cáo mới đôn đốc được các đơn vị.",
        en: "Only the receiving organization may remind the reporting units.",
      },
    });
  if (regime.status === "draft")
    throw refuse(
      "Chế độ báo cáo chưa được áp dụng.",
      "The reporting regime has not been put in force.",
    );
  const today = vietnamToday(options.now ?? new Date());
  const window = await regimePeriod(ctx.db, regime, options.periodId, today);
  const rows = (
    await expectedReports({
      db: ctx.db,
      actor,
      regimeId: regime.id,
      from: window.end,
      to: window.end,
      organizationId: options.organizationId,
      today,
    })
  ).filter((row) => row.periodId === options.periodId);
  let targets = rows.filter((row) => stillOwed(row) && today > row.deadline);
  if (options.organizationId) {
    const unit = rows[0];
    if (!unit)
      throw refuse(
        "Đơn vị này không thuộc diện báo cáo theo chế độ.",
        "This unit is not one the regime expects reports from.",
      );
    if (!stillOwed(unit))
      throw refuse(
        `Đơn vị đã gửi báo cáo kỳ ${options.periodId}.`,
        `The unit has already submitted its report for ${options.periodId}.`,
      );
    targets = [unit];
  }
  const message = options.message?.trim() || null;
  const sentBy = actorLabel(actor);
  return inTransaction(ctx.db, async (trx) => {
    const outcome: ReminderOutcome = { units: 0, people: 0, mails: 0, unitsWithoutOfficers: [] };
    for (const report of targets) {
      const officers = await reportingOfficers(trx, report.organization.id);
      if (officers.length === 0) {
        outcome.unitsWithoutOfficers.push(report.organization);
        continue;
      }
      const done = await remindOfficers(trx, ctx, {
        regime,
        report,
        officers,
        kind: "manual",
        today,
        sentBy,
        message,
      });
      if (done.people > 0) outcome.units += 1;
      outcome.people += done.people;
      outcome.mails += done.mails;
    }
    await recordAudit(trx, {
      action: "reports.reminders_sent",
      actor,
      organizationId: regime.receiving_organization_id,
      targetType: "regime",
      targetId: regime.id,
      details: {
        regime: regime.code,
        period: options.periodId,
        scope: options.organizationId ? "unit" : "late",
        ...(options.organizationId ? { organization: options.organizationId } : {}),
        units: outcome.units,
        people: outcome.people,
        mails: outcome.mails,
        message: message !== null,
      },
      ...options.requestMeta,
    });
    return outcome;
  });
}
