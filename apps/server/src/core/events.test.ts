import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "kysely";
import { publishEvent, startOutboxDispatcher, type OutboxDispatcher } from "./events.ts";
import type { EventSubscription, ModuleContext } from "./module.ts";
import { createTestContext } from "./testing/platform.ts";

type Ctx = ModuleContext & { close(): Promise<void> };

async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function recorder(event: string, name: string) {
  const received: unknown[] = [];
  const subscription: EventSubscription = {
    event,
    name,
    handle: async (payload) => void received.push(payload),
  };
  return { received, subscription };
}

describe("outbox", () => {
  let ctx: Ctx;
  const dispatchers: OutboxDispatcher[] = [];
  const start = (
    subscriptions: EventSubscription[],
    extra: { retryBaseMs?: number; maxAttempts?: number } = {},
  ) => {
    const dispatcher = startOutboxDispatcher({
      db: ctx.db,
      ctx,
      subscriptions,
      log: ctx.log,
      pollMs: 50,
      ...extra,
    });
    dispatchers.push(dispatcher);
    return dispatcher;
  };
  before(async () => {
    ctx = await createTestContext();
  });
  after(async () => {
    for (const dispatcher of dispatchers) await dispatcher.stop();
    await ctx.close();
  });

  it("delivers a committed event to every subscriber of its type, once each", async () => {
    const a = recorder("test.created", "test.a");
    const b = recorder("test.created", "test.b");
    const other = recorder("test.other", "test.other");
    const dispatcher = start([a.subscription, b.subscription, other.subscription]);
    await ctx.db
      .transaction()
      .execute((trx) => publishEvent(trx, { type: "test.created", payload: { n: 1 } }));
    await waitFor(() => a.received.length === 1 && b.received.length === 1, "both deliveries");
    await dispatcher.drain();
    assert.deepEqual(a.received, [{ n: 1 }]);
    assert.deepEqual(b.received, [{ n: 1 }]);
    assert.deepEqual(other.received, []);
    const rows = await ctx.db
      .selectFrom("core_outbox_deliveries")
      .select(["subscriber", "status", "attempts"])
      .orderBy("subscriber")
      .execute();
    assert.deepEqual(rows, [
      { subscriber: "test.a", status: "delivered", attempts: 1 },
      { subscriber: "test.b", status: "delivered", attempts: 1 },
    ]);
    await dispatcher.stop();
  });

  it("never sends the event of a rolled-back change", async () => {
    const a = recorder("test.rolled_back", "test.rolled_back");
    const dispatcher = start([a.subscription]);
    await assert.rejects(
      ctx.db.transaction().execute(async (trx) => {
        await publishEvent(trx, { type: "test.rolled_back", payload: {} });
        throw new Error("abort");
      }),
      /abort/,
    );
    await dispatcher.drain();
    assert.deepEqual(a.received, []);
    await dispatcher.stop();
  });

  it("refuses to publish outside a transaction", async () => {
    await assert.rejects(
      publishEvent(ctx.db, { type: "test.loose", payload: {} }),
      /inside the transaction/,
    );
  });

  it("retries a failing subscriber with back-off, records the error, then gives up", async () => {
    let calls = 0;
    const flaky: EventSubscription = {
      event: "test.flaky",
      name: "test.flaky",
      handle: async () => {
        calls += 1;
        if (calls < 3) throw new Error(`boom ${calls}`);
      },
    };
    const broken: EventSubscription = {
      event: "test.flaky",
      name: "test.broken",
      handle: async () => {
        throw new Error("always broken");
      },
    };
    const dispatcher = start([flaky, broken], { retryBaseMs: 0, maxAttempts: 4 });
    await ctx.db
      .transaction()
      .execute((trx) => publishEvent(trx, { type: "test.flaky", payload: {} }));
    await waitFor(async () => {
      const rows = await sql<{ n: number }>`select count(*)::int as n from core_outbox_deliveries
        where subscriber in ('test.flaky', 'test.broken') and status <> 'pending'`.execute(ctx.db);
      return rows.rows[0]!.n === 2;
    }, "both deliveries to settle");
    await dispatcher.stop();
    const rows = await ctx.db
      .selectFrom("core_outbox_deliveries")
      .select(["subscriber", "status", "attempts", "last_error"])
      .where("subscriber", "in", ["test.flaky", "test.broken"])
      .orderBy("subscriber")
      .execute();
    assert.deepEqual(rows, [
      { subscriber: "test.broken", status: "failed", attempts: 4, last_error: "always broken" },
      { subscriber: "test.flaky", status: "delivered", attempts: 3, last_error: null },
    ]);
  });

  it("delivers the events of one key in publishing order, even when one fails first", async () => {
    const seen: number[] = [];
    let failedOnce = false;
    const ordered: EventSubscription = {
      event: "test.ordered",
      name: "test.ordered",
      handle: async (payload) => {
        const { n } = payload as { n: number };
        if (n === 1 && !failedOnce) {
          failedOnce = true;
          throw new Error("first try fails");
        }
        seen.push(n);
      },
    };
    await ctx.db.transaction().execute(async (trx) => {
      for (let n = 1; n <= 3; n += 1)
        await publishEvent(trx, { type: "test.ordered", key: "org-1", payload: { n } });
    });
    const dispatcher = start([ordered], { retryBaseMs: 0 });
    await waitFor(() => seen.length === 3, "three deliveries");
    await dispatcher.stop();
    assert.deepEqual(seen, [1, 2, 3]);
  });

  it("a delivery claimed by a process that died is redelivered after its lease", async () => {
    const a = recorder("test.lease", "test.lease");
    await ctx.db
      .transaction()
      .execute((trx) => publishEvent(trx, { type: "test.lease", payload: { ok: true } }));
    // Another process fanned the event out and claimed the delivery, then crashed.
    await sql`with e as (update core_outbox set fanned_out_at = now() where type = 'test.lease' returning id)
      insert into core_outbox_deliveries (event_id, subscriber, attempts, locked_until, lease)
      select id, 'test.lease', 1, now() + interval '1 hour', gen_random_uuid() from e`.execute(
      ctx.db,
    );
    const dispatcher = start([a.subscription]);
    await dispatcher.drain();
    assert.deepEqual(a.received.length, 0, "not while the lease holds");
    await sql`update core_outbox_deliveries set locked_until = now() - interval '1 second' where subscriber = 'test.lease'`.execute(
      ctx.db,
    );
    await waitFor(() => a.received.length === 1, "redelivery");
    await dispatcher.stop();
  });
});
