import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, describe, it } from "node:test";
import { sql } from "kysely";
import { readAuditHead } from "../../core/audit-head.ts";
import { recordAudit } from "../../core/audit.ts";
import { openDatabase, type Db } from "../../core/db/index.ts";
import {
  runCli,
  scratchPostgresDatabase,
  startServerProcess,
  tempDataDir,
} from "../../core/testing/processes.ts";

/**
 * A DATA_DIR and the database the CLI uses with it: the embedded one inside it, or a scratch
 * PostgreSQL database when TEST_DATABASE_URL is set.
 */
async function cliInstallation(prefix: string) {
  const dataDir = tempDataDir(`lt-${prefix}-`);
  const admin = process.env.TEST_DATABASE_URL;
  const postgres = admin ? await scratchPostgresDatabase(admin, `lt_${prefix}`) : undefined;
  const env: Record<string, string> = {
    DATA_DIR: dataDir,
    LOG_LEVEL: "silent",
    DEMO_SEED: "false",
    ...(postgres ? { DATABASE_URL: postgres.url } : {}),
  };
  return {
    env,
    /** Opens the database directly, as an intruder would (for PGlite: once no process holds it). */
    async withDatabase(work: (db: Db) => Promise<void>) {
      const database = await openDatabase(
        postgres ? { databaseUrl: postgres.url } : { pgliteDir: path.join(dataDir, "pgdata") },
      );
      try {
        await work(database.db);
      } finally {
        await database.close();
      }
    },
    async remove() {
      await postgres?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const verifyJson = (env: Record<string, string>) => {
  const result = runCli(["audit", "verify", "--json"], env);
  return {
    status: result.status,
    stderr: result.stderr,
    report: JSON.parse(result.stdout || "{}"),
  };
};

describe("lienthong audit verify", () => {
  let installation: Awaited<ReturnType<typeof cliInstallation>>;
  after(() => installation?.remove());

  it("exits 0 on an intact chain and 1 naming the row altered by a direct SQL edit", async () => {
    installation = await cliInstallation("audit");
    const { env, withDatabase } = installation;
    const first = runCli(["audit", "verify", "--json"], env);
    assert.equal(first.status, 0, first.stderr);
    await withDatabase(async (db) => {
      for (let i = 0; i < 3; i += 1) await recordAudit(db, { action: "test.cli", details: { i } });
    });
    const intact = runCli(["audit", "verify", "--json"], env);
    assert.equal(intact.status, 0, intact.stderr);
    const report = JSON.parse(intact.stdout);
    assert.equal(report.ok, true);
    assert.ok(report.rows >= 3);

    let altered = 0;
    await withDatabase(async (db) => {
      const { rows } = await sql<{
        seq: number;
      }>`select seq from core_audit where action = 'test.cli' order by seq limit 1 offset 1`.execute(
        db,
      );
      altered = rows[0]!.seq;
      await sql`alter table core_audit disable trigger core_audit_append_only`.execute(db);
      await sql`update core_audit set details = '{"i": 42}' where seq = ${altered}`.execute(db);
    });
    const broken = runCli(["audit", "verify", "--json"], env);
    assert.equal(broken.status, 1, broken.stderr);
    const brokenReport = JSON.parse(broken.stdout);
    assert.equal(brokenReport.ok, false);
    assert.equal(brokenReport.firstBroken.seq, altered);
    assert.match(brokenReport.firstBroken.reason, /altered/);

    const human = runCli(["audit", "verify"], env);
    assert.equal(human.status, 1);
    assert.match(human.stdout, new RegExp(`row ${altered}\\b`));
  });
});

describe("lienthong audit verify against the head recorded outside the database", () => {
  let installation: Awaited<ReturnType<typeof cliInstallation>>;
  after(() => installation?.remove());

  it("detects the newest rows deleted and the table emptied, which the chain alone cannot", async () => {
    installation = await cliInstallation("audit_head");
    const { env, withDatabase } = installation;
    assert.equal(runCli(["migrate"], env).status, 0);
    await withDatabase(async (db) => {
      for (let i = 0; i < 5; i += 1) await recordAudit(db, { action: "test.head", details: { i } });
    });
    const server = await startServerProcess(env);
    await server.stop();
    const heads = path.join(env.DATA_DIR!, "audit-head");
    const file = path.join(heads, fs.readdirSync(heads)[0]!);
    const recorded = readAuditHead(file);
    assert.ok(recorded && recorded.seq >= 5, "the server recorded the head when it stopped");
    const intact = verifyJson(env);
    assert.equal(intact.status, 0, intact.stderr);
    assert.equal(intact.report.rows, recorded.seq);

    await withDatabase(async (db) => {
      await sql`alter table core_audit disable trigger core_audit_append_only`.execute(db);
      await sql`delete from core_audit where seq > ${recorded.seq - 2}`.execute(db);
    });
    const shortened = verifyJson(env);
    assert.equal(shortened.status, 1);
    assert.equal(shortened.report.firstBroken.seq, recorded.seq - 1);
    assert.match(shortened.report.firstBroken.reason, /recorded outside the database/);

    await withDatabase(async (db) => {
      await assert.rejects(sql`truncate core_audit`.execute(db), /append-only/);
      await sql`alter table core_audit disable trigger core_audit_no_truncate`.execute(db);
      await sql`truncate core_audit`.execute(db);
    });
    const emptied = verifyJson(env);
    assert.equal(emptied.status, 1);
    assert.equal(emptied.report.rows, 0);
    assert.equal(emptied.report.firstBroken.seq, 1);
    assert.deepEqual(readAuditHead(file), recorded, "verifying did not move the record back");
  });
});
