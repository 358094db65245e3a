import type { IncomingMessage } from "node:http";
import { AppError } from "../../core/errors.ts";
import type { App } from "../../core/http/app-type.ts";
import { newId } from "../../core/ids.ts";
import type { ModuleContext } from "../../core/module.ts";
import { createResourceTokenVerifier, type ResourceCaller } from "../identity/index.ts";
import { findAccess, resolveTarget } from "./catalogue/lookups.ts";
import { CONSUMER_ASSERTION_HEADER, createConsumerAssertions } from "./consumer-assertion.ts";
import { END_USER_HEADER, endUserAssertion, endUserOf } from "./end-user.ts";
import { evidenceLogOf } from "./evidence/log.ts";
import { forwardToPeer, peerServing } from "./federation/index.ts";
import { gatewayMetrics } from "./gateway-metrics.ts";
import { createGateway, type ForwardResult } from "./gateway/index.ts";
import { blankExchangeRecord } from "./exchange-record.ts";
import type { ExchangeRecord, ServiceTarget } from "./types.ts";

const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The LGSP gateway at `/gw/{providerOrgCode}/{providerSystemCode}/{serviceCode}/{version}/...`,
 * answered in front of Fastify. For each call: check the bearer token (client credentials,
 * audience the LGSP) and learn the consumer system; resolve the service; check the access right;
 * hand the call to the forwarding engine (limits, circuit, streaming); and record the exchange in
 * the evidence log when the response has ended — refusals included.
 *
 * The evidence record is written after the consumer has its answer (group commit, a few
 * milliseconds later), so the log never delays a call; a process killed in between loses the
 * records of the calls in flight, not the calls.
 */
export function gatewayRoutes(app: App, ctx: ModuleContext) {
  const verifyToken = createResourceTokenVerifier(ctx);
  const gateway = createGateway();
  const consumerAssertion = createConsumerAssertions(ctx);
  const evidence = evidenceLogOf(ctx);
  const observe = gatewayMetrics(app.metricsRegistry);
  app.addHook("onClose", async () => {
    await gateway.close();
    await evidence.flush();
  });

  app.rawRoutes.addPrefix("/gw/", async (req, res, { requestId, ip }) => {
    const started = performance.now();
    const id = newId();
    const incoming = header(req, "x-correlation-id");
    const correlationId = incoming && CORRELATION_ID.test(incoming) ? incoming : id;
    res.setHeader("x-lgsp-exchange-id", id);
    res.setHeader("x-correlation-id", correlationId);
    const route = parseGatewayPath(req.url!);
    const record = blankExchangeRecord({
      id,
      correlationId,
      requestId,
      method: req.method ?? "GET",
      path: route?.rest ?? req.url!,
      serviceCode: route?.serviceCode ?? null,
      version: route?.version ?? null,
    });
    const resolved: { target?: ServiceTarget } = {};
    const finish = () => {
      record.latencyMs = Math.round((performance.now() - started) * 1000) / 1000;
      observe(record, resolved.target);
      evidence.record(record).catch((error: unknown) => {
        ctx.log.error({ err: error, exchangeId: id }, "exchange not recorded in the evidence log");
      });
    };
    try {
      // A provider organization served by a federation peer: forwarded there (federation/).
      const peer = route && (await peerServing(ctx.db, route.providerOrgCode));
      if (peer?.status === "suspended")
        throw new AppError("service_unavailable", {
          detail: {
            vi: `Liên kết với nền tảng ${peer.name}, nơi cung cấp dịch vụ của cơ quan ${route!.providerOrgCode}, đang tạm ngừng.`,
            en: `The link to ${peer.name}, the platform serving agency ${route!.providerOrgCode}, is suspended.`,
          },
        });
      if (peer) {
        await forwardToPeer({ ctx, verifyToken, peer, req, res, clientIp: ip, record });
        return finish();
      }
      const call = await authorize(ctx, verifyToken, req, route, record, resolved);
      const endUser = endUserOf(req);
      record.endUser = endUser ?? null;
      const assertion =
        endUser &&
        endUserAssertion(ctx, {
          endUser,
          provider: {
            orgCode: call.target.providerOrgCode,
            systemCode: call.target.providerSystemCode,
          },
          consumerClient: call.caller.clientId,
          consumerSystemId: call.caller.systemId,
          exchangeId: id,
        });
      const consumer = consumerAssertion(call.caller, call.target);
      const result = await gateway.forward(req, res, {
        target: call.target,
        path: call.rest,
        consumer: { systemId: call.caller.systemId! },
        access: call.access,
        requestId,
        clientIp: ip,
        correlationId,
        headers: {
          "x-lgsp-exchange-id": id,
          "x-lgsp-consumer-system": call.caller.systemId!,
          "x-lgsp-consumer-client": call.caller.clientId,
          ...(consumer ? { [CONSUMER_ASSERTION_HEADER]: consumer } : {}),
          ...(assertion ? { [END_USER_HEADER]: assertion } : {}),
        },
      });
      Object.assign(record, fromResult(result));
      finish();
    } catch (error) {
      const appError = error instanceof AppError ? error : new AppError("internal");
      record.outcome = "refused";
      record.status = appError.status;
      record.errorCode = appError.code;
      finish();
      throw error;
    }
  });
}

type GatewayPath = {
  providerOrgCode: string;
  providerSystemCode: string;
  serviceCode: string;
  version: string;
  /** The rest of the path with the query string, starting with `/` (or empty). */
  rest: string;
};

/** `/gw/{org}/{system}/{service}/{version}{rest}`; undefined when a segment is missing. */
export function parseGatewayPath(url: string): GatewayPath | undefined {
  const query = url.indexOf("?");
  const pathname = query < 0 ? url : url.slice(0, query);
  const parts = pathname.split("/");
  // ["", "gw", org, system, service, version, ...rest]
  const [, , providerOrgCode, providerSystemCode, serviceCode, version] = parts;
  if (!providerOrgCode || !providerSystemCode || !serviceCode || !version) return undefined;
  const restPath = parts.length > 6 ? `/${parts.slice(6).join("/")}` : "";
  return {
    providerOrgCode,
    providerSystemCode,
    serviceCode,
    version,
    rest: `${restPath}${query < 0 ? "" : url.slice(query)}`,
  };
}

type AuthorizedCall = {
  caller: ResourceCaller;
  target: ServiceTarget;
  rest: string;
  access: { rateLimitPerMinute: number | null; dailyQuota: number | null };
};

async function authorize(
  ctx: ModuleContext,
  verifyToken: ReturnType<typeof createResourceTokenVerifier>,
  req: IncomingMessage,
  route: GatewayPath | undefined,
  record: ExchangeRecord,
  resolved: { target?: ServiceTarget },
): Promise<AuthorizedCall> {
  const verdict = await verifyToken(req.headers.authorization);
  if ("refused" in verdict)
    throw new AppError("unauthenticated", {
      detail: {
        vi: "Cần mã truy cập hợp lệ do SSO cấp cho trục LGSP (client credentials).",
        en: "A valid LGSP access token from the SSO (client credentials) is required.",
      },
      extra: { tokenError: verdict.refused },
    });
  const caller = verdict.caller;
  record.consumerClientId = caller.clientId;
  record.consumerSystemId = caller.systemId;
  record.consumerOrganizationId = caller.organizationId;
  if (!caller.systemId)
    throw new AppError("forbidden", {
      detail: {
        vi: "Ứng dụng chưa được gắn với hệ thống thông tin nào trong danh bạ.",
        en: "The client is not linked to an information system in the directory.",
      },
    });
  if (!route)
    throw new AppError("not_found", {
      detail: {
        vi: "Đường dẫn phải có dạng /gw/{mã cơ quan}/{mã hệ thống}/{mã dịch vụ}/{phiên bản}/...",
        en: "The path must be /gw/{agency code}/{system code}/{service code}/{version}/...",
      },
    });
  const target = await resolveTarget(ctx, route);
  if (!target || target.status === "retired")
    throw new AppError("not_found", {
      detail: target
        ? {
            vi: `Dịch vụ ${route.serviceCode} phiên bản ${route.version} đã ngừng cung cấp.`,
            en: `Service ${route.serviceCode} version ${route.version} is retired.`,
          }
        : {
            vi: `Không có dịch vụ ${route.serviceCode} phiên bản ${route.version} của hệ thống ${route.providerSystemCode} (${route.providerOrgCode}) trên trục.`,
            en: `No service ${route.serviceCode} version ${route.version} of system ${route.providerSystemCode} (${route.providerOrgCode}) on the LGSP.`,
          },
    });
  resolved.target = target;
  record.serviceId = target.serviceId;
  record.providerSystemId = target.providerSystemId;
  record.providerOrganizationId = target.providerOrganizationId;
  const query = route.rest.indexOf("?");
  const decision = await findAccess(ctx, {
    consumerSystemId: caller.systemId,
    serviceId: target.serviceId,
    method: req.method ?? "GET",
    path: (query < 0 ? route.rest : route.rest.slice(0, query)) || "/",
  });
  if ("refused" in decision)
    throw new AppError(decision.refused, {
      detail:
        decision.refused === "access_expired"
          ? {
              vi: "Quyền truy cập dịch vụ này đã hết hạn hoặc bị thu hồi; hãy đề nghị cấp lại.",
              en: "The access right to this service has expired or was revoked; ask for it again.",
            }
          : {
              vi: "Hệ thống của bạn chưa được cơ quan chủ quản dữ liệu cấp quyền gọi dịch vụ (hoặc điểm cuối) này.",
              en: "Your system has not been granted access to this service (or endpoint) by its data owner.",
            },
    });
  return { caller, target, rest: route.rest, access: decision.granted };
}

function fromResult(result: ForwardResult): Partial<ExchangeRecord> {
  return {
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
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
