/**
 * The LGSP gateway's forwarding engine: no database, no authentication — the `/gw` route does
 * those and hands this engine a resolved, authorized call.
 *
 * Wiring (a raw route in `core/http/raw-routes.ts`, one `Gateway` per process):
 *
 * ```ts
 * const gateway = createGateway({ connectionsPerOrigin: 64 });
 * rawRoutes.add(method, "/gw/...", async (req, res, { requestId, ip }) => {
 *   // 1. authenticate the bearer token → Consumer; resolve the target → ServiceTarget and the
 *   //    rest of the path; check the right → GrantedAccess (refusals: throw AppError as usual).
 *   // 2. set the response headers the consumer gets whatever happens:
 *   res.setHeader("x-lgsp-exchange-id", exchangeId);
 *   // 3. forward; the promise resolves when the response has ended, failed or been abandoned,
 *   //    and never rejects (the engine answers its own refusals and failures).
 *   const result = await gateway.forward(req, res, {
 *     target, path: rest, consumer, access, requestId, clientIp: ip, correlationId,
 *     headers: { "x-lgsp-consumer": systemCode, "x-lgsp-exchange-id": exchangeId,
 *                "x-lgsp-end-user": signedAssertion },
 *   });
 *   // 4. hand { ...result, id: exchangeId, ... } to the evidence log as an ExchangeRecord.
 * });
 * // on shutdown: await gateway.close();
 * ```
 *
 * `forward` checks, in this order: the path (`safeUpstreamPath`, 400), the method (TRACE and
 * CONNECT refused), `Content-Length` against `maxRequestBytes` (413), the provider's circuit
 * (503 with Retry-After), the consumer's rate limit and daily quota (429 with Retry-After); then
 * streams the call. The consumer's `authorization`, `cookie`, hop-by-hop and `x-lgsp-*` fields are
 * never forwarded; `x-forwarded-for/-proto/-host`, `x-correlation-id` and `call.headers` are set.
 *
 * Limits and circuits are kept in memory, per process: with N platform nodes, a consumer may make
 * up to N times its limit, and each node opens its own circuit.
 */
import { Gateway, type GatewayOptions } from "./forwarder.ts";

export type { ForwardCall, ForwardResult, GatewayOptions } from "./forwarder.ts";
export { Gateway } from "./forwarder.ts";
export { CircuitBreaker, type CircuitPermit, type CircuitState } from "./circuit-breaker.ts";
export { RateLimiter, type ConsumerLimits, type LimitDecision } from "./rate-limiter.ts";
export { safeUpstreamPath } from "./safe-path.ts";

/** The gateway's forwarding engine, with pooled keep-alive connections per provider origin. */
export function createGateway(options: GatewayOptions = {}): Gateway {
  return new Gateway(options);
}
