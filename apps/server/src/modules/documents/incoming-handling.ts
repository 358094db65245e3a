import { actorLabel, requireActor, type Actor } from "../../core/actor.ts";
import { recordAudit } from "../../core/audit.ts";
import { blobStoreFor, type BlobStore } from "../../core/blobs.ts";
import type { Db } from "../../core/db/index.ts";
import { AppError, isAppError } from "../../core/errors.ts";
import type { RequestMeta } from "../../core/http/request-meta.ts";
import { isUuid, newId } from "../../core/ids.ts";
import type { ModuleContext } from "../../core/module.ts";
import { getOrganization, organizationSubtreeIds } from "../directory/index.ts";
import { getUser } from "../identity/index.ts";
import { toSummary, transition, type DocumentSummary } from "./documents.ts";
import { incomingDocument, requireHandler, requireLeader } from "./incoming-access.ts";
import { inTransaction, vietnamToday } from "./incoming-common.ts";
import { replaceAssignment, type AssignmentRow } from "./incoming-repo.ts";
import { queueStatuses, sealStatus } from "./incoming-status.ts";

const SYSTEM: Actor = { kind: "system", name: "documents" };

export type AssignmentInput = {
  /** Ý kiến chỉ đạo: the leader's direction on how to handle the document. */
  direction?: string | undefined;
  mainUserId?: string | undefined;
  mainUnitId?: string | undefined;
  coHandlerIds?: string[] | undefined;
  dueDate?: string | undefined;
};

export type Assignment = {
  mainUser: { id: string; name: string } | null;
  mainUnit: { id: string; name: string } | null;
  coHandlers: { id: string; name: string }[];
  direction: string | null;
  dueDate: string | null;
  assignedBy: string;
  assignedAt: string;
};

const invalid = (path: string, vi: string, en: string) =>
  new AppError("validation_failed", { detail: { vi, en }, errors: [{ path, message: en }] });

export function toAssignment(row: AssignmentRow): Assignment {
  return {
    mainUser: row.main_user_id ? { id: row.main_user_id, name: row.main_user_label ?? "" } : null,
    mainUnit: row.main_unit_id ? { id: row.main_unit_id, name: row.main_unit_label ?? "" } : null,
    coHandlers: ((row.co_handlers as { userId: string; label: string }[] | null) ?? []).map(
      (c) => ({
        id: c.userId,
        name: c.label,
      }),
    ),
    direction: row.direction,
    dueDate: row.due_date ? String(row.due_date).slice(0, 10) : null,
    assignedBy: row.assigned_by_label,
    assignedAt: new Date(row.assigned_at).toISOString(),
  };
}

/** An active person of the document's organization, or `validation_failed` naming the field. */
async function staffOf(db: Db, organizationId: string, id: string, path: string) {
  const nobody = invalid(
    path,
    "Người được phân công không thuộc cơ quan.",
    "The person is not of the organization.",
  );
  if (!isUuid(id)) throw nobody;
  try {
    const user = await getUser({ db, actor: SYSTEM, id });
    if (user.organization.id !== organizationId || user.status !== "active") throw nobody;
    return { userId: user.id, label: user.displayName };
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") throw nobody;
    throw error;
  }
}

/** A unit (đơn vị) below the document's organization in the directory. */
async function unitOf(db: Db, organizationId: string, id: string) {
  const units = await organizationSubtreeIds({ db, organizationId });
  const unit =
    id !== organizationId && units.includes(id) ? await getOrganization({ db, id }) : undefined;
  if (!unit || unit.status !== "active")
    throw invalid(
      "body.mainUnitId",
      "Đơn vị không thuộc cơ quan.",
      "The unit is not part of the organization.",
    );
  return unit;
}

/**
 * The leader directs (ý kiến chỉ đạo) and assigns the handling of an accepted document to one
 * person or unit of the organization as main handler, with co-handlers and a deadline (Decree
 * 30/2020, art. 24); the sender is told 05. Reassigning replaces the current assignment and keeps
 * the earlier ones; the status goes to the sender once.
 */
export async function assignIncoming(
  ctx: ModuleContext & { blobs?: BlobStore },
  options: { actor: Actor | null; id: string; input: AssignmentInput; requestMeta?: RequestMeta },
): Promise<DocumentSummary & { assignment: Assignment }> {
  const actor = requireActor(options.actor);
  const { db } = ctx;
  const { row } = await incomingDocument(db, actor, options.id);
  requireLeader(actor, row);
  const { input } = options;
  if (!input.mainUserId === !input.mainUnitId)
    throw invalid(
      "body.mainUserId",
      "Cần chọn một người hoặc một đơn vị chủ trì.",
      "Choose one main person or one unit.",
    );
  if (input.dueDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(input.dueDate))
    throw invalid("body.dueDate", "Hạn xử lý không hợp lệ.", "The due date must be YYYY-MM-DD.");
  if (input.dueDate !== undefined && input.dueDate < vietnamToday())
    throw invalid("body.dueDate", "Hạn xử lý đã qua.", "The due date is in the past.");
  const main = input.mainUserId
    ? await staffOf(db, row.organization_id, input.mainUserId, "body.mainUserId")
    : null;
  const unit = input.mainUnitId ? await unitOf(db, row.organization_id, input.mainUnitId) : null;
  const coIds = [...new Set(input.coHandlerIds ?? [])].filter((id) => id !== input.mainUserId);
  const coHandlers: { userId: string; label: string }[] = [];
  for (const [i, id] of coIds.entries())
    coHandlers.push(await staffOf(db, row.organization_id, id, `body.coHandlerIds.${i}`));
  const direction = input.direction?.trim() || null;
  const status = await sealStatus(ctx, { document: row, code: "05", actor });
  const blobs = ctx.blobs ?? blobStoreFor(ctx.config);
  return inTransaction(db, async (trx) => {
    const assignment: AssignmentRow = {
      id: newId(),
      document_id: row.id,
      main_user_id: main?.userId ?? null,
      main_user_label: main?.label ?? null,
      main_unit_id: unit?.id ?? null,
      main_unit_label: unit?.name ?? null,
      co_handlers: coHandlers,
      direction,
      due_date: input.dueDate ?? null,
      assigned_by: actor.kind === "user" ? actor.userId : null,
      assigned_by_label: actor.kind === "user" ? actor.displayName : actorLabel(actor),
      assigned_at: new Date(),
      superseded_at: null,
    };
    const view = toAssignment(assignment);
    const updated = await transition(trx, {
      row,
      actor,
      from: ["accepted", "assigned", "in_progress"],
      to: "assigned",
      action: row.status === "accepted" ? "assigned" : "reassigned",
      note: direction,
      details: { ...view, statusSent: "05" },
      patch: { due_date: input.dueDate ?? row.due_date },
      refusal: {
        vi: "Chỉ phân công được văn bản đã tiếp nhận và chưa xử lý xong.",
        en: "Only an accepted document not yet done can be assigned.",
      },
    });
    await replaceAssignment(trx, assignment);
    await queueStatuses(trx, blobs, row, [status]);
    await recordAudit(trx, {
      action: "documents.incoming_assigned",
      actor,
      organizationId: row.organization_id,
      targetType: "document",
      targetId: row.id,
      ...options.requestMeta,
      details: {
        mainUserId: assignment.main_user_id,
        mainUnitId: assignment.main_unit_id,
        coHandlers: coHandlers.map((c) => c.userId),
        dueDate: assignment.due_date,
      },
    });
    return { ...toSummary(updated), assignment: view };
  });
}

/** A handler starts work on an assigned document (`in_progress`); the 05 already told the sender. */
export async function startHandling(options: {
  db: Db;
  actor: Actor | null;
  id: string;
  requestMeta?: RequestMeta;
}): Promise<DocumentSummary> {
  const actor = requireActor(options.actor);
  const { row, assignment } = await incomingDocument(options.db, actor, options.id);
  requireHandler(actor, row, assignment);
  return inTransaction(options.db, async (trx) => {
    const updated = await transition(trx, {
      row,
      actor,
      from: ["assigned"],
      to: "in_progress",
      action: "handling_started",
      refusal: { vi: "Văn bản chưa được phân công.", en: "The document is not assigned." },
    });
    await recordAudit(trx, {
      action: "documents.incoming_handling_started",
      actor,
      organizationId: row.organization_id,
      targetType: "document",
      targetId: row.id,
      ...options.requestMeta,
    });
    return toSummary(updated);
  });
}
