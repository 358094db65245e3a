import { requireActor, type Actor } from "../../../core/actor.ts";
import { recordAudit } from "../../../core/audit.ts";
import type { Db } from "../../../core/db/index.ts";
import { AppError } from "../../../core/errors.ts";
import type { RequestMeta } from "../../../core/http/request-meta.ts";
import { newId } from "../../../core/ids.ts";
import { isUniqueViolation } from "../catalogue/tables.ts";
import { certificateFingerprint } from "./instance-identity.ts";
import { insertPeer, selectPeers, type PeerRow } from "./repo.ts";

/** A federation peer as the API shows it. */
export type Peer = {
  id: string;
  name: string;
  url: string;
  certificate: string;
  fingerprint: string;
  orgCodes: string[];
  status: "active" | "suspended";
  createdAt: string;
  createdBy: string;
};

export type PeerInput = { name: string; url: string; certificate: string; orgCodes: string[] };

/** How long a process trusts its copy of the peer list; a peer added elsewhere is seen after it. */
const PEERS_CACHE_MS = 5_000;
const cache = new WeakMap<Db, { at: number; peers: Promise<PeerRow[]> }>();

const watchers = new Set<() => Promise<void>>();

/**
 * Calls `changed` when a peer is added in this process (the federation listener then trusts it at
 * once); changes made by other processes are seen within `PEERS_CACHE_MS` by those that poll.
 */
export function watchPeers(changed: () => Promise<void>): () => void {
  watchers.add(changed);
  return () => void watchers.delete(changed);
}

function present(row: PeerRow): Peer {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    certificate: row.certificate,
    fingerprint: row.fingerprint,
    orgCodes: row.org_codes,
    status: row.status,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
  };
}

/** Federation is the ministry's IT administration's business: system administrators only. */
export function requireFederationAdmin(actor: Actor | null | undefined): Actor {
  const known = requireActor(actor);
  if (known.kind === "user" && !known.roles.includes("system_admin"))
    throw new AppError("forbidden", {
      detail: {
        vi: "Chỉ quản trị viên hệ thống của Bộ mới được quản lý liên kết với nền tảng khác.",
        en: "Only the ministry's system administrators may manage federation peers.",
      },
    });
  return known;
}

/** The active peers, cached for a few seconds; the gateway and the listener read it per call. */
export function activePeers(db: Db): Promise<PeerRow[]> {
  const hit = cache.get(db);
  if (hit && Date.now() - hit.at < PEERS_CACHE_MS) return hit.peers;
  const peers = selectPeers(db).then((rows) => rows.filter((r) => r.status === "active"));
  peers.catch(() => cache.delete(db));
  cache.set(db, { at: Date.now(), peers });
  return peers;
}

/** The active peer whose instance serves the organization with this agency code, if any. */
export async function peerServing(db: Db, orgCode: string): Promise<PeerRow | undefined> {
  return (await activePeers(db)).find((p) => p.org_codes.includes(orgCode));
}

export async function listPeers(options: { db: Db; actor: Actor | null | undefined }) {
  requireFederationAdmin(options.actor);
  return (await selectPeers(options.db)).map(present);
}

/**
 * Pins a peer instance: its certificate (exchanged out of band, e.g. from
 * `lienthong exchange instance-certificate` on the other side), the URL of its federation
 * listener, and the agency codes whose services it serves. Audited.
 */
export async function addPeer(options: {
  db: Db;
  actor: Actor | null | undefined;
  input: PeerInput;
  requestMeta?: RequestMeta;
}): Promise<Peer> {
  const actor = requireFederationAdmin(options.actor);
  const { input } = options;
  let fingerprint: string;
  try {
    fingerprint = certificateFingerprint(input.certificate);
  } catch {
    throw new AppError("validation_failed", {
      errors: [
        {
          path: "body.certificate",
          message: "Không phải chứng thư X.509 dạng PEM / not a PEM X.509 certificate",
        },
      ],
    });
  }
  const url = new URL(input.url);
  if (url.protocol !== "https:")
    throw new AppError("validation_failed", {
      errors: [{ path: "body.url", message: "Phải là https:// / must be https://" }],
    });
  let row: PeerRow;
  try {
    row = await insertPeer(options.db, {
      id: newId(),
      name: input.name,
      url: url.toString().replace(/\/$/, ""),
      certificate: input.certificate.trim() + "\n",
      fingerprint,
      org_codes: [...new Set(input.orgCodes)],
      status: "active",
      created_by: actor.kind === "user" ? actor.username : `system:${actor.name}`,
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw new AppError("conflict", {
      detail: {
        vi: `Đã có nền tảng liên kết tên ${input.name} hoặc cùng chứng thư.`,
        en: `A peer named ${input.name} or with the same certificate already exists.`,
      },
    });
  }
  cache.delete(options.db);
  await Promise.all([...watchers].map((changed) => changed()));
  await recordAudit(options.db, {
    action: "exchange.peer_added",
    actor,
    targetType: "exchange_peer",
    targetId: row.id,
    ip: options.requestMeta?.ip,
    requestId: options.requestMeta?.requestId,
    details: { name: row.name, url: row.url, fingerprint, orgCodes: row.org_codes },
  });
  return present(row);
}
