import { createHash } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Readable } from "node:stream";
import { request } from "undici";
import { blobStoreFor, type BlobRef } from "../../../core/blobs.ts";
import { AppError, isAppError, type Bilingual } from "../../../core/errors.ts";
import { newId } from "../../../core/ids.ts";
import type { ModuleContext } from "../../../core/module.ts";
import { findOrganizationByCode } from "../../directory/index.ts";
import { evidenceLogOf } from "../evidence/log.ts";
import { blankExchangeRecord } from "../exchange-record.ts";
import type { ExchangeRecord } from "../types.ts";
import { headerOf, peerOfConnection } from "./inbound.ts";
import { instanceIdentity } from "./instance-identity.ts";
import type { FederationHandler } from "./listener.ts";
import { agentFor } from "./outbound.ts";
import { peerServing } from "./peers.ts";
import type { PeerRow } from "./repo.ts";
import { SharedReplayGuard } from "./replay-store.ts";
import { acceptOnce, signStatement, verifyStatement } from "./signed-call.ts";

/** The header carrying a delivery's signed statement from the sending instance. */
export const SIGNED_DELIVERY_HEADER = "x-lgsp-federation-delivery";
const TYPE = "lgsp-federation-delivery+jws";
/** Deliveries for channel `c` are posted to `/federation/deliveries/c` on the peer's listener. */
export const DELIVERIES_PATH = "/federation/deliveries/";
/** Longest wait for the peer's answer: it checks the message (signatures) before answering. */
const ANSWER_TIMEOUT_MS = 120_000;
/** A peer's answer is a small JSON object or a problem; anything longer is not read further. */
const MAX_ANSWER_BYTES = 64 * 1024;
const CHANNEL = /^[a-z][a-z0-9-]{0,31}$/;

/**
 * What the sending instance vouches for: one message of a channel (an edXML package), from an
 * agency it serves to an agency the receiving instance serves, with the body's SHA-256 and size —
 * the sender holds the stored message, so unlike a streamed gateway call the body's digest is
 * signed and the receiver refuses any other body.
 */
export type SignedDelivery = {
  channel: string;
  from: string;
  to: string;
  /** The sender's id of the message; the same on every try. */
  messageId: string;
  sha256: string;
  size: number;
  /** A fresh id per try, under which both evidence logs record it. */
  exchangeId: string;
  iat: number;
  exp: number;
};

/** One message as a channel's inbox receives it: stored here, its digest checked. */
export type InboundDelivery = {
  peer: { id: string; name: string; orgCodes: readonly string[] };
  from: string;
  to: string;
  messageId: string;
  exchangeId: string;
  body: BlobRef;
};

/**
 * The receiver of one channel on this instance (the documents module's `edxml`): takes a message
 * in and names the outcome, or throws an AppError in the 4xx range to refuse that message for
 * good (the sender stops trying and records the reason). Anything else is transient.
 */
export type DeliveryInbox = {
  maxBytes: number;
  receive(ctx: ModuleContext, delivery: InboundDelivery): Promise<{ outcome: string }>;
};

const inboxes = new Map<string, DeliveryInbox>();

/** Opens a channel for messages from peers; the module that owns the channel registers it. */
export function registerDeliveryInbox(channel: string, inbox: DeliveryInbox): void {
  if (!CHANNEL.test(channel)) throw new Error(`bad channel name: ${channel}`);
  inboxes.set(channel, inbox);
}

const REFUSALS = {
  missing: { vi: "thiếu lời xác nhận có chữ ký", en: "the signed statement is missing" },
  bad_signature: { vi: "chữ ký không hợp lệ", en: "the signature is not valid" },
  mismatch: { vi: "không khớp với yêu cầu", en: "it does not match the request" },
  expired: { vi: "đã hết hạn", en: "it has expired" },
  replayed: { vi: "đã được dùng", en: "it was already used" },
} as const;

/**
 * The receiving side, behind the federation listener: the peer is known by its TLS certificate,
 * the message by the peer's signed statement. The sending agency must be one the peer serves and
 * the recipient one no peer serves; the body is stored (size limit of the channel) and must have
 * the signed digest and size; then the channel's inbox decides. The exchange is recorded in this
 * instance's evidence log under the sender's exchange id.
 */
export function deliveriesHandler(ctx: ModuleContext): FederationHandler {
  const evidence = evidenceLogOf(ctx);
  const replay = new SharedReplayGuard(ctx.db);
  return async (req, res, { requestId }) => {
    const started = performance.now();
    const peer = await peerOfConnection(ctx, req);
    const record = emptyRecord(req.url!, requestId);
    const finish = (status: number, answer: Buffer, errorCode: string | null) => {
      Object.assign(record, {
        status,
        errorCode,
        outcome: status < 400 ? "completed" : "refused",
        responseBytes: answer.length,
        responseSha256: sha256(answer),
        latencyMs: Math.round((performance.now() - started) * 1000) / 1000,
      });
      evidence.record(record).catch((error: unknown) => {
        ctx.log.error({ err: error, exchangeId: record.id }, "delivery not recorded");
      });
    };
    try {
      const answer = await receiveDelivery(ctx, { req, peer, replay, record });
      const body = Buffer.from(JSON.stringify(answer));
      res.writeHead(200, { "content-type": "application/json", "x-lgsp-exchange-id": record.id });
      res.end(body);
      finish(200, body, null);
    } catch (error) {
      const appError = isAppError(error) ? error : new AppError("internal");
      finish(appError.status, Buffer.alloc(0), appError.code);
      throw error;
    }
  };
}

async function receiveDelivery(
  ctx: ModuleContext,
  options: {
    req: IncomingMessage;
    peer: PeerRow;
    replay: SharedReplayGuard;
    record: ExchangeRecord;
  },
): Promise<{ outcome: string; exchangeId: string }> {
  const { req, peer, record } = options;
  const channel = req.method === "POST" ? req.url!.slice(DELIVERIES_PATH.length) : "";
  const inbox = inboxes.get(channel);
  if (!inbox)
    throw new AppError("not_found", {
      detail: {
        vi: `Nền tảng này không nhận loại gói tin "${channel}".`,
        en: `This instance takes no deliveries on channel "${channel}".`,
      },
    });
  const verdict = await verifyStatement<SignedDelivery>({
    jws: headerOf(req, SIGNED_DELIVERY_HEADER),
    peerCertificate: peer.certificate,
    typ: TYPE,
  });
  const delivery = "refused" in verdict ? undefined : verdict.statement;
  const refusal =
    "refused" in verdict
      ? verdict.refused
      : delivery!.channel !== channel
        ? "mismatch"
        : (await acceptOnce(delivery!, { replay: options.replay.forPeer(peer.id) }))?.refused;
  if (refusal || !delivery)
    throw new AppError("unauthenticated", {
      detail: {
        vi: `Lời xác nhận gửi gói tin của nền tảng ${peer.name} ${REFUSALS[refusal ?? "missing"].vi}.`,
        en: `The delivery statement of instance ${peer.name}: ${REFUSALS[refusal ?? "missing"].en}.`,
      },
      extra: { federationError: refusal },
    });
  record.id = delivery.exchangeId;
  record.correlationId = delivery.messageId;
  record.consumerClientId = `${peer.name}/${delivery.from}`;
  // Both are how the two instances are set up, not the message: the sender tries again until
  // the administrators agree on who serves which agency.
  if (!peer.org_codes.includes(delivery.from))
    throw new AppError("forbidden", {
      detail: {
        vi: `Nền tảng ${peer.name} không phục vụ cơ quan gửi ${delivery.from}.`,
        en: `Instance ${peer.name} does not serve the sender ${delivery.from}.`,
      },
      extra: { federationError: "sender_not_served" },
    });
  const elsewhere = await peerServing(ctx.db, delivery.to);
  if (elsewhere)
    throw new AppError("conflict", {
      detail: {
        vi: `Cơ quan nhận ${delivery.to} thuộc nền tảng liên kết ${elsewhere.name}, không thuộc nền tảng này.`,
        en: `The recipient ${delivery.to} is served by the federation peer ${elsewhere.name}, not by this instance.`,
      },
      extra: { federationError: "recipient_elsewhere" },
    });
  const [sender, recipient] = await Promise.all([
    findOrganizationByCode({ db: ctx.db, code: delivery.from }),
    findOrganizationByCode({ db: ctx.db, code: delivery.to }),
  ]);
  record.consumerOrganizationId = sender?.id ?? null;
  record.providerOrganizationId = recipient?.id ?? null;
  const body = await blobStoreFor(ctx.config).put(req, { maxBytes: inbox.maxBytes });
  record.requestBytes = body.size;
  record.requestSha256 = body.sha256;
  if (body.sha256 !== delivery.sha256 || body.size !== delivery.size)
    throw new AppError("validation_failed", {
      detail: {
        vi: "Nội dung nhận được khác nội dung nền tảng gửi đã ký (mã băm hoặc kích thước).",
        en: "The body received differs from the one the sending instance signed (digest or size).",
      },
      extra: { federationError: "digest_mismatch" },
    });
  const { outcome } = await inbox
    .receive(ctx, {
      peer: { id: peer.id, name: peer.name, orgCodes: peer.org_codes },
      from: delivery.from,
      to: delivery.to,
      messageId: delivery.messageId,
      exchangeId: delivery.exchangeId,
      body,
    })
    .catch((error: unknown) => {
      if (isAppError(error) && isFinal(error.status))
        throw refused(error.code, error.detail, {
          ...error.extra,
          ...(error.errors ? { errors: error.errors } : {}),
        });
      throw error;
    });
  return { outcome, exchangeId: delivery.exchangeId };
}

/** A refusal of the message itself, final: the sender stops trying and keeps the reason. */
function refused(
  code: AppError["code"],
  reason: Bilingual | undefined,
  extra: Record<string, unknown> = {},
): AppError {
  return new AppError(code, {
    ...(reason ? { detail: reason } : {}),
    extra: { ...extra, deliveryRefused: true, ...(reason ? { reason } : {}) },
  });
}

const isFinal = (status: number) => status >= 400 && status < 500 && status !== 429;

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

function emptyRecord(url: string, requestId: string): ExchangeRecord {
  return blankExchangeRecord({
    // Replaced by the sending instance's exchange id once its statement is verified.
    id: requestId,
    requestId,
    method: "POST",
    path: url,
    serviceCode: url.startsWith(DELIVERIES_PATH) ? url.slice(DELIVERIES_PATH.length, 200) : null,
  });
}

/** How one try to hand a message to a peer ended. */
export type PeerDelivery =
  | { kind: "delivered"; outcome: string; exchangeId: string }
  | { kind: "refused"; code: string; reason: Bilingual; exchangeId: string }
  | { kind: "retry"; reason: Bilingual; exchangeId: string };

/**
 * Hands one stored message to the peer instance serving its recipient: a POST to the peer's
 * federation listener over mutual TLS (the same pinned pool as gateway calls), with a statement
 * signed by this instance's key naming the channel, both agencies, the message and its digest.
 * The peer's refusal of the message is final (`refused`, with the peer's reason in both
 * languages); a peer down, slow, or refusing the statement itself (not yet pinned there, clocks
 * apart) is `retry`. This instance's evidence log records each try.
 */
export async function sendToPeer(
  ctx: ModuleContext,
  options: {
    peer: PeerRow;
    channel: string;
    from: string;
    to: string;
    messageId: string;
    body: BlobRef;
    open(): Readable;
  },
): Promise<PeerDelivery> {
  const { body } = options;
  const exchangeId = newId();
  const path = `${DELIVERIES_PATH}${options.channel}`;
  const started = performance.now();
  const record: ExchangeRecord = {
    ...emptyRecord(path, exchangeId),
    correlationId: options.messageId,
    requestBytes: body.size,
    requestSha256: body.sha256,
  };
  const [sender, recipient] = await Promise.all([
    findOrganizationByCode({ db: ctx.db, code: options.from }),
    findOrganizationByCode({ db: ctx.db, code: options.to }),
  ]);
  record.consumerOrganizationId = sender?.id ?? null;
  record.providerOrganizationId = recipient?.id ?? null;
  const result = await post(ctx, { ...options, path, exchangeId, record });
  record.latencyMs = Math.round((performance.now() - started) * 1000) / 1000;
  await evidenceLogOf(ctx)
    .record(record)
    .catch((error: unknown) => {
      ctx.log.error({ err: error, exchangeId }, "delivery not recorded");
    });
  return result;
}

async function post(
  ctx: ModuleContext,
  options: Parameters<typeof sendToPeer>[1] & {
    path: string;
    exchangeId: string;
    record: ExchangeRecord;
  },
): Promise<PeerDelivery> {
  const { peer, record, exchangeId } = options;
  const unreachable: PeerDelivery = {
    kind: "retry",
    exchangeId,
    reason: {
      vi: `Chưa kết nối được nền tảng liên kết ${peer.name}; gói tin sẽ được gửi lại.`,
      en: `The federation peer ${peer.name} could not be reached; the message will be sent again.`,
    },
  };
  const identity = await instanceIdentity(ctx);
  const statement = await signStatement(identity.key, TYPE, {
    channel: options.channel,
    from: options.from,
    to: options.to,
    messageId: options.messageId,
    sha256: options.body.sha256,
    size: options.body.size,
    exchangeId,
  } satisfies Omit<SignedDelivery, "iat" | "exp">);
  const upstreamStarted = performance.now();
  let status: number;
  let answer: Buffer;
  try {
    const response = await request(`${peer.url}${options.path}`, {
      method: "POST",
      headers: {
        "content-type": "application/octet-stream",
        "content-length": String(options.body.size),
        "accept-language": "vi",
        [SIGNED_DELIVERY_HEADER]: statement,
      },
      body: options.open(),
      dispatcher: await agentFor(ctx, peer),
      headersTimeout: ANSWER_TIMEOUT_MS,
      bodyTimeout: ANSWER_TIMEOUT_MS,
    });
    status = response.statusCode;
    record.upstreamMs = Math.round((performance.now() - upstreamStarted) * 1000) / 1000;
    answer = await readCapped(response.body as AsyncIterable<Buffer>);
  } catch (error) {
    ctx.log.warn({ err: error, peer: peer.name, exchangeId }, "peer not reached for a delivery");
    record.outcome = "upstream_error";
    record.status = 502;
    record.errorCode = "bad_gateway";
    return unreachable;
  }
  Object.assign(record, {
    status,
    outcome: "completed",
    responseBytes: answer.length,
    responseSha256: sha256(answer),
  });
  const parsed = parseAnswer(answer);
  if (status === 200 && typeof parsed?.outcome === "string")
    return { kind: "delivered", outcome: parsed.outcome, exchangeId };
  record.errorCode = typeof parsed?.code === "string" ? parsed.code.slice(0, 100) : null;
  const reason = parsed?.reason as Partial<Bilingual> | undefined;
  if (parsed?.deliveryRefused === true && typeof reason?.vi === "string")
    return {
      kind: "refused",
      code: record.errorCode ?? "refused",
      exchangeId,
      reason: { vi: reason.vi, en: typeof reason.en === "string" ? reason.en : reason.vi },
    };
  const detail = typeof parsed?.detail === "string" ? parsed.detail : `HTTP ${status}`;
  return {
    kind: "retry",
    exchangeId,
    reason: {
      vi: `Nền tảng liên kết ${peer.name} chưa nhận gói tin (${detail}); gói tin sẽ được gửi lại.`,
      en: `The federation peer ${peer.name} did not take the message in (${detail}); it will be sent again.`,
    },
  };
}

async function readCapped(body: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    if (size >= MAX_ANSWER_BYTES) continue;
    chunks.push(chunk);
    size += chunk.length;
  }
  return Buffer.concat(chunks).subarray(0, MAX_ANSWER_BYTES);
}

function parseAnswer(answer: Buffer): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(answer.toString("utf8"));
    return value && typeof value === "object" ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
