export type CircuitState = "closed" | "open" | "half_open";

/** Whether a call may go to the provider; a probe is the one call let through a half-open circuit. */
export type CircuitPermit =
  { allowed: true; probe: boolean } | { allowed: false; retryAfterSeconds: number };

type Circuit = { failures: number; openUntil: number; probing: boolean };

/**
 * A circuit per provider service. Consecutive failures (transport errors, timeouts, 502–504 from
 * the provider) open it; while open, calls are refused at once instead of piling up on a provider
 * that is down. After `openMs` the circuit is half-open: one probe goes through, and its result
 * closes the circuit or opens it again for another `openMs`.
 *
 * State lives in this process only (each platform node learns a provider's health on its own).
 */
export class CircuitBreaker {
  readonly #circuits = new Map<string, Circuit>();
  readonly #failureThreshold: number;
  readonly #openMs: number;
  readonly #now: () => number;

  constructor(options: { failureThreshold?: number; openMs?: number; now?: () => number } = {}) {
    this.#failureThreshold = options.failureThreshold ?? 5;
    this.#openMs = options.openMs ?? 30_000;
    this.#now = options.now ?? Date.now;
  }

  state(key: string): CircuitState {
    const circuit = this.#circuits.get(key);
    if (!circuit || circuit.openUntil === 0) return "closed";
    return this.#now() < circuit.openUntil ? "open" : "half_open";
  }

  /** Asks to call the provider; a permit with `probe` must be answered by a verdict or `release`. */
  enter(key: string): CircuitPermit {
    const circuit = this.#circuits.get(key);
    if (!circuit || circuit.openUntil === 0) return { allowed: true, probe: false };
    const now = this.#now();
    if (now < circuit.openUntil)
      return { allowed: false, retryAfterSeconds: Math.ceil((circuit.openUntil - now) / 1000) };
    if (circuit.probing) return { allowed: false, retryAfterSeconds: 1 };
    circuit.probing = true;
    return { allowed: true, probe: true };
  }

  /** The provider answered: the circuit closes and its failure count starts again. */
  succeed(key: string) {
    this.#circuits.delete(key);
  }

  /** The provider failed; enough failures in a row, or a failed probe, open the circuit. */
  fail(key: string, probe: boolean) {
    let circuit = this.#circuits.get(key);
    if (!circuit) {
      circuit = { failures: 0, openUntil: 0, probing: false };
      this.#circuits.set(key, circuit);
    }
    circuit.failures += 1;
    if (probe) circuit.probing = false;
    if (probe || (circuit.openUntil === 0 && circuit.failures >= this.#failureThreshold))
      circuit.openUntil = this.#now() + this.#openMs;
  }

  /** A permitted call ended without telling anything about the provider (the consumer left). */
  release(key: string, probe: boolean) {
    const circuit = this.#circuits.get(key);
    if (probe && circuit) circuit.probing = false;
  }
}
