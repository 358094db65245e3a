import { apiRequest, type QueryValue } from "./client.ts";
import type {
  Client,
  ClientInput,
  ClientOptions,
  ClientPatch,
  ClientWithSecret,
  Page,
} from "./types.ts";

/** The client registry: systems that sign people in through the SSO or call the LGSP. */
const BASE = "/api/v1/identity/clients";
const id = (value: string) => encodeURIComponent(value);

export const listClients = (query: Record<string, QueryValue>) =>
  apiRequest<Page<Client>>(BASE, { query });

export const fetchClientOptions = () => apiRequest<ClientOptions>(`${BASE}/options`);

export const fetchClient = (clientId: string) => apiRequest<Client>(`${BASE}/${id(clientId)}`);

export const registerClient = (body: ClientInput) =>
  apiRequest<ClientWithSecret>(BASE, { method: "POST", body });

export const updateClient = (clientId: string, body: ClientPatch) =>
  apiRequest<Client>(`${BASE}/${id(clientId)}`, { method: "PATCH", body });

export const rotateClientSecret = (clientId: string) =>
  apiRequest<ClientWithSecret>(`${BASE}/${id(clientId)}/secret`, { method: "POST" });
