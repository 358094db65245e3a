import { requireActor, type Actor } from "../../../core/actor.ts";
import type { Db } from "../../../core/db/index.ts";
import { AppError } from "../../../core/errors.ts";
import type { RequestMeta } from "../../../core/http/request-meta.ts";
import { isUuid, newId } from "../../../core/ids.ts";
import { getInformationSystem, type InformationSystem } from "../../directory/index.ts";
import {
  insertAccessRequest,
  searchAccessRequests,
  selectAccessRequest,
  toAccessRequest,
} from "./access-repo.ts";
import { decodeIdCursor, idPage } from "./id-cursor.ts";
import { invalidateLookups } from "./lookup-cache.ts";
import {
  auditRequest,
  closeRequest,
  futureDate,
  refuse,
  type DecideOptions,
} from "./request-lifecycle.ts";
import type { AccessRequest, AccessRequestInput, Side } from "./schema.ts";
import { actorColumns, administeredOrganizations, requireAdminOf } from "./scope.ts";
import { describeService } from "./service-descriptions.ts";
import { selectService, type ServiceRow } from "./services-repo.ts";
import { isUniqueViolation } from "./tables.ts";
import { inTransaction } from "./transaction.ts";

export type RequestAccessOptions = {
  db: Db;
  actor: Actor | null | undefined;
  input: AccessRequestInput;
  requestMeta?: RequestMeta;
};

/**
 * A consumer organization's administrator asks, for one of its systems, for access to a service
 * or to named endpoints of it. The provider organization's administrators decide. One request
 * per system and service may wait at a time.
 */
export async function requestAccess({
  db,
  actor,
  input,
  requestMeta,
}: RequestAccessOptions): Promise<AccessRequest> {
  const known = requireActor(actor);
  const consumer = await consumerSystem(db, known, input.consumerSystemId);
  await requireAdminOf({ db, actor: known, organizationId: consumer.organization.id });
  const service = isUuid(input.serviceId) ? await selectService(db, input.serviceId) : undefined;
  if (!service)
    refuse("body.serviceId", "Không tìm thấy dịch vụ.", "The service is not in the catalogue.");
  if (service.status === "retired")
    refuse("body.serviceId", "Dịch vụ đã ngừng cung cấp.", "The service is retired.");
  const endpoints = checkEndpoints(service, input.endpoints);
  const requestedExpiresAt = futureDate(input.requestedExpiresAt, "body.requestedExpiresAt");
  const created = await inTransaction(db, async (trx) => {
    const id = newId();
    const by = actorColumns(known);
    try {
      await insertAccessRequest(trx, {
        id,
        consumer_system_id: consumer.id,
        consumer_organization_id: consumer.organization.id,
        service_id: service.id,
        provider_organization_id: service.provider_organization_id,
        endpoints,
        purpose: input.purpose.trim(),
        legal_basis: input.legalBasis.trim(),
        requested_expires_at: requestedExpiresAt,
        requested_by_id: by.id,
        requested_by: by.name,
        status: "pending",
        decided_by_id: null,
        decided_by: null,
        decided_at: null,
        reason: null,
        right_id: null,
        created_at: new Date(),
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      throw new AppError("conflict", {
        detail: {
          vi: "Hệ thống đã có một yêu cầu truy cập dịch vụ này đang chờ duyệt.",
          en: "The system already has a pending request for this service.",
        },
      });
    }
    const row = (await selectAccessRequest(trx, id))!;
    await auditRequest(
      trx,
      known,
      "exchange.access_requested",
      row,
      consumer.organization.id,
      requestMeta,
    );
    return toAccessRequest(row);
  });
  invalidateLookups();
  return created;
}

/** The consumer organization's administrator withdraws a request still waiting for a decision. */
export async function withdrawAccessRequest(options: DecideOptions): Promise<AccessRequest> {
  return closeRequest(options, "withdrawn", "consumer", "exchange.access_withdrawn", null);
}

export type GetAccessRequestOptions = { db: Db; actor: Actor | null | undefined; id: string };

/** One request, for administrators of its consumer or its provider organization. */
export async function getAccessRequest({
  db,
  actor,
  id,
}: GetAccessRequestOptions): Promise<AccessRequest> {
  const known = requireActor(actor);
  const row = isUuid(id) ? await selectAccessRequest(db, id) : undefined;
  if (!row) throw new AppError("not_found");
  const scope = await administeredOrganizations(db, known);
  if (
    scope &&
    !scope.includes(row.consumer_organization_id) &&
    !scope.includes(row.provider_organization_id)
  )
    throw new AppError("forbidden");
  return toAccessRequest(row);
}

export type ListAccessRequestsOptions = {
  db: Db;
  actor: Actor | null | undefined;
  as: Side;
  status?: string | undefined;
  cursor?: string | undefined;
  limit: number;
};

/**
 * Requests of the organizations the caller administers, newest first: `as: "provider"` is the
 * inbox of requests to decide, `as: "consumer"` the requests the caller's systems made.
 */
export async function listAccessRequests(options: ListAccessRequestsOptions) {
  const { db, actor, as, status, cursor, limit } = options;
  const scope = await administeredOrganizations(db, actor);
  const rows = await searchAccessRequests(db, {
    side: as,
    organizationIds: scope,
    status,
    beforeId: cursor ? decodeIdCursor(cursor) : undefined,
    limit: limit + 1,
  });
  return idPage(rows.map(toAccessRequest), limit);
}

async function consumerSystem(db: Db, actor: Actor, id: string): Promise<InformationSystem> {
  let system: InformationSystem;
  try {
    system = await getInformationSystem({ db, actor, id });
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found")
      refuse(
        "body.consumerSystemId",
        "Hệ thống sử dụng không có trong danh mục hệ thống thông tin.",
        "The consumer system is not in the register of information systems.",
      );
    throw error;
  }
  return system;
}

/**
 * A right limited to endpoints names operations of the service: when the provider published an
 * OpenAPI description, each endpoint must be one of its operations. SOAP services are granted
 * whole, since every SOAP call is a POST to one address.
 */
function checkEndpoints(service: ServiceRow, endpoints: string[] | undefined): string[] | null {
  if (!endpoints) return null;
  if (service.kind === "soap")
    refuse(
      "body.endpoints",
      "Dịch vụ SOAP 1.1 chỉ cấp quyền cho cả dịch vụ, không theo từng thao tác.",
      "SOAP 1.1 services are granted whole, not per operation.",
    );
  const { operations } = describeService(service);
  if (operations.length > 0) {
    const unknown = endpoints.filter((endpoint) => !operations.includes(endpoint));
    if (unknown.length > 0)
      refuse(
        "body.endpoints",
        `Dịch vụ không có thao tác: ${unknown.join(", ")}.`,
        `The service has no such operation: ${unknown.join(", ")}.`,
      );
  }
  return endpoints;
}
