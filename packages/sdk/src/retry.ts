/** How often and how patiently the client tries again. */
export type RetryPolicy = {
  /** Tries in all, the first included (default 3). */
  attempts: number;
  /** Back-off before the second try; doubled for each later one (default 200 ms). */
  baseDelayMs: number;
  /**
   * Longest wait between tries (default 10 s). A `Retry-After` asking for longer is honoured by
   * not trying again: the answer goes back to the caller, who knows whether it can wait.
   */
  maxDelayMs: number;
};

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 200, maxDelayMs: 10_000 };

/**
 * Which failures a request may be sent again after.
 * - `idempotent`: GET, HEAD, OPTIONS, PUT, DELETE — network errors and 502, 503, 504.
 * - `keyed`: requests made safe by an idempotency key (or with no effect, like asking for a
 *   token) — network errors, any 5xx and 429.
 * - `never`: POST and PATCH through the gateway, and acknowledgements.
 */
export type RetryClass = "idempotent" | "keyed" | "never";

export const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);

export function retriesStatus(retry: RetryClass, status: number): boolean {
  if (retry === "idempotent") return status >= 502 && status <= 504;
  if (retry === "keyed") return status >= 500 || status === 429;
  return false;
}

/** `Retry-After` (RFC 9110 §10.2.3), delay-seconds or an HTTP date, in milliseconds. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * The wait before try `attempt + 1`: exponential back-off with jitter (half to all of
 * `baseDelayMs × 2^(attempt−1)`, at most `maxDelayMs`), never shorter than the server's
 * `Retry-After`; undefined when the server asks for more than `maxDelayMs`.
 */
export function delayBeforeRetry(
  policy: RetryPolicy,
  attempt: number,
  retryAfter?: number,
): number | undefined {
  if (retryAfter !== undefined && retryAfter > policy.maxDelayMs) return undefined;
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const backoff = ceiling / 2 + Math.random() * (ceiling / 2);
  return Math.max(backoff, retryAfter ?? 0);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
