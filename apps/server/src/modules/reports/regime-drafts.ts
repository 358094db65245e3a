import { requireActor, type Actor } from "../../core/actor.ts";
import { recordAudit } from "../../core/audit.ts";
import type { Db } from "../../core/db/index.ts";
import { AppError } from "../../core/errors.ts";
import type { RequestMeta } from "../../core/http/request-meta.ts";
import {
  checkRegimeInput,
  duplicateCode,
  getRegime,
  refuseSecret,
  requireRegimeManager,
} from "./regimes.ts";
import { reportsDb, selectRegime } from "./repo.ts";
import { DEFAULT_REMINDER_DAYS, type Regime, type RegimeInput } from "./schema.ts";
import { inTransaction, isUniqueViolation } from "./shared.ts";

/**
 * Changes the fields of a regime still being designed (`draft`), as the designer edits them. A
 * regime in force is not changed this way: its reports were opened under its periods, deadline
 * and reporting units. The same checks as on creation apply; administrators of the receiving
 * organization — the current one and, when it changes, the new one — make the change, audited.
 */
export async function updateDraftRegime(options: {
  db: Db;
  actor: Actor | null | undefined;
  id: string;
  input: RegimeInput;
  requestMeta?: RequestMeta;
}): Promise<Regime> {
  const actor = requireActor(options.actor);
  const { db, id, input } = options;
  const row = await selectRegime(db, id);
  if (!row) throw new AppError("not_found");
  await requireRegimeManager(db, actor, row.receiving_organization_id);
  refuseSecret(input);
  if (row.status !== "draft")
    throw new AppError("conflict", {
      detail: {
        vi: "Chỉ sửa được thông tin của chế độ báo cáo đang thiết kế; chế độ đã áp dụng hay đã bãi bỏ thì giữ nguyên.",
        en: "Only a regime being designed can be changed; one in force or retired stays as it is.",
      },
    });
  if (input.receivingOrganizationId !== row.receiving_organization_id)
    await requireRegimeManager(db, actor, input.receivingOrganizationId);
  await checkRegimeInput(db, input);
  try {
    await inTransaction(db, async (trx) => {
      await reportsDb(trx)
        .updateTable("rpt_regimes")
        .set({
          code: input.code,
          name: input.name.trim(),
          legal_basis: input.legalBasis.trim(),
          kind: input.kind,
          frequency: input.frequency,
          window_rule: input.windowRule,
          deadline_rule: JSON.stringify(input.deadlineRule) as never,
          reporting_rule: JSON.stringify(input.reportingRule) as never,
          receiving_organization_id: input.receivingOrganizationId,
          effective_from: input.effectiveFrom,
          effective_to: input.effectiveTo ?? null,
          reminder_days: input.reminderDays ?? DEFAULT_REMINDER_DAYS,
          description: input.description?.trim() || null,
          updated_at: new Date(),
        })
        .where("id", "=", id)
        .where("status", "=", "draft")
        .execute();
      await recordAudit(trx, {
        action: "reports.regime_updated",
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
