import { AppError } from "../../../core/errors.ts";
import type { ModuleContext } from "../../../core/module.ts";
import { CONSUMER_ASSERTION_HEADER, createConsumerAssertions } from "../consumer-assertion.ts";
import { END_USER_HEADER, endUserAssertion } from "../end-user.ts";
import { evidenceLogOf } from "../evidence/log.ts";
import type { Gateway } from "../gateway/index.ts";
import { blankExchangeRecord } from "../exchange-record.ts";
import type { ExchangeRecord } from "../types.ts";
import { authorizeInbound, peerOfConnection } from "./inbound.ts";
import type { FederationHandler } from "./listener.ts";
import { SharedReplayGuard } from "./replay-store.ts";

/**
 * The provider side of a federated call, behind the federation listener: the peer is known by its
 * TLS certificate, the call by the peer's signed statement; the call then takes the local
 * gateway's path (limits, circuit, streaming to the provider) and is recorded in this instance's
 * evidence log under the exchange id the calling instance chose, so both logs name one exchange.
 */
export function federatedGateway(ctx: ModuleContext, gateway: Gateway): FederationHandler {
  const evidence = evidenceLogOf(ctx);
  const replay = new SharedReplayGuard(ctx.db);
  const consumerAssertion = createConsumerAssertions(ctx);
  return async (req, res, { requestId }) => {
    const started = performance.now();
    const peer = await peerOfConnection(ctx, req);
    if (!req.url!.startsWith("/gw/"))
      throw new AppError("not_found", {
        detail: {
          vi: "Cổng liên kết chỉ phục vụ /gw/...",
          en: "The federation listener serves /gw/... only.",
        },
      });
    const record = emptyRecord(req.method ?? "GET", req.url!, requestId);
    const finish = () => {
      record.latencyMs = Math.round((performance.now() - started) * 1000) / 1000;
      evidence.record(record).catch((error: unknown) => {
        ctx.log.error({ err: error, exchangeId: record.id }, "exchange not recorded");
      });
    };
    try {
      const call = await authorizeInbound({
        ctx,
        req,
        peer,
        replay: replay.forPeer(peer.id),
        record,
      });
      // The end user the calling instance vouched for, vouched for again by this instance.
      const assertion =
        call.endUser &&
        endUserAssertion(ctx, {
          endUser: call.endUser,
          provider: {
            orgCode: call.target.providerOrgCode,
            systemCode: call.target.providerSystemCode,
          },
          consumerClient: record.consumerClientId!,
          consumerSystemId: call.consumerSystemId,
          exchangeId: record.id,
          federationPeer: peer.name,
        });
      const consumer = consumerAssertion(
        {
          clientId: record.consumerClientId!,
          systemId: call.consumerSystemId,
          organizationId: call.consumerOrganizationId,
          federationPeer: peer.name,
        },
        call.target,
      );
      res.setHeader("x-lgsp-exchange-id", record.id);
      res.setHeader("x-correlation-id", record.correlationId);
      const result = await gateway.forward(req, res, {
        target: call.target,
        path: call.rest,
        consumer: { systemId: call.consumerSystemId },
        access: call.access,
        requestId,
        clientIp: req.socket.remoteAddress ?? "",
        correlationId: record.correlationId,
        proto: "https",
        headers: {
          "x-lgsp-exchange-id": record.id,
          "x-lgsp-consumer-system": call.consumerSystemId,
          "x-lgsp-consumer-client": record.consumerClientId!,
          "x-lgsp-federation-peer": peer.name,
          ...(consumer ? { [CONSUMER_ASSERTION_HEADER]: consumer } : {}),
          ...(assertion ? { [END_USER_HEADER]: assertion } : {}),
        },
      });
      Object.assign(record, {
        outcome: result.outcome,
        status: result.status,
        errorCode: result.errorCode,
        upstreamMs: result.upstreamMs,
        requestBytes: result.requestBytes,
        responseBytes: result.responseBytes,
        requestSha256: result.requestSha256,
        responseSha256: result.responseSha256,
        ...(result.requestBody ? { requestBody: result.requestBody } : {}),
        ...(result.responseBody ? { responseBody: result.responseBody } : {}),
      });
      finish();
    } catch (error) {
      const appError = error instanceof AppError ? error : new AppError("internal");
      record.status = appError.status;
      record.errorCode = appError.code;
      finish();
      throw error;
    }
  };
}

function emptyRecord(method: string, url: string, requestId: string): ExchangeRecord {
  const segments = url.split("?")[0]!.split("/");
  return blankExchangeRecord({
    // Replaced by the calling instance's exchange id once its statement is verified.
    id: requestId,
    requestId,
    method,
    path: url,
    serviceCode: segments[4] ?? null,
    version: segments[5] ?? null,
  });
}
