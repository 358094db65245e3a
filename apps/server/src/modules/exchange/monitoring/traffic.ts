import { requireActor, type Actor } from "../../../core/actor.ts";
import type { Db } from "../../../core/db/index.ts";
import { AppError } from "../../../core/errors.ts";
import { getInformationSystem, organizationSubtreeIds } from "../../directory/index.ts";
import { getService } from "../catalogue/index.ts";
import {
  selectTrafficBuckets,
  selectTrafficByConsumer,
  selectTrafficTotals,
  type TrafficBucket,
} from "./traffic-repo.ts";

const HOUR_MS = 3_600_000;
/** Widest window per bucket size, so one answer stays a chart's worth of points. */
const MAX_BUCKETS = 800;
const BUCKET_MS: Record<TrafficBucket, number> = { hour: HOUR_MS, day: 24 * HOUR_MS };
const DEFAULT_WINDOW_MS: Record<TrafficBucket, number> = {
  hour: 24 * HOUR_MS,
  day: 30 * 24 * HOUR_MS,
};
/** Consumers listed in the breakdown, busiest first. */
const MAX_CONSUMERS = 50;

export type GetServiceTrafficOptions = {
  db: Db;
  actor: Actor | null | undefined;
  serviceId: string;
  from?: string | undefined;
  to?: string | undefined;
  bucket: TrafficBucket;
};

/**
 * Who sees which calls, as in the evidence log: system administrators and the provider's
 * organization (or one above it) see every call of the service; any other organization sees
 * only the calls it or a unit below it made.
 */
async function consumerScope(
  db: Db,
  actor: Actor,
  providerOrganizationId: string,
): Promise<string[] | undefined> {
  if (actor.kind === "system" || actor.roles.includes("system_admin")) return undefined;
  const organizations = await organizationSubtreeIds({ db, organizationId: actor.organizationId });
  return organizations.includes(providerOrganizationId) ? undefined : organizations;
}

function windowOf(options: GetServiceTrafficOptions): { from: Date; to: Date } {
  const to = options.to ? new Date(options.to) : new Date();
  const from = options.from
    ? new Date(options.from)
    : new Date(to.getTime() - DEFAULT_WINDOW_MS[options.bucket]);
  if (from >= to)
    throw new AppError("validation_failed", {
      detail: {
        vi: "Thời điểm bắt đầu phải trước thời điểm kết thúc.",
        en: "`from` must be before `to`.",
      },
    });
  if ((to.getTime() - from.getTime()) / BUCKET_MS[options.bucket] > MAX_BUCKETS)
    throw new AppError("validation_failed", {
      detail: {
        vi: `Khoảng thời gian quá dài: tối đa ${MAX_BUCKETS} khoảng; hãy chọn theo ngày hoặc thu hẹp.`,
        en: `The window is too long: at most ${MAX_BUCKETS} buckets; use days or a shorter window.`,
      },
    });
  return { from, to };
}

/**
 * The traffic of one service from the evidence log, the source of truth for every call: per
 * bucket and per consumer system, calls by outcome and status class, errors, exact
 * p50/p95/p99 latency and bytes each way.
 */
export async function getServiceTraffic(options: GetServiceTrafficOptions) {
  const { db, bucket } = options;
  const actor = requireActor(options.actor);
  const service = await getService({ db, actor, id: options.serviceId });
  const { from, to } = windowOf(options);
  const consumerOrganizationIds = await consumerScope(db, actor, service.provider.organizationId);
  const query = { serviceId: service.id, from, to, consumerOrganizationIds };
  const [buckets, totals, consumers] = await Promise.all([
    selectTrafficBuckets(db, { ...query, bucket }),
    selectTrafficTotals(db, query),
    selectTrafficByConsumer(db, { ...query, limit: MAX_CONSUMERS }),
  ]);
  return {
    serviceId: service.id,
    from: from.toISOString(),
    to: to.toISOString(),
    bucket,
    scope: consumerOrganizationIds ? ("own_calls" as const) : ("all_calls" as const),
    totals,
    buckets: buckets.map((row) => ({ ...row, start: new Date(row.start).toISOString() })),
    consumers: await Promise.all(
      consumers.map(async (row) => ({
        ...row,
        consumerSystemName: await systemName(db, actor, row.consumerSystemId),
      })),
    ),
  };
}
export type ServiceTraffic = Awaited<ReturnType<typeof getServiceTraffic>>;

async function systemName(db: Db, actor: Actor, id: string | null): Promise<string | null> {
  if (!id) return null;
  try {
    return (await getInformationSystem({ db, actor, id })).name;
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") return null;
    throw error;
  }
}
