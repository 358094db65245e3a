import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "kysely";
import type { Database } from "../../../core/db/index.ts";
import { createTestDatabase } from "../../../core/testing/test-db.ts";
import { SharedReplayGuard } from "./replay-store.ts";

const PEER = "0192f000-0000-7000-8000-0000000000a1";
const OTHER_PEER = "0192f000-0000-7000-8000-0000000000b2";

describe("federation replay check shared through the database", () => {
  let database: Database;
  before(async () => {
    database = await createTestDatabase();
  });
  after(() => database.close());

  const seen = async () =>
    (
      await sql<{ exchange_id: string }>`select exchange_id from xch_federation_seen
        order by exchange_id`.execute(database.db)
    ).rows.map((r) => r.exchange_id);

  it("accepts a peer's exchange id once across processes, and per peer", async () => {
    const now = Math.floor(Date.now() / 1000);
    const nodeA = new SharedReplayGuard(database.db);
    const nodeB = new SharedReplayGuard(database.db);
    assert.equal(await nodeA.accept(PEER, "ex-1", now + 60, now), true);
    assert.equal(await nodeB.accept(PEER, "ex-1", now + 60, now), false, "another process");
    assert.equal(await nodeA.accept(PEER, "ex-1", now + 60, now), false, "the same process");
    assert.equal(await nodeB.accept(OTHER_PEER, "ex-1", now + 60, now), true, "another peer");
    const check = nodeB.forPeer(PEER);
    assert.equal(await check.accept("ex-2", now + 60, now), true);
    assert.equal(await nodeA.forPeer(PEER).accept("ex-2", now + 60, now), false);
    // Concurrent first uses of one id on many processes: exactly one wins.
    const nodes = Array.from({ length: 8 }, () => new SharedReplayGuard(database.db));
    const verdicts = await Promise.all(nodes.map((n) => n.accept(PEER, "ex-3", now + 60, now)));
    assert.equal(verdicts.filter(Boolean).length, 1);
  });

  it("forgets statements once they have expired", async () => {
    const now = Math.floor(Date.now() / 1000);
    assert.ok((await seen()).includes("ex-1"));
    const later = new SharedReplayGuard(database.db);
    // Ten minutes on, every statement above has expired (60 s + 30 s of skew): swept.
    assert.equal(await later.accept(PEER, "ex-4", now + 660, now + 600), true);
    assert.deepEqual(await seen(), ["ex-4"]);
  });
});
