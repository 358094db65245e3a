import type { Db } from "../../../core/db/index.ts";
import { isUuid } from "../../../core/ids.ts";
import type { GrantedAccess, ServiceTarget } from "../types.ts";
import { selectRightsForLookup } from "./access-repo.ts";
import { compileEndpoint, matchesEndpoint, type EndpointMatcher } from "./endpoints.ts";
import { LookupCache } from "./lookup-cache.ts";
import { selectServiceByPath, toTarget } from "./services-repo.ts";

export type ServicePath = {
  providerOrgCode: string;
  providerSystemCode: string;
  serviceCode: string;
  version: string;
};

const targets = new LookupCache<ServiceTarget | undefined>();

/**
 * The service a gateway path names (`/gw/{providerOrgCode}/{providerSystemCode}/{serviceCode}/
 * {version}`), whatever its status: the gateway tells a retired service from an unknown one.
 * Runs on every gateway call, so it answers from memory after the first call (see `LookupCache`).
 */
export function resolveTarget(
  ctx: { db: Db },
  path: ServicePath,
): Promise<ServiceTarget | undefined> {
  // JSON keeps the four parts apart whatever characters a caller puts in a path segment.
  const key = JSON.stringify([
    path.providerOrgCode,
    path.providerSystemCode,
    path.serviceCode,
    path.version,
  ]);
  return targets.get(ctx.db, key, async () => {
    const row = await selectServiceByPath(ctx.db, path);
    if (!row) return undefined;
    // Every call shares the cached object; frozen, so no caller can change it for the others.
    const target = toTarget(row);
    if (target.mediation) Object.freeze(target.mediation);
    return Object.freeze(target);
  });
}

type CachedRight = {
  rightId: string;
  endpoints: EndpointMatcher[] | null;
  expiresAt: Date | null;
  revoked: boolean;
  rateLimitPerMinute: number | null;
  dailyQuota: number | null;
};

const rights = new LookupCache<CachedRight[]>();

export type AccessQuery = {
  consumerSystemId: string;
  serviceId: string;
  method: string;
  /** The path below the version segment, without the query string. */
  path: string;
};

export type AccessDecision =
  { granted: GrantedAccess } | { refused: "access_not_granted" | "access_expired" };

/**
 * Whether a consumer system may make this call to this service. A right covers the whole service
 * or only its named endpoints. When no live right covers the call but an expired or revoked one
 * would have, the answer is `access_expired`, so the consumer learns to renew rather than ask
 * anew. Expiry is judged at the moment of the call, not when the rights were cached.
 */
export async function findAccess(ctx: { db: Db }, query: AccessQuery): Promise<AccessDecision> {
  if (!isUuid(query.consumerSystemId) || !isUuid(query.serviceId))
    return { refused: "access_not_granted" };
  const key = `${query.consumerSystemId}\n${query.serviceId}`;
  const candidates = await rights.get(ctx.db, key, async () =>
    (await selectRightsForLookup(ctx.db, query)).map((row) => ({
      rightId: row.id,
      endpoints: row.endpoints ? row.endpoints.map(compileEndpoint) : null,
      expiresAt: row.expires_at,
      revoked: row.revoked_at !== null,
      rateLimitPerMinute: row.rate_limit_per_minute,
      dailyQuota: row.daily_quota,
    })),
  );
  const now = Date.now();
  let lapsed = false;
  for (const right of candidates) {
    const covers =
      right.endpoints === null ||
      right.endpoints.some((endpoint) => matchesEndpoint(endpoint, query.method, query.path));
    if (!covers) continue;
    if (right.revoked || (right.expiresAt !== null && right.expiresAt.getTime() <= now)) {
      lapsed = true;
      continue;
    }
    return {
      granted: {
        rightId: right.rightId,
        rateLimitPerMinute: right.rateLimitPerMinute,
        dailyQuota: right.dailyQuota,
        expiresAt: right.expiresAt,
      },
    };
  }
  return { refused: lapsed ? "access_expired" : "access_not_granted" };
}
