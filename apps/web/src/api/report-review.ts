import { apiRequest, withQuery } from "./client.ts";
import type { AggregateRow, Ref } from "./reports.ts";
import type { Page } from "./types.ts";

/** The receiving side's views of reporting: the review inbox and the pivoted aggregate. */
const BASE = "/api/v1/reports";

export type InboxStatus = "submitted" | "returned" | "accepted";

export type InboxItem = {
  id: string;
  regime: Ref;
  organization: Ref;
  periodId: string;
  deadline: string;
  status: InboxStatus;
  version: number;
  submittedAt: string;
  submittedBy: string | null;
  late: boolean | null;
  reviewedAt: string | null;
  reviewedBy: string | null;
};

export type Inbox = Page<InboxItem> & {
  /** Per status, with every other filter applied. */
  counts: Record<InboxStatus, number>;
  /** The regimes the signed-in person may review. */
  regimes: Ref[];
};

export type InboxFilter = {
  regimeId?: string | undefined;
  period?: string | undefined;
  status?: InboxStatus | undefined;
  late?: boolean | undefined;
};

export const fetchInbox = (filter: InboxFilter, cursor?: string) =>
  apiRequest<Inbox>(`${BASE}/inbox`, {
    query: { ...filter, late: filter.late === undefined ? undefined : String(filter.late), cursor },
  });

export type GroupBy = "none" | "organization" | "unit" | "area" | "period";
export type Include = "submitted" | "accepted" | "all";

/** The query of an aggregate, shared by the view and its Excel and CSV exports. */
export type AggregateQuery = {
  period: string;
  groupBy: GroupBy;
  include: Include;
  category?: string | undefined;
  organizationId?: string | undefined;
  /** Only units located in this province (administrative unit code). */
  area?: string | undefined;
};

export type AggregateView = {
  regime: Ref;
  period: { id: string; start: string; end: string; periods: string[] };
  organization: Ref | null;
  groupBy: GroupBy;
  category: string | null;
  include: Include;
  rows: AggregateRow[];
  total: AggregateRow;
};

export const fetchAggregateView = (regimeId: string, query: AggregateQuery) =>
  apiRequest<AggregateView>(`${BASE}/regimes/${encodeURIComponent(regimeId)}/aggregate`, {
    query,
  });

/** Where the same aggregate downloads as a spreadsheet or as CSV. */
export const aggregateExportUrl = (
  regimeId: string,
  query: AggregateQuery,
  format: "xlsx" | "csv",
) =>
  withQuery(`${BASE}/regimes/${encodeURIComponent(regimeId)}/aggregate/export`, {
    ...query,
    format,
  });
