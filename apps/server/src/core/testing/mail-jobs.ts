import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { sql } from "kysely";
import type { Platform } from "../../platform.ts";
import { startJobRunner, type JobHandler } from "../jobs.ts";
import type { Received } from "./smtp.ts";

/**
 * Runs a module's mail job until `count` messages have reached the test SMTP server, then waits
 * until every queued job of that name is recorded as done — the platform's own runner may have
 * taken some, and a job is marked done a moment after its message arrives. Fails if any is not.
 */
export async function deliverQueuedMail(
  platform: Platform,
  job: JobHandler,
  smtp: { received: Received[] },
  count: number,
): Promise<Received[]> {
  const runner = startJobRunner({
    db: platform.ctx.db,
    ctx: platform.ctx,
    jobs: [job],
    log: platform.ctx.log,
    pollMs: 60_000,
  });
  try {
    for (let waited = 0; smtp.received.length < count && waited < 20_000; waited += 100) {
      await runner.runDueNow();
      if (smtp.received.length < count) await sleep(100);
    }
  } finally {
    await runner.stop();
  }
  let pending = -1;
  for (let waited = 0; pending !== 0 && waited <= 10_000; waited += 100) {
    if (pending > 0) await sleep(100);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from core_jobs
      where name = ${job.name} and status <> 'succeeded'`.execute(platform.ctx.db);
    pending = rows[0]!.n;
  }
  assert.equal(pending, 0, "every queued mail was delivered");
  return smtp.received;
}
