import type { Generated, Selectable } from "kysely";

type OidcPayloadTable = {
  model: string;
  id: string;
  payload: unknown;
  grant_id: string | null;
  user_code: string | null;
  uid: string | null;
  account_id: string | null;
  expires_at: Date | null;
  consumed_at: Date | null;
};

type SigningKeyTable = {
  kid: string;
  alg: string;
  public_jwk: unknown;
  private_jwk_sealed: string;
  status: "active" | "retired";
  created_at: Generated<Date>;
  retired_at: Date | null;
  publish_until: Date | null;
};

export type ClientKind = "platform" | "web" | "spa" | "machine";
export type ClientAuthMethod =
  "client_secret_basic" | "client_secret_post" | "private_key_jwt" | "none";
export type ClientGrant = "authorization_code" | "refresh_token" | "client_credentials";

type ClientTable = {
  id: string;
  client_id: string;
  name: string;
  kind: ClientKind;
  /** Null only for the platform's own client. */
  organization_id: string | null;
  information_system_id: string | null;
  first_party: boolean;
  redirect_uris: string[];
  post_logout_redirect_uris: string[];
  backchannel_logout_uri: string | null;
  grant_types: ClientGrant[];
  token_endpoint_auth_method: ClientAuthMethod;
  secret_hash: string | null;
  jwks: { keys: Record<string, unknown>[] } | null;
  scopes: string[];
  resources: string[];
  status: Generated<"active" | "disabled">;
  search_text: string;
  created_by: string | null;
  secret_rotated_at: Date | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
};

export type OidcTables = {
  idn_oidc_payloads: OidcPayloadTable;
  idn_signing_keys: SigningKeyTable;
  idn_clients: ClientTable;
};

export type SigningKeyRow = Selectable<SigningKeyTable>;
export type ClientRow = Selectable<ClientTable>;
