import Provider, {
  errors,
  type AdapterPayload,
  type Configuration,
  type KoaContextWithOIDC,
} from "oidc-provider";
import type { ModuleContext } from "../../../core/module.ts";
import { secretBox } from "../../../core/secret-box.ts";
import { getOrganization } from "../../directory/index.ts";
import { selectUserById } from "../repo.ts";
import { databaseAdapter } from "./adapter.ts";
import { clientSecretMatches, findActiveClient, type ResourceServer } from "./clients.ts";
import { errorPage, logoutPage, logoutSuccessPage } from "./pages.ts";
import type { ClientRow } from "./tables.ts";

/** Where the provider lives below PUBLIC_URL; the issuer is `<PUBLIC_URL>/oidc`. */
export const OIDC_PREFIX = "/oidc";

/** Lifetimes, in seconds. */
export const TTL = {
  AccessToken: 3600,
  /** JWT access tokens for resource servers such as the LGSP (client credentials and users). */
  ResourceAccessToken: 600,
  AuthorizationCode: 60,
  IdToken: 3600,
  RefreshToken: 14 * 86_400,
  Interaction: 900,
  Session: 10 * 3600,
  Grant: 14 * 86_400,
} as const;

export function issuerOf(config: ModuleContext["config"]) {
  return `${config.publicUrl}${OIDC_PREFIX}`;
}

/** The LGSP gateway is the first resource server; its identifier is its public base URL. */
export function resourceServers(config: ModuleContext["config"]): ResourceServer[] {
  return [
    { identifier: `${config.publicUrl}/gw`, name: "LGSP", scopes: ["lgsp"] },
    // Provincial systems push report data (`dataValueSets`) with a token for this resource.
    { identifier: `${config.publicUrl}/api/v1/reports`, name: "Báo cáo", scopes: ["reports"] },
  ];
}

/** oidc-provider client metadata from a registry row. */
export function clientMetadata(row: ClientRow) {
  return {
    client_id: row.client_id,
    client_name: row.name,
    redirect_uris: row.redirect_uris,
    post_logout_redirect_uris: row.post_logout_redirect_uris,
    grant_types: row.grant_types,
    response_types: row.grant_types.includes("authorization_code") ? ["code"] : [],
    token_endpoint_auth_method: row.token_endpoint_auth_method,
    // The registry keeps only a hash; `compareClientSecret` below hashes what the client presents.
    ...(row.secret_hash ? { client_secret: row.secret_hash } : {}),
    ...(row.jwks ? { jwks: row.jwks } : {}),
    scope: row.scopes.join(" "),
    ...(row.backchannel_logout_uri
      ? {
          backchannel_logout_uri: row.backchannel_logout_uri,
          backchannel_logout_session_required: true,
        }
      : {}),
    id_token_signed_response_alg: "RS256",
    lt_kind: row.kind,
    lt_first_party: row.first_party,
    lt_resources: row.resources,
    lt_organization_id: row.organization_id,
  };
}

type ProviderOptions = {
  ctx: ModuleContext;
  keys: Record<string, unknown>[];
  /** Told about every provider event worth auditing or logging. */
  onEvent?: (name: string, ctx: KoaContextWithOIDC | undefined, payload: unknown) => void;
};

/** Builds the provider for the current key set; rebuilt when keys rotate (all state is in the database). */
export function buildProvider({ ctx, keys }: ProviderOptions): Provider {
  const { db, config } = ctx;
  const resources = resourceServers(config);
  const box = secretBox(config);
  const configuration: Configuration = {
    adapter: databaseAdapter(db, async (clientId) => {
      const row = await findActiveClient(db, clientId);
      return row ? (clientMetadata(row) as AdapterPayload) : undefined;
    }),
    jwks: { keys: keys as never },
    cookies: {
      keys: [box.derive("oidc-cookies").toString("base64url")],
      long: { signed: true, secure: config.secureCookies, httpOnly: true, sameSite: "lax" },
      short: { signed: true, secure: config.secureCookies, httpOnly: true, sameSite: "lax" },
    },
    claims: {
      openid: ["sub"],
      profile: ["name", "preferred_username", "updated_at"],
      email: ["email"],
      org: ["org"],
      roles: ["roles"],
    },
    scopes: [
      "openid",
      "offline_access",
      "profile",
      "email",
      "org",
      "roles",
      ...resources.flatMap((r) => r.scopes),
    ],
    responseTypes: ["code"],
    extraClientMetadata: {
      properties: ["lt_kind", "lt_first_party", "lt_resources", "lt_organization_id"],
    },
    clientDefaults: {
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
      id_token_signed_response_alg: "RS256",
    },
    enabledJWA: {
      clientAuthSigningAlgValues: ["RS256", "PS256", "ES256", "EdDSA"],
      idTokenSigningAlgValues: ["RS256", "ES256"],
      requestObjectSigningAlgValues: ["RS256", "PS256", "ES256", "EdDSA"],
      userinfoSigningAlgValues: ["RS256", "ES256"],
      introspectionSigningAlgValues: ["RS256", "ES256"],
      authorizationSigningAlgValues: ["RS256", "ES256"],
    },
    async findAccount(_ctx, sub) {
      const user = await selectUserById(db, sub);
      if (!user || user.status !== "active") return undefined;
      return {
        accountId: sub,
        async claims() {
          const organization = await getOrganization({ db, id: user.organization_id });
          return {
            sub,
            name: user.display_name,
            preferred_username: user.username,
            updated_at: Math.floor(user.updated_at.getTime() / 1000),
            ...(user.email ? { email: user.email } : {}),
            org: organization
              ? { id: organization.id, code: organization.code, name: organization.name }
              : { id: user.organization_id },
            roles: user.roles,
          };
        },
      };
    },
    interactions: {
      url: (_ctx, interaction) => `/interaction/${interaction.uid}`,
    },
    features: {
      devInteractions: { enabled: false },
      introspection: {
        enabled: true,
        // A client may introspect the tokens it was issued; the platform's own client, any token.
        allowedPolicy: async (_ctx, client, token) =>
          token.clientId === client.clientId || client.metadata().lt_kind === "platform",
      },
      revocation: {
        enabled: true,
        allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId,
      },
      clientCredentials: { enabled: true },
      userinfo: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (koa, form) => {
          koa.type = "html";
          koa.body = logoutPage(koa, form);
        },
        postLogoutSuccessSource: async (koa) => {
          koa.type = "html";
          koa.body = logoutSuccessPage(koa);
        },
      },
      backchannelLogout: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: async (_ctx, _client, oneOf) => oneOf ?? undefined,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx, resourceIndicator, client) => {
          const server = resources.find((r) => r.identifier === resourceIndicator);
          const allowed = (client.metadata().lt_resources as string[] | undefined) ?? [];
          if (!server || !allowed.includes(resourceIndicator)) throw new errors.InvalidTarget();
          return {
            scope: server.scopes.join(" "),
            audience: server.identifier,
            accessTokenTTL: TTL.ResourceAccessToken,
            accessTokenFormat: "jwt",
            jwt: { sign: { alg: "ES256" } },
          };
        },
      },
    },
    pkce: { required: () => true },
    rotateRefreshToken: true,
    issueRefreshToken: async (_ctx, client, code) =>
      client.grantTypeAllowed("refresh_token") && code.scopes.has("offline_access"),
    ttl: {
      AccessToken: TTL.AccessToken,
      AuthorizationCode: TTL.AuthorizationCode,
      ClientCredentials: TTL.ResourceAccessToken,
      IdToken: TTL.IdToken,
      RefreshToken: TTL.RefreshToken,
      Interaction: TTL.Interaction,
      Session: TTL.Session,
      Grant: TTL.Grant,
    },
    // First-party clients (the platform's own apps) need no consent: their grant is created here.
    async loadExistingGrant(koa) {
      const client = koa.oidc.client!;
      const grantId =
        koa.oidc.result?.consent?.grantId || koa.oidc.session!.grantIdFor(client.clientId);
      if (grantId) {
        const existing = await koa.oidc.provider.Grant.find(grantId);
        if (existing) return existing;
      }
      if (client.metadata().lt_first_party !== true) return undefined;
      const grant = new koa.oidc.provider.Grant({
        clientId: client.clientId,
        accountId: koa.oidc.session!.accountId!,
      });
      grant.addOIDCScope(client.scope ?? "openid");
      for (const resource of (client.metadata().lt_resources as string[] | undefined) ?? []) {
        const server = resources.find((r) => r.identifier === resource);
        if (server) grant.addResourceScope(resource, server.scopes.join(" "));
      }
      await grant.save();
      return grant;
    },
    // Outgoing calls (back-channel logout, a client's jwks_uri) go only to addresses an
    // administrator registered, and ministry systems live on private networks: oidc-provider's
    // guard against private and loopback addresses would refuse exactly those, so it is left out.
    fetch: (url, options) => {
      const unguarded: RequestInit & { dispatcher?: unknown } = { ...options };
      delete unguarded.dispatcher;
      return globalThis.fetch(url, unguarded);
    },
    clientBasedCORS: (_ctx, origin, client) =>
      client.redirectUris?.some((uri) => new URL(uri).origin === origin) ?? false,
    renderError: async (koa, out) => {
      koa.type = "html";
      koa.body = errorPage(out);
    },
  };
  const provider = new Provider(issuerOf(config), configuration);
  // Behind a reverse proxy the public address comes from X-Forwarded-*; the mount sets them.
  provider.proxy = true;
  provider.Client.prototype.compareClientSecret = function compareClientSecret(
    this: { clientSecret?: string },
    actual: string,
  ) {
    return Promise.resolve(clientSecretMatches(this.clientSecret, actual));
  } as never;
  return provider;
}
