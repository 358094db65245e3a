import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { sql } from "kysely";
import pg from "pg";
import { openDatabase } from "./db/index.ts";
import { migrate } from "./db/migrate.ts";
import { enqueueJob, startJobRunner, type JobHandler, type JobRunner } from "./jobs.ts";
import { coreMigrations } from "./migrations/index.ts";
import type { ModuleContext } from "./module.ts";
import { createTestContext } from "./testing/platform.ts";
import { onPostgres } from "./testing/test-db.ts";

type Ctx = ModuleContext & { close(): Promise<void> };

async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 15_000,
) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function jobRow(ctx: Ctx, id: string) {
  return ctx.db
    .selectFrom("core_jobs")
    .select(["status", "attempts", "last_error", "finished_at"])
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
}

describe("jobs", () => {
  let ctx: Ctx;
  const runners: JobRunner[] = [];
  const start = (jobs: JobHandler[], extra: { retryBaseMs?: number; pollMs?: number } = {}) => {
    const runner = startJobRunner({ db: ctx.db, ctx, jobs, log: ctx.log, pollMs: 50, ...extra });
    runners.push(runner);
    return runner;
  };
  before(async () => {
    ctx = await createTestContext();
  });
  after(async () => {
    for (const runner of runners) await runner.stop();
    await ctx.close();
  });

  it("runs a one-off job with its payload and ignores a duplicate key", async () => {
    const payloads: unknown[] = [];
    const first = await enqueueJob(ctx.db, { name: "test.send", payload: { to: "a" }, key: "k1" });
    const again = await enqueueJob(ctx.db, { name: "test.send", payload: { to: "b" }, key: "k1" });
    assert.deepEqual(again, { id: first.id, created: false });
    assert.equal(first.created, true);
    const runner = start([
      { name: "test.send", run: async (_ctx, run) => void payloads.push(run.payload) },
    ]);
    await runner.runDueNow();
    await runner.stop();
    assert.deepEqual(payloads, [{ to: "a" }]);
    const row = await jobRow(ctx, first.id);
    assert.equal(row.status, "succeeded");
    assert.equal(row.attempts, 1);
    assert.ok(row.finished_at instanceof Date);
  });

  it("a job enqueued in a rolled-back transaction never exists", async () => {
    await assert.rejects(
      ctx.db.transaction().execute(async (trx) => {
        await enqueueJob(trx, { name: "test.rolled_back" });
        throw new Error("abort");
      }),
    );
    const rows = await ctx.db
      .selectFrom("core_jobs")
      .select("id")
      .where("name", "=", "test.rolled_back")
      .execute();
    assert.equal(rows.length, 0);
  });

  it("a scheduled job still runs after the process restarts", async () => {
    const ran: string[] = [];
    const handler: JobHandler = {
      name: "test.later",
      run: async (_ctx, run) => void ran.push(run.id),
    };
    const first = start([handler]);
    const { id } = await enqueueJob(ctx.db, {
      name: "test.later",
      runAt: new Date(Date.now() + 400),
    });
    await first.stop();
    assert.deepEqual(ran, []);
    const second = start([handler]);
    await waitFor(() => ran.length === 1, "the job after restart");
    await second.stop();
    assert.deepEqual(ran, [id]);
  });

  it("retries a failing job with back-off, then marks it failed with the last error", async () => {
    let calls = 0;
    const runner = start(
      [
        {
          name: "test.failing",
          run: async () => {
            calls += 1;
            throw new Error(`failure ${calls}`);
          },
        },
      ],
      { retryBaseMs: 0 },
    );
    const { id } = await enqueueJob(ctx.db, { name: "test.failing", maxAttempts: 3 });
    await waitFor(async () => (await jobRow(ctx, id)).status === "failed", "the job to fail");
    await runner.stop();
    const row = await jobRow(ctx, id);
    assert.equal(calls, 3);
    assert.equal(row.attempts, 3);
    assert.equal(row.last_error, "failure 3");
    assert.ok(row.finished_at instanceof Date);
  });

  it("a job whose worker died is retried once its lease has run out", async () => {
    const ran: number[] = [];
    const { id } = await enqueueJob(ctx.db, { name: "test.orphan" });
    await sql`update core_jobs set status = 'running', attempts = 1, locked_until = now() + interval '1 hour',
      locked_by = 'crashed', lease = gen_random_uuid() where id = ${id}`.execute(ctx.db);
    const runner = start([
      { name: "test.orphan", run: async (_ctx, run) => void ran.push(run.attempt) },
    ]);
    await runner.runDueNow();
    assert.deepEqual(ran, [], "not while the lease holds");
    await sql`update core_jobs set locked_until = now() - interval '1 second' where id = ${id}`.execute(
      ctx.db,
    );
    await waitFor(() => ran.length === 1, "the retry");
    await runner.stop();
    assert.deepEqual(ran, [2]);
  });

  it("keeps a recurring job's next run in the database across restarts", async () => {
    const slots: Date[] = [];
    const handler: JobHandler = {
      name: "test.hourly",
      everySeconds: 3600,
      run: async (_ctx, run) => void slots.push(run.scheduledFor),
    };
    const first = start([handler]);
    await waitFor(() => slots.length === 1, "the first run");
    await first.runDueNow();
    await first.stop();
    const second = start([handler]);
    await second.runDueNow();
    await second.stop();
    assert.equal(slots.length, 1, "the restart does not run the job again before its slot");
    const row = await ctx.db
      .selectFrom("core_jobs")
      .select(["run_at", "status"])
      .where("name", "=", "test.hourly")
      .executeTakeFirstOrThrow();
    assert.equal(row.status, "pending");
    assert.equal((row.run_at as Date).getTime(), slots[0]!.getTime() + 3_600_000);
  });

  it("a failing recurring job keeps its schedule and records the error", async () => {
    const runner = start(
      [
        {
          name: "test.recurring_failure",
          everySeconds: 3600,
          run: async () => {
            throw new Error("unreachable system");
          },
        },
      ],
      { retryBaseMs: 0 },
    );
    await waitFor(async () => {
      const row = await ctx.db
        .selectFrom("core_jobs")
        .select(["run_at"])
        .where("name", "=", "test.recurring_failure")
        .executeTakeFirst();
      return row !== undefined && (row.run_at as Date).getTime() > Date.now() + 60_000;
    }, "the job to wait for its next slot");
    await runner.stop();
    const row = await ctx.db
      .selectFrom("core_jobs")
      .select(["status", "last_error", "attempts"])
      .where("name", "=", "test.recurring_failure")
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { status: "pending", last_error: "unreachable system", attempts: 0 });
  });
});

describe("jobs across two server processes", () => {
  it(
    "runs each due run once",
    { skip: onPostgres() ? false : "needs PostgreSQL (PGlite is owned by one process)" },
    async () => {
      const adminUrl = process.env.TEST_DATABASE_URL!;
      const name = `lt_jobs_${randomBytes(6).toString("hex")}`;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`create database ${name}`);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 2 });
      const children: ReturnType<typeof spawn>[] = [];
      try {
        await migrate(database.db, [{ module: "core", migrations: coreMigrations }]);
        await sql`create table test_job_runs (job text not null, slot text not null, worker text not null)`.execute(
          database.db,
        );
        const script = path.join(import.meta.dirname, "testing/job-runner-process.ts");
        for (let i = 0; i < 2; i += 1) {
          const child = spawn(process.execPath, ["--import", "tsx", script], {
            env: { ...process.env, JOB_TEST_DATABASE_URL: url.toString() },
            stdio: ["ignore", "pipe", "inherit"],
          });
          children.push(child);
        }
        // Both runners poll before the one-off jobs appear, so the two processes compete for them.
        await Promise.all(
          children.map(
            (child) =>
              new Promise<void>((resolve) =>
                child.stdout!.on("data", (chunk: Buffer) => chunk.includes("ready") && resolve()),
              ),
          ),
        );
        await database.db.transaction().execute(async (trx) => {
          for (let i = 0; i < 200; i += 1)
            await enqueueJob(trx, { name: "test.once", key: String(i) });
        });
        const count = async (job: string) =>
          (
            await sql<{
              n: number;
            }>`select count(*)::int as n from test_job_runs where job = ${job}`.execute(database.db)
          ).rows[0]!.n;
        await waitFor(
          async () => (await count("test.once")) >= 200 && (await count("test.tick")) >= 3,
          "runs from both processes",
          60_000,
        );
        await Promise.all(
          children.map(
            (child) =>
              new Promise<void>((resolve) => {
                child.once("exit", () => resolve());
                child.kill("SIGTERM");
              }),
          ),
        );
        const { rows } = await sql<{ job: string; slot: string; runs: number }>`
        select job, slot, count(*)::int as runs from test_job_runs group by job, slot having count(*) > 1`.execute(
          database.db,
        );
        assert.deepEqual(rows, [], "no run executed twice");
        assert.equal(await count("test.once"), 200);
        const workers = await sql<{
          worker: string;
        }>`select distinct worker from test_job_runs where job = 'test.once'`.execute(database.db);
        assert.equal(workers.rows.length, 2, "both processes took part");
      } finally {
        for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
        await database.close();
        await admin.query(`drop database if exists ${name} with (force)`);
        await admin.end();
      }
    },
  );
});
