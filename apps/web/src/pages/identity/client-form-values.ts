import type { CLIENT_AUTH_METHODS, Client, ClientInput } from "../../api/types.ts";
import { splitLines } from "./client-labels.ts";

/** The registration form's fields: addresses as text, one per line; the JWKS as JSON text. */
type Kind = ClientInput["kind"];

export type ClientFormValues = {
  name: string;
  kind: Kind;
  organizationId?: string;
  informationSystemId?: string;
  redirectUris?: string;
  postLogoutRedirectUris?: string;
  backchannelLogoutUri?: string;
  authMethod?: (typeof CLIENT_AUTH_METHODS)[number];
  jwks?: string;
  scopes: string[];
  resources?: string[];
  firstParty?: boolean;
};

/** What most person-facing systems need; a machine client starts with nothing granted. */
export const DEFAULT_USER_SCOPES = ["openid", "profile", "email", "org"];

export function toValues(client: Client): ClientFormValues {
  return {
    name: client.name,
    kind: client.kind === "platform" ? "web" : client.kind,
    organizationId: client.organizationId ?? undefined,
    informationSystemId: client.informationSystemId ?? undefined,
    redirectUris: client.redirectUris.join("\n"),
    postLogoutRedirectUris: client.postLogoutRedirectUris.join("\n"),
    backchannelLogoutUri: client.backchannelLogoutUri ?? "",
    authMethod: client.authMethod === "none" ? undefined : client.authMethod,
    jwks: client.jwks ? JSON.stringify(client.jwks, null, 2) : "",
    scopes: client.scopes,
    resources: client.resources,
    firstParty: client.firstParty,
  };
}

/** The fields both creating and editing send; `kind`, owner and auth method are fixed at creation. */
export function toChanges(values: ClientFormValues) {
  const people = values.kind !== "machine";
  return {
    name: values.name.trim(),
    redirectUris: people ? splitLines(values.redirectUris) : undefined,
    postLogoutRedirectUris: people ? splitLines(values.postLogoutRedirectUris) : undefined,
    backchannelLogoutUri:
      values.kind === "web" ? values.backchannelLogoutUri?.trim() || null : undefined,
    jwks:
      values.authMethod === "private_key_jwt" && values.jwks ? JSON.parse(values.jwks) : undefined,
    scopes: values.scopes,
    resources: values.kind === "machine" ? (values.resources ?? []) : undefined,
    firstParty: people ? Boolean(values.firstParty) : undefined,
  };
}
