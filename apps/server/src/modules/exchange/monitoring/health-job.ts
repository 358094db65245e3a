import type { Actor } from "../../../core/actor.ts";
import type { ModuleContext, RecurringJob } from "../../../core/module.ts";
import { searchCatalogue, type Service } from "../catalogue/index.ts";
import { forgetOtherServices, saveProbe } from "./health-repo.ts";
import { probeProvider, type ProbeOptions } from "./probe.ts";

const platform: Actor = { kind: "system", name: "exchange.provider_health" };
/** Probes in flight at once, so a catalogue of hundreds of services is checked in seconds. */
const CONCURRENCY = 8;

export type ProviderHealthOptions = ProbeOptions & {
  /** Seconds between two rounds of probes. */
  everySeconds: number;
};

export const PROVIDER_HEALTH_DEFAULTS: ProviderHealthOptions = {
  everySeconds: 60,
  timeoutMs: 5_000,
  degradedMs: 1_000,
};

/** Services still answered by the gateway: active and deprecated ones. */
async function servicesToProbe(ctx: ModuleContext): Promise<Service[]> {
  const services: Service[] = [];
  for (const status of ["active", "deprecated"]) {
    let cursor: string | undefined;
    do {
      const page = await searchCatalogue({
        db: ctx.db,
        actor: platform,
        status,
        cursor,
        limit: 200,
      });
      services.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
  return services;
}

/** One round: probes every service's provider, stores each result; returns how many. */
export async function checkProviders(
  ctx: ModuleContext,
  options: ProbeOptions = PROVIDER_HEALTH_DEFAULTS,
): Promise<number> {
  const services = await servicesToProbe(ctx);
  const queue = [...services];
  const worker = async () => {
    for (let service = queue.shift(); service; service = queue.shift()) {
      const checkedAt = new Date();
      const healthUrl = service.healthPath
        ? `${service.baseUrl.replace(/\/$/, "")}${service.healthPath}`
        : undefined;
      const result = await probeProvider(service.baseUrl, options, healthUrl);
      await saveProbe(ctx.db, {
        service_id: service.id,
        provider_organization_id: service.provider.organizationId,
        provider_org_code: service.provider.organizationCode,
        provider_org_name: service.provider.organizationName,
        provider_system_code: service.provider.systemCode,
        service_code: service.code,
        version: service.version,
        service_name: service.name,
        probe_url: healthUrl ?? service.baseUrl,
        status: result.status,
        checked_at: checkedAt,
        latency_ms: result.latencyMs,
        http_status: result.httpStatus,
        error_code: result.errorCode,
      });
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  await forgetOtherServices(
    ctx.db,
    services.map((s) => s.id),
  );
  return services.length;
}

/** The recurring health check of every provider; durable, one round across all processes. */
export function createProviderHealthJob(
  options: Partial<ProviderHealthOptions> = {},
): RecurringJob {
  const settings = { ...PROVIDER_HEALTH_DEFAULTS, ...options };
  return {
    name: "exchange.provider_health",
    everySeconds: settings.everySeconds,
    async run(ctx) {
      const probed = await checkProviders(ctx, settings);
      ctx.log.debug({ probed }, "providers probed");
    },
  };
}

/** Register with the exchange module's jobs: every provider probed once a minute. */
export const providerHealthJob = createProviderHealthJob();
