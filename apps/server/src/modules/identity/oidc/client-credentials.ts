import { createPrivateKey, randomUUID, sign, type KeyObject } from "node:crypto";
import type { AuditCoalescing } from "../../../core/audit-batcher.ts";
import type { AuditEntry } from "../../../core/audit.ts";
import type { ModuleContext } from "../../../core/module.ts";
import { clientSecretMatches, findActiveClient, type ResourceServer } from "./clients.ts";
import { TTL } from "./provider.ts";

/**
 * The token endpoint's busiest request — a system asking for an LGSP access token with its
 * client secret (RFC 6749 §4.4, resource indicator RFC 8707) — answered without the provider's
 * general machinery: look the client up (cached), compare the secret's hash, sign an RFC 9068
 * JWT with the active ES256 key, record the audit entry. The token and the answers, including
 * the refusals, are the ones oidc-provider gives for the same request; anything else (other
 * grants, `private_key_jwt`, DPoP, no `resource`) goes to the provider unchanged.
 */
export type SigningKey = { kid: string; key: KeyObject };

export function es256KeyOf(keys: Record<string, unknown>[]): SigningKey | undefined {
  const jwk = keys.find((k) => k.alg === "ES256");
  if (!jwk) return undefined;
  return { kid: String(jwk.kid), key: createPrivateKey({ key: jwk as never, format: "jwk" }) };
}

export type FastTokenResult = {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
  audit: AuditEntry;
};

type Request = {
  authorization: string | undefined;
  params: URLSearchParams;
  ip: string;
};

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** Whether this token request is the simple client-credentials case handled here. */
export function isFastPath(params: URLSearchParams, headers: Record<string, unknown>) {
  return (
    params.get("grant_type") === "client_credentials" &&
    params.getAll("resource").length === 1 &&
    !params.has("client_assertion") &&
    !headers.dpop
  );
}

function credentials(request: Request) {
  const header = request.authorization;
  if (header?.toLowerCase().startsWith("basic ")) {
    const decoded = Buffer.from(header.slice(6).trim(), "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 0) return undefined;
    try {
      return {
        method: "client_secret_basic",
        clientId: decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, "%20")),
        secret: decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, "%20")),
      };
    } catch {
      return undefined;
    }
  }
  const clientId = request.params.get("client_id");
  const secret = request.params.get("client_secret");
  return clientId && secret ? { method: "client_secret_post", clientId, secret } : undefined;
}

export async function issueClientCredentialsToken(
  ctx: ModuleContext,
  request: Request,
  { issuer, resources, key }: { issuer: string; resources: ResourceServer[]; key: SigningKey },
): Promise<FastTokenResult> {
  const resource = request.params.get("resource")!;
  const creds = credentials(request);
  const client = creds ? await findActiveClient(ctx.db, creds.clientId) : undefined;
  const refuse = (status: number, error: string, description: string): FastTokenResult => ({
    status,
    headers:
      status === 401 && creds?.method === "client_secret_basic"
        ? {
            "www-authenticate": `Basic realm="${issuer}", error="${error}", error_description="${description}"`,
          }
        : {},
    body: { error, error_description: description },
    audit: {
      action: "identity.token_refused",
      outcome: "failure",
      targetType: "client",
      targetId: creds?.clientId ?? "unknown",
      organizationId: client?.organization_id ?? null,
      details: { grantType: "client_credentials", error, resource },
      ip: request.ip,
    },
  });
  if (
    !creds ||
    !client ||
    client.token_endpoint_auth_method !== creds.method ||
    !clientSecretMatches(client.secret_hash ?? undefined, creds.secret)
  )
    return refuse(401, "invalid_client", "client authentication failed");
  if (!client.grant_types.includes("client_credentials"))
    return refuse(
      400,
      "unauthorized_client",
      "requested grant type is not allowed for this client",
    );
  const server = resources.find((r) => r.identifier === resource);
  if (!server || !client.resources.includes(resource))
    return refuse(400, "invalid_target", "resource indicator is missing, or unknown");
  const requested = (request.params.get("scope") ?? "").split(" ").filter(Boolean);
  const notAllowed = requested.find((s) => !client.scopes.includes(s));
  if (notAllowed) return refuse(400, "invalid_scope", "requested scope is not allowed");
  const scope = requested.filter((s) => server.scopes.includes(s)).join(" ");

  const now = Math.floor(Date.now() / 1000);
  // 122 random bits, from Node's pooled entropy: a fresh `randomBytes` call per token cost about
  // about an eighth as much as signing it.
  const jti = randomUUID();
  const header = b64({ alg: "ES256", typ: "at+jwt", kid: key.kid });
  const payload = b64({
    jti,
    sub: client.client_id,
    iat: now,
    exp: now + TTL.ResourceAccessToken,
    ...(scope ? { scope } : {}),
    client_id: client.client_id,
    iss: issuer,
    aud: resource,
  });
  const signature = sign("sha256", Buffer.from(`${header}.${payload}`), {
    key: key.key,
    dsaEncoding: "ieee-p1363",
  }).toString("base64url");
  return {
    status: 200,
    headers: {},
    body: {
      access_token: `${header}.${payload}.${signature}`,
      expires_in: TTL.ResourceAccessToken,
      ...(scope ? { scope } : {}),
      token_type: "Bearer",
    },
    audit: {
      action: "identity.token_issued",
      targetType: "client",
      targetId: client.client_id,
      organizationId: client.organization_id,
      details: { grantType: "client_credentials", resource, count: 1, jtis: [jti] },
      ip: request.ip,
    },
  };
}

/**
 * Tokens issued to one client in the same audit batch share one row: `count` and the `jtis` of
 * every token, so each token stays traceable while a busy client does not write a row per token.
 */
export function tokenAuditCoalescing(entry: AuditEntry): AuditCoalescing | undefined {
  if (entry.action !== "identity.token_issued") return undefined;
  return {
    key: `${entry.targetId}|${String(entry.details?.resource)}`,
    merge(into, next) {
      const details = into.details!;
      details.count = Number(details.count) + 1;
      (details.jtis as string[]).push(...((next.details?.jtis as string[] | undefined) ?? []));
    },
  };
}
