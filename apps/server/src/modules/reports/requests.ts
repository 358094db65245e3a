import { vietnamToday } from "@lienthong/calendar";
import { actorLabel, requireActor, type Actor } from "../../core/actor.ts";
import { recordAudit } from "../../core/audit.ts";
import type { Db } from "../../core/db/index.ts";
import { AppError, type FieldError } from "../../core/errors.ts";
import type { RequestMeta } from "../../core/http/request-meta.ts";
import type { ModuleContext } from "../../core/module.ts";
import { byRequest } from "./regime-periods.ts";
import { reportingOrganizations, type ReportingUnit } from "./regimes.ts";
import { remindOfficers, reportingOfficers } from "./reminders.ts";
import { selectRegime, type RegimeRow } from "./repo.ts";
import { insertRequest, selectRequest, selectRequests, type RequestRow } from "./requests-repo.ts";
import { inTransaction, workCalendar } from "./shared.ts";
import { mayReview } from "./report-access.ts";

/** A request for a thematic or ad-hoc report, as the API shows it. */
export type ReportRequest = {
  regimeId: string;
  code: string;
  title: string;
  start: string;
  end: string;
  deadline: string;
  organizationIds: string[] | null;
  note: string | null;
  createdBy: string;
  createdAt: string;
};

export type ReportRequestInput = {
  code: string;
  title: string;
  start: string;
  end: string;
  deadline: string;
  organizationIds?: string[] | undefined;
  note?: string | undefined;
};

/** Starts with a letter, so a request's code is never taken for a period id (`2026Q3`). */
export const REQUEST_CODE = /^[A-Z][A-Z0-9_-]{1,31}$/;

const toRequest = (row: RequestRow): ReportRequest => ({
  regimeId: row.regime_id,
  code: row.code,
  title: row.title,
  start: row.period_start,
  end: row.period_end,
  deadline: row.deadline,
  organizationIds: row.organization_ids,
  note: row.note,
  createdBy: row.created_by,
  createdAt: new Date(row.created_at).toISOString(),
});

async function requireRequestingRegime(db: Db, actor: Actor, regimeId: string) {
  const regime = await selectRegime(db, regimeId);
  if (!regime) throw new AppError("not_found");
  if (!(await mayReview(db, actor, regime)))
    throw new AppError("forbidden", {
      detail: {
        vi: "Chỉ cơ quan nhận báo cáo mới yêu cầu báo cáo theo chế độ này.",
        en: "Only the receiving organization requests reports under this regime.",
      },
    });
  return regime;
}

/**
 * Requests a thematic or ad-hoc report (yêu cầu báo cáo chuyên đề, đột xuất) under a regime in
 * force of that kind: a code (the period id its reports and values carry), a title, the data
 * window, the deadline — moved to the next working day when it falls on a day off, and at least
 * one working day after the window ends (Decree 09 art. 8) — and, optionally, only some of the
 * regime's reporting units. Made by the receiving organization's reviewers; audited.
 */
export async function createRequest(options: {
  ctx: ModuleContext;
  actor: Actor | null | undefined;
  regimeId: string;
  input: ReportRequestInput;
  today?: string;
  requestMeta?: RequestMeta;
}): Promise<ReportRequest> {
  const actor = requireActor(options.actor);
  const { ctx, input } = options;
  const db = ctx.db;
  const regime = await requireRequestingRegime(db, actor, options.regimeId);
  if (!byRequest(regime))
    throw new AppError("unprocessable", {
      detail: {
        vi: "Chế độ báo cáo định kỳ có kỳ theo tần suất; yêu cầu báo cáo chỉ dành cho chế độ chuyên đề, đột xuất.",
        en: "A periodic regime has the periods of its frequency; requests are for thematic and ad-hoc regimes.",
      },
    });
  if (regime.status !== "active")
    throw new AppError("conflict", {
      detail: {
        vi: "Chế độ báo cáo chưa được áp dụng hoặc đã bãi bỏ.",
        en: "The reporting regime is not in force.",
      },
    });
  const today = options.today ?? vietnamToday();
  const { deadline, units } = await checkRequest(db, regime, input, today);
  const row = {
    regime_id: regime.id,
    code: input.code,
    title: input.title.trim(),
    period_start: input.start,
    period_end: input.end,
    deadline,
    organization_ids: input.organizationIds ?? null,
    note: input.note?.trim() || null,
    created_by: actorLabel(actor),
  };
  await inTransaction(db, async (trx) => {
    if (!(await insertRequest(trx, row)))
      throw new AppError("conflict", {
        detail: {
          vi: `Chế độ báo cáo đã có yêu cầu mã ${input.code}.`,
          en: `The regime already has a request ${input.code}.`,
        },
      });
    await recordAudit(trx, {
      action: "reports.request_created",
      actor,
      organizationId: regime.receiving_organization_id,
      targetType: "report_regime",
      targetId: regime.id,
      details: {
        code: input.code,
        deadline,
        units: input.organizationIds?.length ?? null,
      },
      ...options.requestMeta,
    });
    // The units asked hear of it at once, in the app and by e-mail, beside the reminders the
    // scan gives from a few working days before the deadline.
    const asked = input.organizationIds ? new Set(input.organizationIds) : undefined;
    for (const unit of units) {
      if (asked && !asked.has(unit.id)) continue;
      await remindOfficers(trx, ctx, {
        regime,
        report: {
          periodId: input.code,
          start: input.start,
          end: input.end,
          deadline,
          organization: { id: unit.id, code: unit.code, name: unit.name },
          status: input.end >= today ? "upcoming" : "open",
          reportId: null,
          submittedAt: null,
          submittedLate: null,
        },
        officers: await reportingOfficers(trx, unit.id),
        kind: "requested",
        today,
        sentBy: actorLabel(actor),
        message: [row.title, row.note].filter(Boolean).join("\n"),
      });
    }
  });
  return toRequest((await selectRequest(db, regime.id, input.code))!);
}

/** Every problem of a request with its JSON path; the deadline as it will stand, and the regime's units. */
async function checkRequest(
  db: Db,
  regime: RegimeRow,
  input: ReportRequestInput,
  today: string,
): Promise<{ deadline: string; units: ReportingUnit[] }> {
  const problems: FieldError[] = [];
  const calendar = workCalendar();
  if (!REQUEST_CODE.test(input.code))
    problems.push({
      path: "/code",
      message:
        "Mã yêu cầu bắt đầu bằng chữ cái in hoa, gồm chữ in hoa, số, gạch ngang (2–32 ký tự)",
    });
  if (!input.title.trim()) problems.push({ path: "/title", message: "Cần tên yêu cầu báo cáo" });
  if (input.end < input.start)
    problems.push({ path: "/end", message: "Ngày chốt số liệu trước ngày bắt đầu" });
  if (
    input.start < regime.effective_from ||
    (regime.effective_to && input.end > regime.effective_to)
  )
    problems.push({
      path: "/start",
      message: "Thời gian lấy số liệu nằm ngoài thời gian hiệu lực của chế độ báo cáo",
    });
  const deadline = calendar.isWorkingDay(input.deadline)
    ? input.deadline
    : calendar.addWorkingDays(input.deadline, 1);
  if (deadline < calendar.addWorkingDays(input.end, 1))
    problems.push({
      path: "/deadline",
      message: `Hạn nộp (${deadline}) phải sau ngày chốt số liệu ${input.end} ít nhất một ngày làm việc`,
    });
  if (deadline < today) problems.push({ path: "/deadline", message: `Hạn nộp ${deadline} đã qua` });
  const units = await reportingOrganizations(db, regime.reporting_rule);
  if (input.organizationIds) {
    const known = new Set(units.map((u) => u.id));
    if (input.organizationIds.length === 0)
      problems.push({ path: "/organizationIds", message: "Cần ít nhất một đơn vị báo cáo" });
    input.organizationIds.forEach((id, i) => {
      if (!known.has(id))
        problems.push({
          path: `/organizationIds/${i}`,
          message: "Đơn vị này không thuộc diện báo cáo theo chế độ này",
        });
      else if (input.organizationIds!.indexOf(id) !== i)
        problems.push({ path: `/organizationIds/${i}`, message: "Đơn vị bị lặp" });
    });
  }
  if (problems.length > 0)
    throw new AppError("validation_failed", {
      detail: { vi: "Yêu cầu báo cáo chưa hợp lệ.", en: "The report request is not valid." },
      errors: problems,
    });
  return { deadline, units };
}

/** A regime's requests, oldest window first; anyone signed in reads them, as they read regimes. */
export async function listRequests(options: {
  db: Db;
  actor: Actor | null | undefined;
  regimeId: string;
}): Promise<ReportRequest[]> {
  requireActor(options.actor);
  const regime = await selectRegime(options.db, options.regimeId);
  if (!regime) throw new AppError("not_found");
  return (await selectRequests(options.db, regime.id)).map(toRequest);
}
