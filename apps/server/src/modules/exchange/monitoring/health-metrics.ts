import { Gauge, type Registry } from "prom-client";
import type { Db } from "../../../core/db/index.ts";
import { HEALTH_STATUSES, selectProviderHealth, type ProviderHealthRow } from "./health-repo.ts";

const label = (row: ProviderHealthRow) =>
  `${row.provider_org_code}/${row.provider_system_code}/${row.service_code}/${row.version}`;

/**
 * Prometheus gauges of provider health, read from the database at each scrape so that every
 * node reports what the last round (run by any node) found. `lienthong_lgsp_provider_status`
 * is 1 for the provider's current status and 0 for the others (the usual one-hot pattern);
 * services are labelled like the gateway's series.
 */
export function providerHealthMetrics(registry: Registry, db: Db): void {
  new Gauge({
    name: "lienthong_lgsp_provider_status",
    help: "Health of each service's provider at the last probe (1 for the current status)",
    labelNames: ["service", "status"],
    registers: [registry],
    async collect() {
      const rows = await selectProviderHealth(db);
      this.reset();
      for (const row of rows)
        for (const status of HEALTH_STATUSES)
          this.set({ service: label(row), status }, row.status === status ? 1 : 0);
    },
  });
  new Gauge({
    name: "lienthong_lgsp_provider_probe_seconds",
    help: "Time the last health probe of a service's provider took to answer",
    labelNames: ["service"],
    registers: [registry],
    async collect() {
      const rows = await selectProviderHealth(db);
      this.reset();
      for (const row of rows)
        if (row.latency_ms !== null) this.set({ service: label(row) }, row.latency_ms / 1000);
    },
  });
}
