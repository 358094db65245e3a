import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { sql } from "kysely";
import { scratchPostgresDatabase } from "../testing/processes.ts";
import { onPostgres } from "../testing/test-db.ts";
import { openDatabase } from "./index.ts";

describe("PostgreSQL connection pool", () => {
  it(
    "survives PostgreSQL dropping its idle connections and reconnects on the next query",
    { skip: onPostgres() ? false : "needs PostgreSQL" },
    async () => {
      const scratch = await scratchPostgresDatabase(process.env.TEST_DATABASE_URL!, "lt_pool");
      const told: Error[] = [];
      const database = await openDatabase({
        databaseUrl: scratch.url,
        poolSize: 3,
        onIdleConnectionError: (error) => told.push(error),
      });
      try {
        // Fill the pool with idle connections, then have the server terminate every one of them.
        await Promise.all([1, 2, 3].map(() => sql`select pg_sleep(0.05)`.execute(database.db)));
        const admin = await openDatabase({
          databaseUrl: process.env.TEST_DATABASE_URL!,
          poolSize: 1,
        });
        const { rows } = await sql<{ n: number }>`
          select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
          where datname = ${new URL(scratch.url).pathname.slice(1)} and pid <> pg_backend_pid()`.execute(
          admin.db,
        );
        await admin.close();
        assert.ok(rows[0]!.n >= 1, "the server terminated the pooled connections");
        const deadline = Date.now() + 5000;
        while (told.length < rows[0]!.n && Date.now() < deadline)
          await new Promise((resolve) => setTimeout(resolve, 10));
        assert.match(told[0]?.message ?? "", /terminating connection/);
        const again = await sql<{ one: number }>`select 1 as one`.execute(database.db);
        assert.deepEqual(again.rows, [{ one: 1 }]);
      } finally {
        await database.close();
        await scratch.drop();
      }
    },
  );
});
