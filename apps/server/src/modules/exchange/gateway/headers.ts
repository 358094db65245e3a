import type { IncomingHttpHeaders } from "node:http";

/** Hop-by-hop fields (RFC 9110 §7.6.1, and `proxy-connection`, which old clients still send). */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

/**
 * Request fields the gateway never passes on: the consumer's bearer token (meant for the LGSP, not
 * the provider), the host (the provider's own is set from its base URL), cookies (the platform's
 * session cookie must not reach a provider), `expect` (answered here by Node), and fields the
 * gateway sets itself, so that a consumer cannot forge them.
 */
const NOT_FORWARDED = new Set([
  "authorization",
  "host",
  "cookie",
  "expect",
  "forwarded",
  "x-forwarded-for",
  "x-forwarded-proto",
  "x-forwarded-host",
  "x-real-ip",
  "x-correlation-id",
]);

/** Prefix of the fields the platform asserts to providers (consumer, exchange id, end user). */
const PLATFORM_PREFIX = "x-lgsp-";

/** Fields named by a `Connection` header, which are hop-by-hop for this message only. */
function connectionOptions(value: string | string[] | undefined): Set<string> | undefined {
  if (!value) return undefined;
  const text = Array.isArray(value) ? value.join(",") : value;
  return new Set(text.split(",").map((name) => name.trim().toLowerCase()));
}

export type ForwardedFor = {
  clientIp: string;
  proto: string;
  host: string | undefined;
  correlationId: string;
  /** Fields the route adds (consumer identity, exchange id, signed end-user assertion). */
  extra: Record<string, string> | undefined;
};

/** The fields sent to the provider for a consumer's request. */
export function upstreamRequestHeaders(
  incoming: IncomingHttpHeaders,
  forwarded: ForwardedFor,
): Record<string, string | string[]> {
  const named = connectionOptions(incoming.connection);
  const headers: Record<string, string | string[]> = {};
  for (const name in incoming) {
    const value = incoming[name];
    if (value === undefined || HOP_BY_HOP.has(name) || NOT_FORWARDED.has(name)) continue;
    if (name.startsWith(PLATFORM_PREFIX) || named?.has(name)) continue;
    headers[name] = value;
  }
  headers["x-forwarded-for"] = forwarded.clientIp;
  headers["x-forwarded-proto"] = forwarded.proto;
  if (forwarded.host) headers["x-forwarded-host"] = forwarded.host;
  headers["x-correlation-id"] = forwarded.correlationId;
  if (forwarded.extra)
    for (const name in forwarded.extra) headers[name.toLowerCase()] = forwarded.extra[name]!;
  return headers;
}

/**
 * The fields sent to the consumer for a provider's response: hop-by-hop fields dropped, and
 * `set-cookie`, since a provider's cookie would be set on the platform's own origin.
 */
export function downstreamResponseHeaders(
  upstream: IncomingHttpHeaders,
): Record<string, string | string[]> {
  const named = connectionOptions(upstream.connection);
  const headers: Record<string, string | string[]> = {};
  for (const name in upstream) {
    const value = upstream[name];
    if (value === undefined || HOP_BY_HOP.has(name) || name === "set-cookie") continue;
    if (named?.has(name)) continue;
    headers[name] = value;
  }
  return headers;
}
