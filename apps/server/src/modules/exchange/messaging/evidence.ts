import { newId } from "../../../core/ids.ts";
import type { ModuleContext } from "../../../core/module.ts";
import { evidenceLogOf } from "../evidence/log.ts";
import { EMPTY_SHA256 } from "../exchange-record.ts";
import type { ExchangeOutcome, ExchangeRecord } from "../types.ts";
import type { ChannelRow, MessageRow } from "./store.ts";

/**
 * Asynchronous messages in the evidence log, beside the gateway's calls, so that "every exchange
 * is evidence" holds for both ways of exchanging data:
 *
 * - the consumer handing a message to the LGSP (first time or a repeat with the same idempotency
 *   key): method `POST`, path `/{channel}`, the HTTP request's id, status 202;
 * - each attempt to hand it to the provider (a push, or a pull channel's acknowledgement): method
 *   `POST`, path `/{channel}/messages/{messageId}`, request id = the message id, status = the
 *   provider's answer (0 when none came), request digest = the message's.
 *
 * Both carry the message's correlation id, so one search finds a message's whole story.
 */
export type MessageEvidence = {
  channel: ChannelRow;
  message: Pick<
    MessageRow,
    | "id"
    | "consumer_client_id"
    | "consumer_system_id"
    | "consumer_organization_id"
    | "correlation_id"
    | "payload_bytes"
    | "request_sha256"
  >;
  startedAt: Date;
  latencyMs: number;
};

/** Records the consumer's posting of a message (acknowledged with 202). */
export function recordAcceptance(
  ctx: ModuleContext,
  evidence: MessageEvidence & { requestId: string; responseBytes: number; responseSha256: string },
): void {
  write(ctx, {
    ...base(evidence),
    requestId: evidence.requestId,
    path: `/${evidence.channel.code}`,
    outcome: "completed",
    status: 202,
    errorCode: null,
    upstreamMs: null,
    responseBytes: evidence.responseBytes,
    responseSha256: evidence.responseSha256,
  });
}

/** Records one delivery attempt to the provider. */
export function recordDeliveryAttempt(
  ctx: ModuleContext,
  evidence: MessageEvidence & {
    /** The provider's HTTP status, or null when it did not answer. */
    providerStatus: number | null;
    timedOut?: boolean;
    responseBytes: number;
    responseSha256: string | null;
  },
): void {
  const outcome: ExchangeOutcome =
    evidence.providerStatus !== null
      ? "completed"
      : evidence.timedOut
        ? "timeout"
        : "upstream_error";
  write(ctx, {
    ...base(evidence),
    requestId: evidence.message.id,
    path: `/${evidence.channel.code}/messages/${evidence.message.id}`,
    outcome,
    status: evidence.providerStatus ?? 0,
    errorCode:
      outcome === "timeout"
        ? "gateway_timeout"
        : outcome === "upstream_error"
          ? "bad_gateway"
          : null,
    upstreamMs: evidence.providerStatus !== null ? evidence.latencyMs : null,
    responseBytes: evidence.responseBytes,
    responseSha256: evidence.responseSha256 || EMPTY_SHA256,
  });
}

function base(evidence: MessageEvidence) {
  const { channel, message } = evidence;
  return {
    id: newId(),
    correlationId: message.correlation_id,
    startedAt: evidence.startedAt,
    consumerClientId: message.consumer_client_id,
    consumerSystemId: message.consumer_system_id,
    consumerOrganizationId: message.consumer_organization_id,
    serviceId: channel.service_id,
    providerSystemId: channel.provider_system_id,
    providerOrganizationId: channel.provider_organization_id,
    serviceCode: channel.service_code,
    version: channel.service_version,
    method: "POST",
    endUser: null,
    latencyMs: Math.round(evidence.latencyMs * 1000) / 1000,
    requestBytes: message.payload_bytes,
    requestSha256: message.request_sha256,
  };
}

function write(ctx: ModuleContext, record: ExchangeRecord): void {
  evidenceLogOf(ctx)
    .record(record)
    .catch((error: unknown) => {
      ctx.log.error(
        { err: error, exchangeId: record.id },
        "message not recorded in the evidence log",
      );
    });
}
