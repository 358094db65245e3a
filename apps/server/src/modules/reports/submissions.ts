import { vietnamToday } from "@lienthong/calendar";
import { actorLabel, requireActor, type Actor } from "../../core/actor.ts";
import { recordAudit } from "../../core/audit.ts";
import type { Db } from "../../core/db/index.ts";
import { AppError, type FieldError } from "../../core/errors.ts";
import type { RequestMeta } from "../../core/http/request-meta.ts";
import { newId } from "../../core/ids.ts";
import type { ModuleContext } from "../../core/module.ts";
import { getOrganization } from "../directory/index.ts";
import { trustCa } from "../trust/index.ts";
import { failedRules, type NumericValue } from "./evaluation.ts";
import { requireFiller } from "./report-access.ts";
import { getReport } from "./report-view.ts";
import { selectRegime } from "./repo.ts";
import {
  insertVersion,
  lockReport,
  selectValues,
  updateReport,
  writeValues,
  type ReportRow,
  type StoredValue,
} from "./reports-repo.ts";
import type { ReportView } from "./report-schema.ts";
import { attachmentDigests } from "./attachments.ts";
import { signSubmission } from "./signing.ts";
import { inTransaction } from "./shared.ts";
import { checkCell, checkValue } from "./template.ts";
import { compiledTemplate } from "./templates.ts";

/** A value as a caller sends it: `null` clears what was entered. */
export type ValueInput = { indicator: string; combination?: string; value: unknown };

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
    const report = await requireFiller(trx, actor, await lockReport(trx, id));
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

/**
 * What a submission signs: the report's identity, template version, values, narrative and its
 * attachments (file name, SHA-256, size — the files themselves stay in the blob store by digest).
 */
function submissionPayload(
  report: ReportRow,
  context: { regimeCode: string; organizationCode: string },
  values: StoredValue[],
  attachments: [string, string, number][],
  submitted: { by: string; at: string; version: number },
) {
  return {
    type: "lienthong.report.submission",
    // Codes for people to read; ids for the check, since a unit's code can change (a merger).
    regime: context.regimeCode,
    regimeId: report.regime_id,
    organization: context.organizationCode,
    organizationId: report.organization_id,
    period: report.period_id,
    templateVersion: report.template_version,
    version: submitted.version,
    submittedBy: submitted.by,
    submittedAt: submitted.at,
    values: values.map((v) => [v.indicator, v.combination, v.value]),
    narrative: report.narrative,
    attachments,
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
 * with the platform's signer) and recorded as a new version, late or on time by the actual date
 * of its first submission in Vietnam against the deadline.
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
    const report = await requireFiller(trx, actor, await lockReport(trx, id));
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
      await attachmentDigests(trx, id),
      { by, at: now.toISOString(), version },
    );
    const signed = await signSubmission(signer, payload);
    // Timeliness is the first submission's: a report sent on time and returned for correction
    // after the deadline is not late when it comes back.
    const late =
      report.version > 0 && report.late !== null
        ? report.late
        : vietnamToday(now) > report.deadline;
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
