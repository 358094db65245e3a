import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, describe, it } from "node:test";
import { sql } from "kysely";
import { recordAudit } from "../../core/audit.ts";
import { openDatabase, type Db } from "../../core/db/index.ts";
import { runCli, tempDataDir } from "../../core/testing/processes.ts";

/** Opens the embedded database the CLI left in DATA_DIR, once the CLI has exited. */
async function withDataDir(dataDir: string, work: (db: Db) => Promise<void>) {
  const database = await openDatabase({ pgliteDir: path.join(dataDir, "pgdata") });
  try {
    await work(database.db);
  } finally {
    await database.close();
  }
}

describe("lienthong audit verify", () => {
  const dataDir = tempDataDir("lt-audit-");
  const env = { DATA_DIR: dataDir, LOG_LEVEL: "silent", DEMO_SEED: "false" };
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it("exits 0 on an intact chain and 1 naming the row altered by a direct SQL edit", async () => {
    const first = runCli(["audit", "verify", "--json"], env);
    assert.equal(first.status, 0, first.stderr);
    await withDataDir(dataDir, async (db) => {
      for (let i = 0; i < 3; i += 1) await recordAudit(db, { action: "test.cli", details: { i } });
    });
    const intact = runCli(["audit", "verify", "--json"], env);
    assert.equal(intact.status, 0, intact.stderr);
    const report = JSON.parse(intact.stdout);
    assert.equal(report.ok, true);
    assert.ok(report.rows >= 3);

    let altered = 0;
    await withDataDir(dataDir, async (db) => {
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
