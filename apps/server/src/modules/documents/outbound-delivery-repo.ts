import { sql } from "kysely";
import type { Db } from "../../core/db/index.ts";

/**
 * The time of a pass: the one given (tests driving time forward), else the database's clock, the
 * one every process shares and the one `next_attempt_at` defaults from.
 */
const clock = (now: Date | undefined) => (now ? sql`${now}::timestamptz` : sql`now()`);

/** A queued package claimed for delivery by one pass; `lease` names the claim. */
export type ClaimedPackage = {
  id: string;
  organization_id: string;
  document_id: string | null;
  recipient_id: string | null;
  kind: "edoc" | "status";
  to_code: string;
  package_sha256: string;
  idempotency_key: string;
  /** Attempts so far, this one included. */
  attempts: number;
  lease: string;
};

/**
 * Claims up to `limit` pending packages due at `now` whose previous claim (if any) has run out:
 * the row is locked with `for update skip locked` inside the update, so two processes on one
 * PostgreSQL never claim the same row, and the lease keeps it theirs after the statement commits.
 * The attempt is counted at claim time, so one cut short by a crash still counts.
 */
export async function claimDuePackages(
  db: Db,
  options: { limit: number; now?: Date | undefined; leaseMs: number; lease: string },
): Promise<ClaimedPackage[]> {
  const now = clock(options.now);
  const { rows } = await sql<ClaimedPackage>`
    update doc_outbound
    set attempts = attempts + 1, lease = ${options.lease},
      locked_until = ${now} + ${options.leaseMs} * interval '1 millisecond'
    where id in (
      select id from doc_outbound
      where state = 'pending' and next_attempt_at <= ${now}
        and (locked_until is null or locked_until <= ${now})
      order by next_attempt_at, id
      limit ${options.limit}
      for update skip locked
    )
    returning id, organization_id, document_id, recipient_id, kind, to_code, package_sha256,
      idempotency_key, attempts, lease`.execute(db);
  return rows;
}

/** Only the claim that still holds the row may settle it (a later claim took over otherwise). */
const held = (item: ClaimedPackage) => sql`id = ${item.id} and lease = ${item.lease}`;

/** Marks a package delivered; false when this claim no longer holds the row. */
export async function markPackageSent(
  db: Db,
  item: ClaimedPackage,
  now: Date | undefined,
): Promise<boolean> {
  const result = await sql`
    update doc_outbound
    set state = 'sent', sent_at = ${clock(now)}, last_error = null, locked_until = null, lease = null
    where ${held(item)}`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

/** Marks a package refused for good with the reason; false when this claim no longer holds it. */
export async function markPackageFailed(
  db: Db,
  item: ClaimedPackage,
  reason: string,
): Promise<boolean> {
  const result = await sql`
    update doc_outbound
    set state = 'failed', last_error = ${reason}, locked_until = null, lease = null
    where ${held(item)}`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

/** Leaves a package pending, tried again `delayMs` after `now`, with the reason of this failure. */
export async function schedulePackageRetry(
  db: Db,
  item: ClaimedPackage,
  reason: string,
  retry: { delayMs: number; now: Date | undefined },
): Promise<boolean> {
  const result = await sql`
    update doc_outbound
    set next_attempt_at = ${clock(retry.now)} + ${retry.delayMs} * interval '1 millisecond',
      last_error = ${reason}, locked_until = null, lease = null
    where ${held(item)}`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

/**
 * Sets the delivery of the recipient a document package was for. A recipient that reported a
 * refusal keeps it; delivery only moves from pending (or an earlier failure) to sent or failed.
 */
export async function updateRecipientDelivery(
  db: Db,
  recipientId: string,
  delivery: "sent" | "failed",
): Promise<void> {
  await sql`
    update doc_recipients set delivery = ${delivery}
    where id = ${recipientId} and delivery in ('pending', 'failed')`.execute(db);
}
