import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { Type } from "typebox";
import { AppError } from "../../../core/errors.ts";
import type { App } from "../../../core/http/app-type.ts";
import { problemResponses } from "../../../core/http/problem.ts";
import { readBody, sendJson, type RawRequestMeta } from "../../../core/http/raw-routes.ts";
import { requestMeta } from "../../../core/http/request-meta.ts";
import type { ModuleContext } from "../../../core/module.ts";
import { createResourceTokenVerifier, type ResourceCaller } from "../../identity/index.ts";
import { delivererOf, stopDeliverer } from "./delivery.ts";
import { recordAcceptance } from "./evidence.ts";
import { ackPulledMessage, pullMessages } from "./pull.ts";
import {
  acceptMessage,
  CHANNEL_DEFAULTS,
  createChannel,
  getMessageForCaller,
  listChannels,
  listDeadLetters,
  redeliverMessage,
} from "./service.ts";
import type { ChannelPath } from "./store.ts";

/** Largest message any channel may accept; each channel sets its own limit below it. */
const MAX_MESSAGE_BYTES = 100 * 1024 * 1024;

/**
 * Asynchronous delivery. Systems use `/msg/...` with a bearer token from the SSO (like `/gw/`);
 * operators use `/api/v1/exchange/...` with their session or API token.
 *
 * - `POST /msg/{org}/{system}/{service}/{version}/{channel}` with `Idempotency-Key`: 202 once the
 *   message is stored; a repeat gets the same answer.
 * - `GET  .../{channel}/messages/{id}`: the message's state, for the consumer that sent it.
 * - `POST .../{channel}/pull?max=N&leaseSeconds=S`: a pull channel's provider takes messages.
 * - `POST .../{channel}/messages/{id}/ack` `{ lease, delivered, error? }`: and settles them.
 */
export function messagingRoutes(app: App, ctx: ModuleContext) {
  const verifyToken = createResourceTokenVerifier(ctx);
  app.addHook("onClose", () => stopDeliverer(ctx));

  app.rawRoutes.addPrefix("/msg/", async (req, res, meta) => {
    const route = parseMessagePath(req.url!);
    if (!route) throw new AppError("not_found");
    const verdict = await verifyToken(req.headers.authorization);
    if ("refused" in verdict)
      throw new AppError("unauthenticated", {
        detail: {
          vi: "Cần mã truy cập hợp lệ do SSO cấp cho trục LGSP.",
          en: "A valid LGSP access token from the SSO is required.",
        },
        extra: { tokenError: verdict.refused },
      });
    await handle(ctx, route, verdict.caller, req, res, meta);
  });

  const tags = ["exchange"];
  app.post(
    "/services/:id/channels",
    {
      schema: {
        tags,
        summary: "Mở kênh nhận thông điệp / open a message channel on a service",
        params: Type.Object({ id: Type.String({ format: "uuid" }) }),
        body: ChannelBody,
        response: { 201: ChannelSchema, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(
        await createChannel(ctx, {
          actor: request.actor,
          serviceId: request.params.id,
          input: request.body,
          meta: requestMeta(request),
        }),
      ),
  );
  app.get(
    "/services/:id/channels",
    {
      schema: {
        tags,
        summary: "Các kênh thông điệp của dịch vụ / message channels of a service",
        params: Type.Object({ id: Type.String({ format: "uuid" }) }),
        response: { 200: Type.Object({ items: Type.Array(ChannelSchema) }), ...problemResponses },
      },
    },
    async (request) => {
      if (!request.actor) throw new AppError("unauthenticated");
      return { items: await listChannels(ctx, request.params.id) };
    },
  );
  app.get(
    "/dead-letters",
    {
      schema: {
        tags,
        summary: "Thông điệp chuyển phát lỗi / dead letters",
        querystring: Type.Object(
          {
            channelId: Type.Optional(Type.String({ format: "uuid" })),
            limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(MessageSchema) }), ...problemResponses },
      },
    },
    async (request) => ({
      items: await listDeadLetters(ctx, { actor: request.actor, ...request.query }),
    }),
  );
  app.post(
    "/messages/:id/redeliver",
    {
      schema: {
        tags,
        summary: "Chuyển phát lại thông điệp lỗi / redeliver a dead letter",
        params: Type.Object({ id: Type.String({ format: "uuid" }) }),
        response: { 200: MessageSchema, ...problemResponses },
      },
    },
    async (request) => {
      const message = await redeliverMessage(ctx, {
        actor: request.actor,
        id: request.params.id,
        meta: requestMeta(request),
      });
      delivererOf(ctx).worker.wake();
      return message;
    },
  );
}

type MessageRoute = ChannelPath &
  (
    | { action: "post" }
    | { action: "status"; id: string }
    | { action: "pull" }
    | { action: "ack"; id: string }
  );

/** `/msg/{org}/{system}/{service}/{version}/{channel}[/pull | /messages/{id}[/ack]]`. */
export function parseMessagePath(
  url: string,
): (MessageRoute & { query: URLSearchParams }) | undefined {
  const [pathname = "", search = ""] = url.split("?", 2);
  const segments = pathname.split("/").slice(2);
  if (segments.some((s) => s === "" || s.includes("%"))) return undefined;
  const [providerOrgCode, providerSystemCode, serviceCode, version, channel, ...rest] = segments;
  if (!providerOrgCode || !providerSystemCode || !serviceCode || !version || !channel)
    return undefined;
  const base = { providerOrgCode, providerSystemCode, serviceCode, version, channel };
  const query = new URLSearchParams(search);
  if (rest.length === 0) return { ...base, action: "post", query };
  if (rest.length === 1 && rest[0] === "pull") return { ...base, action: "pull", query };
  if (rest[0] === "messages" && rest.length === 2)
    return { ...base, action: "status", id: rest[1]!, query };
  if (rest[0] === "messages" && rest.length === 3 && rest[2] === "ack")
    return { ...base, action: "ack", id: rest[1]!, query };
  return undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function handle(
  ctx: ModuleContext,
  route: MessageRoute & { query: URLSearchParams },
  caller: ResourceCaller,
  req: IncomingMessage,
  res: ServerResponse,
  meta: RawRequestMeta,
) {
  const allow = (method: string) => {
    if (req.method !== method)
      throw new AppError("validation_failed", {
        detail: { vi: `Phương thức phải là ${method}.`, en: `The method must be ${method}.` },
      });
  };
  if (route.action === "post") {
    allow("POST");
    const startedAt = new Date();
    const started = performance.now();
    const body = await readBody(req, MAX_MESSAGE_BYTES);
    const header = (name: string) => {
      const value = req.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const accepted = await acceptMessage(ctx, {
      caller,
      path: route,
      idempotencyKey: header("idempotency-key"),
      contentType: header("content-type"),
      correlationId: header("x-correlation-id") ?? meta.requestId,
      body,
    });
    if (accepted.created && accepted.channel.delivery === "push") delivererOf(ctx).worker.wake();
    const answer = JSON.stringify(accepted.message);
    sendJson(res, 202, accepted.message, {
      location: `${req.url!.split("?")[0]}/messages/${accepted.message.id}`,
      ...(accepted.created ? {} : { "idempotent-replayed": "true" }),
    });
    const { message } = accepted;
    recordAcceptance(ctx, {
      channel: accepted.channel,
      message: {
        id: message.id,
        consumer_client_id: caller.clientId,
        consumer_system_id: caller.systemId!,
        consumer_organization_id: caller.organizationId!,
        correlation_id: message.correlationId,
        payload_bytes: message.bytes,
        request_sha256: message.sha256,
      },
      startedAt,
      latencyMs: performance.now() - started,
      requestId: meta.requestId,
      responseBytes: Buffer.byteLength(answer),
      responseSha256: createHash("sha256").update(answer).digest("hex"),
    });
    return;
  }
  if (route.action === "status") {
    allow("GET");
    if (!UUID.test(route.id)) throw new AppError("not_found");
    return sendJson(res, 200, await getMessageForCaller(ctx, { caller, id: route.id }));
  }
  if (route.action === "pull") {
    allow("POST");
    const max = Number(route.query.get("max") ?? 10);
    const leaseSeconds = Number(route.query.get("leaseSeconds") ?? 60);
    return sendJson(res, 200, await pullMessages(ctx, { caller, path: route, max, leaseSeconds }));
  }
  allow("POST");
  if (!UUID.test(route.id)) throw new AppError("not_found");
  let ack: unknown;
  try {
    ack = JSON.parse((await readBody(req, 64 * 1024)).toString("utf8"));
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError("malformed_json");
  }
  return sendJson(
    res,
    200,
    await ackPulledMessage(ctx, { caller, path: route, id: route.id, ack }),
  );
}

const ChannelBody = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 63 }),
    name: Type.String({ minLength: 1, maxLength: 300 }),
    delivery: Type.Union([Type.Literal("push"), Type.Literal("pull")]),
    pushPath: Type.Optional(Type.String({ maxLength: 500 })),
    maxAttempts: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    retryBaseMs: Type.Optional(Type.Integer({ minimum: 10, maximum: 3_600_000 })),
    maxMessageBytes: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: MAX_MESSAGE_BYTES,
        default: CHANNEL_DEFAULTS.maxMessageBytes,
      }),
    ),
  },
  { additionalProperties: false },
);

const ChannelSchema = Type.Object({
  id: Type.String(),
  serviceId: Type.String(),
  path: Type.String(),
  code: Type.String(),
  name: Type.String(),
  delivery: Type.String(),
  pushPath: Type.String(),
  maxAttempts: Type.Integer(),
  retryBaseMs: Type.Integer(),
  maxMessageBytes: Type.Integer(),
  status: Type.String(),
});

const MessageSchema = Type.Object({
  id: Type.String(),
  channelId: Type.String(),
  idempotencyKey: Type.String(),
  correlationId: Type.String(),
  contentType: Type.String(),
  bytes: Type.Integer(),
  sha256: Type.String(),
  status: Type.String(),
  attempts: Type.Integer(),
  nextAttemptAt: Type.Union([Type.String(), Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()]),
  responseStatus: Type.Union([Type.Integer(), Type.Null()]),
  acceptedAt: Type.String(),
  deliveredAt: Type.Union([Type.String(), Type.Null()]),
  deadAt: Type.Union([Type.String(), Type.Null()]),
});
