import { createHash } from "node:crypto";
import { sql } from "kysely";
import { actorLabel, type Actor } from "./actor.ts";
import { canonicalJson } from "./canonical-json.ts";
import type { Db } from "./db/index.ts";
import { newId } from "./ids.ts";

/** One security-relevant action. `action` is `<module>.<verb>` such as `identity.sign_in`. */
export type AuditEntry = {
  action: string;
  outcome?: "success" | "failure";
  actor?: Actor | null;
  /** Organization the action concerns (used to scope who may read the entry). */
  organizationId?: string | null;
  targetType?: string;
  targetId?: string;
  ip?: string;
  requestId?: string;
  details?: Record<string, unknown>;
};

export type AuditRecord = {
  seq: number;
  id: string;
  at: Date;
  action: string;
  outcome: "success" | "failure";
  actorId: string | null;
  actorName: string;
  organizationId: string | null;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  requestId: string | null;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
};

/** Serializes writers of the chain; any constant, the same in every process. */
const AUDIT_LOCK = 7_243_002;
export const GENESIS_HASH = "0".repeat(64);

type Row = {
  seq: number;
  id: string;
  at: Date;
  action: string;
  outcome: "success" | "failure";
  actor_id: string | null;
  actor_name: string;
  organization_id: string | null;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  request_id: string | null;
  details: Record<string, unknown>;
  prev_hash: string;
  hash: string;
};

/** The hash of a row covers every column but `hash` itself, so any edit breaks the chain. */
export function hashAuditRow(row: Omit<Row, "hash">): string {
  const body = canonicalJson({ ...row, at: row.at.toISOString() });
  return createHash("sha256").update(`${row.prev_hash}\n${body}`).digest("hex");
}

/**
 * Appends an entry. Inside a transaction the entry commits or rolls back with the change it
 * describes; otherwise it runs in its own transaction.
 */
export async function recordAudit(db: Db, entry: AuditEntry): Promise<void> {
  await appendAuditEntries(db, [entry]);
}

/** The last row of the chain: what the next row links to. */
export type ChainHead = { seq: number; hash: string };

/**
 * Appends entries in order after the chain's current head, read under the chain lock (one round
 * of chain work for the lot), and returns the new head. Inside a transaction the rows commit or roll back with it.
 */
export async function appendAuditEntries(
  db: Db,
  entries: readonly AuditEntry[],
): Promise<ChainHead | undefined> {
  if (entries.length === 0) return undefined;
  if (!db.isTransaction) return db.transaction().execute((trx) => appendAuditEntries(trx, entries));
  await sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`.execute(db);
  const last = await db
    .selectFrom("core_audit")
    .select(["seq", "hash"])
    .orderBy("seq", "desc")
    .limit(1)
    .executeTakeFirst();
  const { rows, head } = chainRows(entries, last ?? { seq: 0, hash: GENESIS_HASH });
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto("core_audit")
      .values(rows.slice(i, i + 500))
      .execute();
  }
  return head;
}

/**
 * Appends entries after a head the caller believes current, in one statement that takes the
 * chain lock itself: no transaction round trips, which is what makes the token endpoint's group
 * commit cheap. If another writer got there first, the primary key on `seq` refuses the whole
 * statement (`ChainMovedError`) and nothing is written; the caller falls back to
 * `appendAuditEntries`.
 *
 * `lock: false` leaves the chain lock out, for the embedded database only: it has one connection,
 * handed to one caller at a time, so no other writer can sit between another writer's read of
 * the head and its insert, and the lock would only cost time.
 */
export async function appendAuditEntriesAfter(
  db: Db,
  head: ChainHead,
  entries: readonly AuditEntry[],
  { lock }: { lock: boolean },
): Promise<ChainHead> {
  const { rows, head: next } = chainRows(entries, head);
  const tuples = rows.map(
    (r) =>
      sql`(${r.seq}::bigint, ${r.id}::uuid, ${r.at}::timestamptz, ${r.action}, ${r.outcome},
        ${r.actor_id}::uuid, ${r.actor_name}, ${r.organization_id}::uuid, ${r.target_type},
        ${r.target_id}, ${r.ip}, ${r.request_id}, ${r.details}::jsonb, ${r.prev_hash}, ${r.hash})`,
  );
  try {
    await sql`insert into core_audit (seq, id, at, action, outcome, actor_id, actor_name,
        organization_id, target_type, target_id, ip, request_id, details, prev_hash, hash)
      select v.* from (values ${sql.join(tuples)}) as v
      ${lock ? sql`cross join (select pg_advisory_xact_lock(${AUDIT_LOCK})) as chain_lock` : sql``}`.execute(
      db,
    );
  } catch (error) {
    if ((error as { code?: string }).code === "23505") throw new ChainMovedError();
    throw error;
  }
  return next;
}

/** Another writer appended to the chain since the head the caller gave. */
export class ChainMovedError extends Error {
  constructor() {
    super("the audit chain moved on since the given head");
  }
}

function chainRows(entries: readonly AuditEntry[], after: ChainHead) {
  let seq = Number(after.seq);
  let prevHash = after.hash;
  const rows = entries.map((entry) => {
    const actor = entry.actor ?? null;
    seq += 1;
    const row: Omit<Row, "hash"> = {
      seq,
      id: newId(),
      at: new Date(),
      action: entry.action,
      outcome: entry.outcome ?? "success",
      actor_id: actor?.kind === "user" ? actor.userId : null,
      actor_name: actorLabel(actor),
      organization_id:
        entry.organizationId ?? (actor?.kind === "user" ? actor.organizationId : null),
      target_type: entry.targetType ?? null,
      target_id: entry.targetId ?? null,
      ip: entry.ip ?? null,
      request_id: entry.requestId ?? null,
      details: entry.details ?? {},
      prev_hash: prevHash,
    };
    prevHash = hashAuditRow(row);
    return { ...row, details: JSON.stringify(row.details), hash: prevHash };
  });
  return { rows, head: { seq, hash: prevHash } };
}

export type AuditVerification =
  | { ok: true; rows: number; head: string }
  | { ok: false; rows: number; firstBroken: { seq: number; reason: string } };

export type VerifyAuditChainOptions = {
  /** Rows read per query. */
  batchSize?: number;
  /**
   * A head recorded outside the database (see `audit-head.ts`): the chain must reach its `seq`
   * and hold its `hash` there, so that deleting or truncating the newest rows is detected too.
   */
  anchor?: ChainHead | undefined;
};

/**
 * Walks the chain from the first row and reports the first row whose hash does not match its
 * content, whose link to the previous row is wrong, or before which a row is missing; with an
 * anchor, also a chain that ends before the anchored head or differs from it there.
 */
export async function verifyAuditChain(
  db: Db,
  { batchSize = 5000, anchor }: VerifyAuditChainOptions = {},
): Promise<AuditVerification> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let rows = 0;
  const broken = (seq: number, reason: string): AuditVerification => ({
    ok: false,
    rows,
    firstBroken: { seq, reason },
  });
  for (;;) {
    const batch = (await db
      .selectFrom("core_audit")
      .selectAll()
      .where("seq", ">=", expectedSeq)
      .orderBy("seq")
      .limit(batchSize)
      .execute()) as Row[];
    for (const row of batch) {
      if (row.seq !== expectedSeq) {
        return broken(expectedSeq, `row ${expectedSeq} is missing (deleted)`);
      }
      if (row.prev_hash !== prevHash) {
        return broken(row.seq, "link to the previous row does not match");
      }
      const { hash, ...rest } = row;
      if (hashAuditRow(rest) !== hash) {
        return broken(row.seq, "content was altered after it was written");
      }
      if (anchor && row.seq === anchor.seq && hash !== anchor.hash) {
        return broken(
          row.seq,
          "differs from the head recorded outside the database (newer rows were deleted and replaced)",
        );
      }
      prevHash = hash;
      expectedSeq += 1;
      rows += 1;
    }
    if (batch.length < batchSize) break;
  }
  if (anchor && rows < anchor.seq) {
    return broken(
      expectedSeq,
      `rows ${expectedSeq}–${anchor.seq} are missing: the chain ends before the head recorded outside the database (deleted or truncated)`,
    );
  }
  return { ok: true, rows, head: prevHash };
}

export type AuditSearch = {
  action?: string;
  actorId?: string;
  organizationIds?: string[];
  targetId?: string;
  outcome?: "success" | "failure";
  from?: Date;
  to?: Date;
  /** Return rows with `seq` below this (newest first). */
  beforeSeq?: number;
  limit: number;
};

/** Newest first, keyset-paginated by `seq`. */
export async function searchAudit(db: Db, search: AuditSearch): Promise<AuditRecord[]> {
  let query = db.selectFrom("core_audit").selectAll().orderBy("seq", "desc").limit(search.limit);
  if (search.action)
    query = query.where("action", "like", `${search.action.replace(/[\\%_]/g, "\\$&")}%`);
  if (search.actorId) query = query.where("actor_id", "=", search.actorId);
  if (search.organizationIds) {
    if (search.organizationIds.length === 0) return [];
    query = query.where("organization_id", "in", search.organizationIds);
  }
  if (search.targetId) query = query.where("target_id", "=", search.targetId);
  if (search.outcome) query = query.where("outcome", "=", search.outcome);
  if (search.from) query = query.where("at", ">=", search.from);
  if (search.to) query = query.where("at", "<", search.to);
  if (search.beforeSeq) query = query.where("seq", "<", search.beforeSeq);
  const rows = (await query.execute()) as Row[];
  return rows.map((r) => ({
    seq: r.seq,
    id: r.id,
    at: r.at,
    action: r.action,
    outcome: r.outcome,
    actorId: r.actor_id,
    actorName: r.actor_name,
    organizationId: r.organization_id,
    targetType: r.target_type,
    targetId: r.target_id,
    ip: r.ip,
    requestId: r.request_id,
    details: r.details,
    prevHash: r.prev_hash,
    hash: r.hash,
  }));
}
