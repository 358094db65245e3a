import type { Db } from "../../../core/db/index.ts";
import type { ModuleContext } from "../../../core/module.ts";
import type { ExchangeRecord } from "../types.ts";
import { bodySealer, type BodySealer } from "./body-sealing.ts";
import { chainHash, evidenceFields, GENESIS_HASH, recordDigest } from "./chain.ts";
import { checkEvidenceFields } from "./record-shape.ts";
import {
  ChainMovedError,
  DuplicateExchangeError,
  exchangeRow,
  insertExchangeRows,
  lockChain,
  selectChainHead,
  selectExistingIds,
  type ChainHead,
  type ExchangeTable,
  type SealedBody,
} from "./repo.ts";

/** Records taken into one batch (one statement) at most. */
const BATCH_ROWS = 5000;
/**
 * Sealed body bytes taken into one batch at most (at least one record is always taken): bodies
 * travel base64 in the statement's parameter, and a few large ones should not make it huge.
 */
const BATCH_BODY_BYTES = 8 * 1024 * 1024;
/**
 * Longest a batch waits for more records once the first has arrived. The gateway does not wait
 * for its records (the consumer has its answer already), so a batch may gather for a while: each
 * statement costs far more than each record in it, most of all on the embedded database.
 */
const GATHER_MS = 25;
/** A batch is written as soon as this long passes with no new record. */
const QUIET_MS = 5;

/** A record with its digest computed and its bodies sealed, waiting for its place in the chain. */
type Prepared = { fields: ReturnType<typeof evidenceFields>; digest: string; bodies: SealedBody[] };
type Queued = Prepared & { resolve: () => void; reject: (error: unknown) => void };

/**
 * The evidence log of one platform instance: `record()` resolves once the exchange is durable in
 * the hash chain. Records arriving while a write is in progress go together in the next one, and
 * a batch is ONE statement however many records it holds (see `insertExchangeRows`), so the cost
 * per record is a SHA-256, a JSON encoding and a share of one round trip.
 *
 * The log remembers the head it last wrote and chains the next batch after it. When another
 * writer (another process on PostgreSQL) has moved the chain on, that statement is refused whole
 * and the batch is written the locked read-then-write way, which also refreshes the head. On the
 * embedded database the one connection already serializes writers, so the lock is left out.
 */
export class EvidenceLog {
  #queue: Queued[] = [];
  #writing: Promise<void> | null = null;
  #head: ChainHead | undefined;
  #closed = false;
  readonly #lock: boolean;
  readonly #sealer: BodySealer;

  constructor(
    private readonly db: Db,
    options: { lock: boolean; sealer: BodySealer },
  ) {
    this.#lock = options.lock;
    this.#sealer = options.sealer;
  }

  /**
   * Appends one exchange. Resolves when it is durable; rejects, without touching the batch it
   * would have joined, when the record is malformed (a bad UUID would fail the whole statement).
   */
  record(rec: ExchangeRecord): Promise<void> {
    let prepared: Prepared;
    try {
      if (this.#closed) throw new Error("the evidence log is closed");
      prepared = this.#prepare(rec);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      this.#queue.push({ ...prepared, resolve, reject });
      // One turn of the event loop later, so that records arriving together share the batch.
      if (!this.#writing) this.#writing = new Promise(setImmediate).then(() => this.#drain());
    });
  }

  /** Resolves when every record handed in so far is durable (or has failed). */
  async flush(): Promise<void> {
    while (this.#writing) await this.#writing;
  }

  /** Refuses new records and waits for the queued ones. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.flush();
  }

  #prepare(rec: ExchangeRecord): Prepared {
    const fields = evidenceFields(rec);
    checkEvidenceFields(fields);
    const bodies: SealedBody[] = [];
    if (rec.requestBody !== undefined)
      bodies.push(this.#sealed(fields.id, "request", rec.requestBody));
    if (rec.responseBody !== undefined)
      bodies.push(this.#sealed(fields.id, "response", rec.responseBody));
    return { fields, digest: recordDigest(fields), bodies };
  }

  #sealed(exchangeId: string, kind: SealedBody["kind"], body: Uint8Array): SealedBody {
    return { exchangeId, kind, sealed: this.#sealer.seal(body, exchangeId, kind) };
  }

  async #drain() {
    while (this.#queue.length > 0) {
      await this.#gather();
      const batch = this.#queue.splice(0, this.#batchLength());
      try {
        await this.#append(batch);
        for (const item of batch) item.resolve();
      } catch (error) {
        if (error instanceof DuplicateExchangeError) await this.#appendWithoutDuplicates(batch);
        else for (const item of batch) item.reject(error);
      }
    }
    this.#writing = null;
  }

  /**
   * A record whose exchange id is already in the log (or twice in the batch) makes the batch's
   * statement fail: refuse those records alone and write the others.
   */
  async #appendWithoutDuplicates(batch: readonly Queued[]) {
    let existing: Set<string>;
    try {
      existing = new Set(
        await selectExistingIds(
          this.db,
          batch.map((i) => i.fields.id),
        ),
      );
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    const rest: Queued[] = [];
    for (const item of batch) {
      if (existing.has(item.fields.id)) item.reject(new DuplicateExchangeError(item.fields.id));
      else {
        existing.add(item.fields.id);
        rest.push(item);
      }
    }
    if (rest.length === 0) return;
    try {
      await this.#append(rest);
      for (const item of rest) item.resolve();
    } catch (error) {
      for (const item of rest) item.reject(error);
    }
  }

  /** How many queued records the next batch takes. */
  #batchLength(): number {
    let bytes = 0;
    let count = 0;
    for (const item of this.#queue) {
      if (count === BATCH_ROWS || (count > 0 && bytes > BATCH_BODY_BYTES)) break;
      for (const body of item.bodies) bytes += body.sealed.length;
      count += 1;
    }
    return count;
  }

  /**
   * Waits a millisecond at a time while records keep arriving — until `QUIET_MS` pass without
   * one, the batch is full, or `GATHER_MS` have passed.
   */
  async #gather() {
    const started = performance.now();
    let seen = this.#queue.length;
    let lastArrival = started;
    for (;;) {
      const now = performance.now();
      if (
        this.#queue.length >= BATCH_ROWS ||
        now - started >= GATHER_MS ||
        now - lastArrival >= QUIET_MS
      )
        return;
      await new Promise((r) => setTimeout(r, 1));
      if (this.#queue.length !== seen) {
        seen = this.#queue.length;
        lastArrival = performance.now();
      }
    }
  }

  async #append(batch: readonly Prepared[]) {
    const bodies = batch.flatMap((item) => item.bodies);
    const head = this.#head;
    this.#head = undefined;
    if (head) {
      try {
        const { rows, next } = chained(batch, head);
        await insertExchangeRows(this.db, rows, bodies, { lock: this.#lock });
        this.#head = next;
        return;
      } catch (error) {
        if (!(error instanceof ChainMovedError)) throw error;
      }
    }
    this.#head = await this.db.transaction().execute(async (trx) => {
      await lockChain(trx);
      const current = (await selectChainHead(trx)) ?? { seq: 0, hash: GENESIS_HASH };
      const { rows, next } = chained(batch, current);
      await insertExchangeRows(trx, rows, bodies, { lock: false });
      return next;
    });
  }
}

/** The rows of a batch linked after `head`, and the head they leave. */
function chained(batch: readonly Prepared[], head: ChainHead) {
  let seq = Number(head.seq);
  let prevHash = head.hash;
  const rows: ExchangeTable[] = batch.map((item) => {
    seq += 1;
    const hash = chainHash(prevHash, item.digest);
    const row = exchangeRow(seq, item.fields, { recordDigest: item.digest, prevHash, hash });
    prevHash = hash;
    return row;
  });
  return { rows, next: { seq, hash: prevHash } };
}

const logs = new WeakMap<Db, EvidenceLog>();

/**
 * The platform instance's evidence log (one per database handle, so every module context of the
 * process shares it). The gateway calls `evidenceLogOf(ctx).record(rec)` when a response ends.
 */
export function evidenceLogOf(ctx: ModuleContext): EvidenceLog {
  let log = logs.get(ctx.db);
  if (!log) {
    log = new EvidenceLog(ctx.db, {
      lock: ctx.dbKind === "postgres",
      sealer: bodySealer(ctx.config),
    });
    logs.set(ctx.db, log);
  }
  return log;
}
