import { requireActor } from "../../../core/actor.ts";
import { newId } from "../../../core/ids.ts";
import {
  insertAccessRight,
  decideAccessRequest,
  selectAccessRequest,
  toAccessRequest,
} from "./access-repo.ts";
import { invalidateLookups } from "./lookup-cache.ts";
import type { AccessRequest, ApproveInput } from "./schema.ts";
import { actorColumns } from "./scope.ts";
import {
  auditRequest,
  closeRequest,
  futureDate,
  pendingRequest,
  refuse,
  type DecideOptions,
} from "./request-lifecycle.ts";
import { inTransaction } from "./transaction.ts";

/**
 * The provider organization's administrator grants a pending request: a right for the consumer
 * system to the service (or the requested endpoints), with an expiry (the one requested unless
 * the approver sets another), and optionally a rate limit and a daily quota.
 */
export async function approveAccessRequest(
  options: DecideOptions & { decision?: ApproveInput },
): Promise<AccessRequest> {
  const { db, actor, id, decision = {}, requestMeta } = options;
  const known = requireActor(actor);
  const expiresAt =
    decision.expiresAt === undefined
      ? undefined
      : futureDate(decision.expiresAt ?? undefined, "body.expiresAt");
  const approved = await inTransaction(db, async (trx) => {
    const request = await pendingRequest(trx, known, id, "provider");
    const rightId = newId();
    const at = new Date();
    const by = actorColumns(known);
    const rightExpiresAt = expiresAt === undefined ? request.requested_expires_at : expiresAt;
    if (rightExpiresAt && rightExpiresAt <= at)
      refuse(
        "body.expiresAt",
        "Thời hạn yêu cầu đã qua; hãy đặt thời hạn mới cho quyền truy cập.",
        "The requested expiry has passed; set a new expiry for the right.",
      );
    await insertAccessRight(trx, {
      id: rightId,
      request_id: request.id,
      consumer_system_id: request.consumer_system_id,
      consumer_organization_id: request.consumer_organization_id,
      service_id: request.service_id,
      provider_organization_id: request.provider_organization_id,
      endpoints: request.endpoints,
      granted_by_id: by.id,
      granted_by: by.name,
      granted_at: at,
      expires_at: rightExpiresAt,
      revoked_at: null,
      revoked_by_id: null,
      revoked_by: null,
      revoke_reason: null,
      rate_limit_per_minute: decision.rateLimitPerMinute ?? null,
      daily_quota: decision.dailyQuota ?? null,
    });
    await decideAccessRequest(trx, request.id, {
      status: "approved",
      decided_by_id: by.id,
      decided_by: by.name,
      decided_at: at,
      reason: null,
      right_id: rightId,
    });
    const row = (await selectAccessRequest(trx, request.id))!;
    await auditRequest(
      trx,
      known,
      "exchange.access_approved",
      row,
      row.provider_organization_id,
      requestMeta,
      {
        rightId,
        expiresAt: rightExpiresAt?.toISOString() ?? null,
        rateLimitPerMinute: decision.rateLimitPerMinute ?? null,
        dailyQuota: decision.dailyQuota ?? null,
      },
    );
    return toAccessRequest(row);
  });
  invalidateLookups();
  return approved;
}

/** The provider organization's administrator refuses a pending request, saying why. */
export async function refuseAccessRequest(
  options: DecideOptions & { reason: string },
): Promise<AccessRequest> {
  return closeRequest(options, "refused", "provider", "exchange.access_refused", options.reason);
}
