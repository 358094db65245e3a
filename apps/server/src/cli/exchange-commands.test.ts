import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { sql } from "kysely";
import { openDatabase, type Db } from "../core/db/index.ts";
import { childEnv, scratchPostgresDatabase, tempDataDir } from "../core/testing/processes.ts";
import { onPostgres, testConfig } from "../core/testing/test-db.ts";
import { bodySealer } from "../modules/exchange/evidence/body-sealing.ts";
import { EvidenceLog } from "../modules/exchange/evidence/log.ts";
import { buildExchangeRecord } from "../modules/exchange/evidence/testing.ts";

const COMMANDS = path.resolve(import.meta.dirname, "exchange-commands.ts");

/**
 * Runs `lienthong exchange verify-log` in a process of its own, the command imported directly
 * (it joins the CLI's command list separately).
 */
function verifyLog(args: string[], env: Record<string, string>) {
  const script = `const { exchangeCommands } = await import(${JSON.stringify(COMMANDS)});
    const values = { json: ${args.includes("--json")} };
    process.exit(await exchangeCommands.find((c) => c.name === "exchange verify-log").run(values, []));`;
  const result = spawnSync(
    process.execPath,
    ["--import", "tsx", "--input-type=module", "-e", script],
    { env: childEnv(env), encoding: "utf8", timeout: 180_000 },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("lienthong exchange verify-log", () => {
  const dataDir = tempDataDir("lt-evidence-cli-");
  const env: Record<string, string> = {
    DATA_DIR: dataDir,
    LOG_LEVEL: "silent",
    DEMO_SEED: "false",
  };
  let scratch: Awaited<ReturnType<typeof scratchPostgresDatabase>> | undefined;

  /** Opens the database the CLI used, once the CLI has exited. */
  async function withDatabase(work: (db: Db, kind: "pglite" | "postgres") => Promise<void>) {
    const database = await openDatabase(
      scratch ? { databaseUrl: scratch.url } : { pgliteDir: path.join(dataDir, "pgdata") },
    );
    try {
      await work(database.db, database.kind);
    } finally {
      await database.close();
    }
  }

  before(async () => {
    if (onPostgres()) {
      scratch = await scratchPostgresDatabase(process.env.TEST_DATABASE_URL!, "lt_evidence_cli");
      env.DATABASE_URL = scratch.url;
    }
  });
  after(async () => {
    await scratch?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("exits 0 on an intact log and 1 naming the exchange altered by a direct SQL edit", async () => {
    const empty = verifyLog(["--json"], env);
    assert.equal(empty.status, 0, empty.stderr);
    assert.deepEqual(JSON.parse(empty.stdout), {
      ok: true,
      rows: 0,
      checkpoints: 0,
      head: "0".repeat(64),
    });

    await withDatabase(async (db, kind) => {
      const log = new EvidenceLog(db, {
        lock: kind === "postgres",
        sealer: bodySealer(testConfig({ dataDir })),
      });
      await Promise.all(Array.from({ length: 5 }, () => log.record(buildExchangeRecord())));
      await log.close();
    });
    const intact = verifyLog(["--json"], env);
    assert.equal(intact.status, 0, intact.stderr);
    assert.equal(JSON.parse(intact.stdout).rows, 5);
    assert.match(verifyLog([], env).stdout, /intact: 5/);

    await withDatabase(async (db) => {
      await sql`alter table xch_exchanges disable trigger xch_exchanges_append_only`.execute(db);
      await sql`update xch_exchanges set path = '/khac' where seq = 3`.execute(db);
    });
    const broken = verifyLog(["--json"], env);
    assert.equal(broken.status, 1, broken.stderr);
    const report = JSON.parse(broken.stdout);
    assert.equal(report.ok, false);
    assert.equal(report.firstBroken.seq, 3);
    assert.match(report.firstBroken.reason, /altered/);
    const human = verifyLog([], env);
    assert.equal(human.status, 1);
    assert.match(human.stdout, /exchange 3\b/);
  });
});
