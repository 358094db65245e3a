import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { sql } from "kysely";
import { auditHeadFile, readAuditHead, recordAuditHead } from "./audit-head.ts";
import { GENESIS_HASH, recordAudit, searchAudit, verifyAuditChain } from "./audit.ts";
import type { Database } from "./db/index.ts";
import { createLogger } from "./logger.ts";
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
    const result = await verifyAuditChain(database.db, { batchSize: 2 });
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

  it("refuses updates, deletes and TRUNCATE at the database", async () => {
    await assert.rejects(sql`truncate core_audit`.execute(database.db), /append-only/);
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

describe("audit chain head recorded outside the database", () => {
  let database: Database;
  let dir: string;
  let file: string;
  const log = createLogger({ logLevel: "silent" });
  before(async () => {
    database = await createTestDatabase();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "lt-audit-head-"));
    file = auditHeadFile(dir, database);
  });
  after(async () => {
    await database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const record = () => recordAuditHead({ db: database.db, file, database: "test", log });
  const verify = () => verifyAuditChain(database.db, { anchor: readAuditHead(file) });
  const append = async (n: number) => {
    for (let i = 0; i < n; i += 1) await recordAudit(database.db, { action: "test.head" });
  };
  const lastSeq = async () =>
    Number(
      (await sql<{ seq: number }>`select max(seq) as seq from core_audit`.execute(database.db))
        .rows[0]!.seq,
    );

  it("moves the record forward with the chain, and verify accepts a chain that reaches it", async () => {
    assert.equal(readAuditHead(file), undefined);
    await append(3);
    const first = await record();
    assert.equal(first?.seq, await lastSeq());
    await append(2);
    const second = await record();
    assert.equal(second?.seq, first!.seq + 2);
    assert.deepEqual(readAuditHead(file)?.seq, second!.seq);
    assert.equal((await verify()).ok, true);
  });

  it("detects the newest rows deleted, even after new rows replaced them", async () => {
    const anchored = readAuditHead(file)!;
    await sql`alter table core_audit disable trigger core_audit_append_only`.execute(database.db);
    await sql`delete from core_audit where seq > ${anchored.seq - 2}`.execute(database.db);
    await sql`alter table core_audit enable trigger core_audit_append_only`.execute(database.db);
    assert.equal((await verifyAuditChain(database.db)).ok, true, "the chain alone cannot tell");
    const shortened = await verify();
    assert.equal(!shortened.ok && shortened.firstBroken.seq, anchored.seq - 1);
    assert.match(!shortened.ok ? shortened.firstBroken.reason : "", /recorded outside/);

    await append(4);
    const replaced = await verify();
    assert.equal(!replaced.ok && replaced.firstBroken.seq, anchored.seq);
    assert.deepEqual(await record(), anchored, "the record does not follow the new rows");
    assert.deepEqual(readAuditHead(file), anchored);
  });

  it("detects an emptied table (TRUNCATE with the trigger disabled)", async () => {
    const anchored = readAuditHead(file)!;
    await sql`alter table core_audit disable trigger core_audit_no_truncate`.execute(database.db);
    await sql`truncate core_audit`.execute(database.db);
    await sql`alter table core_audit enable trigger core_audit_no_truncate`.execute(database.db);
    assert.deepEqual(await verifyAuditChain(database.db), {
      ok: true,
      rows: 0,
      head: GENESIS_HASH,
    });
    const emptied = await verify();
    assert.equal(emptied.ok, false);
    assert.equal(!emptied.ok && emptied.firstBroken.seq, 1);
    assert.match(!emptied.ok ? emptied.firstBroken.reason : "", new RegExp(`1–${anchored.seq}`));
  });
});
