/**
 * Who may do what with a report: the reporting unit's officers and administrators fill it, the
 * receiving organization's officers, leaders and administrators review it, and either side reads
 * it. A report takes values only while it is a draft or returned for correction; once submitted it
 * waits for review, and once accepted its data is locked.
 */
import type { Actor } from "../../core/actor.ts";
import type { Db } from "../../core/db/index.ts";
import { AppError } from "../../core/errors.ts";
import { canAdministerOrganization } from "../directory/index.ts";
import { selectRegime, type RegimeRow } from "./repo.ts";
import { selectReport, type ReportRow } from "./reports-repo.ts";

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

export async function requireReader(db: Db, actor: Actor, report: ReportRow) {
  if (await mayFill(db, actor, report.organization_id)) return;
  const regime = (await selectRegime(db, report.regime_id))!;
  if (await mayReview(db, actor, regime)) return;
  throw notAllowed();
}

/** A report by id for one who may read it (404, 403 otherwise). */
export async function readableReport(db: Db, actor: Actor, id: string): Promise<ReportRow> {
  const report = await selectReport(db, id);
  if (!report) throw new AppError("not_found");
  await requireReader(db, actor, report);
  return report;
}

/**
 * The report found (read or locked by the caller) for one who fills it, while it takes changes
 * (404, 403, 409 otherwise).
 */
export async function requireFiller(
  db: Db,
  actor: Actor,
  report: ReportRow | undefined,
): Promise<ReportRow> {
  if (!report) throw new AppError("not_found");
  if (!(await mayFill(db, actor, report.organization_id))) throw notAllowed();
  requireEditable(report);
  return report;
}

const EDITABLE: ReadonlySet<ReportRow["status"]> = new Set(["draft", "returned"]);

/** Whether a report takes changes now: a draft, or returned for correction. */
export const isEditable = (report: ReportRow) => EDITABLE.has(report.status);

export function requireEditable(report: ReportRow) {
  if (!isEditable(report))
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
