import { sql } from "kysely";
import type { Migration } from "../../../core/db/migrate.ts";

/**
 * A service may name the path of its provider's health endpoint (e.g. `/health`): the health check
 * then asks it with GET and wants a 2xx or 3xx, instead of a HEAD of the base URL that any answer
 * below 500 passes. Existing services keep the HEAD.
 */
export const addServiceHealthPath: Migration = {
  name: "20261129-1100-service-health-path",
  async up(db) {
    await sql`alter table xch_services add column health_path text`.execute(db);
  },
};
