import { createHash } from "node:crypto";
import type { Actor } from "../../../core/actor.ts";
import { recordAudit } from "../../../core/audit.ts";
import { AppError } from "../../../core/errors.ts";
import { newId } from "../../../core/ids.ts";
import type { ModuleContext } from "../../../core/module.ts";
import type { RequestMeta } from "../../../core/http/request-meta.ts";
import type { ResourceCaller } from "../../identity/index.ts";
import { findAccess, resolveTarget } from "../catalogue/lookups.ts";
import { mediationFor } from "../mediation/gateway-mediation.ts";
import { administeredOrganizations, requireAdminOf } from "../catalogue/scope.ts";
import { selectService, toTarget } from "../catalogue/services-repo.ts";
import {
  insertChannel,
  insertMessage,
  requeueMessage,
  selectChannel,
  selectChannelByPath,
  selectChannelIdsOfProviders,
  selectChannelsOfService,
  selectDeadLetters,
  selectMessage,
  type ChannelPath,
  type ChannelRow,
  type MessageRow,
} from "./store.ts";

export type ChannelInput = {
  code: string;
  name: string;
  delivery: "push" | "pull";
  /** Appended to the service's base URL for push delivery (e.g. `/inbox/reports`). */
  pushPath?: string | undefined;
  maxAttempts?: number | undefined;
  retryBaseMs?: number | undefined;
  maxMessageBytes?: number | undefined;
};

export const CHANNEL_DEFAULTS = {
  maxAttempts: 12,
  retryBaseMs: 2_000,
  maxMessageBytes: 10 * 1024 * 1024,
};

export type Channel = {
  id: string;
  serviceId: string;
  path: string;
  code: string;
  name: string;
  delivery: "push" | "pull";
  pushPath: string;
  maxAttempts: number;
  retryBaseMs: number;
  maxMessageBytes: number;
  status: "active" | "retired";
};

export function presentChannel(row: ChannelRow): Channel {
  return {
    id: row.id,
    serviceId: row.service_id,
    path: `/msg/${row.provider_org_code}/${row.provider_system_code}/${row.service_code}/${row.service_version}/${row.code}`,
    code: row.code,
    name: row.name,
    delivery: row.delivery,
    pushPath: row.push_path,
    maxAttempts: row.max_attempts,
    retryBaseMs: row.retry_base_ms,
    maxMessageBytes: row.max_message_bytes,
    status: row.status,
  };
}

/** A message as its consumer and the operators see it (never the payload). */
export type Message = {
  id: string;
  channelId: string;
  idempotencyKey: string;
  correlationId: string;
  contentType: string;
  bytes: number;
  sha256: string;
  status: MessageRow["status"];
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  responseStatus: number | null;
  acceptedAt: string;
  deliveredAt: string | null;
  deadAt: string | null;
};

export function presentMessage(row: MessageRow): Message {
  return {
    id: row.id,
    channelId: row.channel_id,
    idempotencyKey: row.idempotency_key,
    correlationId: row.correlation_id,
    contentType: row.content_type,
    bytes: row.payload_bytes,
    sha256: row.request_sha256,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.status === "queued" ? row.next_attempt_at.toISOString() : null,
    lastError: row.last_error,
    responseStatus: row.response_status,
    acceptedAt: row.accepted_at.toISOString(),
    deliveredAt: row.delivered_at?.toISOString() ?? null,
    deadAt: row.dead_at?.toISOString() ?? null,
  };
}

const CODE = /^[a-z0-9][a-z0-9._-]{0,62}$/;
const PUSH_PATH = /^(\/[A-Za-z0-9._~!$&'()*+,;=:@-]+)*\/?$/;

/** A provider organization's administrator opens a message channel on one of its services. */
export async function createChannel(
  ctx: ModuleContext,
  options: {
    actor: Actor | null | undefined;
    serviceId: string;
    input: ChannelInput;
    meta?: RequestMeta;
  },
): Promise<Channel> {
  const { input } = options;
  const row = await selectService(ctx.db, options.serviceId);
  if (!row) throw new AppError("not_found");
  const service = toTarget(row);
  const actor = await requireAdminOf({
    db: ctx.db,
    actor: options.actor,
    organizationId: service.providerOrganizationId,
  });
  const errors = [];
  if (!CODE.test(input.code))
    errors.push({
      path: "body.code",
      message: "chữ thường, số, . _ - (tối đa 63) / lower-case code",
    });
  if (input.delivery === "push" && !PUSH_PATH.test(input.pushPath ?? ""))
    errors.push({ path: "body.pushPath", message: "đường dẫn không hợp lệ / invalid path" });
  if (input.pushPath && /(^|\/)\.\.?(\/|$)/.test(input.pushPath))
    errors.push({ path: "body.pushPath", message: "không được chứa . hoặc .. / no dot segments" });
  if (errors.length) throw new AppError("validation_failed", { errors });
  const channel: ChannelRow = {
    id: newId(),
    service_id: service.serviceId,
    provider_system_id: service.providerSystemId,
    provider_organization_id: service.providerOrganizationId,
    provider_org_code: service.providerOrgCode,
    provider_system_code: service.providerSystemCode,
    service_code: service.serviceCode,
    service_version: service.version,
    code: input.code,
    name: input.name,
    delivery: input.delivery,
    push_path: input.delivery === "push" ? (input.pushPath ?? "") : "",
    max_attempts: input.maxAttempts ?? CHANNEL_DEFAULTS.maxAttempts,
    retry_base_ms: input.retryBaseMs ?? CHANNEL_DEFAULTS.retryBaseMs,
    max_message_bytes: input.maxMessageBytes ?? CHANNEL_DEFAULTS.maxMessageBytes,
    status: "active",
    created_at: new Date(),
  };
  await ctx.db.transaction().execute(async (trx) => {
    try {
      await insertChannel(trx, channel);
    } catch (error) {
      if ((error as { code?: string }).code === "23505")
        throw new AppError("conflict", {
          detail: {
            vi: `Dịch vụ đã có kênh mã "${input.code}".`,
            en: `The service already has a channel "${input.code}".`,
          },
        });
      throw error;
    }
    await recordAudit(trx, {
      action: "exchange.channel_created",
      actor,
      organizationId: service.providerOrganizationId,
      targetType: "channel",
      targetId: channel.id,
      details: { serviceId: service.serviceId, code: channel.code, delivery: channel.delivery },
      ...options.meta,
    });
  });
  return presentChannel(channel);
}

export async function listChannels(ctx: ModuleContext, serviceId: string): Promise<Channel[]> {
  return (await selectChannelsOfService(ctx.db, serviceId)).map(presentChannel);
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

export type AcceptedMessage = { created: boolean; message: Message; channel: ChannelRow };

/**
 * A consumer system posts a message to a provider's channel. The answer comes once the message is
 * committed to the database, so an acknowledged message survives a crash right after. A repeat
 * with the same idempotency key gets the first answer; the same key with a different body is a
 * conflict.
 */
export async function acceptMessage(
  ctx: ModuleContext,
  options: {
    caller: ResourceCaller;
    path: ChannelPath;
    idempotencyKey: string | undefined;
    contentType: string | undefined;
    correlationId: string | undefined;
    body: Buffer;
  },
): Promise<AcceptedMessage> {
  const { caller } = options;
  const channel = await selectChannelByPath(ctx.db, options.path);
  if (!channel)
    throw new AppError("not_found", {
      detail: {
        vi: "Không có kênh nhận thông điệp này trên trục LGSP.",
        en: "No such message channel on the LGSP.",
      },
    });
  if (!caller.systemId || !caller.organizationId)
    throw new AppError("forbidden", {
      detail: {
        vi: "Ứng dụng chưa được gắn với hệ thống thông tin nào trong danh bạ.",
        en: "The client is not linked to an information system in the directory.",
      },
    });
  const access = await findAccess(ctx, {
    consumerSystemId: caller.systemId,
    serviceId: channel.service_id,
    method: "POST",
    path: `/messages/${channel.code}`,
  });
  if ("refused" in access) throw new AppError(access.refused);
  const key = options.idempotencyKey?.trim();
  if (!key || !IDEMPOTENCY_KEY.test(key))
    throw new AppError("validation_failed", {
      errors: [
        {
          path: "header.idempotency-key",
          message:
            "Cần khóa chống trùng (1–200 ký tự in được) / an Idempotency-Key header is required",
        },
      ],
    });
  if (options.body.length > channel.max_message_bytes)
    throw new AppError("payload_too_large", {
      extra: { limit: channel.max_message_bytes },
    });
  await checkMediation(ctx, channel, options.body, options.contentType);
  const sha256 = createHash("sha256").update(options.body).digest("hex");
  const id = newId();
  const { created, row } = await insertMessage(ctx.db, ctx.config, {
    id,
    channel_id: channel.id,
    consumer_system_id: caller.systemId,
    consumer_organization_id: caller.organizationId,
    consumer_client_id: caller.clientId,
    idempotency_key: key,
    request_sha256: sha256,
    content_type: options.contentType?.slice(0, 200) || "application/octet-stream",
    payload_bytes: options.body.length,
    correlation_id: options.correlationId?.slice(0, 200) || id,
    accepted_at: new Date(),
    payload: options.body,
  });
  if (!created && row.request_sha256 !== sha256)
    throw new AppError("conflict", {
      detail: {
        vi: "Khóa chống trùng này đã dùng cho một thông điệp có nội dung khác.",
        en: "This idempotency key was already used for a message with a different body.",
      },
      extra: { messageId: row.id },
    });
  return { created, message: presentMessage(row), channel };
}

/**
 * A channel of a service mediated JSON ↔ XML delivers JSON messages as XML: a message that could
 * not be converted is refused now (400, nothing stored) rather than dead-lettered later.
 */
async function checkMediation(
  ctx: ModuleContext,
  channel: ChannelRow,
  body: Buffer,
  contentType: string | undefined,
) {
  if (channel.delivery !== "push" || !contentType) return;
  const target = await resolveTarget(ctx, {
    providerOrgCode: channel.provider_org_code,
    providerSystemCode: channel.provider_system_code,
    serviceCode: channel.service_code,
    version: channel.service_version,
  });
  if (target) mediationFor(target)?.convertMessage(body, contentType);
}

/** A message's state, for the consumer that sent it or an administrator of either side. */
export async function getMessageForCaller(
  ctx: ModuleContext,
  options: { caller: ResourceCaller; id: string },
): Promise<Message> {
  const row = await selectMessage(ctx.db, options.id);
  if (!row || row.consumer_system_id !== options.caller.systemId) throw new AppError("not_found");
  return presentMessage(row);
}

/** Dead letters of the channels whose provider or consumer the caller administers. */
export async function listDeadLetters(
  ctx: ModuleContext,
  options: { actor: Actor | null | undefined; channelId?: string | undefined; limit: number },
): Promise<Message[]> {
  const organizations = await administeredOrganizations(ctx.db, options.actor);
  let channelIds: string[] | "all" = "all";
  if (options.channelId) {
    const channel = await selectChannel(ctx.db, options.channelId);
    if (!channel || (organizations && !organizations.includes(channel.provider_organization_id)))
      throw new AppError("not_found");
    channelIds = [channel.id];
  } else if (organizations) {
    channelIds = await selectChannelIdsOfProviders(ctx.db, organizations);
  }
  return (await selectDeadLetters(ctx.db, { channelIds, limit: options.limit })).map(
    presentMessage,
  );
}

/** An operator of the provider puts a dead letter back in the queue; audited. */
export async function redeliverMessage(
  ctx: ModuleContext,
  options: { actor: Actor | null | undefined; id: string; meta?: RequestMeta },
): Promise<Message> {
  const row = await selectMessage(ctx.db, options.id);
  const channel = row && (await selectChannel(ctx.db, row.channel_id));
  if (!row || !channel) throw new AppError("not_found");
  const actor = await requireAdminOf({
    db: ctx.db,
    actor: options.actor,
    organizationId: channel.provider_organization_id,
  });
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await requeueMessage(trx, row.id)))
      throw new AppError("conflict", {
        detail: {
          vi: "Thông điệp không nằm trong danh sách chuyển phát lỗi.",
          en: "The message is not a dead letter.",
        },
      });
    await recordAudit(trx, {
      action: "exchange.message_redelivered",
      actor,
      organizationId: channel.provider_organization_id,
      targetType: "message",
      targetId: row.id,
      details: { channelId: channel.id, attempts: row.attempts, lastError: row.last_error },
      ...options.meta,
    });
  });
  return presentMessage((await selectMessage(ctx.db, row.id))!);
}
