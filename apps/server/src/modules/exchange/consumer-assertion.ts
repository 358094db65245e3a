import type { ModuleContext } from "../../core/module.ts";
import { createPlatformAssertionVerifier, signPlatformAssertion } from "../identity/index.ts";
import type { ServiceTarget } from "./types.ts";

/** The field carrying the signed statement of who the consumer is, on every forwarded call. */
export const CONSUMER_ASSERTION_HEADER = "x-lgsp-consumer-assertion";
const TYPE = "lgsp-consumer+jwt";
/** Lifetime of a statement; the gateway makes a new one when less than a minute is left. */
const TTL_SECONDS = 300;
const RENEW_AFTER_MS = (TTL_SECONDS - 60) * 1000;
const CACHED = 10_000;

/** What a provider learns from a consumer statement. */
export type AssertedConsumer = {
  clientId: string;
  systemId: string;
  organizationId: string | null;
  /** `{org}/{system}/{service}/{version}` the call was made to. */
  service: string;
  /** The federation peer the call came through, when it came from another platform instance. */
  federationPeer?: string;
};

/** The consumer as the gateway established it: from its token, or from a federation peer. */
export type GatewayConsumer = {
  clientId: string;
  systemId: string | null;
  organizationId: string | null;
  federationPeer?: string;
};

/**
 * Statements the gateway hands providers (`x-lgsp-consumer-assertion`): "this call comes from
 * client C of information system S of organization O, through service X", signed by the platform
 * (checkable with its published JWKS). The audience is the service's base URL — the only address
 * the gateway sends it to — so a provider cannot replay it to another provider. A statement is
 * reused for a few minutes per client and service, so the gateway signs about once per pair and
 * period, not once per call.
 */
export function createConsumerAssertions(ctx: ModuleContext) {
  const cache = new Map<string, { token: string; madeAt: number }>();
  return (caller: GatewayConsumer, target: ServiceTarget): string | undefined => {
    const key = `${caller.clientId}\n${target.serviceId}\n${target.baseUrl}`;
    const now = Date.now();
    const cached = cache.get(key);
    if (cached && now - cached.madeAt < RENEW_AFTER_MS) return cached.token;
    const token = signPlatformAssertion(
      ctx,
      {
        sub: caller.clientId,
        aud: withoutTrailingSlash(target.baseUrl),
        consumer_system: caller.systemId,
        consumer_org: caller.organizationId,
        service: `${target.providerOrgCode}/${target.providerSystemCode}/${target.serviceCode}/${target.version}`,
        ...(caller.federationPeer ? { federation_peer: caller.federationPeer } : {}),
      },
      { type: TYPE, ttlSeconds: TTL_SECONDS },
    );
    if (!token) return undefined;
    if (cache.size >= CACHED) cache.clear();
    cache.set(key, { token, madeAt: now });
    return token;
  };
}

/**
 * For a provider served by this platform itself (e.g. the reporting API behind the LGSP): checks
 * the gateway's statement against the provider's own base URL.
 */
export function createConsumerAssertionVerifier(ctx: ModuleContext, baseUrl: string) {
  const verify = createPlatformAssertionVerifier(ctx, {
    type: TYPE,
    audience: withoutTrailingSlash(baseUrl),
  });
  return async (token: string): Promise<{ consumer: AssertedConsumer } | { refused: string }> => {
    const verdict = await verify(token);
    if ("refused" in verdict) return verdict;
    const { sub, consumer_system, consumer_org, service, federation_peer } = verdict.claims;
    if (
      typeof sub !== "string" ||
      typeof consumer_system !== "string" ||
      typeof service !== "string"
    )
      return { refused: "malformed" };
    return {
      consumer: {
        clientId: sub,
        systemId: consumer_system,
        organizationId: typeof consumer_org === "string" ? consumer_org : null,
        service,
        ...(typeof federation_peer === "string" ? { federationPeer: federation_peer } : {}),
      },
    };
  };
}

const withoutTrailingSlash = (url: string) => url.replace(/\/+$/, "");
