import { actorLabel, requireActor, type Actor } from "../../core/actor.ts";
import { recordAudit } from "../../core/audit.ts";
import type { Db } from "../../core/db/index.ts";
import { AppError } from "../../core/errors.ts";
import type { RequestMeta } from "../../core/http/request-meta.ts";
import { newId } from "../../core/ids.ts";
import { insertComments, type CommentRow } from "./comments-repo.ts";
import { selectRegime } from "./repo.ts";
import { lockReport, type ReportRow } from "./reports-repo.ts";
import type { ValueComment } from "./report-schema.ts";
import { inTransaction } from "./shared.ts";
import { mayFill, mayReview, notAllowed } from "./report-access.ts";
import { checkCell } from "./template.ts";
import { compiledTemplate } from "./templates.ts";

/** Longest comment on a value, in characters (DHIS2 allows about as much). */
export const COMMENT_MAX = 2000;

/**
 * Which side a person comments from on a report, or none: the reporting unit while the report
 * is open to it (draft or returned), the receiving unit while it reviews (submitted) or after it
 * returned the report. Accepted reports are locked, their comments with them.
 */
export async function commentSide(
  db: Db,
  actor: Actor,
  report: ReportRow,
): Promise<"unit" | "reviewer" | undefined> {
  if (report.status === "accepted") return undefined;
  const fills = report.status !== "submitted" && (await mayFill(db, actor, report.organization_id));
  if (fills) return "unit";
  if (report.status === "draft") return undefined;
  const regime = (await selectRegime(db, report.regime_id))!;
  return (await mayReview(db, actor, regime)) ? "reviewer" : undefined;
}

/**
 * Adds a comment to one cell of a report (ý kiến về một số liệu): the reporting unit explains a
 * figure, the receiving unit asks about it. The cell must be one the template has you enter; the
 * text 1–2,000 characters. Audited without the text.
 */
export async function addValueComment(options: {
  db: Db;
  actor: Actor | null | undefined;
  reportId: string;
  indicator: string;
  combination?: string | undefined;
  body: string;
  requestMeta?: RequestMeta;
}): Promise<ValueComment> {
  const actor = requireActor(options.actor);
  const { db } = options;
  const body = options.body.trim();
  const combination = options.combination ?? "";
  if (body.length === 0 || body.length > COMMENT_MAX)
    throw new AppError("validation_failed", {
      errors: [
        {
          path: "/body",
          message:
            body.length === 0 ? "Cần nội dung ý kiến" : `Ý kiến dài quá ${COMMENT_MAX} ký tự`,
        },
      ],
    });
  return inTransaction(db, async (trx) => {
    const report = await lockReport(trx, options.reportId);
    if (!report) throw new AppError("not_found");
    const side = await commentSide(trx, actor, report);
    if (!side) {
      const regime = (await selectRegime(trx, report.regime_id))!;
      const reads =
        (await mayFill(trx, actor, report.organization_id)) ||
        (await mayReview(trx, actor, regime));
      if (!reads) throw notAllowed();
      throw new AppError("conflict", {
        detail:
          report.status === "accepted"
            ? {
                vi: "Báo cáo đã được tiếp nhận; số liệu và ý kiến đã khóa.",
                en: "The report was accepted; its values and comments are locked.",
              }
            : {
                vi: "Báo cáo đang chờ đơn vị nhận xem xét; chỉ bên xem xét ghi ý kiến được lúc này.",
                en: "The report awaits review; only the reviewers may comment now.",
              },
      });
    }
    const template = await compiledTemplate(trx, report.regime_id, report.template_version);
    const refused = checkCell(template, { indicator: options.indicator, combination });
    if (refused)
      throw new AppError("validation_failed", {
        errors: [{ path: "/indicator", message: refused }],
      });
    const row: CommentRow = {
      id: newId(),
      report_id: report.id,
      indicator: options.indicator,
      combination,
      body,
      author: actorLabel(actor),
      side,
      source: "form",
      created_at: new Date(),
    };
    await insertComments(trx, [row]);
    const regime = (await selectRegime(trx, report.regime_id))!;
    await recordAudit(trx, {
      action: "reports.value_commented",
      actor,
      organizationId: side === "unit" ? report.organization_id : regime.receiving_organization_id,
      targetType: "report",
      targetId: report.id,
      details: {
        regime: regime.code,
        period: report.period_id,
        indicator: row.indicator,
        combination,
        side,
        length: body.length,
      },
      ...options.requestMeta,
    });
    return commentView(row);
  });
}

export function commentView(row: CommentRow): ValueComment {
  return {
    id: row.id,
    indicator: row.indicator,
    combination: row.combination,
    body: row.body,
    author: row.author,
    side: row.side,
    source: row.source,
    at: row.created_at.toISOString(),
  };
}
