import type { Logger } from "pino";

/** Exponential back-off for retries: `baseMs`, then doubling, capped at one hour. */
export function retryDelayMs(attempt: number, baseMs: number): number {
  return Math.min(baseMs * 2 ** Math.max(0, attempt - 1), 3_600_000);
}

export type PollingWorker = {
  /** Run a pass soon instead of waiting for the next poll. */
  wake(): void;
  /** Run passes until one finds nothing to do (waits for a pass already under way). */
  drain(): Promise<void>;
  /** Stop polling and wait for the pass under way. */
  stop(): Promise<void>;
};

export type StartPollingWorkerOptions = {
  name: string;
  pollMs: number;
  log: Logger;
  /** One unit of work; returns how many items it handled (0 means nothing was due). */
  pass(): Promise<number>;
};

/**
 * Runs `pass` every `pollMs`, never two at once; a pass that handled something is followed by
 * another at once, so a backlog drains without waiting a poll interval per batch.
 */
export function startPollingWorker({
  name,
  pollMs,
  log,
  pass,
}: StartPollingWorkerOptions): PollingWorker {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;

  const runPass = (): Promise<number> => {
    running ??= pass()
      .catch((error: unknown) => {
        log.error({ err: error, worker: name }, "worker pass failed");
        return 0;
      })
      .finally(() => (running = undefined));
    return running;
  };

  const schedule = (delayMs: number) => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      void runPass().then((handled) => schedule(handled > 0 ? 0 : pollMs));
    }, delayMs);
    timer.unref();
  };

  schedule(0);
  return {
    wake: () => schedule(0),
    async drain() {
      if (running) await running;
      while ((await runPass()) > 0);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      if (running) await running;
    },
  };
}
