import { execFileSync } from "node:child_process";
import fs from "node:fs";
import type http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

/** Percentile of sorted-in-place samples (nearest rank). */
export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

export function median(samples: number[]): number {
  return percentile(samples, 50);
}

/** Resident memory of a process in MiB, from /proc. */
export function rssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

export type Row = {
  benchmark: string;
  database: string;
  ours: string;
  baseline: string;
  baselineName: string;
  ratio: string;
  /** A published figure for comparison, not measured in the run (shown in its own column). */
  reference?: string;
};

export function printTable(title: string, rows: Row[]) {
  const withReference = rows.some((r) => r.reference !== undefined);
  console.log(`\n${title}\n`);
  console.log(
    `| benchmark | database | Liên Thông | baseline | baseline value | ratio |${withReference ? " published reference (not measured here) |" : ""}`,
  );
  console.log(`|---|---|---|---|---|---|${withReference ? "---|" : ""}`);
  for (const r of rows)
    console.log(
      `| ${r.benchmark} | ${r.database} | ${r.ours} | ${r.baselineName} | ${r.baseline} | ${r.ratio} |${withReference ? ` ${r.reference ?? ""} |` : ""}`,
    );
}

export function writeResults(name: string, data: unknown) {
  const dir = path.join(import.meta.dirname, "results");
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.json`);
  fs.writeFileSync(
    file,
    `${JSON.stringify({ at: new Date().toISOString(), node: process.version, data }, null, 2)}\n`,
  );
  return file;
}

/** A PostgreSQL for benchmarks: BENCH_DATABASE_URL, or the throwaway test server the scripts start. */
export function postgresAdminUrl(): string {
  if (process.env.BENCH_DATABASE_URL) return process.env.BENCH_DATABASE_URL;
  return execFileSync(
    "bash",
    [path.join(import.meta.dirname, "../scripts/start-test-postgres.sh")],
    { encoding: "utf8" },
  ).trim();
}

export type LoadResult = {
  /** Operations started (bounded by the count and the time limit). */
  attempted: number;
  /** Operations that returned true; only these count towards the rate. */
  succeeded: number;
  seconds: number;
  perSecond: number;
  /** Latency of each successful operation, in ms. */
  latenciesMs: number[];
  /** The first error thrown, to tell a broken benchmark from a slow one. */
  firstError?: string;
  /** CPU time (user + system) the measured process spent on the load, when it was measured. */
  cpuSeconds?: number;
};

/**
 * A closed loop: `concurrency` workers run `operation` back to back until `count` operations have
 * started or `maxMs` has passed. The rate counts only operations that resolve to true.
 */
export async function closedLoop(options: {
  count: number;
  concurrency: number;
  maxMs: number;
  operation: (index: number) => Promise<boolean>;
}): Promise<LoadResult> {
  const latenciesMs: number[] = [];
  let next = 0;
  let succeeded = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const deadline = started + options.maxMs;
  const worker = async () => {
    while (next < options.count && performance.now() < deadline) {
      const index = next++;
      const at = performance.now();
      try {
        if (await options.operation(index)) {
          succeeded += 1;
          latenciesMs.push(performance.now() - at);
        }
      } catch (error) {
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  return {
    attempted: next,
    succeeded,
    seconds,
    perSecond: succeeded / seconds,
    latenciesMs,
    ...(firstError ? { firstError } : {}),
  };
}

/** Several rounds of the same load as one: interleaving rounds spreads a shared machine's noise. */
export function mergeLoads(rounds: LoadResult[]): LoadResult {
  const succeeded = rounds.reduce((sum, r) => sum + r.succeeded, 0);
  const seconds = rounds.reduce((sum, r) => sum + r.seconds, 0);
  const firstError = rounds.find((r) => r.firstError)?.firstError;
  const cpuMeasured = rounds.every((r) => r.cpuSeconds !== undefined);
  return {
    attempted: rounds.reduce((sum, r) => sum + r.attempted, 0),
    succeeded,
    seconds,
    perSecond: succeeded / seconds,
    latenciesMs: rounds.flatMap((r) => r.latenciesMs),
    ...(firstError ? { firstError } : {}),
    ...(cpuMeasured ? { cpuSeconds: rounds.reduce((sum, r) => sum + r.cpuSeconds!, 0) } : {}),
  };
}

/** CPU time (user + system) of this process so far, in seconds: every thread, GC included. */
export function processCpuSeconds() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/**
 * Starts a benchmark host's server on a free loopback port with the platform's keep-alive, and
 * returns its URL and a `close` that drops its connections, then runs `closeRest`.
 */
export async function listenOnLoopback(
  server: http.Server,
  closeRest: () => Promise<unknown>,
): Promise<{ url: string; close(): Promise<void> }> {
  server.keepAliveTimeout = 72_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await closeRest();
    },
  };
}
