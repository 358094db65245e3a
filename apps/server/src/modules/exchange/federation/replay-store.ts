import type { Kysely } from "kysely";
import type { Db } from "../../../core/db/index.ts";
import { ReplayGuard, SIGNED_CALL_SKEW_SECONDS, type ReplayCheck } from "./signed-call.ts";

type SeenTable = {
  xch_federation_seen: { peer_id: string; exchange_id: string; expires_at: Date };
};

/** How often a process deletes the records of statements that have expired. */
const SWEEP_SECONDS = 60;

/**
 * The replay check of a federation listener, shared by every process on the database: a peer's
 * exchange id is accepted once (an insert that a second process's insert of the same id does not
 * pass) and kept until its statement has expired. A per-process memory in front answers a replay
 * to the same process without a round trip.
 */
export class SharedReplayGuard {
  readonly #local = new ReplayGuard();
  readonly #db: Kysely<SeenTable>;
  #lastSweep = 0;

  constructor(db: Db) {
    this.#db = db as unknown as Kysely<SeenTable>;
  }

  /** The check for statements of one peer. */
  forPeer(peerId: string): ReplayCheck {
    return { accept: (exchangeId, exp, now) => this.accept(peerId, exchangeId, exp, now) };
  }

  async accept(peerId: string, exchangeId: string, exp: number, now: number): Promise<boolean> {
    if (!(await this.#local.accept(`${peerId}\n${exchangeId}`, exp, now))) return false;
    if (now - this.#lastSweep >= SWEEP_SECONDS) {
      this.#lastSweep = now;
      await this.#db
        .deleteFrom("xch_federation_seen")
        .where("expires_at", "<", new Date(now * 1000))
        .execute();
    }
    const inserted = await this.#db
      .insertInto("xch_federation_seen")
      .values({
        peer_id: peerId,
        exchange_id: exchangeId,
        expires_at: new Date((exp + SIGNED_CALL_SKEW_SECONDS) * 1000),
      })
      .onConflict((c) => c.columns(["peer_id", "exchange_id"]).doNothing())
      .returning("exchange_id")
      .executeTakeFirst();
    return inserted !== undefined;
  }
}
