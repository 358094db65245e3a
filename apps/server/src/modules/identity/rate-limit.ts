import { AppError } from "../../core/errors.ts";

/**
 * In-memory token bucket per key (the client's IP for sign-in). Per process: with several
 * processes each allows the rate, which the per-account lockout (in the database) backs up.
 */
export class RateLimiter {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();
  constructor(
    private readonly capacity: number,
    private readonly refillPerSecond: number,
    private readonly maxKeys = 100_000,
  ) {}

  /** Takes one token for `key` or throws `rate_limited` with the seconds to wait. */
  take(key: string, now = Date.now()) {
    const bucket = this.#buckets.get(key) ?? { tokens: this.capacity, at: now };
    bucket.tokens = Math.min(
      this.capacity,
      bucket.tokens + ((now - bucket.at) / 1000) * this.refillPerSecond,
    );
    bucket.at = now;
    if (bucket.tokens < 1) {
      const retryAfter = Math.ceil((1 - bucket.tokens) / this.refillPerSecond);
      throw new AppError("rate_limited", {
        detail: {
          vi: `Quá nhiều lần đăng nhập từ địa chỉ này. Thử lại sau ${retryAfter} giây.`,
          en: `Too many sign-in attempts from this address. Retry in ${retryAfter} seconds.`,
        },
        extra: { retryAfter },
      });
    }
    bucket.tokens -= 1;
    this.#buckets.delete(key);
    this.#buckets.set(key, bucket);
    if (this.#buckets.size > this.maxKeys) this.#buckets.delete(this.#buckets.keys().next().value!);
  }
}
