import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import type { Logger } from "pino";
import type { Db } from "./db/index.ts";
import { newId } from "./ids.ts";
import type { EventSubscription, ModuleContext } from "./module.ts";
import { retryDelayMs, startPollingWorker } from "./polling-worker.ts";

export type OutboxEvent = {
  /** `<module>.<what happened>`, e.g. `directory.organization_changed`. */
  type: string;
  /** JSON-serializable; subscribers receive it parsed back. */
  payload: unknown;
  /**
   * What the event is about (e.g. an organization id). Each subscriber receives the events of
   * one key in publishing order; events without a key, or with different keys, in any order.
   */
  key?: string;
};

/** Dispatchers started in this process, woken when an event is published here. */
const localDispatchers = new Set<() => void>();

/**
 * Writes an event to the outbox in the caller's transaction, so it is delivered if and only if
 * the change it describes commits. Returns the event id.
 */
export async function publishEvent(trx: Db, event: OutboxEvent): Promise<string> {
  if (!trx.isTransaction) {
    throw new Error(
      `publishEvent(${event.type}) must run inside the transaction of the change it announces`,
    );
  }
  const eventId = newId();
  await trx
    .insertInto("core_outbox")
    .values({
      event_id: eventId,
      type: event.type,
      key: event.key ?? null,
      payload: JSON.stringify(event.payload ?? null),
    })
    .execute();
  // The transaction has not committed yet; a short delay lets the caller finish it first, and the
  // regular poll picks the event up if it takes longer.
  for (const wake of localDispatchers) setTimeout(wake, 20).unref();
  return eventId;
}

export type OutboxDispatcher = {
  stop(): Promise<void>;
  /** Delivers everything due now (tests and shutdown hooks). */
  drain(): Promise<void>;
};

export type StartOutboxDispatcherOptions = {
  db: Db;
  /** Passed to handlers (the platform binds each subscription to its module's context instead). */
  ctx: ModuleContext;
  subscriptions: readonly EventSubscription[];
  log: Logger;
  pollMs?: number;
  /** How long a claimed delivery belongs to this process before another may retry it. */
  leaseMs?: number;
  batchSize?: number;
  /** Attempts before a delivery is marked `failed` and left for an operator. */
  maxAttempts?: number;
  /** First retry delay; each later one doubles (capped at one hour). */
  retryBaseMs?: number;
};

type Claimed = {
  event_id: number;
  subscriber: string;
  attempts: number;
  type: string;
  payload: unknown;
};

/**
 * Delivers every outbox event to each subscription of its type, at least once: handlers must be
 * idempotent. Work is claimed with `FOR UPDATE SKIP LOCKED`, so several server processes on one
 * PostgreSQL share it; a delivery claimed by a process that dies is retried after its lease.
 */
export function startOutboxDispatcher(options: StartOutboxDispatcherOptions): OutboxDispatcher {
  const { db, ctx, subscriptions, log } = options;
  const leaseMs = options.leaseMs ?? 60_000;
  const batchSize = options.batchSize ?? 50;
  const maxAttempts = options.maxAttempts ?? 12;
  const retryBaseMs = options.retryBaseMs ?? 1000;
  const byName = new Map(subscriptions.map((s) => [s.name, s]));
  if (byName.size !== subscriptions.length)
    throw new Error("event subscriptions must have unique names");

  const fanOut = async (): Promise<number> =>
    db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ id: number; type: string; key: string | null }>`
        update core_outbox set fanned_out_at = now()
        where id in (
          select id from core_outbox where fanned_out_at is null order by id limit ${batchSize} for update skip locked
        )
        returning id, type, key`.execute(trx);
      const deliveries = rows.flatMap((event) =>
        subscriptions
          .filter((s) => s.event === event.type)
          .map((s) => ({ event_id: event.id, subscriber: s.name, key: event.key })),
      );
      if (deliveries.length > 0) {
        await trx
          .insertInto("core_outbox_deliveries")
          .values(deliveries)
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
      return rows.length;
    });

  const claim = async (lease: string): Promise<Claimed[]> => {
    if (byName.size === 0) return [];
    const names = [...byName.keys()];
    const { rows } = await sql<Claimed>`
      update core_outbox_deliveries d
      set locked_until = now() + ${`${leaseMs} milliseconds`}::interval, lease = ${lease}, attempts = d.attempts + 1
      from core_outbox o
      where o.id = d.event_id and (d.event_id, d.subscriber) in (
        select c.event_id, c.subscriber from core_outbox_deliveries c
        where c.status = 'pending' and c.next_attempt_at <= now()
          and (c.locked_until is null or c.locked_until <= now())
          and c.subscriber in (${sql.join(names)})
          and (c.key is null or not exists (
            select 1 from core_outbox_deliveries earlier
            where earlier.subscriber = c.subscriber and earlier.key = c.key
              and earlier.status = 'pending' and earlier.event_id < c.event_id))
        order by c.event_id
        limit ${batchSize}
        for update of c skip locked
      )
      returning d.event_id, d.subscriber, d.attempts, o.type, o.payload`.execute(db);
    return rows.sort((a, b) => a.event_id - b.event_id);
  };

  const deliver = async (delivery: Claimed, lease: string) => {
    const subscription = byName.get(delivery.subscriber)!;
    const where = sql`event_id = ${delivery.event_id} and subscriber = ${delivery.subscriber} and lease = ${lease}`;
    try {
      await subscription.handle(delivery.payload, ctx);
      await sql`update core_outbox_deliveries
        set status = 'delivered', delivered_at = now(), locked_until = null, last_error = null where ${where}`.execute(
        db,
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const giveUp = delivery.attempts >= maxAttempts;
      const delay = retryDelayMs(delivery.attempts, retryBaseMs);
      log.warn(
        {
          err: error,
          event: delivery.type,
          subscriber: delivery.subscriber,
          attempts: delivery.attempts,
          giveUp,
        },
        "event delivery failed",
      );
      await sql`update core_outbox_deliveries
        set status = ${giveUp ? "failed" : "pending"}, last_error = ${message.slice(0, 4000)}, locked_until = null,
            next_attempt_at = now() + ${`${delay} milliseconds`}::interval
        where ${where}`.execute(db);
    }
  };

  const worker = startPollingWorker({
    name: "outbox",
    pollMs: options.pollMs ?? 250,
    log,
    async pass() {
      const fanned = await fanOut();
      const lease = randomUUID();
      const claimed = await claim(lease);
      for (const delivery of claimed) await deliver(delivery, lease);
      return fanned + claimed.length;
    },
  });
  localDispatchers.add(worker.wake);
  return {
    drain: () => worker.drain(),
    async stop() {
      localDispatchers.delete(worker.wake);
      await worker.stop();
    },
  };
}
