import { sql } from "kysely";
import type { Migration } from "../db/migrate.ts";

/**
 * Row triggers do not fire on `TRUNCATE`, so the append-only rule of `core_audit` let the whole
 * trail be emptied in one statement; a statement trigger refuses it as well.
 */
export const refuseAuditTruncate: Migration = {
  name: "20261128-0500-refuse-audit-truncate",
  async up(db) {
    await sql`create trigger core_audit_no_truncate before truncate on core_audit
      for each statement execute function core_audit_refuse_change()`.execute(db);
  },
};
