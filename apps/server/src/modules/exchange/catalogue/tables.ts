import type { Kysely } from "kysely";
import type { Db } from "../../../core/db/index.ts";

/** The catalogue's tables as Kysely sees them; only the `*-repo.ts` files use these. */
export type ServiceTable = {
  id: string;
  provider_system_id: string;
  provider_organization_id: string;
  provider_org_code: string;
  provider_org_name: string;
  provider_system_code: string;
  code: string;
  version: string;
  name: string;
  description: string;
  kind: "rest" | "soap";
  base_url: string;
  /** jsonb: written as a JSON string, read back as an object. */
  openapi: unknown;
  openapi_source_url: string | null;
  wsdl: string | null;
  wsdl_source_url: string | null;
  classification: string;
  owner: string;
  contact: unknown;
  documentation_url: string | null;
  health_path: string | null;
  sla: unknown;
  body_logging: string;
  mediation: "none" | "json-xml";
  mediation_xml_root: string | null;
  timeout_ms: number;
  max_request_bytes: number;
  max_response_bytes: number;
  status: "active" | "deprecated" | "retired";
  search_text: string;
  sort_name: string;
  created_at: Date;
  updated_at: Date;
};

export type AccessRequestTable = {
  id: string;
  consumer_system_id: string;
  consumer_organization_id: string;
  service_id: string;
  provider_organization_id: string;
  endpoints: unknown;
  purpose: string;
  legal_basis: string;
  requested_expires_at: Date | null;
  requested_by_id: string | null;
  requested_by: string;
  status: "pending" | "approved" | "refused" | "withdrawn";
  decided_by_id: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  reason: string | null;
  right_id: string | null;
  created_at: Date;
};

export type AccessRightTable = {
  id: string;
  request_id: string | null;
  consumer_system_id: string;
  consumer_organization_id: string;
  service_id: string;
  provider_organization_id: string;
  endpoints: unknown;
  granted_by_id: string | null;
  granted_by: string;
  granted_at: Date;
  expires_at: Date | null;
  revoked_at: Date | null;
  revoked_by_id: string | null;
  revoked_by: string | null;
  revoke_reason: string | null;
  rate_limit_per_minute: number | null;
  daily_quota: number | null;
};

export type CatalogueTables = {
  xch_services: ServiceTable;
  xch_access_requests: AccessRequestTable;
  xch_access_rights: AccessRightTable;
};

export function catalogueDb(db: Db): Kysely<CatalogueTables> {
  return db as Kysely<CatalogueTables>;
}

export { isUniqueViolation } from "../../../core/db/transaction.ts";
