import { requireActor, type Actor } from "../../../core/actor.ts";
import { recordAudit } from "../../../core/audit.ts";
import type { Db } from "../../../core/db/index.ts";
import { AppError } from "../../../core/errors.ts";
import type { RequestMeta } from "../../../core/http/request-meta.ts";
import { newId } from "../../../core/ids.ts";
import { isUniqueViolation } from "../catalogue/tables.ts";
import { certificateFingerprint } from "./instance-identity.ts";
import { closePeerAgent } from "./outbound.ts";
import {
  deletePeerRow,
  insertPeer,
  selectPeers,
  updatePeerRow,
  type PeerChanges,
  type PeerRow,
} from "./repo.ts";

/** A federation peer as the API shows it. */
export type Peer = {
  id: string;
  name: string;
  url: string;
  certificate: string;
  fingerprint: string;
  orgCodes: string[];
  status: "active" | "suspended";
  /** Why the peer is suspended (null when active). */
  statusReason: string | null;
  createdAt: string;
  createdBy: string;
  updatedAt: string | null;
  updatedBy: string | null;
};

export type PeerInput = { name: string; url: string; certificate: string; orgCodes: string[] };

/**
 * A change to a peer: suspend (a reason is required) or resume it, move its listener, change the
 * agency codes it serves, or re-pin it when it rolls its certificate over.
 */
export type PeerUpdate = {
  status?: "active" | "suspended";
  reason?: string;
  url?: string;
  certificate?: string;
  orgCodes?: string[];
};

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
    statusReason: row.status_reason,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
    updatedAt: row.updated_at?.toISOString() ?? null,
    updatedBy: row.updated_by,
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

/** Every peer, suspended ones included, cached for a few seconds (read per gateway call). */
function cachedPeers(db: Db): Promise<PeerRow[]> {
  const hit = cache.get(db);
  if (hit && Date.now() - hit.at < PEERS_CACHE_MS) return hit.peers;
  const peers = selectPeers(db);
  peers.catch(() => cache.delete(db));
  cache.set(db, { at: Date.now(), peers });
  return peers;
}

/** The active peers; the listener trusts only these, and only their calls are accepted. */
export async function activePeers(db: Db): Promise<PeerRow[]> {
  return (await cachedPeers(db)).filter((r) => r.status === "active");
}

/**
 * The peer whose instance serves the organization with this agency code, if any. A suspended
 * peer's organizations are not served here either: the gateway refuses their calls with 503
 * rather than looking for the service locally.
 */
export async function peerServing(db: Db, orgCode: string): Promise<PeerRow | undefined> {
  return (await cachedPeers(db)).find((p) => p.org_codes.includes(orgCode));
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
  const fingerprint = pinnedFingerprint(input.certificate);
  const url = listenerUrl(input.url);
  let row: PeerRow;
  try {
    row = await options.db.transaction().execute(async (trx) => {
      const inserted = await insertPeer(trx, {
        id: newId(),
        name: input.name,
        url,
        certificate: input.certificate.trim() + "\n",
        fingerprint,
        org_codes: [...new Set(input.orgCodes)],
        status: "active",
        created_by: actorName(actor),
      });
      await auditPeer(trx, {
        action: "exchange.peer_added",
        actor,
        peer: inserted,
        requestMeta: options.requestMeta,
        details: { name: inserted.name, url, fingerprint, orgCodes: inserted.org_codes },
      });
      return inserted;
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
  await peersChanged(options.db);
  return present(row);
}

/**
 * Changes a peer. Suspending stops both directions at once in this process (the listener drops
 * the pinned certificate, inbound calls on open connections are refused, /gw calls to the agencies
 * it serves get 503) and within `PEERS_CACHE_MS` in others. Re-pinning closes the connections made
 * with the old certificate. Audited with what changed.
 */
export async function updatePeer(options: {
  db: Db;
  actor: Actor | null | undefined;
  id: string;
  input: PeerUpdate;
  requestMeta?: RequestMeta;
}): Promise<Peer> {
  const actor = requireFederationAdmin(options.actor);
  const { input } = options;
  const before = await findPeer(options.db, options.id);
  const changes: PeerChanges = { updated_by: actorName(actor) };
  if (input.url !== undefined) changes.url = listenerUrl(input.url);
  if (input.orgCodes !== undefined) changes.org_codes = [...new Set(input.orgCodes)];
  if (input.certificate !== undefined) {
    changes.fingerprint = pinnedFingerprint(input.certificate);
    changes.certificate = input.certificate.trim() + "\n";
  }
  const reason = input.reason?.trim();
  if (input.status === "suspended") {
    if (!reason)
      throw new AppError("validation_failed", {
        errors: [
          { path: "body.reason", message: "Cần nêu lý do tạm ngừng / a reason is required" },
        ],
      });
    changes.status = "suspended";
    changes.status_reason = reason;
  } else if (input.status === "active") {
    changes.status = "active";
    changes.status_reason = null;
  }
  let row: PeerRow;
  try {
    row = await options.db.transaction().execute(async (trx) => {
      const updated = await updatePeerRow(trx, options.id, changes);
      if (!updated) throw peerNotFound();
      const changed = Object.fromEntries(
        (["url", "org_codes", "fingerprint", "status"] as const)
          .filter((key) => String(before[key]) !== String(updated[key]))
          .map((key) => [key, { from: before[key], to: updated[key] }]),
      );
      await auditPeer(trx, {
        action:
          changed.status === undefined
            ? "exchange.peer_updated"
            : updated.status === "suspended"
              ? "exchange.peer_suspended"
              : "exchange.peer_resumed",
        actor,
        peer: updated,
        requestMeta: options.requestMeta,
        details: { name: updated.name, changes: changed, ...(reason ? { reason } : {}) },
      });
      return updated;
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw new AppError("conflict", {
      detail: {
        vi: "Chứng thư này đã được ghim cho một nền tảng liên kết khác.",
        en: "This certificate is already pinned for another peer.",
      },
    });
  }
  await closePeerAgent(row.id);
  await peersChanged(options.db);
  return present(row);
}

/**
 * Removes a peer: its certificate is no longer trusted and the agencies it served are looked up
 * locally again. Exchanges it took part in stay in the evidence log. Audited.
 */
export async function removePeer(options: {
  db: Db;
  actor: Actor | null | undefined;
  id: string;
  requestMeta?: RequestMeta;
}): Promise<void> {
  const actor = requireFederationAdmin(options.actor);
  const row = await options.db.transaction().execute(async (trx) => {
    const deleted = await deletePeerRow(trx, options.id);
    if (!deleted) throw peerNotFound();
    await auditPeer(trx, {
      action: "exchange.peer_removed",
      actor,
      peer: deleted,
      requestMeta: options.requestMeta,
      details: {
        name: deleted.name,
        url: deleted.url,
        fingerprint: deleted.fingerprint,
        orgCodes: deleted.org_codes,
      },
    });
    return deleted;
  });
  await closePeerAgent(row.id);
  await peersChanged(options.db);
}

/** The audit entry of a change to a peer, written in the change's transaction. */
async function auditPeer(
  trx: Db,
  entry: {
    action: string;
    actor: Actor;
    peer: PeerRow;
    requestMeta: RequestMeta | undefined;
    details: Record<string, unknown>;
  },
) {
  await recordAudit(trx, {
    action: entry.action,
    actor: entry.actor,
    targetType: "exchange_peer",
    targetId: entry.peer.id,
    ip: entry.requestMeta?.ip,
    requestId: entry.requestMeta?.requestId,
    details: entry.details,
  });
}

async function findPeer(db: Db, id: string): Promise<PeerRow> {
  const row = (await selectPeers(db)).find((p) => p.id === id);
  if (!row) throw peerNotFound();
  return row;
}

function peerNotFound() {
  return new AppError("not_found", {
    detail: { vi: "Không có nền tảng liên kết này.", en: "No such federation peer." },
  });
}

/** Forgets the cached list and tells this process's listener to re-read the pinned set. */
async function peersChanged(db: Db) {
  cache.delete(db);
  await Promise.all([...watchers].map((changed) => changed()));
}

function actorName(actor: Actor): string {
  return actor.kind === "user" ? actor.username : `system:${actor.name}`;
}

function pinnedFingerprint(certificate: string): string {
  try {
    return certificateFingerprint(certificate);
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
}

/** The peer's federation listener URL, https only, without a trailing slash. */
function listenerUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    url = new URL("invalid:");
  }
  if (url.protocol !== "https:")
    throw new AppError("validation_failed", {
      errors: [{ path: "body.url", message: "Phải là địa chỉ https:// / must be an https:// URL" }],
    });
  return url.toString().replace(/\/$/, "");
}
