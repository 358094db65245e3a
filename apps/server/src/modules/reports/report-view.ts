/**
 * A report as its readers see it: identity, window and deadline, status, values with the computed
 * indicators and failing rules, narrative, comments on values (and the side the reader comments
 * from), and its history of submissions and decisions. Only who may fill or review it reads it.
 */
import { requireActor, type Actor } from "../../core/actor.ts";
import type { Db } from "../../core/db/index.ts";
import { AppError } from "../../core/errors.ts";
import { getOrganization } from "../directory/index.ts";
import { commentSide, commentView } from "./comments.ts";
import { selectComments } from "./comments-repo.ts";
import { computedValues, failedRules, type NumericValue } from "./evaluation.ts";
import { requireReader } from "./report-access.ts";
import { selectRegime } from "./repo.ts";
import { selectReport, selectValues, selectVersions, type ReportRow } from "./reports-repo.ts";
import type { ReportView } from "./report-schema.ts";
import { compiledTemplate } from "./templates.ts";

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

export async function viewReport(db: Db, actor: Actor, report: ReportRow): Promise<ReportView> {
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
