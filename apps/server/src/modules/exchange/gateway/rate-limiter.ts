const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** Asia/Ho_Chi_Minh is UTC+7 all year (no daylight saving since 1975). */
const VIETNAM_OFFSET_MS = 7 * 3_600_000;

/** The limits of one consumer on one service, from its access right. */
export type ConsumerLimits = {
  /** Calls per minute (null: the limiter's default). */
  perMinute: number | null;
  /** Calls per calendar day in Vietnam (null: no quota). */
  dailyQuota: number | null;
};

export type LimitDecision =
  | { allowed: true }
  | {
      allowed: false;
      reason: "rate_limited" | "quota_exceeded";
      /** Whole seconds until a call would be allowed again. */
      retryAfterSeconds: number;
      /** The limit that was reached (calls per minute, or per day). */
      limit: number;
    };

type Entry = { tokens: number; at: number; day: number; used: number };

/**
 * Per-consumer rate limits and daily quotas: a token bucket per key (consumer system × service)
 * holding up to one minute's allowance and refilled continuously, and a call counter per key and
 * calendar day in Asia/Ho_Chi_Minh.
 *
 * State lives in this process only: with several platform nodes behind a load balancer each node
 * counts on its own, so the effective limit is the configured one times the number of nodes.
 */
export class RateLimiter {
  readonly #entries = new Map<string, Entry>();
  readonly #defaultPerMinute: number;
  readonly #now: () => number;
  readonly #sweepAbove: number;

  constructor(
    options: {
      /** Calls per minute when the access right names none. */
      defaultPerMinute: number;
      /** Clock, for tests. */
      now?: () => number;
      /** Idle entries are swept when the table grows beyond this many keys. */
      sweepAbove?: number;
    } = { defaultPerMinute: 600 },
  ) {
    this.#defaultPerMinute = options.defaultPerMinute;
    this.#now = options.now ?? Date.now;
    this.#sweepAbove = options.sweepAbove ?? 10_000;
  }

  /** Takes one call from the key's allowance, or says why not and for how long. */
  take(key: string, limits: ConsumerLimits): LimitDecision {
    const now = this.#now();
    const day = Math.floor((now + VIETNAM_OFFSET_MS) / DAY_MS);
    const perMinute = limits.perMinute ?? this.#defaultPerMinute;
    let entry = this.#entries.get(key);
    if (!entry) {
      if (this.#entries.size >= this.#sweepAbove) this.#sweep(now, day);
      entry = { tokens: perMinute, at: now, day, used: 0 };
      this.#entries.set(key, entry);
    }
    if (entry.day !== day) {
      entry.day = day;
      entry.used = 0;
    }
    if (limits.dailyQuota !== null && entry.used >= limits.dailyQuota) {
      const nextMidnight = (day + 1) * DAY_MS - VIETNAM_OFFSET_MS;
      return {
        allowed: false,
        reason: "quota_exceeded",
        retryAfterSeconds: Math.max(1, Math.ceil((nextMidnight - now) / 1000)),
        limit: limits.dailyQuota,
      };
    }
    const perMs = perMinute / MINUTE_MS;
    entry.tokens = Math.min(perMinute, entry.tokens + (now - entry.at) * perMs);
    entry.at = now;
    if (entry.tokens < 1) {
      return {
        allowed: false,
        reason: "rate_limited",
        retryAfterSeconds: Math.max(1, Math.ceil((1 - entry.tokens) / perMs / 1000)),
        limit: perMinute,
      };
    }
    entry.tokens -= 1;
    entry.used += 1;
    return { allowed: true };
  }

  /** Drops keys idle for a minute (their bucket is full again) that hold no count for today. */
  #sweep(now: number, day: number) {
    for (const [key, entry] of this.#entries)
      if (now - entry.at >= MINUTE_MS && (entry.day !== day || entry.used === 0))
        this.#entries.delete(key);
  }
}
