import { randomUUID } from "node:crypto";
import fs from "node:fs";
import type { Readable } from "node:stream";
import type { Actor } from "../../core/actor.ts";
import { recordAudit } from "../../core/audit.ts";
import { blobStoreFor } from "../../core/blobs.ts";
import { isAppError, type Bilingual } from "../../core/errors.ts";
import { errorTitle } from "../../core/i18n.ts";
import type { ModuleContext, RecurringJob } from "../../core/module.ts";
import { findOrganizationByCode, getOrganization } from "../directory/index.ts";
import { peerServing, sendToPeer } from "../exchange/index.ts";
import { EDXML_CHANNEL } from "./federated-inbox.ts";
import { inTransaction } from "./incoming-common.ts";
import { receivePackage } from "./incoming.ts";
import {
  claimDuePackages,
  markPackageFailed,
  markPackageSent,
  schedulePackageRetry,
  updateRecipientDelivery,
  type ClaimedPackage,
} from "./outbound-delivery-repo.ts";

/** A federation peer instance, as the LGSP knows it. */
type Peer = NonNullable<Awaited<ReturnType<typeof peerServing>>>;

/** Who delivers: the platform itself, as the LGSP would. */
const DELIVERY_ACTOR: Actor = { kind: "system", name: "documents.delivery" };
/** Packages claimed per pass; delivered one after another (each may validate large PDFs). */
const BATCH = 8;
/** Passes per run of the recurring job, so one run ends even under a steady stream of packages. */
const PASSES_PER_RUN = 25;
/**
 * A claimed package not settled within this time is claimed again, by any process: long enough
 * for a batch of large packages, short enough that a crash delays delivery by minutes, not hours.
 */
export const DELIVERY_LEASE_MS = 10 * 60_000;
const RETRY_BASE_MS = 30_000;
/** The longest wait between two tries: a receiver down for days is still tried daily. */
export const MAX_RETRY_DELAY_MS = 24 * 60 * 60_000;

/** The wait after the `attempts`-th failed try: 30 s, doubling, capped at 24 hours. */
export function retryDelayMs(attempts: number): number {
  return Math.min(RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1), MAX_RETRY_DELAY_MS);
}

/** How one try ended. */
type Attempt =
  | { kind: "delivered"; outcome: string }
  | { kind: "refused"; code: string; reason: Bilingual }
  | { kind: "retry"; reason: Bilingual };

/** What one pass did. `superseded`: a claim that ran out and was taken over before it settled. */
export type DeliveryCounts = {
  claimed: number;
  sent: number;
  failed: number;
  retrying: number;
  superseded: number;
};

/**
 * Runs one delivery pass: claims the packages due at `now` (by default the database's present)
 * and delivers each to its recipient. Delivery is at least once — a process that dies after the
 * receiver took a package in leaves it to be sent again when its lease runs out — and exactly once
 * in effect, because the receiver answers a DocumentId (or a status) it already holds as a
 * duplicate, which counts as delivered.
 */
export async function deliverDue(
  ctx: ModuleContext,
  options: { limit?: number; now?: Date } = {},
): Promise<DeliveryCounts> {
  const { now } = options;
  const claimed = await claimDuePackages(ctx.db, {
    limit: options.limit ?? BATCH,
    now,
    leaseMs: DELIVERY_LEASE_MS,
    lease: randomUUID(),
  });
  const counts: DeliveryCounts = {
    claimed: claimed.length,
    sent: 0,
    failed: 0,
    retrying: 0,
    superseded: 0,
  };
  for (const item of claimed) {
    const attempt = await attemptDelivery(ctx, item).catch((error: unknown) =>
      unexpectedFailure(ctx, item, error),
    );
    const settled = await settle(ctx, item, attempt, now);
    if (!settled) counts.superseded += 1;
    else if (attempt.kind === "delivered") counts.sent += 1;
    else if (attempt.kind === "refused") counts.failed += 1;
    else counts.retrying += 1;
  }
  return counts;
}

/**
 * Delivers queued edXML packages (documents and status messages) to their recipients: every 15 s,
 * and at once in a pass after a pass that found a full batch. Each due package is delivered by
 * one process at a time, however many run (`claimDuePackages`).
 */
export const deliveryJobs: readonly RecurringJob[] = [
  {
    name: "documents.deliver_outbound",
    everySeconds: 15,
    async run(ctx) {
      for (let pass = 0; pass < PASSES_PER_RUN; pass += 1)
        if ((await deliverDue(ctx)).claimed < BATCH) break;
    },
  },
];

/**
 * Where the recipient is: an agency a federation peer serves is the peer's (even when our
 * directory knows it, as it must for the peer's consumers); otherwise an organization of this
 * platform's directory. An agency that is neither cannot be delivered to.
 */
async function attemptDelivery(ctx: ModuleContext, item: ClaimedPackage): Promise<Attempt> {
  const peer = await peerServing(ctx.db, item.to_code);
  if (peer) return deliverThroughPeer(ctx, item, peer);
  const organization = await findOrganizationByCode({ db: ctx.db, code: item.to_code });
  if (!organization)
    return {
      kind: "refused",
      code: "unknown_recipient",
      reason: {
        vi: `Cơ quan nhận mã ${item.to_code} không có trong danh bạ và không thuộc nền tảng liên kết nào.`,
        en: `The recipient ${item.to_code} is neither in the directory nor served by a federation peer.`,
      },
    };
  return deliverLocally(ctx, item);
}

/**
 * Hands the package to this platform's inbox, as the LGSP does: the receiver checks it, records
 * the document (or status) and queues its own answer. A problem in the 4xx range is the
 * receiver's refusal of this package, final; anything else (the store, the database) is transient.
 */
async function deliverLocally(ctx: ModuleContext, item: ClaimedPackage): Promise<Attempt> {
  const blobs = blobStoreFor(ctx.config);
  let source: Readable;
  try {
    source = blobs.open(item.package_sha256);
  } catch {
    return unreadablePackage(ctx, item);
  }
  try {
    const received = await receivePackage(
      { ...ctx, blobs },
      { source, via: "lgsp", actor: DELIVERY_ACTOR },
    );
    return { kind: "delivered", outcome: received.outcome };
  } catch (error) {
    if (isAppError(error) && error.status >= 400 && error.status < 500 && error.status !== 429)
      return {
        kind: "refused",
        code: error.code,
        reason: error.detail ?? {
          vi: `Nơi nhận từ chối gói tin: ${errorTitle(error.code, "vi")}.`,
          en: `The recipient refused the package: ${errorTitle(error.code, "en")}.`,
        },
      };
    return unexpectedFailure(ctx, item, error);
  }
}

/** Our own store, not the receiver: a blob restored from backup (or storage back up) lets it go. */
function unreadablePackage(ctx: ModuleContext, item: ClaimedPackage): Attempt {
  ctx.log.error(
    { outboundId: item.id, packageSha256: item.package_sha256 },
    "queued package not readable from the blob store",
  );
  return {
    kind: "retry",
    reason: {
      vi: "Không đọc được gói tin từ kho lưu trữ của nền tảng; gói tin sẽ được gửi lại.",
      en: "The package cannot be read from the platform's blob store; it will be sent again.",
    },
  };
}

/** A failure that is nobody's verdict on the package (database, store, a bug): tried again. */
function unexpectedFailure(ctx: ModuleContext, item: ClaimedPackage, error: unknown): Attempt {
  ctx.log.error(
    { err: error, outboundId: item.id, attempt: item.attempts },
    "package delivery failed unexpectedly",
  );
  return {
    kind: "retry",
    reason: {
      vi: "Nơi nhận tạm thời chưa tiếp nhận được gói tin; gói tin sẽ được gửi lại.",
      en: "The recipient could not take the package in for now; it will be sent again.",
    },
  };
}

/**
 * A package for an agency another instance (NDXP, another ministry) serves: handed to that peer's
 * federation listener through the LGSP (`sendToPeer`: mutual TLS, a statement signed by this
 * instance naming both agencies and the package's digest, recorded in both evidence logs). The
 * peer checks it like any package and answers; its refusal is final, a peer down or suspended is
 * tried again with the usual back-off, the package staying pending with the reason meanwhile.
 */
async function deliverThroughPeer(
  ctx: ModuleContext,
  item: ClaimedPackage,
  peer: Peer,
): Promise<Attempt> {
  if (peer.status === "suspended")
    return {
      kind: "retry",
      reason: {
        vi: `Nền tảng liên kết ${peer.name} phục vụ cơ quan ${item.to_code} đang tạm ngừng; gói tin sẽ được gửi lại.`,
        en: `The federation peer ${peer.name} serving ${item.to_code} is suspended; the package will be sent again.`,
      },
    };
  const sender = await getOrganization({ db: ctx.db, id: item.organization_id });
  if (!sender) throw new Error(`the sending organization ${item.organization_id} is not found`);
  const blobs = blobStoreFor(ctx.config);
  if (!blobs.has(item.package_sha256)) return unreadablePackage(ctx, item);
  const result = await sendToPeer(ctx, {
    peer,
    channel: EDXML_CHANNEL,
    from: sender.code,
    to: item.to_code,
    messageId: item.idempotency_key,
    body: {
      sha256: item.package_sha256,
      size: fs.statSync(blobs.pathOf(item.package_sha256)).size,
    },
    open: () => blobs.open(item.package_sha256),
  });
  return result.kind === "delivered"
    ? { kind: "delivered", outcome: result.outcome }
    : result.kind === "refused"
      ? { kind: "refused", code: result.code, reason: result.reason }
      : { kind: "retry", reason: result.reason };
}

/**
 * Records how the try ended, if this pass's claim still holds the row: sent (and the document's
 * recipient marked sent), refused for good (recipient failed, audited), or pending until the
 * next try. Logs name the package, never its contents.
 */
async function settle(
  ctx: ModuleContext,
  item: ClaimedPackage,
  attempt: Attempt,
  now: Date | undefined,
): Promise<boolean> {
  const facts = {
    outboundId: item.id,
    kind: item.kind,
    toCode: item.to_code,
    attempt: item.attempts,
  };
  if (attempt.kind === "retry") {
    const delayMs = retryDelayMs(item.attempts);
    const held = await schedulePackageRetry(ctx.db, item, attempt.reason.vi, { delayMs, now });
    ctx.log.warn({ ...facts, delayMs, reason: attempt.reason.en }, "package delivery deferred");
    return held;
  }
  return inTransaction(ctx.db, async (trx) => {
    if (attempt.kind === "delivered") {
      const held = await markPackageSent(trx, item, now);
      if (held && item.kind === "edoc" && item.recipient_id)
        await updateRecipientDelivery(trx, item.recipient_id, "sent");
      ctx.log.info({ ...facts, outcome: attempt.outcome }, "package delivered");
      return held;
    }
    const held = await markPackageFailed(trx, item, attempt.reason.vi);
    if (!held) return false;
    if (item.kind === "edoc" && item.recipient_id)
      await updateRecipientDelivery(trx, item.recipient_id, "failed");
    await recordAudit(trx, {
      action: "documents.delivery_refused",
      outcome: "failure",
      actor: DELIVERY_ACTOR,
      organizationId: item.organization_id,
      targetType: "document_outbound",
      targetId: item.id,
      details: {
        documentId: item.document_id,
        kind: item.kind,
        toCode: item.to_code,
        packageSha256: item.package_sha256,
        code: attempt.code,
        reason: attempt.reason.en,
      },
    });
    ctx.log.warn({ ...facts, code: attempt.code, reason: attempt.reason.en }, "package refused");
    return true;
  });
}
