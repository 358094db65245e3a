// A server process in miniature for the multi-process job test: runs the job runner against
// JOB_TEST_DATABASE_URL until it receives SIGTERM, with a recurring job and a one-off job that
// each record every run in `test_job_runs`.
import { sql } from "kysely";
import { openDatabase } from "../db/index.ts";
import { startJobRunner } from "../jobs.ts";
import { createLogger } from "../logger.ts";
import { testConfig } from "./test-db.ts";

const database = await openDatabase({
  databaseUrl: process.env.JOB_TEST_DATABASE_URL!,
  poolSize: 4,
});
const log = createLogger({ logLevel: "silent" });
const ctx = { db: database.db, dbKind: database.kind, config: testConfig(), log };
const worker = `pid-${process.pid}`;
const runner = startJobRunner({
  db: database.db,
  ctx,
  log,
  pollMs: 10,
  concurrency: 2,
  jobs: [
    {
      name: "test.tick",
      everySeconds: 1,
      run: async (_ctx, run) => {
        await sql`insert into test_job_runs (job, slot, worker) values ('test.tick', ${run.scheduledFor.toISOString()}, ${worker})`.execute(
          database.db,
        );
      },
    },
    {
      name: "test.once",
      run: async (_ctx, run) => {
        await new Promise((resolve) => setTimeout(resolve, 2));
        await sql`insert into test_job_runs (job, slot, worker) values ('test.once', ${run.id}, ${worker})`.execute(
          database.db,
        );
      },
    },
  ],
});
process.stdout.write("ready\n");
process.once("SIGTERM", () => {
  void runner
    .stop()
    .then(() => database.close())
    .then(() => process.exit(0));
});
