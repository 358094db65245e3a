import type { FastifyInstance } from "fastify";
import { collectDefaultMetrics, Counter, Histogram, Registry } from "prom-client";

/** Prometheus registry of one app instance, with HTTP request counters and process metrics. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "lienthong_" });
  const requests = new Counter({
    name: "lienthong_http_requests_total",
    help: "HTTP requests by method, route and status",
    labelNames: ["method", "route", "status"],
    registers: [registry],
  });
  const duration = new Histogram({
    name: "lienthong_http_request_duration_seconds",
    help: "HTTP request duration by method and route",
    labelNames: ["method", "route"],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const observe = (method: string, route: string, status: number, seconds: number) => {
    requests.inc({ method, route, status: String(status) });
    duration.observe({ method, route }, seconds);
  };
  return {
    registry,
    observe,
    instrument(app: FastifyInstance) {
      app.addHook("onResponse", async (request, reply) => {
        const route = request.routeOptions.url ?? "unmatched";
        observe(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
      });
    },
  };
}

declare module "fastify" {
  interface FastifyInstance {
    /** The Prometheus registry served at `/metrics`, where modules add their own series. */
    metricsRegistry: Registry;
  }
}
