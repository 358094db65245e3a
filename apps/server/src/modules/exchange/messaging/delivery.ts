import { createHash } from "node:crypto";
import { Agent, errors, request } from "undici";
import type { Db } from "../../../core/db/index.ts";
import type { ModuleContext, RecurringJob } from "../../../core/module.ts";
import {
  retryDelayMs,
  startPollingWorker,
  type PollingWorker,
} from "../../../core/polling-worker.ts";
import { resolveTarget } from "../catalogue/lookups.ts";
import { mediationFor } from "../mediation/gateway-mediation.ts";
import { recordDeliveryAttempt } from "./evidence.ts";
import {
  claimDueMessages,
  recordAttempt,
  selectChannel,
  type AttemptResult,
  type ChannelRow,
  type ClaimedMessage,
} from "./store.ts";

/** Messages claimed per pass, delivered concurrently. */
const BATCH = 32;
/** A claimed message not settled within this time is claimed again (by any process). */
export const DELIVERY_LEASE_MS = 120_000;
/** How much of a provider's answer is read (to hash it); the rest is discarded. */
const MAX_ANSWER_BYTES = 1024 * 1024;
/** Statuses that say "try again later"; any other 4xx is final and the message goes dead. */
const RETRYABLE = new Set([408, 425, 429, 500, 502, 503, 504]);

/** What came back from the provider, for the evidence log. */
type Answer = { bytes: number; sha256?: string | undefined; timedOut?: boolean };

type Deliverer = { worker: PollingWorker; agent: Agent };
const deliverers = new WeakMap<Db, Deliverer>();

/**
 * Pushes queued messages of push channels to their providers, in this process: woken when a
 * message is accepted here, and by the recurring job for everything else (retries that fell due,
 * messages accepted by other processes, leases of a process that died). Several processes may
 * deliver at once; each message is claimed by one of them at a time.
 */
export function delivererOf(ctx: ModuleContext): Deliverer {
  let deliverer = deliverers.get(ctx.db);
  if (!deliverer) {
    const agent = new Agent({ keepAliveTimeout: 10_000, connections: 64 });
    const worker = startPollingWorker({
      name: "exchange.delivery",
      pollMs: 5_000,
      log: ctx.log,
      pass: () => deliverDue(ctx, agent),
    });
    deliverer = { worker, agent };
    deliverers.set(ctx.db, deliverer);
  }
  return deliverer;
}

/** Stops this process's deliverer (on shutdown); messages in flight are claimed again later. */
export async function stopDeliverer(ctx: { db: Db }): Promise<void> {
  const deliverer = deliverers.get(ctx.db);
  if (!deliverer) return;
  deliverers.delete(ctx.db);
  await deliverer.worker.stop();
  await deliverer.agent.close();
}

export const deliveryJob: RecurringJob = {
  name: "exchange.deliver_messages",
  everySeconds: 5,
  async run(ctx) {
    await delivererOf(ctx).worker.drain();
  },
};

async function deliverDue(ctx: ModuleContext, agent: Agent): Promise<number> {
  const claimed = await claimDueMessages(ctx.db, ctx.config, {
    limit: BATCH,
    leaseMs: DELIVERY_LEASE_MS,
    delivery: "push",
  });
  const channels = new Map<string, Promise<ChannelRow | undefined>>();
  await Promise.all(
    claimed.map(async (message) => {
      let channel = channels.get(message.channel_id);
      if (!channel)
        channels.set(message.channel_id, (channel = selectChannel(ctx.db, message.channel_id)));
      const row = await channel;
      const startedAt = new Date();
      const started = performance.now();
      const answer: Answer = { bytes: 0 };
      const result = await attempt(ctx, agent, message, row, answer);
      await recordAttempt(ctx.db, message, result);
      if (row)
        recordDeliveryAttempt(ctx, {
          channel: row,
          message,
          startedAt,
          latencyMs: performance.now() - started,
          providerStatus: result.responseStatus,
          timedOut: answer.timedOut,
          responseBytes: answer.bytes,
          responseSha256: answer.sha256 ?? null,
        });
      if (!result.delivered)
        ctx.log.warn(
          {
            messageId: message.id,
            attempt: message.attempts + 1,
            error: result.error,
            dead: !result.retryAt,
          },
          "message delivery failed",
        );
    }),
  );
  return claimed.length;
}

async function attempt(
  ctx: ModuleContext,
  agent: Agent,
  message: ClaimedMessage,
  channel: ChannelRow | undefined,
  answer: Answer,
): Promise<AttemptResult> {
  const attempts = message.attempts + 1;
  const failed = (error: string, status: number | null, retryable: boolean, after?: number) => {
    const last = !channel || attempts >= channel.max_attempts || !retryable;
    const delay = Math.max(
      after ?? 0,
      retryDelayMs(attempts, channel?.retry_base_ms ?? 2_000) * (0.8 + Math.random() * 0.4),
    );
    return {
      delivered: false as const,
      error,
      responseStatus: status,
      retryAt: last ? undefined : new Date(Date.now() + delay),
    };
  };
  if (!channel) return failed("channel not found", null, false);
  const target = await resolveTarget(ctx, {
    providerOrgCode: channel.provider_org_code,
    providerSystemCode: channel.provider_system_code,
    serviceCode: channel.service_code,
    version: channel.service_version,
  });
  if (!target || target.status === "retired")
    return failed("the provider's service is not in the catalogue (or retired)", null, true);
  const url = `${target.baseUrl.replace(/\/$/, "")}${channel.push_path}`;
  // A legacy provider that speaks XML gets the message as XML, like a call through /gw; the
  // message was checked when accepted, so a refusal here means the service's mediation changed.
  let converted: { body: Buffer; contentType: string } | undefined;
  try {
    converted = mediationFor(target)?.convertMessage(
      Buffer.from(message.payload),
      message.content_type,
    );
  } catch (error) {
    return failed(`the message cannot be converted: ${(error as Error).message}`, null, false);
  }
  try {
    const response = await request(url, {
      method: "POST",
      dispatcher: agent,
      body: converted?.body ?? message.payload,
      headersTimeout: target.timeoutMs,
      bodyTimeout: target.timeoutMs,
      headers: {
        "content-type": converted?.contentType ?? message.content_type,
        ...(converted ? { "accept-encoding": "identity" } : {}),
        // The provider removes duplicates by this key: a message may arrive more than once (at
        // least once delivery), for instance when this process dies after sending it.
        "idempotency-key": message.id,
        "x-lgsp-message-id": message.id,
        "x-lgsp-channel": channel.code,
        "x-lgsp-consumer-system": message.consumer_system_id,
        "x-lgsp-attempt": String(attempts),
        "x-correlation-id": message.correlation_id,
      },
    });
    const hash = createHash("sha256");
    let read = 0;
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      read += chunk.length;
      if (read <= MAX_ANSWER_BYTES) hash.update(chunk);
    }
    answer.bytes = read;
    answer.sha256 = read <= MAX_ANSWER_BYTES ? hash.digest("hex") : undefined;
    const status = response.statusCode;
    if (status >= 200 && status < 300)
      return { delivered: true, responseStatus: status, responseSha256: answer.sha256 ?? "" };
    const retryAfter = Number(response.headers["retry-after"]);
    return failed(
      `the provider answered ${status}`,
      status,
      RETRYABLE.has(status),
      Number.isFinite(retryAfter) ? Math.min(retryAfter, 3600) * 1000 : undefined,
    );
  } catch (error) {
    answer.timedOut =
      error instanceof errors.HeadersTimeoutError || error instanceof errors.BodyTimeoutError;
    return failed((error as Error).message || String(error), null, true);
  }
}
