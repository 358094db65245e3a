/**
 * Asynchronous delivery through the LGSP, on PGlite and on PostgreSQL, beside baselines measured
 * in the same run on the same machine:
 * - messages accepted per second with a durable acknowledgement (`POST /msg/...`, 1 KB JSON, a
 *   distinct idempotency key each) vs a bare Node HTTP server that appends each body to a file and
 *   calls `fdatasync` before answering 202 (the simplest durable acknowledgement), and vs
 *   `GET /healthz` on the same platform (its HTTP floor);
 * - delivery rate: messages per second pushed to the provider's endpoint, from the first
 *   acceptance until the provider holds every message (at least once; duplicates counted apart).
 *
 * Everything runs in this process (platform, provider, load), so rates are by the clock on a
 * shared machine; ours and the baselines alternate in rounds so a neighbour's burst falls on both.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import {
  createTestInformationSystem,
  createTestOrganization,
  systemActor,
} from "../apps/server/src/modules/directory/testing.ts";
import {
  createTestService,
  grantTestAccess,
} from "../apps/server/src/modules/exchange/catalogue/testing.ts";
import { createChannel } from "../apps/server/src/modules/exchange/messaging/service.ts";
import { createTestClient, lgspToken } from "../apps/server/src/modules/identity/oidc/testing.ts";
import { type Platform } from "../apps/server/src/platform.ts";
import {
  closedLoop,
  mergeLoads,
  percentile,
  printTable,
  writeResults,
  type LoadResult,
  type Row,
} from "./lib.ts";
import { startBenchPlatform } from "./platform.ts";

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 3000);
const CONCURRENCY = 16;
const ROUNDS = 3;
const ROUND_MS = 15_000;
/** Longest wait for the last deliveries after the posting stops. */
const DELIVERY_WAIT_MS = 120_000;
const BODY = JSON.stringify({ ky: "2026-Q4", donVi: "000.00.00.H01", duLieu: "x".repeat(940) });

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function send(
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: string,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** The provider: answers 200 at once and counts each message id it receives. */
async function startProvider() {
  const seen = new Map<string, number>();
  let lastAt = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      // Only deliveries count: the platform's provider health check also calls this address.
      const id = req.headers["x-lgsp-message-id"];
      if (typeof id === "string") {
        seen.set(id, (seen.get(id) ?? 0) + 1);
        lastAt = performance.now();
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"ok":true}');
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    lastAt: () => lastAt,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** A bare durable acknowledgement: append the body to a file, fdatasync, answer 202. */
async function startBareDurable(dir: string) {
  const fd = fs.openSync(path.join(dir, "bare.log"), "a");
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      fs.write(fd, Buffer.concat(chunks), (error) => {
        if (error) throw error;
        fs.fdatasync(fd, (syncError) => {
          if (syncError) throw syncError;
          res.writeHead(202, { "content-type": "application/json" });
          res.end('{"status":"queued"}');
        });
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: async () => {
      await new Promise<void>((r) => server.close(() => r()));
      fs.closeSync(fd);
    },
  };
}

async function setUp(platform: Platform, providerUrl: string) {
  const { db } = platform.ctx;
  const base = platform.ctx.config.publicUrl;
  const provider = await createTestOrganization(db);
  const providerSystem = await createTestInformationSystem(db, provider.id);
  const service = await createTestService(db, providerSystem.id, { baseUrl: providerUrl });
  const channel = await createChannel(platform.ctx, {
    actor: systemActor,
    serviceId: service.id,
    input: { code: "bao-cao", name: "Nhận báo cáo", delivery: "push", pushPath: "/inbox" },
  });
  const consumerOrg = await createTestOrganization(db);
  const consumer = await createTestClient(platform, consumerOrg.id, { kind: "machine" });
  await grantTestAccess(db, {
    consumerSystemId: consumer.client.informationSystemId!,
    serviceId: service.id,
    decision: { rateLimitPerMinute: 1_000_000 },
  });
  const token = await lgspToken(base, consumer);
  return { url: `${base}${channel.path}`, token };
}

async function benchDatabase(kind: "pglite" | "postgres") {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "lienthong-bench-msg-"));
  const provider = await startProvider();
  const bare = await startBareDurable(dataDir);
  const { platform, close } = await startBenchPlatform(kind, "msg", dataDir);
  try {
    const channel = await setUp(platform, provider.url);
    const healthz = `${platform.ctx.config.publicUrl}/healthz`;
    const run = randomBytes(4).toString("hex");
    const perRound = Math.ceil(MESSAGES / ROUNDS);
    const accepts: LoadResult[] = [];
    const bares: LoadResult[] = [];
    const floors: LoadResult[] = [];
    let firstAcceptAt = Number.NaN;
    let posted = 0;
    for (let round = 0; round < ROUNDS; round += 1) {
      accepts.push(
        await closedLoop({
          count: perRound,
          concurrency: CONCURRENCY,
          maxMs: ROUND_MS,
          operation: async (i) => {
            if (Number.isNaN(firstAcceptAt)) firstAcceptAt = performance.now();
            const status = await send(
              channel.url,
              "POST",
              {
                authorization: `Bearer ${channel.token}`,
                "content-type": "application/json",
                "idempotency-key": `${run}-${round}-${i}`,
              },
              BODY,
            );
            if (status === 202) posted += 1;
            return status === 202;
          },
        }),
      );
      bares.push(
        await closedLoop({
          count: perRound,
          concurrency: CONCURRENCY,
          maxMs: ROUND_MS,
          operation: async () =>
            (await send(bare.url, "POST", { "content-type": "application/json" }, BODY)) === 202,
        }),
      );
      floors.push(
        await closedLoop({
          count: perRound,
          concurrency: CONCURRENCY,
          maxMs: ROUND_MS,
          operation: async () => (await send(healthz, "GET", {})) === 200,
        }),
      );
    }
    const waitUntil = performance.now() + DELIVERY_WAIT_MS;
    while (provider.seen.size < posted && performance.now() < waitUntil)
      await new Promise((r) => setTimeout(r, 50));
    const delivered = provider.seen.size;
    const duplicates = [...provider.seen.values()].reduce((sum, n) => sum + n - 1, 0);
    const accept = mergeLoads(accepts);
    return {
      kind,
      accept: summary(accept),
      bareDurable: summary(mergeLoads(bares)),
      healthz: summary(mergeLoads(floors)),
      delivery: {
        accepted: posted,
        delivered,
        duplicates,
        seconds: (provider.lastAt() - firstAcceptAt) / 1000,
        perSecond: delivered / ((provider.lastAt() - firstAcceptAt) / 1000),
      },
    };
  } finally {
    await provider.close();
    await bare.close();
    await close();
  }
}

function summary(load: LoadResult) {
  return {
    attempted: load.attempted,
    succeeded: load.succeeded,
    seconds: load.seconds,
    perSecond: load.perSecond,
    p50Ms: percentile(load.latenciesMs, 50),
    p99Ms: percentile(load.latenciesMs, 99),
    ...(load.firstError ? { firstError: load.firstError } : {}),
  };
}

const results = [];
for (const kind of ["pglite", "postgres"] as const) {
  if (process.env.BENCH_ONLY && process.env.BENCH_ONLY !== kind) continue;
  results.push(await benchDatabase(kind));
}
agent.destroy();

const f = (n: number, unit: string) => `${n.toFixed(n < 10 ? 2 : 0)} ${unit}`;
const rows: Row[] = results.flatMap((r) => [
  {
    benchmark: `messages accepted, durable 202 (${r.accept.succeeded} of ${r.accept.attempted}, concurrency ${CONCURRENCY}, 1 KB JSON)`,
    database: r.kind,
    ours: f(r.accept.perSecond, "msg/s"),
    baselineName: "bare Node server: append + fdatasync, then 202",
    baseline: f(r.bareDurable.perSecond, "msg/s"),
    ratio: `${(r.bareDurable.perSecond / r.accept.perSecond).toFixed(1)}×`,
  },
  {
    benchmark: "messages accepted",
    database: r.kind,
    ours: f(r.accept.perSecond, "msg/s"),
    baselineName: "GET /healthz on the same server, same load",
    baseline: f(r.healthz.perSecond, "req/s"),
    ratio: `${(r.healthz.perSecond / r.accept.perSecond).toFixed(1)}×`,
  },
  {
    benchmark: "acceptance latency p50 / p99",
    database: r.kind,
    ours: `${f(r.accept.p50Ms, "ms")} / ${f(r.accept.p99Ms, "ms")}`,
    baselineName: "bare durable server p50 / p99",
    baseline: `${f(r.bareDurable.p50Ms, "ms")} / ${f(r.bareDurable.p99Ms, "ms")}`,
    ratio: `${(r.accept.p50Ms / r.bareDurable.p50Ms).toFixed(1)}× / ${(r.accept.p99Ms / r.bareDurable.p99Ms).toFixed(1)}×`,
  },
  {
    benchmark: `delivery to the provider (${r.delivery.delivered} of ${r.delivery.accepted} delivered, ${r.delivery.duplicates} duplicates), first acceptance → last delivery`,
    database: r.kind,
    ours: f(r.delivery.perSecond, "msg/s"),
    baselineName: "messages accepted per second (same run)",
    baseline: f(r.accept.perSecond, "msg/s"),
    ratio: `${(r.accept.perSecond / r.delivery.perSecond).toFixed(1)}×`,
  },
]);
printTable(
  "Asynchronous delivery (ratio = baseline ÷ ours for rates, ours ÷ baseline for latency)",
  rows,
);
for (const r of results)
  if (r.delivery.delivered < r.delivery.accepted)
    console.log(
      `${r.kind}: ${r.delivery.accepted - r.delivery.delivered} accepted messages not yet delivered when the wait ended`,
    );
console.log(`\nresults: ${writeResults("messaging", results)}`);
process.exit(0);
