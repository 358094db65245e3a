import { sql } from "kysely";
import type { Migration } from "../../../core/db/migrate.ts";

/**
 * The exchange ids of federation statements this instance accepted from each peer, kept until the
 * statement expires: every process on the database refuses a replay, not only the one that saw it
 * first.
 */
export const addFederationReplay: Migration = {
  name: "20261129-1000-federation-replay",
  async up(db) {
    await sql`create table xch_federation_seen (
      peer_id uuid not null,
      exchange_id text not null,
      expires_at timestamptz not null,
      primary key (peer_id, exchange_id)
    )`.execute(db);
    await sql`create index xch_federation_seen_expires on xch_federation_seen (expires_at)`.execute(
      db,
    );
  },
};
