import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { sql } from "kysely";
import { createLogger } from "./core/logger.ts";
import { createTestDatabase, testConfig } from "./core/testing/test-db.ts";
import { startPlatform } from "./platform.ts";

/** A platform that serves requests without listening; the test decides when its database goes. */
async function platformOnTestDatabase() {
  const database = await createTestDatabase();
  const platform = await startPlatform({
    config: testConfig(),
    logger: createLogger({ logLevel: "silent" }),
    database,
    listen: false,
    seed: false,
  });
  return { database, platform };
}

describe("/readyz", () => {
  it("answers 503 naming the migration still pending, and 200 once it is applied", async () => {
    const { platform } = await platformOnTestDatabase();
    try {
      const migration = "20261128-0500-refuse-audit-truncate";
      await sql`delete from core_migrations where module = 'core' and name = ${migration}`.execute(
        platform.ctx.db,
      );
      const pending = await platform.app.inject("/readyz");
      assert.equal(pending.statusCode, 503);
      assert.equal(pending.json().status, "not_ready");
      assert.deepEqual(pending.json().pendingMigrations, [`core/${migration}`]);
      assert.equal(pending.json().database.reachable, true);

      await sql`insert into core_migrations (module, name) values ('core', ${migration})`.execute(
        platform.ctx.db,
      );
      assert.equal((await platform.app.inject("/readyz")).statusCode, 200);
    } finally {
      await platform.stop();
    }
  });

  it("answers 503 when the database does not answer", async () => {
    const { database, platform } = await platformOnTestDatabase();
    await database.close();
    try {
      const response = await platform.app.inject("/readyz");
      assert.equal(response.statusCode, 503);
      assert.equal(response.json().database.reachable, false);
      assert.equal((await platform.app.inject("/healthz")).statusCode, 200, "the process lives");
    } finally {
      await platform.app.close();
    }
  });
});
