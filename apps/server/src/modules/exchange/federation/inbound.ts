import type { IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";
import type { Actor } from "../../../core/actor.ts";
import { AppError } from "../../../core/errors.ts";
import { checkedEndUser } from "../end-user.ts";
import type { ModuleContext } from "../../../core/module.ts";
import { findOrganizationByCode, listInformationSystems } from "../../directory/index.ts";
import { findAccess, resolveTarget } from "../catalogue/lookups.ts";
import { parseGatewayPath } from "../gateway-route.ts";
import type { ExchangeRecord } from "../types.ts";
import { activePeers } from "./peers.ts";
import type { PeerRow } from "./repo.ts";
import { SIGNED_CALL_HEADER, verifyCall, type ReplayCheck } from "./signed-call.ts";

/** What a federated call resolves to on the provider's instance before it is forwarded. */
export type InboundCall = {
  peer: PeerRow;
  consumerSystemId: string;
  consumerOrganizationId: string;
  access: { rateLimitPerMinute: number | null; dailyQuota: number | null };
};

/** The peer whose pinned certificate the TLS client presented (TLS already refused others). */
export async function peerOfConnection(ctx: ModuleContext, req: IncomingMessage) {
  const certificate = (req.socket as TLSSocket).getPeerCertificate?.();
  const fingerprint = certificate?.fingerprint256;
  const peer = fingerprint
    ? (await activePeers(ctx.db)).find((p) => p.fingerprint === fingerprint)
    : undefined;
  if (!peer)
    throw new AppError("forbidden", {
      detail: {
        vi: "Chứng thư của nền tảng gọi đến không nằm trong danh sách nền tảng liên kết đang hoạt động.",
        en: "The calling instance's certificate is not one of an active federation peer.",
      },
    });
  return peer;
}

/** Who looks up the remote consumer in the directory: the platform itself. */
const FEDERATION_ACTOR: Actor = { kind: "system", name: "federation" };

const REFUSALS = {
  missing: "thiếu lời xác nhận có chữ ký / the signed statement is missing",
  bad_signature: "chữ ký không hợp lệ / the signature is not valid",
  mismatch: "không khớp với yêu cầu / it does not match the request",
  expired: "đã hết hạn / it has expired",
  replayed: "đã được dùng / it was already used",
} as const;

/**
 * Authorizes a call a peer forwards to this instance's gateway: the peer's signed statement
 * (method, path, consumer, exchange id, time) must verify with its pinned certificate, the
 * consumer's organization must be one the peer serves, and the consumer system must be known in
 * this instance's directory under the same agency code and system code — access rights are
 * granted to that directory system like to any local consumer. Fills the evidence record.
 */
export async function authorizeInbound(options: {
  ctx: ModuleContext;
  req: IncomingMessage;
  peer: PeerRow;
  replay: ReplayCheck;
  record: ExchangeRecord;
}): Promise<
  InboundCall & {
    target: NonNullable<Awaited<ReturnType<typeof resolveTarget>>>;
    rest: string;
    endUser: string | undefined;
  }
> {
  const { ctx, req, peer, record } = options;
  const verdict = await verifyCall({
    jws: headerOf(req, SIGNED_CALL_HEADER),
    peerCertificate: peer.certificate,
    method: req.method ?? "GET",
    path: req.url!,
    replay: options.replay,
  });
  if ("refused" in verdict)
    throw new AppError("unauthenticated", {
      detail: {
        vi: `Lời xác nhận của nền tảng ${peer.name} ${REFUSALS[verdict.refused].split(" / ")[0]}.`,
        en: `The signed statement of instance ${peer.name}: ${REFUSALS[verdict.refused].split(" / ")[1]}.`,
      },
      extra: { federationError: verdict.refused },
    });
  const { call } = verdict;
  record.id = call.exchangeId;
  record.correlationId = call.correlationId;
  record.consumerClientId = `${peer.name}/${call.consumer.orgCode}/${call.consumer.systemCode}`;
  const endUser = checkedEndUser(call.endUser, "statement.endUser");
  record.endUser = endUser ?? null;
  const consumer = await remoteConsumerSystem(ctx, peer, call.consumer);
  record.consumerSystemId = consumer.id;
  record.consumerOrganizationId = consumer.organizationId;
  const route = parseGatewayPath(req.url!);
  const target = route && (await resolveTarget(ctx, route));
  if (!route || !target || target.status === "retired")
    throw new AppError("not_found", {
      detail: {
        vi: "Không có dịch vụ này trên nền tảng.",
        en: "No such service on this instance.",
      },
    });
  record.serviceId = target.serviceId;
  record.providerSystemId = target.providerSystemId;
  record.providerOrganizationId = target.providerOrganizationId;
  const query = route.rest.indexOf("?");
  const decision = await findAccess(ctx, {
    consumerSystemId: consumer.id,
    serviceId: target.serviceId,
    method: req.method ?? "GET",
    path: (query < 0 ? route.rest : route.rest.slice(0, query)) || "/",
  });
  if ("refused" in decision)
    throw new AppError(decision.refused, {
      detail: {
        vi: "Hệ thống khai thác chưa được cơ quan chủ quản dữ liệu cấp quyền gọi dịch vụ (hoặc điểm cuối) này.",
        en: "The consumer system has not been granted access to this service (or endpoint).",
      },
    });
  return {
    peer,
    target,
    consumerSystemId: consumer.id,
    consumerOrganizationId: consumer.organizationId,
    access: decision.granted,
    rest: route.rest,
    endUser,
  };
}

async function remoteConsumerSystem(
  ctx: ModuleContext,
  peer: PeerRow,
  consumer: { orgCode: string; systemCode: string },
): Promise<{ id: string; organizationId: string }> {
  const refuse = () =>
    new AppError("forbidden", {
      detail: {
        vi: `Hệ thống ${consumer.systemCode} (${consumer.orgCode}) không được nền tảng ${peer.name} phục vụ, hoặc chưa có trong danh bạ của nền tảng này.`,
        en: `System ${consumer.systemCode} (${consumer.orgCode}) is not served by instance ${peer.name}, or is not in this instance's directory.`,
      },
    });
  if (!peer.org_codes.includes(consumer.orgCode)) throw refuse();
  const organization = await findOrganizationByCode({ db: ctx.db, code: consumer.orgCode });
  if (!organization) throw refuse();
  const { items } = await listInformationSystems({
    db: ctx.db,
    actor: FEDERATION_ACTOR,
    organizationId: organization.id,
    q: consumer.systemCode,
    limit: 50,
  });
  const system = items.find((s) => s.code === consumer.systemCode && s.status !== "retired");
  if (!system) throw refuse();
  return { id: system.id, organizationId: organization.id };
}

export function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
