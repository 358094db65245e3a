import { sql, type Kysely } from "kysely";
import type { Db } from "../../../core/db/index.ts";

export const HEALTH_STATUSES = ["up", "degraded", "down"] as const;
export type HealthStatus = (typeof HEALTH_STATUSES)[number];

export type ProviderHealthTable = {
  service_id: string;
  provider_organization_id: string;
  provider_org_code: string;
  provider_org_name: string;
  provider_system_code: string;
  service_code: string;
  version: string;
  service_name: string;
  probe_url: string;
  status: HealthStatus;
  since: Date;
  checked_at: Date;
  latency_ms: number | null;
  http_status: number | null;
  error_code: string | null;
};
type HealthCheckTable = {
  service_id: string;
  checked_at: Date;
  status: HealthStatus;
  latency_ms: number | null;
  http_status: number | null;
  error_code: string | null;
};
type MonitoringTables = {
  xch_provider_health: ProviderHealthTable;
  xch_provider_health_checks: HealthCheckTable;
};

/** The only place that writes SQL for the monitoring tables. */
const t = (db: Db) => db as unknown as Kysely<MonitoringTables>;

/** Probes kept per service: two hours at one a minute. */
export const HEALTH_HISTORY = 120;

export type ProbeRecord = Omit<ProviderHealthTable, "since">;

/**
 * Stores one probe: the latest state (its `since` moves only when the status changes) and a
 * line of history, of which the last `HEALTH_HISTORY` are kept.
 */
export async function saveProbe(db: Db, probe: ProbeRecord): Promise<void> {
  await t(db)
    .transaction()
    .execute(async (trx) => {
      await trx
        .insertInto("xch_provider_health")
        .values({ ...probe, since: probe.checked_at })
        .onConflict((oc) =>
          oc.column("service_id").doUpdateSet((eb) => ({
            provider_organization_id: eb.ref("excluded.provider_organization_id"),
            provider_org_code: eb.ref("excluded.provider_org_code"),
            provider_org_name: eb.ref("excluded.provider_org_name"),
            provider_system_code: eb.ref("excluded.provider_system_code"),
            service_code: eb.ref("excluded.service_code"),
            version: eb.ref("excluded.version"),
            service_name: eb.ref("excluded.service_name"),
            probe_url: eb.ref("excluded.probe_url"),
            status: eb.ref("excluded.status"),
            since: sql`case when xch_provider_health.status = excluded.status
              then xch_provider_health.since else excluded.checked_at end`,
            checked_at: eb.ref("excluded.checked_at"),
            latency_ms: eb.ref("excluded.latency_ms"),
            http_status: eb.ref("excluded.http_status"),
            error_code: eb.ref("excluded.error_code"),
          })),
        )
        .execute();
      await trx
        .insertInto("xch_provider_health_checks")
        .values({
          service_id: probe.service_id,
          checked_at: probe.checked_at,
          status: probe.status,
          latency_ms: probe.latency_ms,
          http_status: probe.http_status,
          error_code: probe.error_code,
        })
        .onConflict((oc) => oc.doNothing())
        .execute();
      await sql`delete from xch_provider_health_checks
        where service_id = ${probe.service_id} and checked_at < (
          select checked_at from xch_provider_health_checks where service_id = ${probe.service_id}
          order by checked_at desc offset ${HEALTH_HISTORY - 1} limit 1)`.execute(trx);
    });
}

/** Forgets services that are no longer probed (retired or removed), history included. */
export async function forgetOtherServices(db: Db, keep: readonly string[]): Promise<void> {
  for (const table of ["xch_provider_health", "xch_provider_health_checks"] as const) {
    let query = t(db).deleteFrom(table);
    if (keep.length > 0) query = query.where("service_id", "not in", keep);
    await query.execute();
  }
}

export type ProviderHealthRow = ProviderHealthTable & { recent_checks: number; recent_up: number };

/** Every probed service, the ones down first, then degraded, then by provider and code. */
export async function selectProviderHealth(db: Db): Promise<ProviderHealthRow[]> {
  const { rows } = await sql<ProviderHealthRow>`
    select h.*,
      (select count(*)::int from xch_provider_health_checks c where c.service_id = h.service_id)
        as recent_checks,
      (select count(*)::int from xch_provider_health_checks c
        where c.service_id = h.service_id and c.status <> 'down') as recent_up
    from xch_provider_health h
    order by case h.status when 'down' then 0 when 'degraded' then 1 else 2 end,
      h.provider_org_code, h.provider_system_code, h.service_code, h.version`.execute(db);
  return rows;
}
