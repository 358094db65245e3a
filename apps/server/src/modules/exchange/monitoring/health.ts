import { requireActor, type Actor } from "../../../core/actor.ts";
import type { Db } from "../../../core/db/index.ts";
import { selectProviderHealth, type ProviderHealthRow } from "./health-repo.ts";
import type { ProbeErrorCode } from "./probe.ts";

type Bilingual = { vi: string; en: string };

/** What a person reads for each reason a probe failed. */
function describeFailure(row: ProviderHealthRow): Bilingual | null {
  const code = row.error_code as ProbeErrorCode | null;
  switch (code) {
    case null:
      return null;
    case "timeout":
      return { vi: "Không trả lời kịp thời gian chờ", en: "No answer before the timeout" };
    case "connection_refused":
      return { vi: "Máy chủ từ chối kết nối", en: "The server refused the connection" };
    case "dns":
      return { vi: "Không phân giải được tên miền", en: "The host name does not resolve" };
    case "tls":
      return { vi: "Lỗi chứng thư hoặc kết nối TLS", en: "Certificate or TLS error" };
    case "connection_failed":
      return { vi: "Không kết nối được máy chủ", en: "Could not connect to the server" };
    case "http_error":
      return {
        vi: `Máy chủ trả lời lỗi HTTP ${row.http_status}`,
        en: `The server answered HTTP ${row.http_status}`,
      };
    case "slow":
      return {
        vi: `Trả lời chậm (${Math.round(row.latency_ms ?? 0)} ms)`,
        en: `Slow answer (${Math.round(row.latency_ms ?? 0)} ms)`,
      };
  }
}

/** One service's provider health, as the API shows it. */
export function presentHealth(row: ProviderHealthRow) {
  return {
    serviceId: row.service_id,
    serviceCode: row.service_code,
    version: row.version,
    serviceName: row.service_name,
    provider: {
      organizationId: row.provider_organization_id,
      organizationCode: row.provider_org_code,
      organizationName: row.provider_org_name,
      systemCode: row.provider_system_code,
    },
    status: row.status,
    since: new Date(row.since).toISOString(),
    checkedAt: new Date(row.checked_at).toISOString(),
    latencyMs: row.latency_ms,
    httpStatus: row.http_status,
    lastError: row.error_code ? { code: row.error_code, message: describeFailure(row)! } : null,
    recentChecks: row.recent_checks,
    recentUp: row.recent_up,
  };
}
export type ProviderHealth = ReturnType<typeof presentHealth>;

/**
 * The latest health of every service's provider, for signed-in staff: like the catalogue, it
 * says what can be reached, and it shows no address, only the reason a probe failed.
 */
export async function listProviderHealth(options: {
  db: Db;
  actor: Actor | null | undefined;
}): Promise<{ items: ProviderHealth[] }> {
  requireActor(options.actor);
  const rows = await selectProviderHealth(options.db);
  return { items: rows.map(presentHealth) };
}
