import { apiRequest, type QueryValue } from "./client.ts";
import type { Page } from "./types.ts";

/** The LGSP exchange module: catalogue, access, evidence log and messaging. */
const BASE = "/api/v1/exchange";
const id = (value: string) => encodeURIComponent(value);

export const SERVICE_KINDS = ["rest", "soap"] as const;
export const SERVICE_STATUSES = ["active", "deprecated", "retired"] as const;
export const CLASSIFICATIONS = ["public", "internal", "restricted", "confidential"] as const;
export const BODY_LOGGING = ["none", "request", "response", "both"] as const;
export const MEDIATION_MODES = ["none", "json-xml"] as const;
export const REQUEST_STATUSES = ["pending", "approved", "refused", "withdrawn"] as const;
export const RIGHT_STATES = ["active", "expired", "revoked"] as const;
export const OUTCOMES = [
  "completed",
  "refused",
  "upstream_error",
  "timeout",
  "circuit_open",
] as const;

export type ServiceKind = (typeof SERVICE_KINDS)[number];
export type ServiceStatus = (typeof SERVICE_STATUSES)[number];
export type Classification = (typeof CLASSIFICATIONS)[number];
export type BodyLogging = (typeof BODY_LOGGING)[number];
export type MediationMode = (typeof MEDIATION_MODES)[number];
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
export type RightState = (typeof RIGHT_STATES)[number];
export type Outcome = (typeof OUTCOMES)[number];
export type Side = "consumer" | "provider";

export type ServiceSla = {
  availabilityPercent?: number;
  maxLatencyMs?: number;
  supportHours?: string;
};
export type ServiceContact = { name?: string; email?: string; phone?: string };

export type Service = {
  id: string;
  provider: {
    organizationId: string;
    organizationCode: string;
    organizationName: string;
    systemId: string;
    systemCode: string;
  };
  code: string;
  version: string;
  name: string;
  description: string;
  kind: ServiceKind;
  baseUrl: string;
  openapiSourceUrl: string | null;
  wsdlSourceUrl: string | null;
  classification: Classification;
  owner: string;
  contact: ServiceContact;
  documentationUrl: string | null;
  healthPath: string | null;
  sla: ServiceSla;
  bodyLogging: BodyLogging;
  /** JSON ↔ XML conversion for a provider that speaks XML; `xmlRoot` only with `json-xml`. */
  mediation: { mode: MediationMode; xmlRoot: string | null };
  timeoutMs: number;
  maxRequestBytes: number;
  maxResponseBytes: number;
  status: ServiceStatus;
  createdAt: string;
  updatedAt: string;
};

export type ServiceDetail = Service & {
  openapi: unknown;
  wsdl: string | null;
  operations: string[];
};

export type ServiceInput = {
  providerSystemId: string;
  code: string;
  version: string;
  kind: ServiceKind;
  name: string;
  description?: string;
  baseUrl: string;
  openapi?: string;
  openapiUrl?: string;
  wsdl?: string;
  wsdlUrl?: string;
  classification: Classification;
  owner: string;
  contact?: ServiceContact;
  documentationUrl?: string | null;
  healthPath?: string | null;
  sla?: ServiceSla;
  bodyLogging?: BodyLogging;
  mediation?: { mode: MediationMode; xmlRoot?: string };
  timeoutMs?: number;
};

export type ServiceSummary = {
  id: string;
  code: string;
  version: string;
  name: string;
  providerOrgCode: string;
  providerSystemCode: string;
};

export type AccessRequest = {
  id: string;
  consumerSystemId: string;
  consumerOrganizationId: string;
  service: ServiceSummary;
  providerOrganizationId: string;
  endpoints: string[] | null;
  purpose: string;
  legalBasis: string;
  requestedExpiresAt: string | null;
  requestedBy: string;
  status: RequestStatus;
  decidedBy: string | null;
  decidedAt: string | null;
  reason: string | null;
  rightId: string | null;
  createdAt: string;
};

export type AccessRequestInput = {
  consumerSystemId: string;
  serviceId: string;
  endpoints?: string[];
  purpose: string;
  legalBasis: string;
  requestedExpiresAt?: string;
};

export type ApproveInput = {
  expiresAt?: string | null;
  rateLimitPerMinute?: number;
  dailyQuota?: number;
};

export type AccessRight = {
  id: string;
  requestId: string | null;
  consumerSystemId: string;
  consumerOrganizationId: string;
  service: ServiceSummary;
  providerOrganizationId: string;
  endpoints: string[] | null;
  grantedBy: string;
  grantedAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
  revokeReason: string | null;
  rateLimitPerMinute: number | null;
  dailyQuota: number | null;
  state: RightState;
};

export type Exchange = {
  seq: number;
  id: string;
  correlationId: string;
  requestId: string;
  startedAt: string;
  consumerClientId: string | null;
  consumerSystemId: string | null;
  consumerOrganizationId: string | null;
  serviceId: string | null;
  providerSystemId: string | null;
  providerOrganizationId: string | null;
  serviceCode: string | null;
  version: string | null;
  method: string;
  path: string;
  endUser: string | null;
  outcome: Outcome;
  status: number;
  errorCode: string | null;
  latencyMs: number;
  upstreamMs: number | null;
  requestBytes: number;
  responseBytes: number;
  requestSha256: string;
  responseSha256: string;
  recordDigest: string;
};

export type EvidenceVerification = {
  ok: boolean;
  rows: number;
  checkpoints: number;
  head?: string;
  firstBroken?: { seq: number; reason: string };
};

export type Channel = {
  id: string;
  serviceId: string;
  path: string;
  code: string;
  name: string;
  delivery: string;
  pushPath: string;
  maxAttempts: number;
  retryBaseMs: number;
  maxMessageBytes: number;
  status: string;
};

export type ChannelInput = {
  code: string;
  name: string;
  delivery: "push" | "pull";
  pushPath?: string;
  maxAttempts?: number;
};

export type Message = {
  id: string;
  channelId: string;
  idempotencyKey: string;
  correlationId: string;
  contentType: string;
  bytes: number;
  sha256: string;
  status: string;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  responseStatus: number | null;
  acceptedAt: string;
  deliveredAt: string | null;
  deadAt: string | null;
};

export const listServices = (query: Record<string, QueryValue>) =>
  apiRequest<Page<Service>>(`${BASE}/services`, { query });

export const fetchService = (serviceId: string) =>
  apiRequest<ServiceDetail>(`${BASE}/services/${id(serviceId)}`);

export const createService = (body: ServiceInput) =>
  apiRequest<ServiceDetail>(`${BASE}/services`, { method: "POST", body });

export const retireService = (serviceId: string, reason: string) =>
  apiRequest<ServiceDetail>(`${BASE}/services/${id(serviceId)}/retire`, {
    method: "POST",
    body: { reason },
  });

export const listAccessRequests = (query: Record<string, QueryValue> & { as: Side }) =>
  apiRequest<Page<AccessRequest>>(`${BASE}/access-requests`, { query });

export const createAccessRequest = (body: AccessRequestInput) =>
  apiRequest<AccessRequest>(`${BASE}/access-requests`, { method: "POST", body });

export const approveAccessRequest = (requestId: string, body: ApproveInput) =>
  apiRequest<AccessRequest>(`${BASE}/access-requests/${id(requestId)}/approve`, {
    method: "POST",
    body,
  });

export const refuseAccessRequest = (requestId: string, reason: string) =>
  apiRequest<AccessRequest>(`${BASE}/access-requests/${id(requestId)}/refuse`, {
    method: "POST",
    body: { reason },
  });

export const withdrawAccessRequest = (requestId: string) =>
  apiRequest<AccessRequest>(`${BASE}/access-requests/${id(requestId)}/withdraw`, {
    method: "POST",
  });

export const listAccessRights = (query: Record<string, QueryValue> & { as: Side }) =>
  apiRequest<Page<AccessRight>>(`${BASE}/access-rights`, { query });

export const revokeAccessRight = (rightId: string, reason: string) =>
  apiRequest<AccessRight>(`${BASE}/access-rights/${id(rightId)}/revoke`, {
    method: "POST",
    body: { reason },
  });

export const listExchanges = (query: Record<string, QueryValue>) =>
  apiRequest<Page<Exchange>>(`${BASE}/exchanges`, { query });

export const fetchExchange = (exchangeId: string) =>
  apiRequest<Exchange>(`${BASE}/exchanges/${id(exchangeId)}`);

export const fetchExchangeProof = (exchangeId: string) =>
  apiRequest<unknown>(`${BASE}/exchanges/${id(exchangeId)}/proof`);

export const verifyEvidenceLog = () => apiRequest<EvidenceVerification>(`${BASE}/evidence/verify`);

export const listChannels = (serviceId: string) =>
  apiRequest<{ items: Channel[] }>(`${BASE}/services/${id(serviceId)}/channels`);

export const createChannel = (serviceId: string, body: ChannelInput) =>
  apiRequest<Channel>(`${BASE}/services/${id(serviceId)}/channels`, { method: "POST", body });

export const listDeadLetters = (query: Record<string, QueryValue> = {}) =>
  apiRequest<{ items: Message[] }>(`${BASE}/dead-letters`, { query });

export const redeliverMessage = (messageId: string) =>
  apiRequest<Message>(`${BASE}/messages/${id(messageId)}/redeliver`, { method: "POST" });
