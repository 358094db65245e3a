import { execFileSync } from "node:child_process";
import fs from "node:fs";
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
};

export function printTable(title: string, rows: Row[]) {
  console.log(`\n${title}\n`);
  console.log("| benchmark | database | Liên Thông | baseline | baseline value | ratio |");
  console.log("|---|---|---|---|---|---|");
  for (const r of rows)
    console.log(
      `| ${r.benchmark} | ${r.database} | ${r.ours} | ${r.baselineName} | ${r.baseline} | ${r.ratio} |`,
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
