import { vietnamToday } from "@lienthong/calendar";
import { actorLabel, requireActor, type Actor } from "../../core/actor.ts";
import { recordAudit } from "../../core/audit.ts";
import type { Db } from "../../core/db/index.ts";
import { AppError, type FieldError } from "../../core/errors.ts";
import type { RequestMeta } from "../../core/http/request-meta.ts";
import { newId } from "../../core/ids.ts";
import type { ModuleContext } from "../../core/module.ts";
import { canAdministerOrganization, getOrganization } from "../directory/index.ts";
import { trustCa } from "../trust/index.ts";
import { commentSide, commentView } from "./comments.ts";
import { selectComments } from "./comments-repo.ts";
import { computedValues, failedRules, type NumericValue } from "./evaluation.ts";
import { asks, regimePeriod } from "./regime-periods.ts";
import { isReportingUnit } from "./regimes.ts";
import { selectPublishedVersions, selectRegime, type RegimeRow } from "./repo.ts";
import {
  insertReport,
  insertVersion,
  lockReport,
  selectReport,
  selectReportByKey,
  selectValues,
  selectVersions,
  updateReport,
  writeValues,
  type ReportRow,
  type StoredValue,
} from "./reports-repo.ts";
import type { ReportView } from "./report-schema.ts";
import { checkSubmission, signSubmission, type SubmissionCheck } from "./signing.ts";
import { inTransaction } from "./shared.ts";
import { checkCell, checkValue } from "./template.ts";
import { compiledTemplate } from "./templates.ts";

/** A value as a caller sends it: `null` clears what was entered. */
export type ValueInput = { indicator: string; combination?: string; value: unknown };

const EDITABLE: ReadonlySet<ReportRow["status"]> = new Set(["draft", "returned"]);

/** The reporting unit's officers and administrators (or a system administrator) fill its reports. */
export async function mayFill(db: Db, actor: Actor, organizationId: string): Promise<boolean> {
  if (actor.kind === "system" || actor.roles.includes("system_admin")) return true;
  if (actor.organizationId === organizationId && actor.roles.includes("reporting_officer"))
    return true;
  return (
    actor.roles.includes("org_admin") && canAdministerOrganization({ db, actor, organizationId })
  );
}

/** The receiving organization's officers, leaders and administrators review its reports. */
export async function mayReview(db: Db, actor: Actor, regime: RegimeRow): Promise<boolean> {
  if (actor.kind === "system" || actor.roles.includes("system_admin")) return true;
  if (
    actor.organizationId === regime.receiving_organization_id &&
    actor.roles.some((r) => r === "reporting_officer" || r === "leader")
  )
    return true;
  return (
    actor.roles.includes("org_admin") &&
    canAdministerOrganization({ db, actor, organizationId: regime.receiving_organization_id })
  );
}

export const notAllowed = () =>
  new AppError("forbidden", {
    detail: {
      vi: "Bạn không có quyền với báo cáo của đơn vị này.",
      en: "You have no rights over this unit's report.",
    },
  });

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

export async function getReport(options: {
  db: Db;
  actor: Actor | null | undefined;
  id: string;
}): Promise<ReportView> {
  const actor = requireActor(options.actor);
  const report = await selectReport(options.db, options.id);
  if (!report) throw new AppError("not_found");
  return viewReport(options.db, actor, report);
}

type SaveOptions = {
  db: Db;
  actor: Actor | null | undefined;
  id: string;
  values?: ValueInput[];
  narrative?: Record<string, string>;
};

/**
 * Saves values and narrative sections of a draft (or returned) report: every value is checked
 * against its indicator first, and one refused value refuses the whole save with a reason per
 * value (`/values/{i}`); nothing is written then. Used by the web form's autosave.
 */
export async function saveReport(options: SaveOptions): Promise<ReportView> {
  await storeReport(options);
  return getReport({ db: options.db, actor: options.actor, id: options.id });
}

/** `saveReport` without the view. */
export async function storeReport(options: SaveOptions): Promise<void> {
  const actor = requireActor(options.actor);
  const { db, id } = options;
  await inTransaction(db, async (trx) => {
    const report = await lockReport(trx, id);
    if (!report) throw new AppError("not_found");
    if (!(await mayFill(trx, actor, report.organization_id))) throw notAllowed();
    requireEditable(report);
    const template = await compiledTemplate(trx, report.regime_id, report.template_version);
    const checked = checkValues(template, options.values ?? []);
    const narrative = options.narrative ?? {};
    const sections = new Set(template.definition.sections.map((s) => s.code));
    const errors = [...checked.errors];
    for (const code of Object.keys(narrative))
      if (!sections.has(code))
        errors.push({ path: `/narrative/${code}`, message: `Không có mục ${code} trong đề cương` });
      else if (narrative[code]!.length > 200_000)
        errors.push({ path: `/narrative/${code}`, message: "Nội dung dài quá 200.000 ký tự" });
    if (errors.length > 0) throw invalidValues(errors);
    await writeValues(trx, report, checked.values);
    if (Object.keys(narrative).length > 0)
      await updateReport(trx, id, { narrative: { ...report.narrative, ...narrative } });
    else await updateReport(trx, id, {});
  });
}
/** Values checked against the template; duplicates of one cell are refused. */
export function checkValues(
  template: Awaited<ReturnType<typeof compiledTemplate>>,
  inputs: ValueInput[],
): {
  values: { indicator: string; combination: string; value: number | string | null }[];
  errors: FieldError[];
} {
  const errors: FieldError[] = [];
  const values: { indicator: string; combination: string; value: number | string | null }[] = [];
  const seen = new Set<string>();
  inputs.forEach((input, i) => {
    const combination = input.combination ?? "";
    const key = `${input.indicator}\n${combination}`;
    if (seen.has(key))
      return errors.push({
        path: `/values/${i}`,
        message: `Giá trị của ${input.indicator}${combination ? ` (${combination})` : ""} bị nhập hai lần`,
      });
    seen.add(key);
    if (input.value === null) {
      const refused = checkCell(template, { indicator: input.indicator, combination });
      if (refused) return errors.push({ path: `/values/${i}`, message: refused });
      return values.push({ indicator: input.indicator, combination, value: null });
    }
    const check = checkValue(template, {
      indicator: input.indicator,
      combination,
      value: input.value,
    });
    if ("refused" in check) return errors.push({ path: `/values/${i}`, message: check.refused });
    values.push({ indicator: input.indicator, combination, value: check.value });
  });
  return { values, errors };
}

function invalidValues(errors: FieldError[]) {
  return new AppError("validation_failed", {
    detail: {
      vi: `Có ${errors.length} giá trị không hợp lệ; chưa lưu giá trị nào.`,
      en: `${errors.length} values are not valid; nothing was saved.`,
    },
    errors,
  });
}

export function requireEditable(report: ReportRow) {
  if (!EDITABLE.has(report.status))
    throw new AppError("conflict", {
      detail:
        report.status === "accepted"
          ? {
              vi: "Báo cáo đã được tiếp nhận; số liệu đã khóa.",
              en: "The report was accepted; its data is locked.",
            }
          : {
              vi: "Báo cáo đã gửi, đang chờ xem xét; không sửa được.",
              en: "The report was submitted and awaits review; it cannot be changed.",
            },
    });
}

/** What a submission signs: the report's identity, template version, values and narrative. */
function submissionPayload(
  report: ReportRow,
  context: { regimeCode: string; organizationCode: string },
  values: StoredValue[],
  submitted: { by: string; at: string; version: number },
) {
  return {
    type: "lienthong.report.submission",
    regime: context.regimeCode,
    organization: context.organizationCode,
    period: report.period_id,
    templateVersion: report.template_version,
    version: submitted.version,
    submittedBy: submitted.by,
    submittedAt: submitted.at,
    values: values.map((v) => [v.indicator, v.combination, v.value]),
    narrative: report.narrative,
  };
}

type SubmitOptions = {
  ctx: ModuleContext;
  actor: Actor | null | undefined;
  id: string;
  now?: Date;
  requestMeta?: RequestMeta;
};

/**
 * Submits a report: required sections and values present and every validation rule holding
 * (otherwise a problem listing each, nothing changed); then signed (JWS over the canonical JSON,
 * with the platform's signer) and recorded as a new version, late or on time by the actual
 * submission date in Vietnam against the deadline.
 */
export async function submitReport(options: SubmitOptions): Promise<ReportView> {
  await recordSubmission(options);
  return getReport({ db: options.ctx.db, actor: options.actor, id: options.id });
}

/** `submitReport` without the view. */
export async function recordSubmission(options: SubmitOptions): Promise<void> {
  const actor = requireActor(options.actor);
  const { ctx, id } = options;
  const signer = (await trustCa(ctx)).signers.get("seal")!;
  await inTransaction(ctx.db, async (trx) => {
    const report = await lockReport(trx, id);
    if (!report) throw new AppError("not_found");
    if (!(await mayFill(trx, actor, report.organization_id))) throw notAllowed();
    requireEditable(report);
    const regime = (await selectRegime(trx, report.regime_id))!;
    const organization = await getOrganization({ db: trx, id: report.organization_id });
    const template = await compiledTemplate(trx, report.regime_id, report.template_version);
    const values = await selectValues(trx, id);
    const problems = missingParts(template, report, values);
    const numeric = values.filter((v): v is NumericValue => typeof v.value === "number");
    const failures = failedRules(template, numeric);
    if (problems.length > 0 || failures.length > 0)
      throw new AppError("unprocessable", {
        detail: {
          vi: `Báo cáo chưa gửi được: ${problems.length} nội dung còn thiếu, ${failures.length} quy tắc kiểm tra không đạt.`,
          en: `The report cannot be submitted: ${problems.length} parts missing, ${failures.length} validation rules failed.`,
        },
        errors: [
          ...problems,
          ...failures.map((f) => ({
            path: `/rules/${f.code}`,
            message: `${f.message} (${f.left ?? "trống"} ${f.operator} ${f.right ?? "trống"})`,
          })),
        ],
      });
    const now = options.now ?? new Date();
    const version = report.version + 1;
    const by = actorLabel(actor);
    const payload = submissionPayload(
      report,
      { regimeCode: regime.code, organizationCode: organization?.code ?? "" },
      values,
      { by, at: now.toISOString(), version },
    );
    const signed = await signSubmission(signer, payload);
    const late = vietnamToday(now) > report.deadline;
    await updateReport(trx, id, {
      status: "submitted",
      version,
      submitted_at: now,
      submitted_by: by,
      late,
      reviewed_at: null,
      reviewed_by: null,
      review_note: null,
    });
    await insertVersion(trx, {
      id: newId(),
      report_id: id,
      version,
      action: "submitted",
      actor: by,
      note: null,
      payload_sha256: signed.payloadSha256,
      signature: signed.jws,
    });
    await recordAudit(trx, {
      action: "reports.report_submitted",
      actor,
      organizationId: report.organization_id,
      targetType: "report",
      targetId: id,
      details: {
        regime: regime.code,
        period: report.period_id,
        version,
        late,
        values: values.length,
        payloadSha256: signed.payloadSha256,
      },
      ...options.requestMeta,
    });
  });
}
/** Required narrative sections and required indicator cells still empty. */
function missingParts(
  template: Awaited<ReturnType<typeof compiledTemplate>>,
  report: ReportRow,
  values: StoredValue[],
): FieldError[] {
  const problems: FieldError[] = [];
  for (const section of template.definition.sections)
    if (section.required && !report.narrative[section.code]?.trim())
      problems.push({
        path: `/narrative/${section.code}`,
        message: `Chưa viết mục "${section.title}"`,
      });
  const filled = new Set(values.map((v) => `${v.indicator}\n${v.combination}`));
  for (const indicator of template.indicators.values()) {
    if (!indicator.required || indicator.formula !== undefined) continue;
    const empty = indicator.combinations.filter((c) => !filled.has(`${indicator.code}\n${c}`));
    if (empty.length > 0)
      problems.push({
        path: `/values/${indicator.code}`,
        message: `Chưa nhập ${indicator.name}${empty[0] ? ` (${empty.length} ô trống, ví dụ ${empty[0]})` : ""}`,
      });
  }
  return problems;
}

type ReviewOptions = {
  db: Db;
  actor: Actor | null | undefined;
  id: string;
  decision: "accept" | "return";
  note?: string | undefined;
  requestMeta?: RequestMeta;
};

/**
 * The receiving unit's decision on a submitted report: accepted (its data locked from then on)
 * or returned for correction with a reason (editable again, and a new submission makes a new
 * version). Recorded in the history and audited.
 */
export async function reviewReport(options: ReviewOptions): Promise<ReportView> {
  await recordReview(options);
  return getReport({ db: options.db, actor: options.actor, id: options.id });
}

/** `reviewReport` without the view. */
export async function recordReview(options: ReviewOptions): Promise<void> {
  const actor = requireActor(options.actor);
  const { db, id, decision } = options;
  const note = options.note?.trim() || null;
  if (decision === "return" && !note)
    throw new AppError("validation_failed", {
      errors: [{ path: "/note", message: "Cần nêu lý do trả lại báo cáo" }],
    });
  await inTransaction(db, async (trx) => {
    const report = await lockReport(trx, id);
    if (!report) throw new AppError("not_found");
    const regime = (await selectRegime(trx, report.regime_id))!;
    if (!(await mayReview(trx, actor, regime))) throw notAllowed();
    if (report.status !== "submitted")
      throw new AppError("conflict", {
        detail: {
          vi: "Chỉ xem xét được báo cáo đã gửi và chưa xử lý.",
          en: "Only a submitted report awaiting review can be reviewed.",
        },
      });
    const by = actorLabel(actor);
    await updateReport(trx, id, {
      status: decision === "accept" ? "accepted" : "returned",
      reviewed_at: new Date(),
      reviewed_by: by,
      review_note: note,
    });
    await insertVersion(trx, {
      id: newId(),
      report_id: id,
      version: report.version,
      action: decision === "accept" ? "accepted" : "returned",
      actor: by,
      note,
      payload_sha256: null,
      signature: null,
    });
    await recordAudit(trx, {
      action: decision === "accept" ? "reports.report_accepted" : "reports.report_returned",
      actor,
      organizationId: regime.receiving_organization_id,
      targetType: "report",
      targetId: id,
      details: { regime: regime.code, period: report.period_id, version: report.version, note },
      ...options.requestMeta,
    });
  });
}
/**
 * Checks the latest submission's signature, and that the values stored now are the ones signed
 * (they are, unless someone changed the database behind the platform).
 */
export async function checkReportSignature(options: {
  ctx: ModuleContext;
  actor: Actor | null | undefined;
  id: string;
}): Promise<SubmissionCheck & { version: number }> {
  const actor = requireActor(options.actor);
  const { db } = options.ctx;
  const report = await selectReport(db, options.id);
  if (!report) throw new AppError("not_found");
  await requireReader(db, actor, report);
  const submitted = (await selectVersions(db, report.id))
    .filter((v) => v.action === "submitted" && v.signature)
    .at(-1);
  if (!submitted)
    throw new AppError("conflict", {
      detail: { vi: "Báo cáo chưa được gửi lần nào.", en: "The report was never submitted." },
    });
  const check = checkSubmission(submitted.signature!);
  const signed = (check.payload as { values?: unknown } | null)?.values;
  const stored = (await selectValues(db, report.id)).map((v) => [
    v.indicator,
    v.combination,
    v.value,
  ]);
  if (check.valid && JSON.stringify(signed) !== JSON.stringify(stored))
    return {
      ...check,
      valid: false,
      problem: "Số liệu hiện lưu khác số liệu đã ký",
      version: submitted.version,
    };
  return { ...check, version: submitted.version };
}

async function requireReader(db: Db, actor: Actor, report: ReportRow) {
  if (await mayFill(db, actor, report.organization_id)) return;
  const regime = (await selectRegime(db, report.regime_id))!;
  if (await mayReview(db, actor, regime)) return;
  throw notAllowed();
}

async function viewReport(db: Db, actor: Actor, report: ReportRow): Promise<ReportView> {
  await requireReader(db, actor, report);
  const regime = (await selectRegime(db, report.regime_id))!;
  const organization = await getOrganization({ db, id: report.organization_id });
  const template = await compiledTemplate(db, report.regime_id, report.template_version);
  const values = await selectValues(db, report.id);
  const numeric = values.filter((v): v is NumericValue => typeof v.value === "number");
  return {
    id: report.id,
    regime: { id: regime.id, code: regime.code, name: regime.name },
    organization: {
      id: report.organization_id,
      code: organization?.code ?? "",
      name: organization?.name ?? "",
    },
    periodId: report.period_id,
    start: report.period_start,
    end: report.period_end,
    deadline: report.deadline,
    templateVersion: report.template_version,
    status: report.status,
    version: report.version,
    narrative: report.narrative,
    values,
    computed: computedValues(template, numeric),
    comments: (await selectComments(db, report.id)).map(commentView),
    commentSide: (await commentSide(db, actor, report)) ?? null,
    ruleFailures: failedRules(template, numeric),
    submittedAt: report.submitted_at?.toISOString() ?? null,
    submittedBy: report.submitted_by,
    late: report.late,
    reviewedAt: report.reviewed_at?.toISOString() ?? null,
    reviewedBy: report.reviewed_by,
    reviewNote: report.review_note,
    history: (await selectVersions(db, report.id)).map((v) => ({
      version: v.version,
      action: v.action,
      actor: v.actor,
      at: v.at.toISOString(),
      note: v.note,
      payloadSha256: v.payload_sha256,
    })),
  };
}
