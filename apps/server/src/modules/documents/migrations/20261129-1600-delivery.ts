import { sql } from "kysely";
import type { Migration } from "../../../core/db/migrate.ts";

/**
 * Delivery of queued edXML packages: a claimed row belongs to one process until `locked_until`
 * (its `lease` names the claim), so two processes never deliver the same row at once, and a
 * process that died mid-send leaves a row that is claimed again once the lease runs out.
 */
export const addOutboundDelivery: Migration = {
  name: "20261129-1600-delivery",
  async up(db) {
    await sql`alter table doc_outbound add column locked_until timestamptz`.execute(db);
    await sql`alter table doc_outbound add column lease uuid`.execute(db);
  },
};
