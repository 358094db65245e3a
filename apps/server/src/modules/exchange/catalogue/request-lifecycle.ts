import { requireActor, type Actor } from "../../../core/actor.ts";
import { recordAudit } from "../../../core/audit.ts";
import type { Db } from "../../../core/db/index.ts";
import { AppError } from "../../../core/errors.ts";
import type { RequestMeta } from "../../../core/http/request-meta.ts";
import { isUuid } from "../../../core/ids.ts";
import {
  decideAccessRequest,
  selectAccessRequest,
  toAccessRequest,
  type AccessRequestRow,
} from "./access-repo.ts";
import { invalidateLookups } from "./lookup-cache.ts";
import type { AccessRequest, Side } from "./schema.ts";
import { actorColumns, requireAdminOf } from "./scope.ts";
import { inTransaction } from "./transaction.ts";

/** A domain mistake in the caller's input (422), naming the field it concerns. */
export function refuse(path: string, vi: string, en: string): never {
  throw new AppError("unprocessable", { detail: { vi, en }, errors: [{ path, message: en }] });
}

export type DecideOptions = {
  db: Db;
  actor: Actor | null | undefined;
  id: string;
  requestMeta?: RequestMeta;
};

/** Closes a pending request without a right: refused by the provider, or withdrawn by the consumer. */
export async function closeRequest(
  { db, actor, id, requestMeta }: DecideOptions,
  status: "refused" | "withdrawn",
  side: Side,
  action: string,
  reason: string | null,
): Promise<AccessRequest> {
  const known = requireActor(actor);
  const closed = await inTransaction(db, async (trx) => {
    const request = await pendingRequest(trx, known, id, side);
    const by = actorColumns(known);
    await decideAccessRequest(trx, request.id, {
      status,
      decided_by_id: by.id,
      decided_by: by.name,
      decided_at: new Date(),
      reason: reason?.trim() ?? null,
      right_id: null,
    });
    const row = (await selectAccessRequest(trx, request.id))!;
    const organizationId =
      side === "provider" ? row.provider_organization_id : row.consumer_organization_id;
    await auditRequest(trx, known, action, row, organizationId, requestMeta, {
      ...(reason && { reason: reason.trim() }),
    });
    return toAccessRequest(row);
  });
  invalidateLookups();
  return closed;
}

/** Locks a request the actor may decide on from `side`, and checks it still waits. */
export async function pendingRequest(
  db: Db,
  actor: Actor,
  id: string,
  side: Side,
): Promise<AccessRequestRow> {
  const row = isUuid(id) ? await selectAccessRequest(db, id, { forUpdate: true }) : undefined;
  if (!row) throw new AppError("not_found");
  await requireAdminOf({
    db,
    actor,
    organizationId:
      side === "provider" ? row.provider_organization_id : row.consumer_organization_id,
  });
  if (row.status !== "pending")
    throw new AppError("conflict", {
      detail: {
        vi: "Yêu cầu truy cập đã được xử lý hoặc đã rút.",
        en: "The access request was already decided or withdrawn.",
      },
    });
  return row;
}

/** An expiry given by a caller, which must lie ahead; `null` when none was given. */
export function futureDate(value: string | undefined, path: string): Date | null {
  if (value === undefined) return null;
  const date = new Date(value);
  if (Number.isNaN(date.getTime()) || date.getTime() <= Date.now())
    refuse(
      path,
      "Thời hạn phải là một thời điểm trong tương lai.",
      "The expiry must be in the future.",
    );
  return date;
}

/** Every step of a request is audited in its transaction, against the organization that acted. */
export async function auditRequest(
  db: Db,
  actor: Actor,
  action: string,
  row: AccessRequestRow,
  organizationId: string,
  requestMeta?: RequestMeta,
  extra?: Record<string, unknown>,
) {
  await recordAudit(db, {
    action,
    actor,
    organizationId,
    targetType: "exchange_access_request",
    targetId: row.id,
    ip: requestMeta?.ip,
    requestId: requestMeta?.requestId,
    details: {
      consumerSystemId: row.consumer_system_id,
      serviceId: row.service_id,
      service: `${row.service_code}/${row.service_version}`,
      endpoints: row.endpoints ?? null,
      status: row.status,
      ...extra,
    },
  });
}
