import { apiRequest } from "./client.ts";

/** Federation with other platform instances (NDXP, other ministries' LGSPs): system admins. */
const BASE = "/api/v1/exchange/federation";

export type PeerStatus = "active" | "suspended";

export type Peer = {
  id: string;
  name: string;
  url: string;
  certificate: string;
  fingerprint: string;
  orgCodes: string[];
  status: PeerStatus;
  statusReason: string | null;
  createdAt: string;
  createdBy: string;
  updatedAt: string | null;
  updatedBy: string | null;
};

export type PeerInput = { name: string; url: string; certificate: string; orgCodes: string[] };

export type PeerUpdate = Partial<Omit<PeerInput, "name">> & {
  status?: PeerStatus;
  reason?: string;
};

export type PeerCatalogueEntry = {
  peer: string;
  code: string;
  version: string;
  name: string;
  description: string;
  kind: string;
  classification: string;
  owner: string;
  providerOrgCode: string;
  providerOrgName: string;
  providerSystemCode: string;
  documentationUrl: string | null;
  status: string;
  gatewayPath: string;
};

export const getInstanceCertificate = () =>
  apiRequest<{ certificate: string; fingerprint: string }>(`${BASE}/instance-certificate`);

export const listPeers = () => apiRequest<Peer[]>(`${BASE}/peers`);

export const addPeer = (input: PeerInput) =>
  apiRequest<Peer>(`${BASE}/peers`, { method: "POST", body: input });

export const updatePeer = (id: string, update: PeerUpdate) =>
  apiRequest<Peer>(`${BASE}/peers/${encodeURIComponent(id)}`, { method: "PATCH", body: update });

export const removePeer = (id: string) =>
  apiRequest<void>(`${BASE}/peers/${encodeURIComponent(id)}`, { method: "DELETE" });

export const listPeerCatalogues = () =>
  apiRequest<{ items: PeerCatalogueEntry[]; unreachable: string[] }>(`${BASE}/catalogue`);
