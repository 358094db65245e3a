import type { IncomingMessage, ServerResponse } from "node:http";
import { request } from "undici";
import type { Actor } from "../../../core/actor.ts";
import { requireActor } from "../../../core/actor.ts";
import { sendJson } from "../../../core/http/raw-routes.ts";
import type { ModuleContext } from "../../../core/module.ts";
import { searchCatalogue } from "../catalogue/services.ts";
import { peerOfConnection } from "./inbound.ts";
import { agentFor } from "./outbound.ts";
import { activePeers } from "./peers.ts";

/** What an instance tells its peers about one of its services: no upstream address, no policy. */
export type SharedCatalogueEntry = {
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
  /** The path to call on the consumer's own gateway. */
  gatewayPath: string;
};

/** Classifications whose catalogue entries are shared; restricted and confidential stay home. */
const SHARED_CLASSIFICATIONS = new Set(["public", "internal"]);
/** At most this many entries are shared (10 pages of the catalogue's largest page). */
const MAX_PAGES = 10;
const PEER_CATALOGUE_TIMEOUT_MS = 5_000;

const FEDERATION_ACTOR: Actor = { kind: "system", name: "federation" };

/** `GET /federation/catalogue` on the listener: this instance's shareable, non-retired services. */
export async function answerCatalogue(
  ctx: ModuleContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  await peerOfConnection(ctx, req);
  const entries: SharedCatalogueEntry[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const { items, nextCursor } = await searchCatalogue({
      db: ctx.db,
      actor: FEDERATION_ACTOR,
      cursor,
      limit: 200,
    });
    for (const s of items) {
      if (s.status === "retired" || !SHARED_CLASSIFICATIONS.has(s.classification)) continue;
      entries.push({
        code: s.code,
        version: s.version,
        name: s.name,
        description: s.description,
        kind: s.kind,
        classification: s.classification,
        owner: s.owner,
        providerOrgCode: s.provider.organizationCode,
        providerOrgName: s.provider.organizationName,
        providerSystemCode: s.provider.systemCode,
        documentationUrl: s.documentationUrl,
        status: s.status,
        gatewayPath: `/gw/${s.provider.organizationCode}/${s.provider.systemCode}/${s.code}/${s.version}`,
      });
    }
    if (!nextCursor) break;
    cursor = nextCursor;
  }
  sendJson(res, 200, { items: entries });
}

/**
 * The peers' shared catalogues, fetched live over mutual TLS and marked with the peer; read-only
 * here (a service is registered, changed and granted on its own instance). A peer that does not
 * answer in 5 s is listed as unreachable rather than failing the whole list.
 */
export async function listPeerCatalogues(options: {
  ctx: ModuleContext;
  actor: Actor | null | undefined;
}): Promise<{ items: (SharedCatalogueEntry & { peer: string })[]; unreachable: string[] }> {
  requireActor(options.actor);
  const { ctx } = options;
  const items: (SharedCatalogueEntry & { peer: string })[] = [];
  const unreachable: string[] = [];
  await Promise.all(
    (await activePeers(ctx.db)).map(async (peer) => {
      try {
        const response = await request(`${peer.url}/federation/catalogue`, {
          dispatcher: await agentFor(ctx, peer),
          headersTimeout: PEER_CATALOGUE_TIMEOUT_MS,
          bodyTimeout: PEER_CATALOGUE_TIMEOUT_MS,
        });
        if (response.statusCode !== 200) {
          await response.body.dump();
          throw new Error(`status ${response.statusCode}`);
        }
        const body = (await response.body.json()) as { items: SharedCatalogueEntry[] };
        for (const entry of body.items) items.push({ ...entry, peer: peer.name });
      } catch (error) {
        ctx.log.warn({ err: error, peer: peer.name }, "peer catalogue not read");
        unreachable.push(peer.name);
      }
    }),
  );
  items.sort((x, y) => x.peer.localeCompare(y.peer) || x.code.localeCompare(y.code));
  return { items, unreachable: unreachable.sort() };
}
