import type { App } from "../../../core/http/app-type.ts";
import { problemResponses } from "../../../core/http/problem.ts";
import type { ModuleContext } from "../../../core/module.ts";
import { listProviderHealth } from "./health.ts";
import { providerHealthMetrics } from "./health-metrics.ts";
import { ProviderHealthList, ServiceTrafficSchema, TrafficParams, TrafficQuery } from "./schema.ts";
import { getServiceTraffic } from "./traffic.ts";

const tags = ["exchange"];

/**
 * Monitoring of the LGSP under `/api/v1/exchange`: traffic per service, health of the providers
 * (also as Prometheus gauges).
 */
export function monitoringRoutes(app: App, { db }: ModuleContext) {
  app.get(
    "/services/:id/traffic",
    {
      schema: {
        tags,
        summary: "Lưu lượng gọi một dịch vụ / traffic of one service",
        params: TrafficParams,
        querystring: TrafficQuery,
        response: { 200: ServiceTrafficSchema, ...problemResponses },
      },
    },
    async (request) =>
      getServiceTraffic({
        db,
        actor: request.actor,
        serviceId: request.params.id,
        ...request.query,
      }),
  );

  app.get(
    "/health",
    {
      schema: {
        tags,
        summary: "Tình trạng nhà cung cấp dịch vụ / health of the service providers",
        response: { 200: ProviderHealthList, ...problemResponses },
      },
    },
    async (request) => listProviderHealth({ db, actor: request.actor }),
  );

  providerHealthMetrics(app.metricsRegistry, db);
}
