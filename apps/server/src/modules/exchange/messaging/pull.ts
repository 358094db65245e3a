import { retryDelayMs } from "../../../core/polling-worker.ts";
import { AppError } from "../../../core/errors.ts";
import type { ModuleContext } from "../../../core/module.ts";
import type { ResourceCaller } from "../../identity/index.ts";
import { recordDeliveryAttempt } from "./evidence.ts";
import { presentMessage } from "./service.ts";
import {
  claimDueMessages,
  recordAttempt,
  selectChannelByPath,
  selectMessage,
  type ChannelPath,
  type ChannelRow,
} from "./store.ts";

/**
 * Pull channels: the provider system takes messages itself (for systems that cannot be reached
 * from the platform). A pulled message is leased to the caller; settling it needs the lease, and
 * a message not settled before its lease runs out can be pulled again.
 */
async function providerChannel(
  ctx: ModuleContext,
  caller: ResourceCaller,
  path: ChannelPath,
): Promise<ChannelRow> {
  const channel = await selectChannelByPath(ctx.db, path);
  if (!channel || channel.delivery !== "pull") throw new AppError("not_found");
  if (caller.systemId !== channel.provider_system_id)
    throw new AppError("forbidden", {
      detail: {
        vi: "Chỉ hệ thống cung cấp dịch vụ mới được nhận thông điệp của kênh này.",
        en: "Only the provider system may take this channel's messages.",
      },
    });
  return channel;
}

export async function pullMessages(
  ctx: ModuleContext,
  options: { caller: ResourceCaller; path: ChannelPath; max: number; leaseSeconds: number },
) {
  if (!Number.isInteger(options.max) || options.max < 1 || options.max > 100)
    throw new AppError("validation_failed", {
      errors: [{ path: "query.max", message: "1–100" }],
    });
  if (
    !Number.isInteger(options.leaseSeconds) ||
    options.leaseSeconds < 5 ||
    options.leaseSeconds > 3600
  )
    throw new AppError("validation_failed", {
      errors: [{ path: "query.leaseSeconds", message: "5–3600" }],
    });
  const channel = await providerChannel(ctx, options.caller, options.path);
  const claimed = await claimDueMessages(ctx.db, ctx.config, {
    limit: options.max,
    leaseMs: options.leaseSeconds * 1000,
    delivery: "pull",
    channelId: channel.id,
  });
  return {
    items: claimed.map((m) => ({
      id: m.id,
      lease: m.lease,
      leaseExpiresAt: new Date(Date.now() + options.leaseSeconds * 1000).toISOString(),
      attempt: m.attempts + 1,
      idempotencyKey: m.idempotency_key,
      correlationId: m.correlation_id,
      consumerSystemId: m.consumer_system_id,
      contentType: m.content_type,
      sha256: m.request_sha256,
      acceptedAt: m.accepted_at.toISOString(),
      payloadBase64: m.payload.toString("base64"),
    })),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function ackPulledMessage(
  ctx: ModuleContext,
  options: { caller: ResourceCaller; path: ChannelPath; id: string; ack: unknown },
) {
  const channel = await providerChannel(ctx, options.caller, options.path);
  const ack = options.ack as { lease?: unknown; delivered?: unknown; error?: unknown } | null;
  const errors = [];
  if (!ack || typeof ack !== "object" || Array.isArray(ack))
    errors.push({ path: "body", message: "cần một đối tượng JSON / a JSON object is required" });
  else {
    if (typeof ack.lease !== "string" || !UUID.test(ack.lease))
      errors.push({ path: "body.lease", message: "mã thuê không hợp lệ / invalid lease" });
    if (typeof ack.delivered !== "boolean")
      errors.push({ path: "body.delivered", message: "true hoặc false / true or false" });
    if (ack.error !== undefined && typeof ack.error !== "string")
      errors.push({ path: "body.error", message: "chuỗi / a string" });
    const extra = Object.keys(ack).filter((k) => !["lease", "delivered", "error"].includes(k));
    for (const key of extra)
      errors.push({ path: `body.${key}`, message: "không được phép / not allowed" });
  }
  if (errors.length) throw new AppError("validation_failed", { errors });
  const { lease, delivered, error } = ack as { lease: string; delivered: boolean; error?: string };
  const message = await selectMessage(ctx.db, options.id);
  if (!message || message.channel_id !== channel.id) throw new AppError("not_found");
  const attempts = message.attempts + 1;
  const settled = await recordAttempt(
    ctx.db,
    { id: message.id, lease },
    delivered
      ? { delivered: true, responseStatus: 200, responseSha256: "" }
      : {
          delivered: false,
          error: error?.slice(0, 2000) || "refused by the provider",
          responseStatus: null,
          retryAt:
            attempts >= channel.max_attempts
              ? undefined
              : new Date(Date.now() + retryDelayMs(attempts, channel.retry_base_ms)),
        },
  );
  if (settled)
    recordDeliveryAttempt(ctx, {
      channel,
      message,
      startedAt: new Date(),
      latencyMs: 0,
      providerStatus: delivered ? 200 : null,
      responseBytes: 0,
      responseSha256: null,
    });
  else
    throw new AppError("conflict", {
      detail: {
        vi: "Hết thời hạn thuê hoặc thông điệp đã được xử lý; hãy nhận lại.",
        en: "The lease has run out or the message was settled already; pull again.",
      },
    });
  return presentMessage((await selectMessage(ctx.db, message.id))!);
}
