import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { AuditBatcher } from "./audit-batcher.ts";
import { recordAudit, searchAudit, verifyAuditChain, type AuditEntry } from "./audit.ts";
import type { Database } from "./db/index.ts";
import { createTestDatabase } from "./testing/test-db.ts";

const tokenIssued = (client: string, jti: string): AuditEntry => ({
  action: "test.token_issued",
  targetType: "client",
  targetId: client,
  details: { count: 1, jtis: [jti] },
});

const byClient = (entry: AuditEntry) => ({
  key: entry.targetId!,
  merge(into: AuditEntry, next: AuditEntry) {
    into.details!.count = Number(into.details!.count) + 1;
    (into.details!.jtis as string[]).push(...(next.details!.jtis as string[]));
  },
});

describe("audit group commit", () => {
  let database: Database;
  before(async () => {
    database = await createTestDatabase();
  });
  after(() => database.close());

  it("writes entries that arrive together as one batch, one row per coalescing key", async () => {
    const batcher = new AuditBatcher(database.db, database.kind);
    await Promise.all(
      Array.from({ length: 30 }, (_, i) => {
        const entry = tokenIssued(`client-${i % 3}`, `jti-${i}`);
        return batcher.record(entry, byClient(entry));
      }),
    );
    const rows = await searchAudit(database.db, { action: "test.token_issued", limit: 10 });
    assert.equal(rows.length, 3);
    assert.deepEqual(rows.map((r) => r.details.count).sort(), [10, 10, 10]);
    const jtis = rows.flatMap((r) => r.details.jtis as string[]).sort();
    assert.deepEqual(jtis, Array.from({ length: 30 }, (_, i) => `jti-${i}`).sort());
    assert.equal((await verifyAuditChain(database.db)).ok, true);
  });

  it("holds a batch for a request that announced its entry, and not for one that gave up", async () => {
    const batcher = new AuditBatcher(database.db, database.kind);
    const coming = batcher.expect();
    const abandoned = batcher.expect();
    const a = tokenIssued("client-announced", "jti-a");
    const b = tokenIssued("client-announced", "jti-b");
    const first = batcher.record(a, byClient(a));
    // The announced request records a few turns of the event loop later; the other one ends
    // without recording.
    abandoned.done();
    const second = new Promise<void>((resolve, reject) => {
      const later = (turns: number): unknown =>
        turns === 0
          ? batcher.record(b, byClient(b), coming).then(resolve, reject)
          : setImmediate(() => later(turns - 1));
      later(3);
    });
    await Promise.all([first, second]);
    const rows = await searchAudit(database.db, { targetId: "client-announced", limit: 10 });
    assert.equal(rows.length, 1);
    assert.deepEqual(rows[0]!.details.jtis, ["jti-a", "jti-b"]);
  });

  it("keeps one unbroken chain when other writers append between its batches", async () => {
    const first = new AuditBatcher(database.db, database.kind);
    const second = new AuditBatcher(database.db, database.kind);
    const before = (await verifyAuditChain(database.db)).rows;
    for (let round = 0; round < 5; round += 1) {
      await Promise.all([
        first.record({ action: "test.batched", details: { round, by: "first" } }),
        second.record({ action: "test.batched", details: { round, by: "second" } }),
        recordAudit(database.db, { action: "test.direct", details: { round } }),
      ]);
      await first.record({ action: "test.batched", details: { round, by: "first-again" } });
    }
    const result = await verifyAuditChain(database.db);
    assert.deepEqual({ ok: result.ok, rows: result.rows }, { ok: true, rows: before + 20 });
  });

  it("waits for a transaction that holds the chain, then links after its rows", async () => {
    const batcher = new AuditBatcher(database.db, database.kind);
    await batcher.record({ action: "test.warm" });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const transaction = database.db.transaction().execute(async (trx) => {
      await recordAudit(trx, { action: "test.in_transaction" });
      await held;
    });
    const batched = batcher.record({ action: "test.after_transaction" });
    setTimeout(release, 50);
    await Promise.all([transaction, batched]);
    const [latest, previous] = await searchAudit(database.db, { action: "test.", limit: 2 });
    assert.deepEqual(
      [previous!.action, latest!.action],
      ["test.in_transaction", "test.after_transaction"],
    );
    assert.equal((await verifyAuditChain(database.db)).ok, true);
  });

  it("writes nothing of a batch whose statement fails, and recovers for the next one", async () => {
    const batcher = new AuditBatcher(database.db, database.kind);
    await batcher.record({ action: "test.warm" });
    const count = (await verifyAuditChain(database.db)).rows;
    await assert.rejects(
      batcher.record({ action: "test.bad", organizationId: "not-a-uuid" }),
      /uuid/i,
    );
    await batcher.record({ action: "test.good" });
    const result = await verifyAuditChain(database.db);
    assert.deepEqual({ ok: result.ok, rows: result.rows }, { ok: true, rows: count + 1 });
  });
});
