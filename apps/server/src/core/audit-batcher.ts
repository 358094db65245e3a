import {
  appendAuditEntries,
  appendAuditEntriesAfter,
  ChainMovedError,
  type AuditEntry,
  type ChainHead,
} from "./audit.ts";
import type { DatabaseKind, Db } from "./db/index.ts";

/** Rows per one-statement append: 15 parameters each, far below PostgreSQL's 65,535. */
const ONE_STATEMENT_ROWS = 500;
/** Entries taken into one batch at most. */
const BATCH_ROWS = 2000;
/** Longest a batch waits for the entries of requests already being answered. */
const GATHER_MS = 4;

/**
 * Entries of one kind that may share a row when they arrive in the same batch: same `key`, and
 * `merge` folds the next entry's details into the row (e.g. a count and the token ids).
 */
export type AuditCoalescing = { key: string; merge(into: AuditEntry, next: AuditEntry): void };

/** A request being answered that will record an entry soon (see `AuditBatcher.expect`). */
export type Arrival = { done(): void };

type Queued = {
  entry: AuditEntry;
  coalesce: AuditCoalescing | undefined;
  resolve: () => void;
  reject: (error: unknown) => void;
};

/**
 * Group commit for busy paths (the token endpoint): callers wait until their entry is durable,
 * but entries arriving while a write is in progress go together in the next one, so the chain's
 * single lock is taken once per batch rather than once per entry. Entries given a coalescing key
 * are folded into one row per key and batch.
 *
 * A batch starts one turn of the event loop after its first entry and waits only for requests
 * already being answered that said they will record (`expect`), never for the clock alone: the
 * requests that arrive while a batch is written form the next one, so a busy path gets large
 * batches and an idle one no delay.
 *
 * The batcher remembers the head it last wrote, so a batch is one statement
 * (`appendAuditEntriesAfter`); when another writer — another process, or an audited transaction
 * in this one — has moved the chain on, that statement is refused whole and the batch goes the
 * locked read-then-write way, which also refreshes the head.
 */
export class AuditBatcher {
  #queue: Queued[] = [];
  /** Requests announced by `expect` that have not recorded their entry yet. */
  #expected = 0;
  #writing: Promise<void> | null = null;
  #head: ChainHead | undefined;

  /** Whether the one-statement append takes the chain lock (see `appendAuditEntriesAfter`). */
  readonly #lock: boolean;

  constructor(
    private readonly db: Db,
    kind: DatabaseKind,
  ) {
    this.#lock = kind === "postgres";
  }

  /**
   * Announces a request that will record an entry once it has done its work, so that a batch
   * gathered meanwhile waits for it. Call `done` if it ends without recording (`record` calls it).
   */
  expect(): Arrival {
    this.#expected += 1;
    let pending = true;
    return {
      done: () => {
        if (pending) this.#expected -= 1;
        pending = false;
      },
    };
  }

  record(entry: AuditEntry, coalesce?: AuditCoalescing, arrival?: Arrival): Promise<void> {
    arrival?.done();
    return new Promise((resolve, reject) => {
      this.#queue.push({ entry, coalesce, resolve, reject });
      // Start one turn of the event loop later, so requests arriving together (and, on the
      // embedded database, whose queries run synchronously) share the batch.
      if (!this.#writing) this.#writing = new Promise(setImmediate).then(() => this.#drain());
    });
  }

  async #drain() {
    while (this.#queue.length > 0) {
      await this.#gather();
      const batch = this.#queue.splice(0, BATCH_ROWS);
      const rows: AuditEntry[] = [];
      const byKey = new Map<string, AuditEntry>();
      for (const item of batch) {
        const key = item.coalesce?.key;
        const existing = key === undefined ? undefined : byKey.get(key);
        if (existing) {
          item.coalesce!.merge(existing, item.entry);
          continue;
        }
        const row = { ...item.entry, details: { ...item.entry.details } };
        if (key !== undefined) byKey.set(key, row);
        rows.push(row);
      }
      try {
        await this.#append(rows);
        for (const item of batch) item.resolve();
      } catch (error) {
        for (const item of batch) item.reject(error);
      }
    }
    this.#writing = null;
  }

  /**
   * Waits, a turn of the event loop at a time and for `GATHER_MS` at most, while announced
   * requests have yet to record — they are being answered on this thread and record within a turn
   * or two (one still reading its body may take longer, hence the bound) — and while the last turn
   * brought new entries or announcements: each turn reads the sockets without waiting, so requests
   * that came in meanwhile join this batch, and an idle endpoint pays one turn.
   */
  async #gather() {
    const started = performance.now();
    let seen = -1;
    while (
      (this.#expected > 0 || this.#queue.length !== seen) &&
      this.#queue.length < BATCH_ROWS &&
      performance.now() - started < GATHER_MS
    ) {
      seen = this.#queue.length;
      await new Promise(setImmediate);
    }
  }

  async #append(rows: AuditEntry[]) {
    const head = this.#head;
    this.#head = undefined;
    if (head && rows.length <= ONE_STATEMENT_ROWS) {
      try {
        this.#head = await appendAuditEntriesAfter(this.db, head, rows, { lock: this.#lock });
        return;
      } catch (error) {
        if (!(error instanceof ChainMovedError)) throw error;
      }
    }
    this.#head = await appendAuditEntries(this.db, rows);
  }
}
