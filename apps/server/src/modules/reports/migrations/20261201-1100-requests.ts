import { sql } from "kysely";
import type { Migration } from "../../../core/db/migrate.ts";

/**
 * Requests for a thematic or ad-hoc report (yêu cầu báo cáo chuyên đề, đột xuất, Decree 09 art. 4):
 * each is a period of its regime of its own, with its code (the period id its reports and values
 * carry), its data window, its own deadline and, optionally, only some of the regime's units.
 */
export const createReportRequests: Migration = {
  name: "20261201-1100-requests",
  async up(db) {
    await sql`create table rpt_requests (
      regime_id uuid not null references rpt_regimes (id),
      code text not null,
      title text not null,
      period_start date not null,
      period_end date not null,
      deadline date not null,
      organization_ids jsonb,
      note text,
      created_by text not null,
      created_at timestamptz not null default now(),
      primary key (regime_id, code),
      check (period_start <= period_end and period_end <= deadline)
    )`.execute(db);
  },
};
