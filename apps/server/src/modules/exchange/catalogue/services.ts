import { requireActor, type Actor } from "../../../core/actor.ts";
import { recordAudit } from "../../../core/audit.ts";
import type { Db } from "../../../core/db/index.ts";
import { AppError } from "../../../core/errors.ts";
import { decodeCursor, isTextIdKey, toPage } from "../../../core/http/cursor.ts";
import type { RequestMeta } from "../../../core/http/request-meta.ts";
import { isUuid, newId } from "../../../core/ids.ts";
import { foldVietnamese, searchTerms } from "../../../core/text.ts";
import { getInformationSystem, type InformationSystem } from "../../directory/index.ts";
import { describeService, resolveDescription } from "./service-descriptions.ts";
import { invalidateLookups } from "./lookup-cache.ts";
import { mediationSetting } from "./mediation-setting.ts";
import type { Service, ServiceChanges, ServiceDetail, ServiceInput } from "./schema.ts";
import { requireAdminOf } from "./scope.ts";
import {
  insertService,
  searchServices,
  selectService,
  selectServiceByIdentity,
  toRecord,
  toService,
  updateService as writeService,
  type ServiceRecord,
} from "./services-repo.ts";
import { isUniqueViolation } from "./tables.ts";
import { inTransaction } from "./transaction.ts";

/** Per-call limits a service gets unless its provider says otherwise. */
export const SERVICE_DEFAULTS = {
  bodyLogging: "none",
  timeoutMs: 30_000,
  maxRequestBytes: 10 * 1024 * 1024,
  maxResponseBytes: 10 * 1024 * 1024,
} as const;

/** Fields that carry a description; they are read, not stored as given. */
const DESCRIPTION_FIELDS = ["openapi", "openapiUrl", "wsdl", "wsdlUrl"] as const;

export type RegisterServiceOptions = {
  db: Db;
  actor: Actor | null | undefined;
  input: ServiceInput;
  requestMeta?: RequestMeta;
};

/**
 * Registers one version of a service an information system provides. The provider
 * organization's administrators (or a system administrator) register; the description is read,
 * or fetched from the provider, before the transaction opens, so no transaction waits on the
 * network.
 */
export async function registerService({
  db,
  actor,
  input,
  requestMeta,
}: RegisterServiceOptions): Promise<ServiceDetail> {
  const system = await providerSystem(db, requireActor(actor), input.providerSystemId);
  const known = await requireAdminOf({ db, actor, organizationId: system.organization.id });
  if (system.status === "retired")
    throw new AppError("unprocessable", {
      detail: {
        vi: "Hệ thống cung cấp đã ngừng hoạt động.",
        en: "The provider system is retired.",
      },
      errors: [{ path: "body.providerSystemId", message: "retired system" }],
    });
  const mediation = mediationSetting(input.kind, input.mediation);
  const description = await resolveDescription(input.kind, input, { required: true });
  const service = withSearchText({
    id: newId(),
    provider: providerOf(system),
    code: input.code,
    version: input.version,
    name: input.name.trim(),
    description: input.description?.trim() ?? "",
    kind: input.kind,
    baseUrl: input.baseUrl,
    openapi: description.openapi ?? null,
    openapiSourceUrl: description.openapiSourceUrl ?? null,
    wsdl: description.wsdl ?? null,
    wsdlSourceUrl: description.wsdlSourceUrl ?? null,
    classification: input.classification,
    owner: input.owner.trim(),
    contact: input.contact ?? {},
    documentationUrl: input.documentationUrl ?? null,
    healthPath: input.healthPath ?? null,
    sla: input.sla ?? {},
    bodyLogging: input.bodyLogging ?? SERVICE_DEFAULTS.bodyLogging,
    mediation,
    timeoutMs: input.timeoutMs ?? SERVICE_DEFAULTS.timeoutMs,
    maxRequestBytes: input.maxRequestBytes ?? SERVICE_DEFAULTS.maxRequestBytes,
    maxResponseBytes: input.maxResponseBytes ?? SERVICE_DEFAULTS.maxResponseBytes,
    status: "active",
  });
  const detail = await inTransaction(db, async (trx) => {
    if (await selectServiceByIdentity(trx, { ...input, providerSystemId: system.id }))
      throw duplicateService(service);
    await saveGuarded(() => insertService(trx, service, new Date()), service);
    await audit(trx, known, "exchange.service_registered", service, requestMeta);
    return describeService((await selectService(trx, service.id))!);
  });
  invalidateLookups();
  return detail;
}

export type UpdateServiceOptions = {
  db: Db;
  actor: Actor | null | undefined;
  id: string;
  changes: ServiceChanges;
  requestMeta?: RequestMeta;
};

/**
 * Changes a service's description, address, policy or limits. Code and version are its identity
 * and do not change: a new version is registered beside the old one, which can be deprecated.
 */
export async function updateService({
  db,
  actor,
  id,
  changes,
  requestMeta,
}: UpdateServiceOptions): Promise<ServiceDetail> {
  requireActor(actor);
  const before = isUuid(id) ? await selectService(db, id) : undefined;
  if (!before) throw new AppError("not_found");
  await requireAdminOf({ db, actor, organizationId: before.provider_organization_id });
  const mediation = changes.mediation && mediationSetting(before.kind, changes.mediation);
  const description = await resolveDescription(before.kind, changes);
  const detail = await inTransaction(db, async (trx) => {
    const row = await selectService(trx, id, { forUpdate: true });
    if (!row) throw new AppError("not_found");
    const known = await requireAdminOf({
      db: trx,
      actor,
      organizationId: row.provider_organization_id,
    });
    if (row.status === "retired") throw retiredService();
    const current = toRecord(row);
    const system = await providerSystem(trx, known, current.provider.systemId);
    const fields: Record<string, unknown> = { ...changes };
    for (const key of [...DESCRIPTION_FIELDS, "mediation"]) delete fields[key];
    const next = withSearchText({
      ...current,
      ...(fields as Omit<ServiceChanges, (typeof DESCRIPTION_FIELDS)[number] | "mediation">),
      ...(mediation && { mediation }),
      ...description,
      provider: providerOf(system),
    });
    await writeService(trx, next, new Date());
    await audit(trx, known, "exchange.service_updated", next, requestMeta, {
      changed: Object.keys(changes),
    });
    return describeService((await selectService(trx, id))!);
  });
  invalidateLookups();
  return detail;
}

export type RetireServiceOptions = {
  db: Db;
  actor: Actor | null | undefined;
  id: string;
  reason: string;
  requestMeta?: RequestMeta;
};

/**
 * Retires a service: the gateway stops forwarding to it (it still resolves, so consumers are told
 * the service is retired rather than unknown). Rights stay on record for the evidence trail.
 */
export async function retireService({
  db,
  actor,
  id,
  reason,
  requestMeta,
}: RetireServiceOptions): Promise<ServiceDetail> {
  requireActor(actor);
  const detail = await inTransaction(db, async (trx) => {
    const row = isUuid(id) ? await selectService(trx, id, { forUpdate: true }) : undefined;
    if (!row) throw new AppError("not_found");
    const known = await requireAdminOf({
      db: trx,
      actor,
      organizationId: row.provider_organization_id,
    });
    if (row.status === "retired") throw retiredService();
    const next: ServiceRecord = { ...toRecord(row), status: "retired" };
    await writeService(trx, next, new Date());
    await audit(trx, known, "exchange.service_retired", next, requestMeta, {
      reason: reason.trim(),
    });
    return describeService((await selectService(trx, id))!);
  });
  invalidateLookups();
  return detail;
}

export type GetServiceOptions = { db: Db; actor: Actor | null | undefined; id: string };

/** A service with its description and operations, for any signed-in caller. */
export async function getService({ db, actor, id }: GetServiceOptions): Promise<ServiceDetail> {
  requireActor(actor);
  const row = isUuid(id) ? await selectService(db, id) : undefined;
  if (!row) throw new AppError("not_found");
  return describeService(row);
}

export type SearchServicesOptions = {
  db: Db;
  actor: Actor | null | undefined;
  q?: string | undefined;
  providerOrganizationId?: string | undefined;
  kind?: string | undefined;
  status?: string | undefined;
  cursor?: string | undefined;
  limit: number;
};

/**
 * The catalogue, for signed-in staff (like the register of systems, it maps what can be reached).
 * `q` is accent-insensitive over code, name, description and the provider's name and codes:
 * "ho so can bo" finds "Hồ sơ cán bộ".
 */
export async function searchCatalogue(
  options: SearchServicesOptions,
): Promise<{ items: Service[]; nextCursor: string | null }> {
  const { db, actor, q, providerOrganizationId, kind, status, cursor, limit } = options;
  requireActor(actor);
  const rows = await searchServices(db, {
    terms: q ? searchTerms(q) : [],
    providerOrganizationId,
    kind,
    status,
    after: cursor ? decodeCursor(cursor, isTextIdKey) : undefined,
    limit: limit + 1,
  });
  const page = toPage(rows, limit, (row) => row.key);
  return { items: page.items.map((row) => row.service), nextCursor: page.nextCursor };
}

/** The service registered under a provider system, code and version, if any (for seeds). */
export async function findService({
  db,
  providerSystemId,
  code,
  version,
}: {
  db: Db;
  providerSystemId: string;
  code: string;
  version: string;
}): Promise<Service | undefined> {
  const row = await selectServiceByIdentity(db, { providerSystemId, code, version });
  return row && toService(row);
}

async function providerSystem(db: Db, actor: Actor, id: string): Promise<InformationSystem> {
  try {
    return await getInformationSystem({ db, actor, id });
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found")
      throw new AppError("unprocessable", {
        detail: {
          vi: "Hệ thống cung cấp không có trong danh mục hệ thống thông tin.",
          en: "The provider system is not in the register of information systems.",
        },
        errors: [{ path: "body.providerSystemId", message: "unknown system" }],
      });
    throw error;
  }
}

function providerOf(system: InformationSystem): ServiceRecord["provider"] {
  return {
    organizationId: system.organization.id,
    organizationCode: system.organization.code,
    organizationName: system.organization.name,
    systemId: system.id,
    systemCode: system.code,
  };
}

/** Folds what the catalogue search covers into one text, and the name into the sort key. */
export function withSearchText(
  service: Omit<ServiceRecord, "searchText" | "sortName">,
): ServiceRecord {
  const { provider } = service;
  return {
    ...service,
    searchText: foldVietnamese(
      [
        service.code,
        service.name,
        service.description,
        provider.organizationName,
        provider.organizationCode,
        provider.systemCode,
      ].join(" "),
    ),
    sortName: foldVietnamese(service.name),
  };
}

function duplicateService(service: ServiceRecord) {
  return new AppError("conflict", {
    detail: {
      vi: `Hệ thống đã đăng ký dịch vụ "${service.code}" phiên bản "${service.version}".`,
      en: `The system already provides service "${service.code}" version "${service.version}".`,
    },
  });
}

function retiredService() {
  return new AppError("unprocessable", {
    detail: {
      vi: "Dịch vụ đã ngừng cung cấp, không thể thay đổi.",
      en: "The service is retired and cannot be changed.",
    },
  });
}

async function saveGuarded(write: () => Promise<void>, service: ServiceRecord) {
  try {
    await write();
  } catch (error) {
    throw isUniqueViolation(error) ? duplicateService(service) : error;
  }
}

async function audit(
  db: Db,
  actor: Actor,
  action: string,
  service: ServiceRecord,
  requestMeta?: RequestMeta,
  extra?: Record<string, unknown>,
) {
  await recordAudit(db, {
    action,
    actor,
    organizationId: service.provider.organizationId,
    targetType: "exchange_service",
    targetId: service.id,
    ip: requestMeta?.ip,
    requestId: requestMeta?.requestId,
    details: {
      code: service.code,
      version: service.version,
      name: service.name,
      providerSystemId: service.provider.systemId,
      status: service.status,
      ...extra,
    },
  });
}
