import { actorLabel, requireActor, type Actor } from "../../core/actor.ts";
import { recordAudit } from "../../core/audit.ts";
import type { Db } from "../../core/db/index.ts";
import { AppError } from "../../core/errors.ts";
import type { RequestMeta } from "../../core/http/request-meta.ts";
import { newId } from "../../core/ids.ts";
import { requireRegimeManager } from "./regimes.ts";
import {
  publishTemplateRow,
  selectRegime,
  selectTemplate,
  selectTemplates,
  upsertDraftTemplate,
  type TemplateRow,
} from "./repo.ts";
import type { Template } from "./schema.ts";
import { inTransaction } from "./shared.ts";
import { compileTemplate, type CompiledTemplate, type TemplateDefinition } from "./template.ts";

/**
 * Saves the regime's draft template: the version after the latest published one, replaced
 * whole on each save until it is published. The definition is checked whole first; a template
 * with problems is refused with every problem's path and nothing is saved.
 */
export async function saveDraftTemplate(options: {
  db: Db;
  actor: Actor | null | undefined;
  regimeId: string;
  definition: TemplateDefinition;
  requestMeta?: RequestMeta;
}): Promise<Template> {
  const actor = requireActor(options.actor);
  const { db, regimeId, definition } = options;
  const regime = await selectRegime(db, regimeId);
  if (!regime) throw new AppError("not_found");
  await requireRegimeManager(db, actor, regime.receiving_organization_id);
  if (regime.status === "retired")
    throw new AppError("conflict", {
      detail: {
        vi: "Chế độ báo cáo đã bãi bỏ.",
        en: "The reporting regime is retired.",
      },
    });
  const compiled = compileTemplate(definition);
  if ("errors" in compiled)
    throw new AppError("validation_failed", {
      detail: {
        vi: `Mẫu báo cáo có ${compiled.errors.length} lỗi.`,
        en: `The template has ${compiled.errors.length} problems.`,
      },
      errors: compiled.errors,
    });
  const versions = await selectTemplates(db, regimeId);
  const draft = versions.find((v) => v.status === "draft");
  const version = draft?.version ?? (versions[0]?.version ?? 0) + 1;
  await inTransaction(db, async (trx) => {
    await upsertDraftTemplate(trx, {
      id: draft?.id ?? newId(),
      regime_id: regimeId,
      version,
      definition,
      created_by: actorLabel(actor),
    });
    await recordAudit(trx, {
      action: "reports.template_saved",
      actor,
      organizationId: regime.receiving_organization_id,
      targetType: "report_regime",
      targetId: regimeId,
      details: { version, indicators: compiled.template.indicators.size },
      ...options.requestMeta,
    });
  });
  return toTemplate((await selectTemplate(db, regimeId, version))!);
}

/** Publishes the draft: from then on it never changes, and new reports use it. */
export async function publishTemplate(options: {
  db: Db;
  actor: Actor | null | undefined;
  regimeId: string;
  requestMeta?: RequestMeta;
}): Promise<Template> {
  const actor = requireActor(options.actor);
  const { db, regimeId } = options;
  const regime = await selectRegime(db, regimeId);
  if (!regime) throw new AppError("not_found");
  await requireRegimeManager(db, actor, regime.receiving_organization_id);
  const draft = (await selectTemplates(db, regimeId)).find((v) => v.status === "draft");
  if (!draft)
    throw new AppError("conflict", {
      detail: {
        vi: "Không có bản dự thảo mẫu báo cáo để ban hành.",
        en: "There is no draft template to publish.",
      },
    });
  await inTransaction(db, async (trx) => {
    if (!(await publishTemplateRow(trx, regimeId, draft.version)))
      throw new AppError("conflict", {
        detail: {
          vi: "Bản dự thảo vừa được ban hành bởi người khác.",
          en: "The draft was just published by someone else.",
        },
      });
    await recordAudit(trx, {
      action: "reports.template_published",
      actor,
      organizationId: regime.receiving_organization_id,
      targetType: "report_regime",
      targetId: regimeId,
      details: { version: draft.version },
      ...options.requestMeta,
    });
  });
  return toTemplate((await selectTemplate(db, regimeId, draft.version))!);
}

/** Every version of a regime's template, newest first; any signed-in person may read them. */
export async function listTemplates(options: {
  db: Db;
  actor: Actor | null | undefined;
  regimeId: string;
}): Promise<Template[]> {
  requireActor(options.actor);
  if (!(await selectRegime(options.db, options.regimeId))) throw new AppError("not_found");
  return (await selectTemplates(options.db, options.regimeId)).map(toTemplate);
}

export async function getTemplate(options: {
  db: Db;
  actor: Actor | null | undefined;
  regimeId: string;
  version: number;
}): Promise<Template> {
  requireActor(options.actor);
  const row = await selectTemplate(options.db, options.regimeId, options.version);
  if (!row) throw new AppError("not_found");
  return toTemplate(row);
}

const compiledCache = new Map<string, CompiledTemplate>();

/**
 * A published version compiled once per process (published versions never change): what data
 * entry, imports and aggregation check values and evaluate formulas with.
 */
export async function compiledTemplate(
  db: Db,
  regimeId: string,
  version: number,
): Promise<CompiledTemplate> {
  const key = `${regimeId}/${version}`;
  const cached = compiledCache.get(key);
  if (cached) return cached;
  const row = await selectTemplate(db, regimeId, version);
  if (!row || row.status !== "published") throw new AppError("not_found");
  const compiled = compileTemplate(row.definition);
  if ("errors" in compiled) throw new Error(`published template ${key} does not compile`);
  compiledCache.set(key, compiled.template);
  return compiled.template;
}

function toTemplate(row: TemplateRow): Template {
  return {
    regimeId: row.regime_id,
    version: row.version,
    status: row.status,
    definition: row.definition,
    publishedAt: row.published_at?.toISOString() ?? null,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
  };
}
