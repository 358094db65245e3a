import { requireActor, type Actor } from "../../../core/actor.ts";
import { recordAudit } from "../../../core/audit.ts";
import type { Db } from "../../../core/db/index.ts";
import { AppError } from "../../../core/errors.ts";
import type { RequestMeta } from "../../../core/http/request-meta.ts";
import { isUuid } from "../../../core/ids.ts";
import {
  revokeAccessRight as writeRevocation,
  searchAccessRights,
  selectAccessRight,
  toAccessRight,
} from "./access-repo.ts";
import { decodeIdCursor, idPage } from "./id-cursor.ts";
import { invalidateLookups } from "./lookup-cache.ts";
import type { AccessRight, Side } from "./schema.ts";
import { actorColumns, administeredOrganizations, requireAdminOf } from "./scope.ts";
import { inTransaction } from "./transaction.ts";

export type ListAccessRightsOptions = {
  db: Db;
  actor: Actor | null | undefined;
  as: Side;
  serviceId?: string | undefined;
  state?: string | undefined;
  cursor?: string | undefined;
  limit: number;
};

/**
 * Rights of the organizations the caller administers, newest first: held by their systems
 * (`as: "consumer"`) or granted on their services (`as: "provider"`).
 */
export async function listAccessRights(options: ListAccessRightsOptions) {
  const { db, actor, as, serviceId, state, cursor, limit } = options;
  const scope = await administeredOrganizations(db, actor);
  const now = new Date();
  const rows = await searchAccessRights(db, {
    side: as,
    organizationIds: scope,
    serviceId,
    state,
    now,
    beforeId: cursor ? decodeIdCursor(cursor) : undefined,
    limit: limit + 1,
  });
  return idPage(
    rows.map((row) => toAccessRight(row, now)),
    limit,
  );
}

export type RevokeAccessRightOptions = {
  db: Db;
  actor: Actor | null | undefined;
  id: string;
  reason: string;
  requestMeta?: RequestMeta;
};

/**
 * The provider organization's administrator revokes a right, saying why. The gateway refuses the
 * consumer's next call (`access_expired`) at once in this process, and within the lookup cache's
 * lifetime in the others.
 */
export async function revokeAccessRight({
  db,
  actor,
  id,
  reason,
  requestMeta,
}: RevokeAccessRightOptions): Promise<AccessRight> {
  const known = requireActor(actor);
  const revoked = await inTransaction(db, async (trx) => {
    const row = isUuid(id) ? await selectAccessRight(trx, id, { forUpdate: true }) : undefined;
    if (!row) throw new AppError("not_found");
    await requireAdminOf({ db: trx, actor: known, organizationId: row.provider_organization_id });
    if (row.revoked_at)
      throw new AppError("conflict", {
        detail: {
          vi: "Quyền truy cập đã bị thu hồi trước đó.",
          en: "The access right was already revoked.",
        },
      });
    const by = actorColumns(known);
    await writeRevocation(trx, row.id, {
      revoked_at: new Date(),
      revoked_by_id: by.id,
      revoked_by: by.name,
      revoke_reason: reason.trim(),
    });
    const after = (await selectAccessRight(trx, row.id))!;
    await recordAudit(trx, {
      action: "exchange.access_revoked",
      actor: known,
      organizationId: row.provider_organization_id,
      targetType: "exchange_access_right",
      targetId: row.id,
      ip: requestMeta?.ip,
      requestId: requestMeta?.requestId,
      details: {
        consumerSystemId: row.consumer_system_id,
        serviceId: row.service_id,
        service: `${row.service_code}/${row.service_version}`,
        reason: reason.trim(),
      },
    });
    return toAccessRight(after, new Date());
  });
  invalidateLookups();
  return revoked;
}
