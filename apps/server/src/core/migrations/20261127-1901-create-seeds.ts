import { sql } from "kysely";
import type { Migration } from "../db/migrate.ts";

/** Records which seeds ran, so demo data is loaded on the first start only. */
export const createSeeds: Migration = {
  name: "20261127-1901-create-seeds",
  async up(db) {
    await sql`create table core_seeds (
      name text primary key,
      applied_at timestamptz not null default now()
    )`.execute(db);
  },
};
