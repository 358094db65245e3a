import { sql, type RawBuilder } from "kysely";
import type { Db } from "../../../core/db/index.ts";

/** Buckets are cut in Vietnam's time zone, so a "day" is a working day in Hà Nội. */
const ZONE = "Asia/Ho_Chi_Minh";

export type TrafficBucket = "hour" | "day";

export type TrafficQuery = {
  serviceId: string;
  from: Date;
  to: Date;
  /** Only calls made by these consumer organizations; `undefined` for every call. */
  consumerOrganizationIds?: string[];
};

/** The figures of a set of calls, as every traffic query gives them. */
export type TrafficFigures = {
  calls: number;
  completed: number;
  refused: number;
  upstreamError: number;
  timeout: number;
  circuitOpen: number;
  status2xx: number;
  status3xx: number;
  status4xx: number;
  status5xx: number;
  /** Failures of the provider or the gateway: not refused, and not completed below 500. */
  errors: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  requestBytes: number;
  responseBytes: number;
};

export type BucketRow = TrafficFigures & { start: Date };
export type ConsumerRow = TrafficFigures & {
  consumerSystemId: string | null;
  consumerOrganizationId: string | null;
};

/**
 * The aggregates, over the rows of `c` (calls): exact percentiles with `percentile_cont`, which
 * PostgreSQL and PGlite both have, so the figures do not depend on histogram buckets.
 */
const figures = sql`
  count(c.seq)::int as "calls",
  (count(*) filter (where c.outcome = 'completed'))::int as "completed",
  (count(*) filter (where c.outcome = 'refused'))::int as "refused",
  (count(*) filter (where c.outcome = 'upstream_error'))::int as "upstreamError",
  (count(*) filter (where c.outcome = 'timeout'))::int as "timeout",
  (count(*) filter (where c.outcome = 'circuit_open'))::int as "circuitOpen",
  (count(*) filter (where c.status between 200 and 299))::int as "status2xx",
  (count(*) filter (where c.status between 300 and 399))::int as "status3xx",
  (count(*) filter (where c.status between 400 and 499))::int as "status4xx",
  (count(*) filter (where c.status >= 500))::int as "status5xx",
  (count(*) filter (where c.outcome not in ('completed', 'refused') or c.status >= 500))::int
    as "errors",
  percentile_cont(0.5) within group (order by c.latency_ms) as "p50Ms",
  percentile_cont(0.95) within group (order by c.latency_ms) as "p95Ms",
  percentile_cont(0.99) within group (order by c.latency_ms) as "p99Ms",
  coalesce(sum(c.request_bytes), 0)::float8 as "requestBytes",
  coalesce(sum(c.response_bytes), 0)::float8 as "responseBytes"`;

function callsOf(query: TrafficQuery, bucket: TrafficBucket): RawBuilder<unknown> {
  const ids = query.consumerOrganizationIds;
  const scope = !ids
    ? sql``
    : ids.length === 0
      ? sql`and false`
      : sql`and consumer_organization_id in (${sql.join(ids)})`;
  return sql`select date_trunc(${bucket}, started_at, ${ZONE}) as start, seq, outcome, status,
      latency_ms, request_bytes, response_bytes, consumer_system_id, consumer_organization_id
    from xch_exchanges
    where service_id = ${query.serviceId}
      and started_at >= ${query.from} and started_at < ${query.to} ${scope}`;
}

/** One row per bucket from the one holding `from` to the one before `to`, empty ones included. */
export async function selectTrafficBuckets(
  db: Db,
  query: TrafficQuery & { bucket: TrafficBucket },
): Promise<BucketRow[]> {
  const step = `1 ${query.bucket}`;
  const { rows } = await sql<BucketRow>`
    with c as (${callsOf(query, query.bucket)}),
    buckets as (
      select generate_series(date_trunc(${query.bucket}, ${query.from}::timestamptz, ${ZONE}),
        ${query.to}::timestamptz - interval '1 microsecond', ${step}::interval) as start
    )
    select b.start, ${figures}
    from buckets b left join c on c.start = b.start
    group by b.start order by b.start`.execute(db);
  return rows;
}

/** The window's totals: one row, with zeros (and null percentiles) when nothing was called. */
export async function selectTrafficTotals(db: Db, query: TrafficQuery): Promise<TrafficFigures> {
  const { rows } = await sql<TrafficFigures>`
    with c as (${callsOf(query, "hour")}) select ${figures} from c`.execute(db);
  return rows[0]!;
}

/** The busiest consumer systems of the window, most calls first. */
export async function selectTrafficByConsumer(
  db: Db,
  query: TrafficQuery & { limit: number },
): Promise<ConsumerRow[]> {
  const { rows } = await sql<ConsumerRow>`
    with c as (${callsOf(query, "hour")})
    select c.consumer_system_id as "consumerSystemId",
      c.consumer_organization_id as "consumerOrganizationId", ${figures}
    from c group by c.consumer_system_id, c.consumer_organization_id
    order by count(c.seq) desc, c.consumer_system_id limit ${query.limit}`.execute(db);
  return rows;
}
