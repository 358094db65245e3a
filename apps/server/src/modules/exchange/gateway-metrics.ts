import { Counter, Histogram, type Registry } from "prom-client";
import type { ExchangeRecord, ServiceTarget } from "./types.ts";

/**
 * Prometheus series of the gateway, per service and consumer system: calls by outcome and status,
 * latency (p50/p95/p99 come from the histogram), body sizes. Services are labelled
 * `{agency code}/{system code}/{service code}/{version}`, consumers by their directory id.
 */
export function gatewayMetrics(registry: Registry) {
  const calls = new Counter({
    name: "lienthong_lgsp_calls_total",
    help: "Calls through the LGSP gateway by service, consumer system, outcome and status",
    labelNames: ["service", "consumer", "outcome", "status"],
    registers: [registry],
  });
  const latency = new Histogram({
    name: "lienthong_lgsp_call_duration_seconds",
    help: "Time from the call's arrival to the end of its answer, by service",
    labelNames: ["service"],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const bytes = new Histogram({
    name: "lienthong_lgsp_body_bytes",
    help: "Body sizes through the gateway, by service and direction",
    labelNames: ["service", "direction"],
    buckets: [0, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 104857600],
    registers: [registry],
  });
  return (record: ExchangeRecord, target: ServiceTarget | undefined) => {
    const service = target
      ? `${target.providerOrgCode}/${target.providerSystemCode}/${target.serviceCode}/${target.version}`
      : "unresolved";
    calls.inc({
      service,
      consumer: record.consumerSystemId ?? "unknown",
      outcome: record.outcome,
      status: String(record.status),
    });
    latency.observe({ service }, record.latencyMs / 1000);
    bytes.observe({ service, direction: "request" }, record.requestBytes);
    bytes.observe({ service, direction: "response" }, record.responseBytes);
  };
}
