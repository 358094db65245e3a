import { apiRequest, type QueryValue } from "./client.ts";
import type { AuditEvent, AuditVerification, Page } from "./types.ts";

export const listAuditEvents = (query: Record<string, QueryValue>) =>
  apiRequest<Page<AuditEvent>>("/api/v1/audit/events", { query });

export const verifyAuditChain = () => apiRequest<AuditVerification>("/api/v1/audit/verify");
