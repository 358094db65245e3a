import { createHash, randomInt } from "node:crypto";
import { newId } from "../../../core/ids.ts";
import type { ExchangeRecord } from "../types.ts";

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/**
 * Test factory: a completed exchange as the gateway hands it to the evidence log. Bodies given in
 * `overrides` set the sizes and digests to match.
 */
export function buildExchangeRecord(overrides: Partial<ExchangeRecord> = {}): ExchangeRecord {
  const id = overrides.id ?? newId();
  const request = overrides.requestBody ?? new Uint8Array();
  const response =
    overrides.responseBody ?? new TextEncoder().encode(JSON.stringify({ ok: true, id }));
  return {
    id,
    correlationId: id,
    requestId: `req-${randomInt(1_000_000)}`,
    startedAt: new Date(),
    consumerClientId: "client-test",
    consumerSystemId: newId(),
    consumerOrganizationId: newId(),
    serviceId: newId(),
    providerSystemId: newId(),
    providerOrganizationId: newId(),
    serviceCode: "ho-tich",
    version: "v1",
    method: "GET",
    path: `/records/${randomInt(1000)}?full=true`,
    endUser: null,
    outcome: "completed",
    status: 200,
    errorCode: null,
    latencyMs: 3.25,
    upstreamMs: 2,
    requestBytes: request.length,
    responseBytes: response.length,
    requestSha256: sha256(request),
    responseSha256: sha256(response),
    ...overrides,
  };
}
