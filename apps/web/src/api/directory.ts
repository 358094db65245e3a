import { apiRequest, type QueryValue } from "./client.ts";
import type {
  AdminUnit,
  InformationSystem,
  InformationSystemInput,
  Organization,
  OrganizationHistoryEntry,
  OrganizationInput,
  OrganizationTreeItem,
  Page,
} from "./types.ts";

const BASE = "/api/v1/directory";
const id = (value: string) => encodeURIComponent(value);

export const listOrganizations = (query: Record<string, QueryValue>) =>
  apiRequest<Page<Organization>>(`${BASE}/organizations`, { query });

export const fetchOrganizationTree = () =>
  apiRequest<{ items: OrganizationTreeItem[] }>(`${BASE}/organizations/tree`);

export const fetchOrganization = (orgId: string) =>
  apiRequest<Organization>(`${BASE}/organizations/${id(orgId)}`);

export const fetchOrganizationHistory = (orgId: string) =>
  apiRequest<{ items: OrganizationHistoryEntry[] }>(`${BASE}/organizations/${id(orgId)}/history`);

export const createOrganization = (body: OrganizationInput) =>
  apiRequest<Organization>(`${BASE}/organizations`, { method: "POST", body });

export const updateOrganization = (orgId: string, body: Partial<OrganizationInput>) =>
  apiRequest<Organization>(`${BASE}/organizations/${id(orgId)}`, { method: "PATCH", body });

export const retireOrganization = (orgId: string, reason: string) =>
  apiRequest<Organization>(`${BASE}/organizations/${id(orgId)}/retire`, {
    method: "POST",
    body: { reason },
  });

export const listAdminUnits = (query: Record<string, QueryValue>) =>
  apiRequest<Page<AdminUnit>>(`${BASE}/admin-units`, { query });

export const fetchAdminUnit = (code: string) =>
  apiRequest<AdminUnit>(`${BASE}/admin-units/${id(code)}`);

export const listSystems = (query: Record<string, QueryValue>) =>
  apiRequest<Page<InformationSystem>>(`${BASE}/systems`, { query });

export const fetchSystem = (systemId: string) =>
  apiRequest<InformationSystem>(`${BASE}/systems/${id(systemId)}`);

export const createSystem = (body: InformationSystemInput) =>
  apiRequest<InformationSystem>(`${BASE}/systems`, { method: "POST", body });

export const updateSystem = (
  systemId: string,
  body: Partial<Omit<InformationSystemInput, "organizationId">>,
) => apiRequest<InformationSystem>(`${BASE}/systems/${id(systemId)}`, { method: "PATCH", body });
