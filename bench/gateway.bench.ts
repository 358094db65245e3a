/**
 * LGSP gateway benchmark: throughput and p50/p99 latency of 1 KB JSON calls through our
 * forwarding engine, beside nginx as a plain reverse proxy (one worker, keep-alive to the
 * upstream), beside the barest proxy Node can run (`gateway-bare-host.ts`: `node:http` and an
 * undici pool, no checks at all — the ceiling for any gateway on Node here) and beside calling
 * the upstream directly, all in one run on loopback; and a 100 MB upload through the engine with
 * the proxy process's memory growth.
 *
 * Processes: the proxy under test (this file with `--proxy`) and the nginx proxy are pinned to the
 * same CPU with `taskset`; the load generator (`wrk`) and the upstream (a second nginx answering
 * a fixed 1 KB body, so that the upstream costs little and the same for every proxy) run on
 * another. The proxies are loaded in alternating rounds, so a neighbour's burst falls on both.
 * Requests are also counted per CPU-second of the proxy process (nginx: its worker), which takes
 * out the clock time a busy neighbour on the pinned CPU takes away.
 *
 * The proxy process hosts the engine in a minimal `node:http` server for now. Another host can be
 * loaded from a module URL (`BENCH_GATEWAY_HOST`, default: this file's): a module exporting
 * `startGatewayHost({ upstreams })` that answers `/gw/{name}/...` by forwarding to
 * `upstreams[name]` — the full platform route (token, access check, evidence log) can replace it
 * without touching the driver.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { listenOnLoopback, printTable, rssMiB, writeResults, type Row } from "./lib.ts";

const ROUND_SECONDS = Number(process.env.BENCH_ROUND_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
/** Connections wrk keeps open: enough to saturate one core, and a light load beside it. */
const CONCURRENCY = { saturated: 32, light: 4 };
const UPLOAD_BYTES = 100 * 1024 * 1024;
const NGINX = "/usr/sbin/nginx";
const WRK = "/usr/bin/wrk";

/** The 1 KB JSON body the upstream answers. */
const ANSWER = JSON.stringify({
  soDinhDanh: "001099000001",
  hoTen: "Nguyễn Văn An",
  items: Array.from({ length: 12 }, (_, i) => ({ id: i, ten: `Mục ${i}`, giaTri: i * 1000 })),
}).padEnd(1024, " ");

// ---------------------------------------------------------------------------------------------
// The proxy process.

export type GatewayHost = {
  url: string;
  /** URL path before the upstream's own path, per upstream name (default `/gw/{name}`). */
  paths?: Record<string, string>;
  /** Headers every call needs (e.g. the consumer's bearer token). */
  headers?: Record<string, string>;
  close(): Promise<void>;
};

/**
 * The minimal host: `/gw/{name}/{rest}` forwarded to `upstreams[name]` with generous limits and
 * a rate limit that never bites, so that the engine alone is measured.
 */
export async function startGatewayHost({
  upstreams,
}: {
  upstreams: Record<string, string>;
}): Promise<GatewayHost> {
  const { createGateway } = await import("../apps/server/src/modules/exchange/gateway/index.ts");
  const gateway = createGateway();
  const targets = new Map(
    Object.entries(upstreams).map(([name, baseUrl]) => [
      name,
      {
        serviceId: `bench-${name}`,
        providerOrganizationId: "bench",
        providerOrgCode: "000.00.00.G09",
        providerSystemId: "bench",
        providerSystemCode: "bench",
        serviceCode: name,
        version: "v1",
        kind: "rest" as const,
        baseUrl,
        status: "active" as const,
        bodyLogging: "none" as const,
        timeoutMs: 30_000,
        maxRequestBytes: 2 * UPLOAD_BYTES,
        maxResponseBytes: 10 * 1024 * 1024,
      },
    ]),
  );
  const access = { rateLimitPerMinute: 1e9, dailyQuota: null };
  const server = http.createServer((req, res) => {
    const url = req.url!;
    const slash = url.indexOf("/", 4);
    const target = targets.get(url.slice(4, slash < 0 ? undefined : slash));
    if (!url.startsWith("/gw/") || !target) {
      res.statusCode = 404;
      return void res.end();
    }
    void gateway.forward(req, res, {
      target,
      path: slash < 0 ? "" : url.slice(slash),
      consumer: { systemId: "bench-consumer" },
      access,
      requestId: "bench",
      clientIp: req.socket.remoteAddress ?? "127.0.0.1",
      correlationId: "bench",
    });
  });
  return listenOnLoopback(server, () => gateway.close());
}

async function proxyRole() {
  const upstreams = JSON.parse(process.env.BENCH_UPSTREAMS!) as Record<string, string>;
  // This file's own host unless another is named (importing this file from itself would wait
  // for its own top-level await).
  const hostModule = process.env.BENCH_GATEWAY_HOST;
  const start = hostModule
    ? ((await import(hostModule)) as { startGatewayHost: typeof startGatewayHost }).startGatewayHost
    : startGatewayHost;
  const host = await start({ upstreams });
  process.send!({ url: host.url, paths: host.paths ?? {}, headers: host.headers ?? {} });
  process.once("disconnect", () => void host.close().finally(() => process.exit(0)));
}

// ---------------------------------------------------------------------------------------------
// The driver.

/** The CPU the proxies are pinned to, and the one wrk and the upstream run on. */
function cpus(): { proxy: number | null; load: number | null } {
  if (process.env.BENCH_CPU === "none" || !fs.existsSync("/usr/bin/taskset"))
    return { proxy: null, load: null };
  const count = os.availableParallelism();
  if (count < 2) return { proxy: null, load: null };
  const proxy = process.env.BENCH_CPU ? Number(process.env.BENCH_CPU) : count - 1;
  return { proxy, load: proxy === 0 ? 1 : 0 };
}

function pinned(cpu: number | null, command: string, args: string[]): [string, string[]] {
  return cpu === null ? [command, args] : ["taskset", ["-c", String(cpu), command, ...args]];
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = http.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url: string) {
  for (let i = 0; i < 100; i += 1) {
    const ok = await new Promise<boolean>((resolve) => {
      http
        .get(url, { agent: false }, (res) => {
          res.resume();
          resolve(true);
        })
        .on("error", () => resolve(false));
    });
    if (ok) return;
    await sleep(50);
  }
  throw new Error(`${url} did not answer`);
}

/** An nginx as a non-daemon with one worker, its whole state in a temporary directory. */
async function startNginx(name: string, cpu: number | null, server: string, httpExtra = "") {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `lienthong-bench-nginx-${name}-`));
  const port = await freePort();
  const config = `
worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  keepalive_requests 1000000;
  ${httpExtra}
  server {
    listen 127.0.0.1:${port};
    ${server}
  }
}
`;
  fs.writeFileSync(path.join(dir, "nginx.conf"), config);
  const [command, args] = pinned(cpu, NGINX, ["-p", dir, "-c", path.join(dir, "nginx.conf")]);
  const child = spawn(command, args, { stdio: ["ignore", "inherit", "inherit"] });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(url);
  const master = Number(fs.readFileSync(path.join(dir, "nginx.pid"), "utf8"));
  const workers = fs
    .readFileSync(`/proc/${master}/task/${master}/children`, "utf8")
    .trim()
    .split(/\s+/)
    .map(Number);
  return {
    url,
    /** The worker, which does the proxying. */
    pid: workers[0]!,
    async stop() {
      await stopChild(child);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function stopChild(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  if (child.connected) child.disconnect();
  else child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

async function startProxy(
  cpu: number | null,
  upstreams: Record<string, string>,
  hostModule?: string,
) {
  const node = [...process.execArgv, import.meta.filename, "--proxy"];
  const [command, args] = pinned(cpu, process.execPath, node);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    BENCH_UPSTREAMS: JSON.stringify(upstreams),
    LOG_LEVEL: "silent",
  };
  if (hostModule) env.BENCH_GATEWAY_HOST = hostModule;
  else delete env.BENCH_GATEWAY_HOST;
  const child = spawn(command, args, { env, stdio: ["ignore", "inherit", "inherit", "ipc"] });
  type Ready = { url: string; paths: Record<string, string>; headers: Record<string, string> };
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.once("message", (message) => resolve(message as Ready));
    child.once("exit", (code) => reject(new Error(`proxy exited with ${code}`)));
  });
  // With taskset the child is taskset's exec of node: the same pid.
  const prefix = (name: string) => `${ready.url}${ready.paths[name] ?? `/gw/${name}`}`;
  return { ...ready, prefix, pid: child.pid!, stop: () => stopChild(child) };
}

/** CPU seconds (user + system, every thread) a process has used, from /proc. */
function cpuSecondsOf(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

type WrkResult = {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  errors: number;
  cpuSeconds: number;
};

function toMs(text: string): number {
  const match = /^([\d.]+)(us|ms|s)$/.exec(text);
  if (!match) return Number.NaN;
  const value = Number(match[1]);
  return match[2] === "us" ? value / 1000 : match[2] === "s" ? value * 1000 : value;
}

async function wrk(
  cpu: number | null,
  url: string,
  connections: number,
  pid: number | null,
  headers: Record<string, string> = {},
): Promise<WrkResult> {
  const before = pid === null ? 0 : cpuSecondsOf(pid);
  const [command, args] = pinned(cpu, WRK, [
    "-t1",
    `-c${connections}`,
    `-d${ROUND_SECONDS}s`,
    "--latency",
    ...Object.entries(headers).flatMap(([name, value]) => ["-H", `${name}: ${value}`]),
    url,
  ]);
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "inherit"] });
    let text = "";
    child.stdout.on("data", (chunk: Buffer) => (text += chunk.toString()));
    child.once("exit", (code) =>
      code === 0 ? resolve(text) : reject(new Error(`wrk exited with ${code}`)),
    );
  });
  const cpuSeconds = pid === null ? Number.NaN : cpuSecondsOf(pid) - before;
  const latency = (p: string) => toMs(new RegExp(`^\\s+${p}%\\s+(\\S+)`, "m").exec(output)![1]!);
  const number = (pattern: RegExp) => Number(pattern.exec(output)?.[1] ?? 0);
  const errors =
    number(/Non-2xx or 3xx responses: (\d+)/) +
    [...output.matchAll(/(?:connect|read|write|timeout) (\d+)/g)].reduce(
      (sum, m) => sum + Number(m[1]),
      0,
    );
  return {
    requestsPerSecond: number(/Requests\/sec:\s+([\d.]+)/),
    p50Ms: latency("50"),
    p99Ms: latency("99"),
    requests: number(/(\d+) requests in/),
    errors,
    cpuSeconds,
  };
}

/** Rounds of one load as one: total requests over total time; latency percentiles' median. */
function merge(rounds: WrkResult[]) {
  const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
  const mid = (values: number[]) => sorted(values)[Math.floor(values.length / 2)]!;
  const requests = rounds.reduce((sum, r) => sum + r.requests, 0);
  const cpuSeconds = rounds.reduce((sum, r) => sum + r.cpuSeconds, 0);
  return {
    requestsPerSecond: rounds.reduce((sum, r) => sum + r.requestsPerSecond, 0) / rounds.length,
    requestsPerCpuSecond: requests / cpuSeconds,
    p50Ms: mid(rounds.map((r) => r.p50Ms)),
    p99Ms: mid(rounds.map((r) => r.p99Ms)),
    requests,
    errors: rounds.reduce((sum, r) => sum + r.errors, 0),
    rounds,
  };
}

/** A sink for the upload: digests the body and answers its size. */
async function startSink() {
  const server = http.createServer((req, res) => {
    const hash = createHash("sha256");
    let bytes = 0;
    req.on("data", (chunk: Buffer) => {
      bytes += chunk.length;
      hash.update(chunk);
    });
    req.on("end", () => res.end(JSON.stringify({ bytes, sha256: hash.digest("hex") })));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** Sends 100 MB through the proxy while sampling its resident memory. */
async function upload(url: string, pid: number) {
  const piece = Buffer.alloc(64 * 1024, 7);
  const pieces = UPLOAD_BYTES / piece.length;
  const expected = createHash("sha256");
  for (let i = 0; i < pieces; i += 1) expected.update(piece);
  const before = rssMiB(pid);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(pid))), 10);
  const started = performance.now();
  const answer = await new Promise<string>((resolve, reject) => {
    const request = http.request(
      url,
      { method: "PUT", agent: false, headers: { "content-length": String(UPLOAD_BYTES) } },
      (response) => {
        let text = "";
        response.on("data", (chunk: Buffer) => (text += chunk.toString()));
        response.on("end", () => resolve(text));
      },
    );
    request.on("error", reject);
    Readable.from(
      (function* () {
        for (let i = 0; i < pieces; i += 1) yield piece;
      })(),
    ).pipe(request);
  });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const received = JSON.parse(answer) as { bytes: number; sha256: string };
  if (received.bytes !== UPLOAD_BYTES || received.sha256 !== expected.digest("hex"))
    throw new Error(`upload arrived damaged: ${answer}`);
  return { seconds, mbPerSecond: UPLOAD_BYTES / 1e6 / seconds, rssBeforeMiB: before, peak };
}

async function drive() {
  for (const tool of [NGINX, WRK])
    if (!fs.existsSync(tool)) throw new Error(`${tool} is needed for this benchmark`);
  const cpu = cpus();
  const upstream = await startNginx(
    "upstream",
    cpu.load,
    `location / { default_type application/json; return 200 '${ANSWER}'; }`,
  );
  const sink = await startSink();
  const upstreamPort = new URL(upstream.url).port;
  const nginx = await startNginx(
    "proxy",
    cpu.proxy,
    `location / {
      proxy_pass http://lgsp_upstream;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Authorization "";
      proxy_set_header X-Forwarded-For $remote_addr;
    }`,
    `upstream lgsp_upstream { server 127.0.0.1:${upstreamPort}; keepalive 64; }`,
  );
  const upstreams = { api: `${upstream.url}/api`, sink: sink.url };
  const proxy = await startProxy(cpu.proxy, upstreams);
  // Node's ceiling: a bare `node:http` + undici proxy that checks nothing.
  const bare = await startProxy(
    cpu.proxy,
    upstreams,
    new URL("./gateway-bare-host.ts", import.meta.url).href,
  );
  // The whole platform route: token check, catalogue, access right, engine, evidence log.
  const platform =
    process.env.BENCH_GATEWAY_PLATFORM === "none"
      ? undefined
      : await startProxy(
          cpu.proxy,
          upstreams,
          new URL("./gateway-platform-host.ts", import.meta.url).href,
        );
  try {
    type Target = { url: string; pid: number; headers?: Record<string, string> };
    const targets: Record<string, Target> = {
      ours: { url: `${proxy.prefix("api")}/citizens/1`, pid: proxy.pid },
      bare: { url: `${bare.prefix("api")}/citizens/1`, pid: bare.pid },
      ...(platform
        ? {
            platform: {
              url: `${platform.prefix("api")}/citizens/1`,
              pid: platform.pid,
              headers: platform.headers,
            },
          }
        : {}),
      nginx: { url: `${nginx.url}/api/citizens/1`, pid: nginx.pid },
      direct: { url: `${upstream.url}/api/citizens/1`, pid: upstream.pid },
    };
    for (const [name, target] of Object.entries(targets)) {
      const check = await fetch(target.url, { headers: target.headers ?? {} });
      const body = await check.text();
      if (check.status !== 200 || body !== ANSWER)
        throw new Error(`${name} answered ${check.status}: ${body.slice(0, 200)}`);
    }
    // Warm-up: JIT, connection pools.
    for (const target of Object.values(targets))
      await wrk(cpu.load, target.url, CONCURRENCY.saturated, null, target.headers);
    const loads: Record<string, WrkResult[]> = {};
    for (let round = 0; round < ROUNDS; round += 1)
      for (const [level, connections] of Object.entries(CONCURRENCY))
        for (const [name, target] of Object.entries(targets))
          (loads[`${name}.${level}`] ??= []).push(
            await wrk(cpu.load, target.url, connections, target.pid, target.headers),
          );
    const results = Object.fromEntries(
      Object.entries(loads).map(([name, rounds]) => [name, merge(rounds)]),
    );
    const uploaded = await upload(`${proxy.prefix("sink")}/upload`, proxy.pid);
    return { cpu, results, upload: uploaded };
  } finally {
    await proxy.stop();
    await bare.stop();
    await platform?.stop();
    await nginx.stop();
    await upstream.stop();
    await sink.close();
  }
}

async function main() {
  const run = await drive();
  const r = run.results as Record<string, ReturnType<typeof merge>>;
  const rate = (n: number) => `${Math.round(n).toLocaleString("en-US")} req/s`;
  const ms = (n: number) => `${n.toFixed(2)} ms`;
  const added = (n: number) => `${n < 0 ? "−" : "+"}${ms(Math.abs(n))} p99`;
  const rows: Row[] = [];
  for (const [level, connections] of Object.entries(CONCURRENCY)) {
    const ours = r[`ours.${level}`]!;
    const nginx = r[`nginx.${level}`]!;
    const direct = r[`direct.${level}`]!;
    const bare = r[`bare.${level}`]!;
    const full = r[`platform.${level}`];
    if (full)
      rows.push(
        {
          benchmark: `1 KB JSON through the whole /gw route (token, right, limits, evidence log), ${connections} connections`,
          database: "pglite",
          ours: rate(full.requestsPerSecond),
          baselineName: "nginx 1 worker, keep-alive upstream, same CPU",
          baseline: rate(nginx.requestsPerSecond),
          ratio: `${(full.requestsPerSecond / nginx.requestsPerSecond).toFixed(2)}× of nginx`,
          reference: "goal: ≥ 0.5× of nginx per core",
        },
        {
          benchmark: `whole /gw route, requests per CPU-second of the platform process, ${connections} connections`,
          database: "pglite",
          ours: rate(full.requestsPerCpuSecond),
          baselineName: "nginx worker",
          baseline: rate(nginx.requestsPerCpuSecond),
          ratio: `${(full.requestsPerCpuSecond / nginx.requestsPerCpuSecond).toFixed(2)}× of nginx`,
        },
        {
          benchmark: `whole /gw route, latency p50 / p99, ${connections} connections`,
          database: "pglite",
          ours: `${ms(full.p50Ms)} / ${ms(full.p99Ms)}`,
          baselineName: "nginx",
          baseline: `${ms(nginx.p50Ms)} / ${ms(nginx.p99Ms)}`,
          ratio: added(full.p99Ms - nginx.p99Ms),
        },
      );
    rows.push(
      {
        benchmark: `1 KB JSON through the forwarding engine alone, ${connections} connections (wrk, ${ROUNDS}×${ROUND_SECONDS} s)`,
        database: "none",
        ours: rate(ours.requestsPerSecond),
        baselineName: "nginx 1 worker, keep-alive upstream, same CPU",
        baseline: rate(nginx.requestsPerSecond),
        ratio: `${(ours.requestsPerSecond / nginx.requestsPerSecond).toFixed(2)}× of nginx`,
        reference: "Kong ≈6k req/s per vCPU; Tyk ≈3k; APISIX 18k per core",
      },
      {
        benchmark: `requests per CPU-second of the proxy process, ${connections} connections`,
        database: "none",
        ours: rate(ours.requestsPerCpuSecond),
        baselineName: "nginx worker",
        baseline: rate(nginx.requestsPerCpuSecond),
        ratio: `${(ours.requestsPerCpuSecond / nginx.requestsPerCpuSecond).toFixed(2)}× of nginx`,
      },
      {
        benchmark: `requests per CPU-second of the proxy process, ${connections} connections`,
        database: "none",
        ours: rate(ours.requestsPerCpuSecond),
        baselineName: `bare node:http + undici proxy that checks nothing (Node's ceiling: ${(bare.requestsPerCpuSecond / nginx.requestsPerCpuSecond).toFixed(2)}× of nginx)`,
        baseline: rate(bare.requestsPerCpuSecond),
        ratio: `${(ours.requestsPerCpuSecond / bare.requestsPerCpuSecond).toFixed(2)}× of the bare proxy`,
      },
      {
        benchmark: `latency p50 / p99, ${connections} connections`,
        database: "none",
        ours: `${ms(ours.p50Ms)} / ${ms(ours.p99Ms)}`,
        baselineName: "nginx",
        baseline: `${ms(nginx.p50Ms)} / ${ms(nginx.p99Ms)}`,
        ratio: added(ours.p99Ms - nginx.p99Ms),
      },
      {
        benchmark: `latency p50 / p99, ${connections} connections`,
        database: "none",
        ours: `${ms(ours.p50Ms)} / ${ms(ours.p99Ms)}`,
        baselineName: `upstream called directly (${rate(direct.requestsPerSecond)})`,
        baseline: `${ms(direct.p50Ms)} / ${ms(direct.p99Ms)}`,
        ratio: added(ours.p99Ms - direct.p99Ms),
      },
    );
  }
  const { upload } = run;
  rows.push({
    benchmark: "100 MB upload through the engine (streamed, SHA-256 on the way)",
    database: "none",
    ours: `${(upload.peak - upload.rssBeforeMiB).toFixed(1)} MiB RSS growth, ${upload.mbPerSecond.toFixed(0)} MB/s`,
    baselineName: "goal",
    baseline: "< 50 MiB",
    ratio: upload.peak - upload.rssBeforeMiB < 50 ? "meets" : "misses",
  });
  const pinnedText =
    run.cpu.proxy === null
      ? "not pinned"
      : `proxies pinned to CPU ${run.cpu.proxy}, wrk and upstream on CPU ${run.cpu.load}`;
  printTable(
    `LGSP gateway: the forwarding engine alone, and the whole platform route (${pinnedText})`,
    rows,
  );
  for (const [name, load] of Object.entries(r))
    if (load.errors > 0) console.warn(`${name}: ${load.errors} errors or non-2xx answers`);
  console.log(`\nresults: ${writeResults("gateway", run)}`);
}

if (process.argv.includes("--proxy")) await proxyRole();
else if (process.argv[1] === import.meta.filename) await main();
