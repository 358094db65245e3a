import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { publishEvent } from "./core/events.ts";
import { enqueueJob } from "./core/jobs.ts";
import { createLogger } from "./core/logger.ts";
import type { ModuleContext, ModuleManifest } from "./core/module.ts";
import { createTestDatabase, testConfig } from "./core/testing/test-db.ts";
import { modules } from "./modules/index.ts";
import { startPlatform } from "./platform.ts";

async function waitFor(condition: () => boolean, what: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("platform workers", () => {
  it("delivers manifests' events and runs their jobs with the module's context, and stops them", async () => {
    const received: { payload: unknown; ctx: ModuleContext }[] = [];
    const ticks: ModuleContext[] = [];
    const probe: ModuleManifest = {
      id: "probe",
      title: { vi: "Thử", en: "Probe" },
      migrations: [],
      subscriptions: [
        {
          event: "probe.happened",
          name: "probe.listener",
          handle: async (payload, ctx) => void received.push({ payload, ctx }),
        },
      ],
      jobs: [{ name: "probe.tick", everySeconds: 3600, run: async (ctx) => void ticks.push(ctx) }],
    };
    const platform = await startPlatform({
      config: testConfig(),
      logger: createLogger({ logLevel: "silent" }),
      database: await createTestDatabase(),
      modules: [...modules, probe],
      listen: false,
      seed: false,
      workers: true,
      outboxPollMs: 50,
      jobPollMs: 50,
    });
    try {
      await platform.ctx.db
        .transaction()
        .execute((trx) => publishEvent(trx, { type: "probe.happened", payload: { n: 1 } }));
      await waitFor(
        () => received.length === 1 && ticks.length === 1,
        "the event and the first run of the job",
      );
      assert.deepEqual(received[0]!.payload, { n: 1 });
      assert.equal(received[0]!.ctx.db, platform.ctx.db);
      assert.equal(ticks[0]!.dbKind, platform.ctx.dbKind);
    } finally {
      await platform.stop();
    }
  });

  it("does not run workers when not listening unless asked (the CLI's in-process platform)", async () => {
    const ran: string[] = [];
    const probe: ModuleManifest = {
      id: "probe",
      title: { vi: "Thử", en: "Probe" },
      migrations: [],
      jobs: [{ name: "probe.quiet", everySeconds: 3600, run: async () => void ran.push("ran") }],
    };
    const database = await createTestDatabase();
    const platform = await startPlatform({
      config: testConfig(),
      logger: createLogger({ logLevel: "silent" }),
      database,
      modules: [...modules, probe],
      listen: false,
      seed: false,
    });
    try {
      await enqueueJob(platform.ctx.db, { name: "probe.quiet" });
      const rows = await platform.ctx.db
        .selectFrom("core_jobs")
        .select("status")
        .where("name", "=", "probe.quiet")
        .execute();
      assert.deepEqual(rows, [{ status: "pending" }]);
      assert.deepEqual(ran, []);
    } finally {
      await platform.stop();
    }
  });
});
