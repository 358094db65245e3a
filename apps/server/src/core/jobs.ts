import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import type { Logger } from "pino";
import type { Db } from "./db/index.ts";
import { newId } from "./ids.ts";
import type { ModuleContext } from "./module.ts";
import { retryDelayMs, startPollingWorker } from "./polling-worker.ts";

/** What a handler learns about the run it executes. */
export type JobRun = {
  id: string;
  name: string;
  payload: unknown;
  /** The time the run was due: a recurring job's slot, or a one-off job's `runAt`. */
  scheduledFor: Date;
  /** 1 for the first try. */
  attempt: number;
};

/**
 * Runs jobs of one name. With `everySeconds` it is also a recurring job (a manifest's
 * `RecurringJob` is a valid handler); without, it only runs jobs enqueued with `enqueueJob`.
 */
export type JobHandler = {
  name: string;
  everySeconds?: number;
  run(ctx: ModuleContext, run: JobRun): Promise<void>;
};

export type EnqueueJobOptions = {
  name: string;
  /** Not before this time (default now). */
  runAt?: Date;
  payload?: unknown;
  /** Idempotency key: a second job with the same name and key is ignored. */
  key?: string;
  maxAttempts?: number;
};

const DEFAULT_MAX_ATTEMPTS = 5;

/**
 * Enqueues a one-off job. Given a transaction, the job exists only if that transaction commits.
 * Returns the job's id and whether it was created (false when the key was already used).
 */
export async function enqueueJob(
  db: Db,
  job: EnqueueJobOptions,
): Promise<{ id: string; created: boolean }> {
  const inserted = await db
    .insertInto("core_jobs")
    .values({
      id: newId(),
      name: job.name,
      kind: "once",
      key: job.key ?? null,
      payload: JSON.stringify(job.payload ?? null),
      run_at: job.runAt ?? new Date(),
      max_attempts: job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    })
    .onConflict((oc) => oc.columns(["name", "key"]).where("key", "is not", null).doNothing())
    .returning("id")
    .executeTakeFirst();
  if (inserted) return { id: inserted.id as string, created: true };
  const existing = await db
    .selectFrom("core_jobs")
    .select("id")
    .where("name", "=", job.name)
    .where("key", "=", job.key!)
    .executeTakeFirstOrThrow();
  return { id: existing.id as string, created: false };
}

export type JobRunner = {
  stop(): Promise<void>;
  /** Runs every job due now, retries included, until none is left (tests and the CLI). */
  runDueNow(): Promise<void>;
};

export type StartJobRunnerOptions = {
  db: Db;
  /** Passed to handlers (the platform binds each job to its module's context instead). */
  ctx: ModuleContext;
  jobs: readonly JobHandler[];
  log: Logger;
  pollMs?: number;
  /** A claimed job belongs to this process this long; it is extended while the job runs. */
  leaseMs?: number;
  /** Jobs run at once by this process. */
  concurrency?: number;
  /** First retry delay; each later one doubles (capped at one hour). */
  retryBaseMs?: number;
};

type Claimed = {
  id: string;
  name: string;
  kind: "once" | "recurring";
  payload: unknown;
  every_seconds: number | null;
  run_at: Date;
  attempts: number;
  max_attempts: number;
};

/**
 * Runs due jobs. Each is claimed atomically (`FOR UPDATE SKIP LOCKED`) with a lease, so with
 * several server processes on one PostgreSQL each due run executes once; a job whose process
 * died is retried when its lease runs out. Recurring jobs keep their next slot in the database.
 */
export function startJobRunner(options: StartJobRunnerOptions): JobRunner {
  const { db, ctx, log } = options;
  const leaseMs = options.leaseMs ?? 300_000;
  const concurrency = options.concurrency ?? 4;
  const retryBaseMs = options.retryBaseMs ?? 10_000;
  const worker = `${hostname()}:${process.pid}`;
  const handlers = new Map(options.jobs.map((j) => [j.name, j]));
  if (handlers.size !== options.jobs.length) throw new Error("job handlers must have unique names");
  const leaseInterval = `${leaseMs} milliseconds`;

  const registered = registerRecurring(db, options.jobs).catch((error: unknown) => {
    log.error({ err: error }, "recurring jobs could not be registered");
  });

  const claim = async (lease: string): Promise<Claimed[]> => {
    if (handlers.size === 0) return [];
    const { rows } = await sql<Claimed>`
      update core_jobs
      set status = 'running', attempts = attempts + 1, locked_until = now() + ${leaseInterval}::interval,
          locked_by = ${worker}, lease = ${lease}, started_at = now()
      where id in (
        select id from core_jobs
        where name in (${sql.join([...handlers.keys()])}) and run_at <= now()
          and (status = 'pending' or (status = 'running' and locked_until <= now()))
        order by run_at
        limit ${concurrency}
        for update skip locked
      )
      returning id, name, kind, payload, every_seconds, run_at, attempts, max_attempts`.execute(db);
    return rows;
  };

  const execute = async (job: Claimed, lease: string) => {
    const handler = handlers.get(job.name)!;
    const mine = sql`id = ${job.id} and lease = ${lease}`;
    const heartbeat = setInterval(
      () => {
        sql`update core_jobs set locked_until = now() + ${leaseInterval}::interval where ${mine}`
          .execute(db)
          .catch(() => undefined);
      },
      Math.max(1000, leaseMs / 3),
    );
    heartbeat.unref();
    let failure: unknown;
    try {
      await handler.run(ctx, {
        id: job.id,
        name: job.name,
        payload: job.payload,
        scheduledFor: job.run_at,
        attempt: job.attempts,
      });
    } catch (error) {
      failure = error;
    } finally {
      clearInterval(heartbeat);
    }
    if (failure === undefined) {
      if (job.kind === "recurring") {
        await sql`update core_jobs set status = 'pending', attempts = 0, last_error = null, finished_at = now(),
          locked_until = null, run_at = ${nextSlot(job.run_at, job.every_seconds!)} where ${mine}`.execute(
          db,
        );
      } else {
        await sql`update core_jobs set status = 'succeeded', last_error = null, finished_at = now(), locked_until = null
          where ${mine}`.execute(db);
      }
      return;
    }
    const message = failure instanceof Error ? failure.message : String(failure);
    const exhausted = job.attempts >= job.max_attempts;
    log.warn(
      { err: failure, job: job.name, jobId: job.id, attempt: job.attempts, exhausted },
      "job failed",
    );
    const retryAt = new Date(Date.now() + retryDelayMs(job.attempts, retryBaseMs));
    if (job.kind === "recurring") {
      // A recurring job never dies: after its last retry it waits for its next slot.
      const next = nextSlot(job.run_at, job.every_seconds!);
      const runAt = exhausted || next < retryAt ? next : retryAt;
      await sql`update core_jobs set status = 'pending', attempts = ${exhausted || runAt === next ? 0 : job.attempts},
        last_error = ${message.slice(0, 4000)}, finished_at = now(), locked_until = null, run_at = ${runAt} where ${mine}`.execute(
        db,
      );
    } else {
      await sql`update core_jobs set status = ${exhausted ? "failed" : "pending"}, last_error = ${message.slice(0, 4000)},
        finished_at = ${exhausted ? new Date() : null}, locked_until = null, run_at = ${exhausted ? job.run_at : retryAt}
        where ${mine}`.execute(db);
    }
  };

  const polling = startPollingWorker({
    name: "jobs",
    pollMs: options.pollMs ?? 1000,
    log,
    async pass() {
      await registered;
      const lease = randomUUID();
      const claimed = await claim(lease);
      await Promise.all(claimed.map((job) => execute(job, lease)));
      return claimed.length;
    },
  });
  return { runDueNow: () => polling.drain(), stop: () => polling.stop() };
}

/** The first slot after now on the job's grid, so missed slots are skipped, not run in a burst. */
function nextSlot(previous: Date, everySeconds: number): Date {
  const every = everySeconds * 1000;
  const behind = Math.max(0, Date.now() - previous.getTime());
  return new Date(previous.getTime() + (Math.floor(behind / every) + 1) * every);
}

/**
 * Creates the row of each recurring job on first start (due at once); later starts keep its
 * stored next slot, only pulling it in when the interval was shortened.
 */
async function registerRecurring(db: Db, jobs: readonly JobHandler[]) {
  for (const job of jobs) {
    if (job.everySeconds === undefined) continue;
    await sql`insert into core_jobs (id, name, kind, every_seconds, run_at, max_attempts)
      values (${newId()}, ${job.name}, 'recurring', ${job.everySeconds}, now(), ${DEFAULT_MAX_ATTEMPTS})
      on conflict (name) where kind = 'recurring' do update
      set every_seconds = excluded.every_seconds,
          run_at = least(core_jobs.run_at, now() + make_interval(secs => excluded.every_seconds))`.execute(
      db,
    );
  }
}
