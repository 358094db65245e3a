/**
 * Foundation benchmarks, on PGlite and on PostgreSQL, each beside a baseline from the same run:
 * - start to ready (first start with migrations and seeds; restart) vs a bare Node HTTP server;
 * - resident memory at idle vs the same bare server;
 * - organization search latency with one organization per administrative unit (34 + 3,321 + demo)
 *   vs the platform's own /healthz round trip (the HTTP floor).
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { foldVietnamese } from "../apps/server/src/core/text.ts";
import {
  freePort,
  scratchPostgresDatabase,
  signInOverHttp,
  startServerProcess,
  tempDataDir,
  type ServerProcess,
} from "../apps/server/src/core/testing/processes.ts";
import {
  median,
  percentile,
  postgresAdminUrl,
  printTable,
  rssMiB,
  writeResults,
  type Row,
} from "./lib.ts";

const PASSWORD = `Bench-${randomBytes(6).toString("hex")}-Pw1`;
const QUERIES = Number(process.env.BENCH_QUERIES ?? 300);

async function bareServer(): Promise<{ ms: number; rss: number }> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [
    "-e",
    `require("node:http").createServer((q, s) => s.end("ok")).listen(${port}, "127.0.0.1")`,
  ]);
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/`)).ok) break;
    } catch {
      await new Promise((r) => setTimeout(r, 5));
    }
  }
  const ms = performance.now() - started;
  await new Promise((r) => setTimeout(r, 3000));
  const rss = rssMiB(child.pid!);
  child.kill();
  return { ms, rss };
}

async function timedStart(
  env: Record<string, string>,
): Promise<{ server: ServerProcess; ms: number }> {
  const started = performance.now();
  const server = await startServerProcess(env, 300_000);
  return { server, ms: performance.now() - started };
}

type Unit = { code: string; name: string; fullName: string; provinceCode: string | null };

async function allCommunes(url: string): Promise<Unit[]> {
  const units: Unit[] = [];
  let cursor: string | null = null;
  do {
    const page = (await (
      await fetch(
        `${url}/api/v1/directory/admin-units?level=commune&limit=200${cursor ? `&cursor=${cursor}` : ""}`,
      )
    ).json()) as { items: Unit[]; nextCursor: string | null };
    units.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return units;
}

/** One People's Committee per commune, under its province's committee, imported in one request. */
async function importCommuneCommittees(
  url: string,
  headers: Record<string, string>,
  communes: Unit[],
) {
  const items = communes.map((unit, i) => ({
    code: `${String(i % 1000).padStart(3, "0")}.${String(Math.floor(i / 1000) + 10).padStart(2, "0")}.90.H${unit.provinceCode}`,
    name: `Ủy ban nhân dân ${unit.fullName}`,
    shortName: "UBND",
    kind: "commune_committee",
    parentCode: `000.00.00.H${unit.provinceCode}`,
    adminUnitCode: unit.code,
  }));
  const response = await fetch(`${url}/api/v1/directory/organizations/import`, {
    method: "POST",
    headers,
    body: JSON.stringify({ items }),
  });
  if (response.status !== 201)
    throw new Error(`import failed: ${response.status} ${await response.text()}`);
}

async function latencies(urls: string[]): Promise<number[]> {
  const samples: number[] = [];
  for (const url of urls) {
    const started = performance.now();
    const response = await fetch(url);
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    samples.push(performance.now() - started);
  }
  return samples;
}

async function benchDatabase(kind: "pglite" | "postgres", bare: { ms: number; rss: number }) {
  const dataDir = tempDataDir("lt-bench-");
  const env: Record<string, string> = {
    DATA_DIR: dataDir,
    DEMO_ADMIN_PASSWORD: PASSWORD,
    LOG_LEVEL: "warn",
    BODY_LIMIT: String(16 * 1024 * 1024),
  };
  let dropDatabase = async () => {};
  if (kind === "postgres") {
    const scratch = await scratchPostgresDatabase(postgresAdminUrl(), "lt_bench");
    env.DATABASE_URL = scratch.url;
    dropDatabase = scratch.drop;
  }
  try {
    const first = await timedStart(env);
    await first.server.stop();
    const restart = await timedStart(env);
    const server = restart.server;
    try {
      await new Promise((r) => setTimeout(r, 3000));
      const rss = rssMiB(server.child.pid!);
      const headers = await signInOverHttp(server.url, { username: "admin", password: PASSWORD });
      const communes = await allCommunes(server.url);
      await importCommuneCommittees(server.url, headers, communes);
      const queries = Array.from({ length: QUERIES }, (_, i) => {
        const unit = communes[(i * 7919) % communes.length]!;
        const q =
          i % 3 === 0
            ? `ubnd ${foldVietnamese(unit.name)}`
            : i % 3 === 1
              ? foldVietnamese(unit.name)
              : `so noi vu ${foldVietnamese(unit.fullName).split(" ").slice(-2).join(" ")}`;
        return `${server.url}/api/v1/directory/organizations?q=${encodeURIComponent(q)}&limit=20`;
      });
      await latencies(queries.slice(0, 20));
      const search = await latencies(queries);
      const floor = await latencies(Array.from({ length: QUERIES }, () => `${server.url}/healthz`));
      return {
        kind,
        organizations: communes.length,
        firstStartMs: first.ms,
        restartMs: restart.ms,
        bareStartMs: bare.ms,
        idleRssMiB: rss,
        bareRssMiB: bare.rss,
        search: { p50: median(search), p95: percentile(search, 95), p99: percentile(search, 99) },
        floor: { p50: median(floor), p99: percentile(floor, 99) },
      };
    } finally {
      await server.stop();
    }
  } finally {
    await dropDatabase();
  }
}

const bare = await bareServer();
const results = [];
for (const kind of ["pglite", "postgres"] as const) {
  if (process.env.BENCH_ONLY && process.env.BENCH_ONLY !== kind) continue;
  results.push(await benchDatabase(kind, bare));
}
const f = (n: number, unit: string) => `${n.toFixed(n < 10 ? 2 : 0)} ${unit}`;
const rows: Row[] = results.flatMap((r) => [
  {
    benchmark: "first start → ready (migrations, 3,355 units, demo seed)",
    database: r.kind,
    ours: f(r.firstStartMs, "ms"),
    baselineName: "bare Node HTTP server start",
    baseline: f(r.bareStartMs, "ms"),
    ratio: `${(r.firstStartMs / r.bareStartMs).toFixed(1)}×`,
  },
  {
    benchmark: "restart → ready",
    database: r.kind,
    ours: f(r.restartMs, "ms"),
    baselineName: "bare Node HTTP server start",
    baseline: f(r.bareStartMs, "ms"),
    ratio: `${(r.restartMs / r.bareStartMs).toFixed(1)}×`,
  },
  {
    benchmark: "memory at idle (RSS)",
    database: r.kind,
    ours: f(r.idleRssMiB, "MiB"),
    baselineName: "bare Node HTTP server RSS",
    baseline: f(r.bareRssMiB, "MiB"),
    ratio: `${(r.idleRssMiB / r.bareRssMiB).toFixed(1)}×`,
  },
  {
    benchmark: `organization search p50 (${r.organizations + 34 * 2}+ orgs, ${QUERIES} queries)`,
    database: r.kind,
    ours: f(r.search.p50, "ms"),
    baselineName: "/healthz round trip p50",
    baseline: f(r.floor.p50, "ms"),
    ratio: `${(r.search.p50 / r.floor.p50).toFixed(1)}×`,
  },
  {
    benchmark: "organization search p99",
    database: r.kind,
    ours: f(r.search.p99, "ms"),
    baselineName: "/healthz round trip p99",
    baseline: f(r.floor.p99, "ms"),
    ratio: `${(r.search.p99 / r.floor.p99).toFixed(1)}×`,
  },
]);
printTable("Foundation benchmarks", rows);
console.log(`\nresults: ${writeResults("foundation", results)}`);
