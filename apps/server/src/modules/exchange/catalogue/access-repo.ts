import { sql } from "kysely";
import type { Db } from "../../../core/db/index.ts";
import type { AccessRequest, AccessRight, Side } from "./schema.ts";
import { catalogueDb, type AccessRequestTable, type AccessRightTable } from "./tables.ts";

const serviceColumns = [
  "s.code as service_code",
  "s.version as service_version",
  "s.name as service_name",
  "s.provider_org_code as service_org_code",
  "s.provider_system_code as service_system_code",
] as const;

type ServiceColumns = {
  service_code: string;
  service_version: string;
  service_name: string;
  service_org_code: string;
  service_system_code: string;
};

function serviceSummary(row: ServiceColumns & { service_id: string }) {
  return {
    id: row.service_id,
    code: row.service_code,
    version: row.service_version,
    name: row.service_name,
    providerOrgCode: row.service_org_code,
    providerSystemCode: row.service_system_code,
  };
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export type AccessRequestRow = AccessRequestTable & ServiceColumns;

export function toAccessRequest(row: AccessRequestRow): AccessRequest {
  return {
    id: row.id,
    consumerSystemId: row.consumer_system_id,
    consumerOrganizationId: row.consumer_organization_id,
    service: serviceSummary(row),
    providerOrganizationId: row.provider_organization_id,
    endpoints: (row.endpoints ?? null) as string[] | null,
    purpose: row.purpose,
    legalBasis: row.legal_basis,
    requestedExpiresAt: iso(row.requested_expires_at),
    requestedBy: row.requested_by,
    status: row.status,
    decidedBy: row.decided_by,
    decidedAt: iso(row.decided_at),
    reason: row.reason,
    rightId: row.right_id,
    createdAt: row.created_at.toISOString(),
  };
}

export type AccessRightRow = AccessRightTable & ServiceColumns;

export function toAccessRight(row: AccessRightRow, now: Date): AccessRight {
  const state = row.revoked_at
    ? "revoked"
    : row.expires_at && row.expires_at <= now
      ? "expired"
      : "active";
  return {
    id: row.id,
    requestId: row.request_id,
    consumerSystemId: row.consumer_system_id,
    consumerOrganizationId: row.consumer_organization_id,
    service: serviceSummary(row),
    providerOrganizationId: row.provider_organization_id,
    endpoints: (row.endpoints ?? null) as string[] | null,
    grantedBy: row.granted_by,
    grantedAt: row.granted_at.toISOString(),
    expiresAt: iso(row.expires_at),
    revokedAt: iso(row.revoked_at),
    revokedBy: row.revoked_by,
    revokeReason: row.revoke_reason,
    rateLimitPerMinute: row.rate_limit_per_minute,
    dailyQuota: row.daily_quota,
    state,
  };
}

const json = (value: unknown) => (value === null ? null : JSON.stringify(value));

export async function insertAccessRequest(db: Db, row: AccessRequestTable) {
  await catalogueDb(db)
    .insertInto("xch_access_requests")
    .values({ ...row, endpoints: json(row.endpoints) })
    .execute();
}

export async function selectAccessRequest(
  db: Db,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<AccessRequestRow | undefined> {
  let query = catalogueDb(db)
    .selectFrom("xch_access_requests as r")
    .innerJoin("xch_services as s", "s.id", "r.service_id")
    .selectAll("r")
    .select(serviceColumns)
    .where("r.id", "=", id);
  if (options.forUpdate) query = query.forUpdate("r");
  return query.executeTakeFirst();
}

export type RequestDecision = Pick<
  AccessRequestTable,
  "status" | "decided_by_id" | "decided_by" | "decided_at" | "reason" | "right_id"
>;

export async function decideAccessRequest(db: Db, id: string, decision: RequestDecision) {
  await catalogueDb(db)
    .updateTable("xch_access_requests")
    .set(decision)
    .where("id", "=", id)
    .execute();
}

export type ScopedSearch = {
  side: Side;
  /** Organizations whose requests or rights the caller may see; `null` for all. */
  organizationIds: string[] | null;
  beforeId?: string | undefined;
  limit: number;
};

/** Newest first, keyset-paginated by id (UUIDv7 ids sort by creation time). */
export async function searchAccessRequests(
  db: Db,
  search: ScopedSearch & { status?: string | undefined },
) {
  if (search.organizationIds?.length === 0) return [];
  const column =
    search.side === "provider" ? "r.provider_organization_id" : "r.consumer_organization_id";
  let query = catalogueDb(db)
    .selectFrom("xch_access_requests as r")
    .innerJoin("xch_services as s", "s.id", "r.service_id")
    .selectAll("r")
    .select(serviceColumns)
    .orderBy("r.id", "desc")
    .limit(search.limit);
  if (search.organizationIds) query = query.where(column, "in", search.organizationIds);
  if (search.status)
    query = query.where("r.status", "=", search.status as AccessRequestTable["status"]);
  if (search.beforeId) query = query.where("r.id", "<", search.beforeId);
  return query.execute();
}

export async function insertAccessRight(db: Db, row: AccessRightTable) {
  await catalogueDb(db)
    .insertInto("xch_access_rights")
    .values({ ...row, endpoints: json(row.endpoints) })
    .execute();
}

export async function selectAccessRight(
  db: Db,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<AccessRightRow | undefined> {
  let query = catalogueDb(db)
    .selectFrom("xch_access_rights as r")
    .innerJoin("xch_services as s", "s.id", "r.service_id")
    .selectAll("r")
    .select(serviceColumns)
    .where("r.id", "=", id);
  if (options.forUpdate) query = query.forUpdate("r");
  return query.executeTakeFirst();
}

export type Revocation = Pick<
  AccessRightTable,
  "revoked_at" | "revoked_by_id" | "revoked_by" | "revoke_reason"
>;

export async function revokeAccessRight(db: Db, id: string, revocation: Revocation) {
  await catalogueDb(db)
    .updateTable("xch_access_rights")
    .set(revocation)
    .where("id", "=", id)
    .execute();
}

export async function searchAccessRights(
  db: Db,
  search: ScopedSearch & {
    serviceId?: string | undefined;
    state?: string | undefined;
    now: Date;
  },
) {
  if (search.organizationIds?.length === 0) return [];
  const column =
    search.side === "provider" ? "r.provider_organization_id" : "r.consumer_organization_id";
  let query = catalogueDb(db)
    .selectFrom("xch_access_rights as r")
    .innerJoin("xch_services as s", "s.id", "r.service_id")
    .selectAll("r")
    .select(serviceColumns)
    .orderBy("r.id", "desc")
    .limit(search.limit);
  if (search.organizationIds) query = query.where(column, "in", search.organizationIds);
  if (search.serviceId) query = query.where("r.service_id", "=", search.serviceId);
  if (search.state === "revoked") query = query.where("r.revoked_at", "is not", null);
  if (search.state === "expired")
    query = query.where("r.revoked_at", "is", null).where("r.expires_at", "<=", search.now);
  if (search.state === "active")
    query = query
      .where("r.revoked_at", "is", null)
      .where(sql<boolean>`(r.expires_at is null or r.expires_at > ${search.now})`);
  if (search.beforeId) query = query.where("r.id", "<", search.beforeId);
  return query.execute();
}

/** Rights a consumer holds on a service, newest first: what `findAccess` caches. */
export async function selectRightsForLookup(
  db: Db,
  key: { consumerSystemId: string; serviceId: string },
) {
  const rows = await catalogueDb(db)
    .selectFrom("xch_access_rights")
    .select(["id", "endpoints", "expires_at", "revoked_at", "rate_limit_per_minute", "daily_quota"])
    .where("consumer_system_id", "=", key.consumerSystemId)
    .where("service_id", "=", key.serviceId)
    .orderBy("granted_at", "desc")
    .limit(200)
    .execute();
  return rows.map((row) => ({ ...row, endpoints: (row.endpoints ?? null) as string[] | null }));
}
