import { actorLabel, requireActor, type Actor } from "../../core/actor.ts";
import { recordAudit } from "../../core/audit.ts";
import type { Db } from "../../core/db/index.ts";
import { AppError, type FieldError } from "../../core/errors.ts";
import type { RequestMeta } from "../../core/http/request-meta.ts";
import { newId } from "../../core/ids.ts";
import {
  canAdministerOrganization,
  getOrganization,
  listOrganizationTree,
  type OrganizationTreeNode,
} from "../directory/index.ts";
import { deadlineProblem } from "./periods.ts";
import {
  insertRegime,
  selectPublishedVersions,
  selectRegime,
  selectRegimes,
  updateRegimeRow,
  type RegimeRow,
} from "./repo.ts";
import { DEFAULT_REMINDER_DAYS, type Regime, type RegimeInput } from "./schema.ts";
import { inTransaction, isUniqueViolation, workCalendar } from "./shared.ts";

/** A reporting unit as the aggregation and schedules need it. */
export type ReportingUnit = {
  id: string;
  code: string;
  name: string;
  adminUnitCode: string | null;
};

/** Who reports under a regime: active organizations matching its rule, by code. */
export async function reportingOrganizations(
  db: Db,
  rule: RegimeInput["reportingRule"],
): Promise<ReportingUnit[]> {
  return reportingUnitsIn(await listOrganizationTree({ db }), rule);
}

/** {@link reportingOrganizations} over an organization tree already read. */
export function reportingUnitsIn(
  tree: readonly OrganizationTreeNode[],
  rule: RegimeInput["reportingRule"],
): ReportingUnit[] {
  const matches =
    rule.kind === "organizations"
      ? tree.filter((o) => rule.organizationIds.includes(o.id))
      : tree.filter(
          (o) =>
            o.kind === rule.organizationKind &&
            (rule.shortName === undefined || o.shortName === rule.shortName),
        );
  return matches
    .map((o) => ({ id: o.id, code: o.code, name: o.name, adminUnitCode: o.adminUnitCode }))
    .sort((a, b) => a.code.localeCompare(b.code));
}

/** Whether an organization reports under a rule: active, and listed or of the rule's kind. */
export async function isReportingUnit(
  db: Db,
  rule: RegimeInput["reportingRule"],
  organizationId: string,
): Promise<boolean> {
  const organization = await getOrganization({ db, id: organizationId });
  if (!organization || organization.status !== "active") return false;
  return rule.kind === "organizations"
    ? rule.organizationIds.includes(organizationId)
    : organization.kind === rule.organizationKind &&
        (rule.shortName === undefined || organization.shortName === rule.shortName);
}

/** Administrators of the receiving organization (or of an organization above it) manage a regime. */
async function requireRegimeManager(db: Db, actor: Actor, receivingOrganizationId: string) {
  if (!(await canAdministerOrganization({ db, actor, organizationId: receivingOrganizationId })))
    throw new AppError("forbidden", {
      detail: {
        vi: "Chỉ quản trị của cơ quan nhận báo cáo được quản lý chế độ báo cáo này.",
        en: "Only administrators of the receiving organization manage this reporting regime.",
      },
    });
}

export async function createRegime(options: {
  db: Db;
  actor: Actor | null | undefined;
  input: RegimeInput;
  requestMeta?: RequestMeta;
}): Promise<Regime> {
  const actor = requireActor(options.actor);
  const { db, input } = options;
  refuseSecret(input);
  await requireRegimeManager(db, actor, input.receivingOrganizationId);
  await checkRegimeInput(db, input);
  const id = newId();
  try {
    await inTransaction(db, async (trx) => {
      await insertRegime(trx, {
        id,
        code: input.code,
        name: input.name.trim(),
        legal_basis: input.legalBasis.trim(),
        kind: input.kind,
        frequency: input.frequency,
        window_rule: input.windowRule,
        deadline_rule: input.deadlineRule,
        reporting_rule: input.reportingRule,
        receiving_organization_id: input.receivingOrganizationId,
        effective_from: input.effectiveFrom,
        effective_to: input.effectiveTo ?? null,
        reminder_days: input.reminderDays ?? DEFAULT_REMINDER_DAYS,
        status: "draft",
        description: input.description?.trim() || null,
        created_by: actorLabel(actor),
      });
      await recordAudit(trx, {
        action: "reports.regime_created",
        actor,
        organizationId: input.receivingOrganizationId,
        targetType: "report_regime",
        targetId: id,
        details: { code: input.code, frequency: input.frequency, windowRule: input.windowRule },
        ...options.requestMeta,
      });
    });
  } catch (error) {
    throw isUniqueViolation(error) ? duplicateCode(input.code) : error;
  }
  return getRegime({ db, actor, id });
}

/** Secret regimes (Mật, Tối mật, Tuyệt mật) are not run online. */
export function refuseSecret(input: RegimeInput) {
  if (input.confidentiality && input.confidentiality !== "none")
    throw new AppError("unprocessable", {
      detail: {
        vi: "Chế độ báo cáo mật (Mật, Tối mật, Tuyệt mật) không được thực hiện trực tuyến trên nền tảng.",
        en: "Secret reporting regimes are not run online on the platform.",
      },
    });
}

export function duplicateCode(code: string) {
  return new AppError("conflict", {
    detail: {
      vi: `Đã có chế độ báo cáo mã ${code}.`,
      en: `A reporting regime with code ${code} already exists.`,
    },
  });
}

/**
 * Refuses a regime's fields with every problem and its JSON path: a receiving organization not in
 * force, dates the wrong way round, a deadline that leaves no working day after the cut-off, a
 * reporting rule that selects nobody or names an organization not in force.
 */
export async function checkRegimeInput(db: Db, input: RegimeInput): Promise<void> {
  const problems: FieldError[] = [];
  const receiving = await getOrganization({ db, id: input.receivingOrganizationId });
  if (!receiving || receiving.status !== "active")
    problems.push({ path: "/receivingOrganizationId", message: "Không có cơ quan nhận này" });
  if (input.effectiveTo && input.effectiveTo < input.effectiveFrom)
    problems.push({ path: "/effectiveTo", message: "Ngày hết hiệu lực trước ngày có hiệu lực" });
  const deadline = deadlineProblem(
    input.frequency,
    input.windowRule,
    input.deadlineRule,
    workCalendar(),
  );
  if (deadline) problems.push({ path: "/deadlineRule", message: deadline });
  const units = await reportingOrganizations(db, input.reportingRule);
  if (units.length === 0)
    problems.push({
      path: "/reportingRule",
      message: "Quy tắc không chọn được cơ quan báo cáo nào",
    });
  if (input.reportingRule.kind === "organizations") {
    const found = new Set(units.map((o) => o.id));
    input.reportingRule.organizationIds.forEach((id, i) => {
      if (!found.has(id))
        problems.push({
          path: `/reportingRule/organizationIds/${i}`,
          message: "Không có cơ quan đang hoạt động này",
        });
    });
  }
  if (problems.length > 0)
    throw new AppError("validation_failed", {
      detail: { vi: "Chế độ báo cáo chưa hợp lệ.", en: "The reporting regime is not valid." },
      errors: problems,
    });
}

/** Any signed-in person may read a regime: reporting officers need to know what they owe. */
export async function getRegime(options: {
  db: Db;
  actor: Actor | null | undefined;
  id: string;
}): Promise<Regime> {
  requireActor(options.actor);
  const row = await selectRegime(options.db, options.id);
  if (!row) throw new AppError("not_found");
  return (await toRegimes(options.db, [row]))[0]!;
}

export async function listRegimes(options: {
  db: Db;
  actor: Actor | null | undefined;
  status?: RegimeRow["status"] | undefined;
  q?: string | undefined;
}): Promise<Regime[]> {
  requireActor(options.actor);
  return toRegimes(options.db, await selectRegimes(options.db, options));
}

/**
 * Puts a regime in force (`active`, needs a published template) or ends it (`retired`); both
 * by the receiving organization's administrators, audited.
 */
export async function setRegimeStatus(options: {
  db: Db;
  actor: Actor | null | undefined;
  id: string;
  status: "active" | "retired";
  requestMeta?: RequestMeta;
}): Promise<Regime> {
  const actor = requireActor(options.actor);
  const { db, id, status } = options;
  const row = await selectRegime(db, id);
  if (!row) throw new AppError("not_found");
  await requireRegimeManager(db, actor, row.receiving_organization_id);
  if (row.status === status) return getRegime({ db, actor, id });
  if (row.status === "retired")
    throw new AppError("conflict", {
      detail: {
        vi: "Chế độ báo cáo đã bãi bỏ không áp dụng lại được; hãy tạo chế độ mới.",
        en: "A retired regime cannot be put back in force; create a new one.",
      },
    });
  if (status === "active" && !(await selectPublishedVersions(db, [id])).has(id))
    throw new AppError("conflict", {
      detail: {
        vi: "Cần ban hành mẫu báo cáo trước khi áp dụng chế độ báo cáo.",
        en: "Publish a template before putting the regime in force.",
      },
    });
  await inTransaction(db, async (trx) => {
    await updateRegimeRow(trx, id, { status });
    await recordAudit(trx, {
      action: status === "active" ? "reports.regime_activated" : "reports.regime_retired",
      actor,
      organizationId: row.receiving_organization_id,
      targetType: "report_regime",
      targetId: id,
      details: { code: row.code },
      ...options.requestMeta,
    });
  });
  return getRegime({ db, actor, id });
}

export { requireRegimeManager };

async function toRegimes(db: Db, rows: RegimeRow[]): Promise<Regime[]> {
  const versions = await selectPublishedVersions(
    db,
    rows.map((r) => r.id),
  );
  const organizations = new Map(
    (await listOrganizationTree({ db })).map((o) => [
      o.id,
      { id: o.id, code: o.code, name: o.name },
    ]),
  );
  const result: Regime[] = [];
  for (const row of rows) {
    const receiving =
      organizations.get(row.receiving_organization_id) ??
      (await getOrganization({ db, id: row.receiving_organization_id }));
    result.push({
      id: row.id,
      code: row.code,
      name: row.name,
      legalBasis: row.legal_basis,
      kind: row.kind,
      frequency: row.frequency,
      windowRule: row.window_rule,
      deadlineRule: row.deadline_rule,
      reportingRule: row.reporting_rule,
      receivingOrganization: {
        id: row.receiving_organization_id,
        code: receiving?.code ?? "",
        name: receiving?.name ?? "",
      },
      effectiveFrom: row.effective_from,
      effectiveTo: row.effective_to,
      reminderDays: row.reminder_days,
      status: row.status,
      description: row.description,
      templateVersion: versions.get(row.id) ?? null,
      createdBy: row.created_by,
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
    });
  }
  return result;
}
