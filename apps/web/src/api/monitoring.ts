import { apiRequest } from "./client.ts";

/** LGSP monitoring: traffic of a service from the evidence log, health of the providers. */
const BASE = "/api/v1/exchange";

export type TrafficBucketSize = "hour" | "day";

export type TrafficFigures = {
  calls: number;
  completed: number;
  refused: number;
  upstreamError: number;
  timeout: number;
  circuitOpen: number;
  status2xx: number;
  status3xx: number;
  status4xx: number;
  status5xx: number;
  errors: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  requestBytes: number;
  responseBytes: number;
};

export type ServiceTraffic = {
  serviceId: string;
  from: string;
  to: string;
  bucket: TrafficBucketSize;
  scope: "all_calls" | "own_calls";
  totals: TrafficFigures;
  buckets: (TrafficFigures & { start: string })[];
  consumers: (TrafficFigures & {
    consumerSystemId: string | null;
    consumerSystemName: string | null;
    consumerOrganizationId: string | null;
  })[];
};

export const fetchServiceTraffic = (
  serviceId: string,
  query: { bucket: TrafficBucketSize; from?: string; to?: string },
) =>
  apiRequest<ServiceTraffic>(`${BASE}/services/${encodeURIComponent(serviceId)}/traffic`, {
    query,
  });

export const HEALTH_STATUSES = ["up", "degraded", "down"] as const;
export type HealthStatus = (typeof HEALTH_STATUSES)[number];

export type ProviderHealth = {
  serviceId: string;
  serviceCode: string;
  version: string;
  serviceName: string;
  provider: {
    organizationId: string;
    organizationCode: string;
    organizationName: string;
    systemCode: string;
  };
  status: HealthStatus;
  since: string;
  checkedAt: string;
  latencyMs: number | null;
  httpStatus: number | null;
  lastError: { code: string; message: { vi: string; en: string } } | null;
  recentChecks: number;
  recentUp: number;
};

export const listProviderHealth = () => apiRequest<{ items: ProviderHealth[] }>(`${BASE}/health`);
