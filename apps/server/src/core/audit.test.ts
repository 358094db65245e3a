import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "kysely";
import { recordAudit, searchAudit, verifyAuditChain } from "./audit.ts";
import type { Database } from "./db/index.ts";
import { createTestDatabase } from "./testing/test-db.ts";

describe("audit trail", () => {
  let database: Database;
  before(async () => {
    database = await createTestDatabase();
  });
  after(() => database.close());

  it("chains entries and verifies an intact chain", async () => {
    for (let i = 0; i < 5; i += 1) {
      await recordAudit(database.db, { action: "test.event", details: { i }, ip: "127.0.0.1" });
    }
    const result = await verifyAuditChain(database.db, 2);
    assert.deepEqual({ ok: result.ok, rows: result.rows }, { ok: true, rows: 5 });
    const found = await searchAudit(database.db, { action: "test.", limit: 2 });
    assert.deepEqual(
      found.map((r) => r.details.i),
      [4, 3],
    );
  });

  it("rolls an entry back with the transaction it belongs to", async () => {
    await assert.rejects(
      database.db.transaction().execute(async (trx) => {
        await recordAudit(trx, { action: "test.rolled_back" });
        throw new Error("abort");
      }),
    );
    assert.equal(
      (await searchAudit(database.db, { action: "test.rolled_back", limit: 5 })).length,
      0,
    );
    assert.equal((await verifyAuditChain(database.db)).ok, true);
  });

  it("refuses updates and deletes at the database", async () => {
    await assert.rejects(
      sql`update core_audit set action = 'x' where seq = 1`.execute(database.db),
      /append-only/,
    );
    await assert.rejects(
      sql`delete from core_audit where seq = 1`.execute(database.db),
      /append-only/,
    );
  });

  it("reports the first altered row and the first deleted row", async () => {
    // An intruder with owner rights can disable the trigger; the chain still tells.
    await sql`alter table core_audit disable trigger core_audit_append_only`.execute(database.db);
    await sql`update core_audit set details = '{"i": 99}' where seq = 3`.execute(database.db);
    const altered = await verifyAuditChain(database.db);
    assert.equal(altered.ok, false);
    assert.equal(!altered.ok && altered.firstBroken.seq, 3);

    await sql`delete from core_audit where seq = 2`.execute(database.db);
    const deleted = await verifyAuditChain(database.db);
    assert.equal(!deleted.ok && deleted.firstBroken.seq, 2);
    assert.match(!deleted.ok ? deleted.firstBroken.reason : "", /missing/);
  });
});
