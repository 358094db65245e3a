import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { newId } from "../../../core/ids.ts";
import type { ModuleContext } from "../../../core/module.ts";
import { createTestContext } from "../../../core/testing/platform.ts";
import {
  HEALTH_HISTORY,
  saveProbe,
  selectProviderHealth,
  type HealthStatus,
  type ProbeRecord,
} from "./health-repo.ts";

function buildProbe(serviceId: string, at: Date, status: HealthStatus): ProbeRecord {
  return {
    service_id: serviceId,
    provider_organization_id: newId(),
    provider_org_code: "000.00.00.G09",
    provider_org_name: "Bộ Nội vụ",
    provider_system_code: "QLVB",
    service_code: "van-ban",
    version: "v1",
    service_name: "Văn bản",
    probe_url: "http://127.0.0.1:9/api",
    status,
    checked_at: at,
    latency_ms: status === "down" ? null : 2,
    http_status: status === "down" ? null : 200,
    error_code: status === "down" ? "connection_refused" : null,
  };
}

describe("provider health store (happy)", () => {
  let ctx: ModuleContext & { close(): Promise<void> };
  before(async () => {
    ctx = await createTestContext();
  });
  after(() => ctx.close());

  it(`keeps the last ${HEALTH_HISTORY} probes of a service and counts those that answered`, async () => {
    const serviceId = newId();
    const start = Date.UTC(2026, 10, 28, 8);
    const rounds = HEALTH_HISTORY + 5;
    // The first 10 probes found it down, the rest up.
    for (let i = 0; i < rounds; i += 1)
      await saveProbe(
        ctx.db,
        buildProbe(serviceId, new Date(start + i * 60_000), i < 10 ? "down" : "up"),
      );
    const [row] = await selectProviderHealth(ctx.db);
    assert.equal(row!.recent_checks, HEALTH_HISTORY);
    assert.equal(row!.recent_up, HEALTH_HISTORY - 5, "the 5 oldest (down) probes are gone");
    assert.equal(row!.status, "up");
    assert.equal(new Date(row!.since).getTime(), start + 10 * 60_000, "up since the 11th probe");
  });
});
