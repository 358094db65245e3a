import { sql, type Kysely } from "kysely";
import type { Config } from "../../../core/config.ts";
import type { Db } from "../../../core/db/index.ts";
import { newId } from "../../../core/ids.ts";
import { secretBox } from "../../../core/secret-box.ts";
import { foldVietnamese } from "../../../core/text.ts";
import { hashClientSecret } from "./clients.ts";
import { resourceServers } from "./provider.ts";
import type { OidcTables } from "./tables.ts";

const t = (db: Db) => db as unknown as Kysely<OidcTables>;
const jsonb = (value: unknown) => sql<never>`${JSON.stringify(value)}::jsonb`;

/** The platform's own web app, a first-party confidential client of its own provider. */
export const PLATFORM_CLIENT_ID = "lienthong-web";

/** Its secret never leaves the process: derived from the master key, stored hashed like any other. */
export function platformClientSecret(config: Config) {
  return `lts_${secretBox(config).derive("platform-client-secret").toString("base64url")}`;
}

export function platformRedirects(config: Config) {
  return {
    redirectUri: `${config.publicUrl}/auth/callback`,
    postLogoutRedirectUri: `${config.publicUrl}/signed-out`,
    backchannelLogoutUri: `${config.publicUrl}/auth/backchannel-logout`,
  };
}

/**
 * Creates or refreshes the platform's client at start-up: PUBLIC_URL or the master key may have
 * changed since the last start. It belongs to no organization; only system administrators see it.
 */
export async function ensurePlatformClient(db: Db, config: Config) {
  const { redirectUri, postLogoutRedirectUri, backchannelLogoutUri } = platformRedirects(config);
  const values = {
    name: "Liên Thông",
    redirect_uris: jsonb([redirectUri]),
    post_logout_redirect_uris: jsonb([postLogoutRedirectUri]),
    backchannel_logout_uri: backchannelLogoutUri,
    secret_hash: hashClientSecret(platformClientSecret(config)),
    scopes: jsonb(["openid", "profile", "email", "org", "roles", "offline_access"]),
    resources: jsonb(resourceServers(config).map((r) => r.identifier)),
    status: "active" as const,
    updated_at: new Date(),
  };
  await t(db)
    .insertInto("idn_clients")
    .values({
      id: newId(),
      client_id: PLATFORM_CLIENT_ID,
      kind: "platform",
      organization_id: null,
      information_system_id: null,
      first_party: true,
      grant_types: jsonb(["authorization_code", "refresh_token"]),
      token_endpoint_auth_method: "client_secret_basic",
      jwks: null,
      search_text: foldVietnamese(`Liên Thông ${PLATFORM_CLIENT_ID}`),
      created_by: null,
      secret_rotated_at: null,
      ...values,
    })
    .onConflict((oc) => oc.column("client_id").doUpdateSet(values))
    .execute();
}

/**
 * Where the web app sends the browser after ending its own session: the provider's logout, which
 * ends the SSO session, tells the other clients over the back channel and comes back to
 * `/signed-out`.
 */
export function platformEndSessionUrl(config: Config) {
  const url = new URL(`${config.publicUrl}/oidc/session/end`);
  url.search = new URLSearchParams({
    client_id: PLATFORM_CLIENT_ID,
    post_logout_redirect_uri: platformRedirects(config).postLogoutRedirectUri,
  }).toString();
  return url.toString();
}
