import type { ExchangeRecord } from "./types.ts";

/** SHA-256 of nothing: the digest of every body-less request, without hashing it each time. */
export const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/** What an exchange is known by before anything about its parties or bodies is. */
export type ExchangeStart = Pick<ExchangeRecord, "id" | "requestId" | "method" | "path"> &
  Partial<Pick<ExchangeRecord, "correlationId" | "serviceCode" | "version">>;

/**
 * A record of an exchange just begun: no parties, no bodies, outcome `refused` with status 0 until
 * the exchange says otherwise. The path is cut to the log's 2,000 characters.
 */
export function blankExchangeRecord(start: ExchangeStart): ExchangeRecord {
  return {
    id: start.id,
    correlationId: start.correlationId ?? start.id,
    requestId: start.requestId,
    startedAt: new Date(),
    consumerClientId: null,
    consumerSystemId: null,
    consumerOrganizationId: null,
    serviceId: null,
    providerSystemId: null,
    providerOrganizationId: null,
    serviceCode: start.serviceCode ?? null,
    version: start.version ?? null,
    method: start.method,
    path: start.path.slice(0, 2000),
    endUser: null,
    outcome: "refused",
    status: 0,
    errorCode: null,
    latencyMs: 0,
    upstreamMs: null,
    requestBytes: 0,
    responseBytes: 0,
    requestSha256: EMPTY_SHA256,
    responseSha256: EMPTY_SHA256,
  };
}
