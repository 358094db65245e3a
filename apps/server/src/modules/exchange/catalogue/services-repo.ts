import { sql } from "kysely";
import type { Db } from "../../../core/db/index.ts";
import { escapeLike } from "../../../core/text.ts";
import type { ServiceMediation, ServiceTarget } from "../types.ts";
import { DEFAULT_XML_ROOT } from "./mediation-setting.ts";
import type { Service, ServiceContact, ServiceSla } from "./schema.ts";
import { catalogueDb, type ServiceTable } from "./tables.ts";

/** A service as written: the response shape plus what only the table holds. */
export type ServiceRecord = Omit<Service, "createdAt" | "updatedAt"> & {
  openapi: Record<string, unknown> | null;
  wsdl: string | null;
  searchText: string;
  sortName: string;
};

export type ServiceRow = ServiceTable;

function mediationOf(row: ServiceRow): ServiceMediation {
  return row.mediation === "json-xml"
    ? { mode: "json-xml", xmlRoot: row.mediation_xml_root ?? DEFAULT_XML_ROOT }
    : { mode: "none", xmlRoot: null };
}

export function toService(row: ServiceRow): Service {
  return {
    id: row.id,
    provider: {
      organizationId: row.provider_organization_id,
      organizationCode: row.provider_org_code,
      organizationName: row.provider_org_name,
      systemId: row.provider_system_id,
      systemCode: row.provider_system_code,
    },
    code: row.code,
    version: row.version,
    name: row.name,
    description: row.description,
    kind: row.kind,
    baseUrl: row.base_url,
    openapiSourceUrl: row.openapi_source_url,
    wsdlSourceUrl: row.wsdl_source_url,
    classification: row.classification as Service["classification"],
    owner: row.owner,
    contact: (row.contact ?? {}) as ServiceContact,
    documentationUrl: row.documentation_url,
    healthPath: row.health_path,
    sla: (row.sla ?? {}) as ServiceSla,
    bodyLogging: row.body_logging as Service["bodyLogging"],
    mediation: mediationOf(row),
    timeoutMs: row.timeout_ms,
    maxRequestBytes: Number(row.max_request_bytes),
    maxResponseBytes: Number(row.max_response_bytes),
    status: row.status,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function toRecord(row: ServiceRow): ServiceRecord {
  return {
    ...toService(row),
    openapi: (row.openapi ?? null) as Record<string, unknown> | null,
    wsdl: row.wsdl,
    searchText: row.search_text,
    sortName: row.sort_name,
  };
}

export function toTarget(row: ServiceRow): ServiceTarget {
  return {
    serviceId: row.id,
    providerOrganizationId: row.provider_organization_id,
    providerOrgCode: row.provider_org_code,
    providerSystemId: row.provider_system_id,
    providerSystemCode: row.provider_system_code,
    serviceCode: row.code,
    version: row.version,
    kind: row.kind,
    baseUrl: row.base_url,
    status: row.status,
    bodyLogging: row.body_logging as ServiceTarget["bodyLogging"],
    mediation: mediationOf(row),
    timeoutMs: row.timeout_ms,
    maxRequestBytes: Number(row.max_request_bytes),
    maxResponseBytes: Number(row.max_response_bytes),
  };
}

function toRow(service: ServiceRecord, at: Date) {
  return {
    provider_system_id: service.provider.systemId,
    provider_organization_id: service.provider.organizationId,
    provider_org_code: service.provider.organizationCode,
    provider_org_name: service.provider.organizationName,
    provider_system_code: service.provider.systemCode,
    code: service.code,
    version: service.version,
    name: service.name,
    description: service.description,
    kind: service.kind,
    base_url: service.baseUrl,
    openapi: service.openapi ? JSON.stringify(service.openapi) : null,
    openapi_source_url: service.openapiSourceUrl,
    wsdl: service.wsdl,
    wsdl_source_url: service.wsdlSourceUrl,
    classification: service.classification,
    owner: service.owner,
    contact: JSON.stringify(service.contact),
    documentation_url: service.documentationUrl,
    health_path: service.healthPath,
    sla: JSON.stringify(service.sla),
    body_logging: service.bodyLogging,
    mediation: service.mediation.mode,
    mediation_xml_root: service.mediation.xmlRoot,
    timeout_ms: service.timeoutMs,
    max_request_bytes: service.maxRequestBytes,
    max_response_bytes: service.maxResponseBytes,
    status: service.status,
    search_text: service.searchText,
    sort_name: service.sortName,
    updated_at: at,
  };
}

export async function insertService(db: Db, service: ServiceRecord, at: Date) {
  await catalogueDb(db)
    .insertInto("xch_services")
    .values({ id: service.id, ...toRow(service, at), created_at: at } as never)
    .execute();
}

export async function updateService(db: Db, service: ServiceRecord, at: Date) {
  await catalogueDb(db)
    .updateTable("xch_services")
    .set(toRow(service, at) as never)
    .where("id", "=", service.id)
    .execute();
}

export async function selectService(
  db: Db,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<ServiceRow | undefined> {
  let query = catalogueDb(db).selectFrom("xch_services").selectAll().where("id", "=", id);
  if (options.forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function selectServiceByIdentity(
  db: Db,
  identity: { providerSystemId: string; code: string; version: string },
): Promise<ServiceRow | undefined> {
  return catalogueDb(db)
    .selectFrom("xch_services")
    .selectAll()
    .where("provider_system_id", "=", identity.providerSystemId)
    .where("code", "=", identity.code)
    .where("version", "=", identity.version)
    .executeTakeFirst();
}

/**
 * The service a gateway path names. An agency code of a retired organization may be reused, so
 * a live service wins over a retired one of the same path.
 */
export async function selectServiceByPath(
  db: Db,
  path: {
    providerOrgCode: string;
    providerSystemCode: string;
    serviceCode: string;
    version: string;
  },
): Promise<ServiceRow | undefined> {
  return catalogueDb(db)
    .selectFrom("xch_services")
    .selectAll()
    .where("provider_org_code", "=", path.providerOrgCode)
    .where("provider_system_code", "=", path.providerSystemCode)
    .where("code", "=", path.serviceCode)
    .where("version", "=", path.version)
    .orderBy(sql`status = 'retired'`)
    .orderBy("updated_at", "desc")
    .limit(1)
    .executeTakeFirst();
}

export type ServiceSearch = {
  terms: string[];
  providerOrganizationId?: string | undefined;
  kind?: string | undefined;
  status?: string | undefined;
  after?: [string, string] | undefined;
  limit: number;
};

/** Ordered by folded name then id, keyset-paginated; every term must begin a word. */
export async function searchServices(db: Db, search: ServiceSearch) {
  let query = catalogueDb(db)
    .selectFrom("xch_services")
    .selectAll()
    .orderBy("sort_name")
    .orderBy("id")
    .limit(search.limit);
  const counts = new Map<string, number>();
  for (const term of search.terms) counts.set(term, (counts.get(term) ?? 0) + 1);
  for (const [term, times] of counts) {
    const pattern = `% ${escapeLike(term)}%`.repeat(times);
    query = query.where(sql<boolean>`(' ' || search_text) like ${pattern}`);
  }
  if (search.providerOrganizationId)
    query = query.where("provider_organization_id", "=", search.providerOrganizationId);
  if (search.kind) query = query.where("kind", "=", search.kind as ServiceRow["kind"]);
  if (search.status) query = query.where("status", "=", search.status as ServiceRow["status"]);
  if (search.after) {
    const [name, id] = search.after;
    query = query.where(sql<boolean>`(sort_name, id) > (${name}, ${id}::uuid)`);
  }
  const rows = await query.execute();
  return rows.map((row) => ({ service: toService(row), key: [row.sort_name, row.id] as const }));
}

export async function selectServicesOfProvider(
  db: Db,
  providerOrganizationId: string,
): Promise<ServiceRow[]> {
  return catalogueDb(db)
    .selectFrom("xch_services")
    .selectAll()
    .where("provider_organization_id", "=", providerOrganizationId)
    .forUpdate()
    .execute();
}
