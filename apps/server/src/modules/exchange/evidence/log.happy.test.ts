import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "kysely";
import { openDatabase, type Database } from "../../../core/db/index.ts";
import { createTestDatabase, onPostgres, testConfig } from "../../../core/testing/test-db.ts";
import { bodySealer } from "./body-sealing.ts";
import { EvidenceLog } from "./log.ts";
import { buildExchangeRecord } from "./testing.ts";
import { verifyEvidenceLog } from "./verify-log.ts";

const sealer = bodySealer(testConfig());
const verify = (database: Database) => verifyEvidenceLog(database.db, { trustAnchors: [] });

/** A second connection pool to the same PostgreSQL database, as another server process has. */
async function secondHandle(database: Database): Promise<Database> {
  if (!onPostgres()) return database;
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = new URL(database.location).pathname;
  return openDatabase({ databaseUrl: url.toString(), poolSize: 3 });
}

describe("evidence log: group commit", () => {
  let database: Database;
  before(async () => {
    database = await createTestDatabase();
  });
  after(() => database.close());

  const logOn = (db: Database) => new EvidenceLog(db.db, { lock: db.kind === "postgres", sealer });

  it("writes records arriving together in few statements, as one unbroken chain", async (t) => {
    const log = logOn(database);
    const count = 5000;
    const records = Array.from({ length: count }, () => buildExchangeRecord());
    const started = performance.now();
    await Promise.all(records.map((r) => log.record(r)));
    const seconds = (performance.now() - started) / 1000;
    t.diagnostic(`${count} records in ${seconds.toFixed(2)} s: ${Math.round(count / seconds)}/s`);
    const result = await verify(database);
    assert.equal(result.ok, true, JSON.stringify(result.firstBroken));
    assert.equal(result.rows, count);
    const { rows } = await sql<{
      id: string;
    }>`select id from xch_exchanges order by seq`.execute(database.db);
    assert.deepEqual(
      rows.map((r) => r.id),
      records.map((r) => r.id),
    );
  });

  it("keeps one unbroken chain with two logs writing at once (two pools on PostgreSQL)", async () => {
    const other = await secondHandle(database);
    try {
      const first = logOn(database);
      const second = logOn(other);
      const before = (await verify(database)).rows;
      for (let round = 0; round < 6; round += 1) {
        await Promise.all([
          ...Array.from({ length: 40 }, () => first.record(buildExchangeRecord())),
          ...Array.from({ length: 40 }, () => second.record(buildExchangeRecord())),
        ]);
        await second.record(buildExchangeRecord());
      }
      await Promise.all([first.close(), second.close()]);
      const result = await verify(database);
      assert.deepEqual(
        { ok: result.ok, rows: result.rows },
        { ok: true, rows: before + 6 * 81 },
        JSON.stringify(result.firstBroken),
      );
    } finally {
      if (other !== database) await other.close();
    }
  });

  it("refuses a malformed record without failing the others of its batch", async () => {
    const log = logOn(database);
    const results = await Promise.allSettled([
      log.record(buildExchangeRecord()),
      log.record(buildExchangeRecord({ consumerSystemId: "not-a-uuid" })),
      log.record(buildExchangeRecord({ requestSha256: "abc" })),
      log.record(buildExchangeRecord({ outcome: "lost" as "timeout" })),
      log.record(buildExchangeRecord({ latencyMs: Number.NaN })),
      log.record(buildExchangeRecord({ path: "/a\u0000b" })),
      log.record(buildExchangeRecord()),
    ]);
    assert.deepEqual(
      results.map((r) => r.status),
      ["fulfilled", "rejected", "rejected", "rejected", "rejected", "rejected", "fulfilled"],
    );
    await log.close();
    await assert.rejects(log.record(buildExchangeRecord()), /closed/);
    assert.equal((await verify(database)).ok, true);
  });

  it("refuses an exchange id already logged without failing the others of its batch", async () => {
    const log = logOn(database);
    const logged = buildExchangeRecord();
    await log.record(logged);
    const twice = buildExchangeRecord();
    const results = await Promise.allSettled([
      log.record(buildExchangeRecord()),
      log.record({ ...logged, status: 201 }),
      log.record(twice),
      log.record(twice),
      log.record(buildExchangeRecord()),
    ]);
    assert.deepEqual(
      results.map((r) => r.status),
      ["fulfilled", "rejected", "fulfilled", "rejected", "fulfilled"],
    );
    assert.match(
      String((results[1] as PromiseRejectedResult).reason),
      /already in the evidence log/,
    );
    assert.equal((await verify(database)).ok, true);
  });

  it("stores bodies sealed, and only those the record carries", async () => {
    const log = logOn(database);
    const secret = "CCCD 001190012345 — Nguyễn Văn An";
    const requestBody = new TextEncoder().encode(JSON.stringify({ q: secret }));
    const withRequest = buildExchangeRecord({ requestBody });
    const withBoth = buildExchangeRecord({
      requestBody,
      responseBody: new TextEncoder().encode(secret),
    });
    const without = buildExchangeRecord();
    await Promise.all([withRequest, withBoth, without].map((r) => log.record(r)));
    const { rows } = await sql<{
      exchange_id: string;
      kind: string;
      sealed: Uint8Array;
    }>`select exchange_id, kind, sealed from xch_exchange_bodies
      where exchange_id in (${withRequest.id}, ${withBoth.id}, ${without.id})
      order by exchange_id, kind`.execute(database.db);
    assert.deepEqual(
      rows.map((r) => `${r.exchange_id}:${r.kind}`).sort(),
      [`${withRequest.id}:request`, `${withBoth.id}:request`, `${withBoth.id}:response`].sort(),
    );
    for (const row of rows) {
      const stored = Buffer.from(row.sealed);
      assert.equal(stored.includes(Buffer.from("001190012345")), false, "plaintext in the table");
      const kind = row.kind as "request" | "response";
      const opened = sealer.open(stored, row.exchange_id, kind);
      assert.ok(opened.toString("utf8").includes(secret));
      // Sealed for one exchange, it does not open as another's.
      assert.throws(() => sealer.open(stored, without.id, kind));
    }
  });

  it("reports an altered row and a deleted row at their seq", async () => {
    const log = logOn(database);
    await Promise.all(Array.from({ length: 10 }, () => log.record(buildExchangeRecord())));
    const total = (await verify(database)).rows;
    await sql`alter table xch_exchanges disable trigger xch_exchanges_append_only`.execute(
      database.db,
    );
    const altered = total - 7;
    await sql`update xch_exchanges set status = 500 where seq = ${altered}`.execute(database.db);
    const afterEdit = await verify(database);
    assert.equal(afterEdit.ok, false);
    assert.equal(afterEdit.firstBroken!.seq, altered);
    assert.match(afterEdit.firstBroken!.reason, /altered/);
    assert.equal(afterEdit.rows, altered - 1);
    await sql`update xch_exchanges set status = 200 where seq = ${altered}`.execute(database.db);
    assert.equal((await verify(database)).ok, true);

    const deleted = total - 3;
    await sql`delete from xch_exchanges where seq = ${deleted}`.execute(database.db);
    const afterDelete = await verify(database);
    assert.equal(afterDelete.ok, false);
    assert.equal(afterDelete.firstBroken!.seq, deleted);
    assert.match(afterDelete.firstBroken!.reason, /missing/);
  });

  it("refuses edits and deletions in the database itself", async () => {
    await sql`alter table xch_exchanges enable trigger xch_exchanges_append_only`.execute(
      database.db,
    );
    await assert.rejects(
      sql`update xch_exchanges set status = 201 where seq = 1`.execute(database.db),
      /append-only/,
    );
    await assert.rejects(sql`delete from xch_exchange_bodies`.execute(database.db), /append-only/);
  });
});
