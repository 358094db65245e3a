/**
 * The receiving unit's review of a submitted report: accepting it locks its data, returning it
 * with a reason opens it again for correction. Each decision is a row of the report's history,
 * under the version it decided on, and an audit record.
 */
import { actorLabel, requireActor, type Actor } from "../../core/actor.ts";
import { recordAudit } from "../../core/audit.ts";
import type { Db } from "../../core/db/index.ts";
import { AppError } from "../../core/errors.ts";
import type { RequestMeta } from "../../core/http/request-meta.ts";
import { newId } from "../../core/ids.ts";
import { mayReview, notAllowed } from "./report-access.ts";
import { getReport } from "./report-view.ts";
import { selectRegime } from "./repo.ts";
import { insertVersion, lockReport, updateReport } from "./reports-repo.ts";
import type { ReportView } from "./report-schema.ts";
import { inTransaction } from "./shared.ts";

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
