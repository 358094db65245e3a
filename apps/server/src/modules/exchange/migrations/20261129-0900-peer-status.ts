import { sql } from "kysely";
import type { Migration } from "../../../core/db/migrate.ts";

/**
 * Federation peers can be suspended (with the reason shown to operators), resumed, re-pinned on a
 * certificate rollover and removed: the reason and who changed the peer last, and when.
 */
export const addPeerStatus: Migration = {
  name: "20261129-0900-peer-status",
  async up(db) {
    await sql`alter table xch_peers add column status_reason text`.execute(db);
    await sql`alter table xch_peers add column updated_at timestamptz`.execute(db);
    await sql`alter table xch_peers add column updated_by text`.execute(db);
  },
};
