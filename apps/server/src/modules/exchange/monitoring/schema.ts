import { Type } from "typebox";
import { Nullable } from "../../../core/http/schema.ts";

export const TrafficParams = Type.Object({ id: Type.String({ maxLength: 100 }) });

export const TrafficQuery = Type.Object(
  {
    from: Type.Optional(
      Type.String({
        format: "date-time",
        description: "Inclusive; default `to` minus 24 hours (30 days by day)",
      }),
    ),
    to: Type.Optional(Type.String({ format: "date-time", description: "Exclusive; default now" })),
    bucket: Type.Union([Type.Literal("hour"), Type.Literal("day")], {
      default: "hour",
      description: "Bucket size; days are cut in Asia/Ho_Chi_Minh",
    }),
  },
  { additionalProperties: false },
);

const Figures = {
  calls: Type.Integer(),
  completed: Type.Integer(),
  refused: Type.Integer(),
  upstreamError: Type.Integer(),
  timeout: Type.Integer(),
  circuitOpen: Type.Integer(),
  status2xx: Type.Integer(),
  status3xx: Type.Integer(),
  status4xx: Type.Integer(),
  status5xx: Type.Integer(),
  errors: Type.Integer({
    description: "Provider or gateway failures: upstream error, timeout, open circuit, or 5xx",
  }),
  p50Ms: Nullable(Type.Number()),
  p95Ms: Nullable(Type.Number()),
  p99Ms: Nullable(Type.Number()),
  requestBytes: Type.Number(),
  responseBytes: Type.Number(),
};

export const ServiceTrafficSchema = Type.Object({
  serviceId: Type.String({ format: "uuid" }),
  from: Type.String({ format: "date-time" }),
  to: Type.String({ format: "date-time" }),
  bucket: Type.Union([Type.Literal("hour"), Type.Literal("day")]),
  scope: Type.Union([Type.Literal("all_calls"), Type.Literal("own_calls")], {
    description: "`own_calls`: only the calls of the caller's organization and the units below it",
  }),
  totals: Type.Object(Figures),
  buckets: Type.Array(Type.Object({ start: Type.String({ format: "date-time" }), ...Figures })),
  consumers: Type.Array(
    Type.Object({
      consumerSystemId: Nullable(Type.String()),
      consumerSystemName: Nullable(Type.String()),
      consumerOrganizationId: Nullable(Type.String()),
      ...Figures,
    }),
  ),
});

const Bilingual = Type.Object({ vi: Type.String(), en: Type.String() });

export const ProviderHealthSchema = Type.Object({
  serviceId: Type.String({ format: "uuid" }),
  serviceCode: Type.String(),
  version: Type.String(),
  serviceName: Type.String(),
  provider: Type.Object({
    organizationId: Type.String(),
    organizationCode: Type.String(),
    organizationName: Type.String(),
    systemCode: Type.String(),
  }),
  status: Type.Union([Type.Literal("up"), Type.Literal("degraded"), Type.Literal("down")], {
    description: "down: no answer, timeout or 5xx; degraded: an answer slower than 1 s",
  }),
  since: Type.String({ format: "date-time", description: "When the status last changed" }),
  checkedAt: Type.String({ format: "date-time" }),
  latencyMs: Nullable(Type.Number()),
  httpStatus: Nullable(Type.Integer()),
  lastError: Nullable(Type.Object({ code: Type.String(), message: Bilingual })),
  recentChecks: Type.Integer({ description: "Probes kept (the last 120)" }),
  recentUp: Type.Integer({ description: "Of those, how many found the provider up or degraded" }),
});

export const ProviderHealthList = Type.Object({ items: Type.Array(ProviderHealthSchema) });
