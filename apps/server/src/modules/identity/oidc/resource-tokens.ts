import { createPublicKey, sign, verify, type KeyObject } from "node:crypto";
import type { ModuleContext } from "../../../core/module.ts";
import { findActiveClient } from "./clients.ts";
import { issuerOf, resourceServers } from "./provider.ts";
import { oidcRuntimeOf } from "./runtime.ts";

/** Who presented a valid LGSP access token: the client and the information system behind it. */
export type ResourceCaller = {
  clientId: string;
  /** Information system the client is registered for (null: not linked to one). */
  systemId: string | null;
  organizationId: string | null;
  tokenId: string;
  scope: string[];
  expiresAt: Date;
};

/** Why a token was not accepted; each maps to one sentence for the caller. */
export type ResourceTokenRefusal =
  | "missing"
  | "malformed"
  | "bad_signature"
  | "wrong_issuer"
  | "wrong_audience"
  | "expired"
  | "client_inactive";

/** Clock skew tolerated on `exp`, `nbf` and `iat`, in seconds. */
const SKEW = 30;
/** Checked tokens remembered per verifier; the memory is cleared when it fills up. */
const VERIFIED_TOKENS = 10_000;

/**
 * Checks an access token the platform's provider issued for the LGSP (RFC 9068 JWT, ES256, audience
 * `<PUBLIC_URL>/gw`) without a round trip: signature against the provider's current published keys
 * (retired keys stay published until their tokens expire), issuer, audience, expiry, and that the
 * client is still active (cached, so a disabled client is refused within seconds). A resource
 * server verifies tokens on every call; this costs one ECDSA verification and two map lookups.
 */
export function createResourceTokenVerifier(ctx: ModuleContext, resource = gatewayResource(ctx)) {
  const issuer = issuerOf(ctx.config);
  const keyFor = publicKeyLookup(ctx);

  // Tokens already checked, until they expire: a system reuses its token for many calls, and
  // the signature check is most of the cost of a call. The client is still looked up each time.
  const verified = new Map<string, { clientId: string; claims: Record<string, unknown> }>();

  const callerOf = async (
    clientId: string,
    claims: Record<string, unknown>,
  ): Promise<{ caller: ResourceCaller } | { refused: ResourceTokenRefusal }> => {
    const client = await findActiveClient(ctx.db, clientId);
    if (!client) return { refused: "client_inactive" };
    return {
      caller: {
        clientId,
        systemId: client.information_system_id,
        organizationId: client.organization_id,
        tokenId: claims.jti as string,
        scope: typeof claims.scope === "string" ? claims.scope.split(" ").filter(Boolean) : [],
        expiresAt: new Date((claims.exp as number) * 1000),
      },
    };
  };

  return async function verifyResourceToken(
    authorization: string | undefined,
  ): Promise<{ caller: ResourceCaller } | { refused: ResourceTokenRefusal }> {
    if (!authorization || !/^bearer /i.test(authorization)) return { refused: "missing" };
    const token = authorization.slice(7).trim();
    const known = verified.get(token);
    if (known) {
      if ((known.claims.exp as number) + SKEW >= Date.now() / 1000)
        return callerOf(known.clientId, known.claims);
      verified.delete(token);
    }
    const parts = token.split(".");
    if (parts.length !== 3) return { refused: "malformed" };
    const [h, p, s] = parts as [string, string, string];
    const header = decode(h);
    const claims = decode(p);
    if (!header || !claims || header.alg !== "ES256" || typeof header.kid !== "string")
      return { refused: "malformed" };
    if (!(await signedBy(keyFor, header.kid, h, p, s))) return { refused: "bad_signature" };
    if (claims.iss !== issuer) return { refused: "wrong_issuer" };
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!audiences.includes(resource)) return { refused: "wrong_audience" };
    const now = Date.now() / 1000;
    if (typeof claims.exp !== "number" || claims.exp + SKEW < now) return { refused: "expired" };
    if (typeof claims.nbf === "number" && claims.nbf - SKEW > now) return { refused: "expired" };
    const clientId = claims.client_id;
    if (typeof clientId !== "string" || typeof claims.jti !== "string")
      return { refused: "malformed" };
    if (verified.size >= VERIFIED_TOKENS) verified.clear();
    verified.set(token, { clientId, claims });
    return callerOf(clientId, claims);
  };
}

/**
 * The platform's published ES256 public keys by key id. A key this process has not seen may come
 * from a rotation by another process: the lookup looks again once (the runtime re-reads the key
 * set at most every few seconds, so unknown ids cost nothing).
 */
function publicKeyLookup(ctx: ModuleContext) {
  const keys = new Map<string, { jwk: Record<string, unknown>; key: KeyObject }>();
  const find = (kid: string) => {
    const jwk = oidcRuntimeOf(ctx)
      .publicJwks()
      .keys.find((k) => k.kid === kid && k.alg === "ES256");
    if (!jwk) return undefined;
    const cached = keys.get(kid);
    if (cached?.jwk === jwk) return cached.key;
    const key = createPublicKey({ key: jwk as never, format: "jwk" });
    if (keys.size > 64) keys.clear();
    keys.set(kid, { jwk, key });
    return key;
  };
  return async (kid: string): Promise<KeyObject | undefined> => {
    const key = find(kid);
    if (key) return key;
    await oidcRuntimeOf(ctx).provider();
    return find(kid);
  };
}

/** Whether `h.p.s` (ES256, IEEE P1363 signature) verifies under the published key `kid`. */
async function signedBy(
  keyFor: ReturnType<typeof publicKeyLookup>,
  kid: string,
  h: string,
  p: string,
  s: string,
): Promise<boolean> {
  const key = await keyFor(kid);
  if (!key) return false;
  const signature = Buffer.from(s, "base64url");
  return (
    signature.length === 64 &&
    verify("sha256", Buffer.from(`${h}.${p}`), { key, dsaEncoding: "ieee-p1363" }, signature)
  );
}

/** The LGSP gateway's resource identifier, the audience of its access tokens. */
export function gatewayResource(ctx: ModuleContext): string {
  return resourceServers(ctx.config)[0]!.identifier;
}

function decode(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    return value && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Signs a short-lived statement the platform makes to a provider — e.g. "this call through the
 * LGSP is made on behalf of end user X, as asserted by consumer Y" — as a compact JWS (ES256)
 * under the provider's current access-token key, so providers check it with the keys published at
 * `/oidc/jwks`. Returns undefined while no key is loaded.
 */
export function signPlatformAssertion(
  ctx: ModuleContext,
  claims: Record<string, unknown>,
  { type, ttlSeconds }: { type: string; ttlSeconds: number },
): string | undefined {
  const key = oidcRuntimeOf(ctx).accessTokenKey();
  if (!key) return undefined;
  const now = Math.floor(Date.now() / 1000);
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const header = b64({ alg: "ES256", typ: type, kid: key.kid });
  const payload = b64({ iss: issuerOf(ctx.config), iat: now, exp: now + ttlSeconds, ...claims });
  const signature = sign("sha256", Buffer.from(`${header}.${payload}`), {
    key: key.key,
    dsaEncoding: "ieee-p1363",
  }).toString("base64url");
  return `${header}.${payload}.${signature}`;
}

/**
 * Checks a statement made with `signPlatformAssertion` by this platform: its type (`typ`), its
 * signature under a published key, issuer, audience and lifetime. Returns its claims, or why it
 * was refused.
 */
export function createPlatformAssertionVerifier(
  ctx: ModuleContext,
  expected: { type: string; audience: string },
) {
  const issuer = issuerOf(ctx.config);
  const keyFor = publicKeyLookup(ctx);
  return async (
    token: string,
  ): Promise<{ claims: Record<string, unknown> } | { refused: ResourceTokenRefusal }> => {
    const parts = token.split(".");
    if (parts.length !== 3) return { refused: "malformed" };
    const [h, p, s] = parts as [string, string, string];
    const header = decode(h);
    const claims = decode(p);
    if (!header || !claims || header.alg !== "ES256" || typeof header.kid !== "string")
      return { refused: "malformed" };
    if (header.typ !== expected.type) return { refused: "malformed" };
    if (!(await signedBy(keyFor, header.kid, h, p, s))) return { refused: "bad_signature" };
    if (claims.iss !== issuer) return { refused: "wrong_issuer" };
    if (claims.aud !== expected.audience) return { refused: "wrong_audience" };
    const now = Date.now() / 1000;
    if (typeof claims.exp !== "number" || claims.exp + SKEW < now) return { refused: "expired" };
    if (typeof claims.iat === "number" && claims.iat - SKEW > now) return { refused: "expired" };
    return { claims };
  };
}
