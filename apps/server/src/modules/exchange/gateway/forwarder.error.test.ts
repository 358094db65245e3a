import assert from "node:assert/strict";
import type { RequestListener } from "node:http";
import { Readable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, it, type TestContext } from "node:test";
import type { ServiceTarget } from "../types.ts";
import type { ForwardCall } from "./forwarder.ts";
import { CircuitBreaker, createGateway, type GatewayOptions } from "./index.ts";
import { buildTarget, closedPortUrl, hostGateway, listen, send } from "./testing.ts";

/** An upstream, a gateway and its host for one test; `hits` counts the requests upstream saw. */
async function setUp(
  t: TestContext,
  handler: RequestListener,
  {
    target: overrides = {},
    options = {},
    call = {},
  }: {
    target?: Partial<ServiceTarget>;
    options?: GatewayOptions;
    call?: Partial<ForwardCall>;
  } = {},
) {
  const state = { hits: 0 };
  const upstream = await listen((req, res) => {
    state.hits += 1;
    handler(req, res);
  });
  const gateway = createGateway({ retryBackoffMs: 5, ...options });
  const target = buildTarget({ baseUrl: `${upstream.url}/api`, ...overrides });
  const host = await hostGateway(gateway, () => ({ target, ...call }));
  t.after(async () => {
    await host.close();
    await gateway.close();
    await upstream.close();
  });
  return { state, host, target, gateway };
}

const problem = (body: Buffer) =>
  JSON.parse(body.toString()) as { code: string; status: number; detail: string; title: string };

const ok: RequestListener = (req, res) => {
  req.resume();
  req.on("end", () => res.end('{"ok":true}'));
};

describe("gateway size limits", () => {
  it("refuses a declared body over the limit before forwarding", async (t) => {
    const { state, host } = await setUp(t, ok, { target: { maxRequestBytes: 1000 } });
    const reply = await send(`${host.url}/gw/x`, { method: "POST", body: "a".repeat(1001) });
    const result = await host.nextResult();
    assert.equal(reply.status, 413);
    assert.equal(reply.headers["content-type"], "application/problem+json");
    const body = problem(reply.body);
    assert.equal(body.code, "payload_too_large");
    assert.match(body.detail, /vượt quá giới hạn 1000 byte/);
    assert.equal(state.hits, 0);
    assert.deepEqual(
      [result.outcome, result.status, result.errorCode],
      ["refused", 413, "payload_too_large"],
    );
  });

  it("stops a chunked upload at the limit and answers 413", async (t) => {
    const { host } = await setUp(t, ok, { target: { maxRequestBytes: 100_000 } });
    const pieces = Readable.from(
      (function* () {
        for (let i = 0; i < 50; i += 1) yield Buffer.alloc(10_000, 1);
      })(),
    );
    const reply = await send(`${host.url}/gw/x`, { method: "POST", body: pieces }).catch(
      (error: Error) => error,
    );
    const result = await host.nextResult();
    if (!(reply instanceof Error)) assert.equal(reply.status, 413);
    assert.equal(result.status, 413);
    assert.equal(result.outcome, "refused");
    assert.ok(result.requestBytes <= 100_000);
  });

  it("answers 502 for a declared answer over the limit", async (t) => {
    const { host } = await setUp(t, (_req, res) => res.end("b".repeat(2000)), {
      target: { maxResponseBytes: 1000 },
    });
    const reply = await send(`${host.url}/gw/x`, { headers: { "accept-language": "en" } });
    const result = await host.nextResult();
    assert.equal(reply.status, 502);
    assert.match(problem(reply.body).detail, /more than the 1000-byte limit/);
    assert.deepEqual([result.outcome, result.errorCode], ["upstream_error", "bad_gateway"]);
  });

  it("answers 502 when the first chunk of an undeclared answer is over the limit", async (t) => {
    const { host } = await setUp(
      t,
      (_req, res) => {
        res.write("c".repeat(1500));
        res.end();
      },
      { target: { maxResponseBytes: 1000 } },
    );
    const reply = await send(`${host.url}/gw/x`);
    assert.equal(reply.status, 502);
    assert.equal((await host.nextResult()).responseBytes, reply.body.length);
  });

  it("cuts the connection when an answer already under way passes the limit", async (t) => {
    const { host } = await setUp(
      t,
      (_req, res) => {
        res.write("d".repeat(800));
        setTimeout(() => res.end("d".repeat(800)), 50);
      },
      { target: { maxResponseBytes: 1000 } },
    );
    await assert.rejects(send(`${host.url}/gw/x`));
    const result = await host.nextResult();
    assert.deepEqual(
      [result.status, result.outcome, result.errorCode],
      [200, "upstream_error", "bad_gateway"],
    );
    assert.equal(result.responseBytes, 800);
  });
});

describe("gateway timeouts", () => {
  it("answers 504 when the provider sends no headers in time", async (t) => {
    const { host } = await setUp(t, () => {}, { target: { timeoutMs: 200 } });
    const started = performance.now();
    const reply = await send(`${host.url}/gw/slow`);
    const result = await host.nextResult();
    assert.equal(reply.status, 504);
    assert.ok(performance.now() - started < 2000);
    assert.match(problem(reply.body).detail, /không trả lời .* trong 200 ms/);
    assert.deepEqual([result.outcome, result.errorCode], ["timeout", "gateway_timeout"]);
  });

  it("answers 504 when the provider goes silent after its headers", async (t) => {
    const { host } = await setUp(t, (_req, res) => res.flushHeaders(), {
      options: { bodyIdleTimeoutMs: 200 },
    });
    const reply = await send(`${host.url}/gw/stall`);
    assert.equal(reply.status, 504);
    assert.equal((await host.nextResult()).outcome, "timeout");
  });

  it("cuts the connection when the provider goes silent in the middle of its body", async (t) => {
    const { host } = await setUp(t, (_req, res) => res.write("partial"), {
      options: { bodyIdleTimeoutMs: 200 },
    });
    await assert.rejects(send(`${host.url}/gw/stall`));
    const result = await host.nextResult();
    assert.deepEqual(
      [result.status, result.outcome, result.errorCode],
      [200, "timeout", "gateway_timeout"],
    );
  });
});

describe("gateway retries", () => {
  /** Destroys the connection of the first `failures` requests, then answers. */
  const flaky =
    (failures: number): RequestListener =>
    (req, res) => {
      flakyHits += 1;
      if (flakyHits <= failures) return void req.socket.destroy();
      ok(req, res);
    };
  let flakyHits = 0;

  it("retries an idempotent call reset before any answer, at most twice", async (t) => {
    flakyHits = 0;
    const { state, host } = await setUp(t, flaky(2));
    const reply = await send(`${host.url}/gw/x`);
    const result = await host.nextResult();
    assert.equal(reply.status, 200);
    assert.equal(state.hits, 3);
    assert.equal(result.attempts, 3);

    flakyHits = 0;
    state.hits = 0;
    const { state: state2, host: host2 } = await setUp(t, flaky(5));
    const failed = await send(`${host2.url}/gw/x`, { method: "PUT" });
    assert.equal(failed.status, 502);
    assert.equal(state2.hits, 3);
    assert.equal((await host2.nextResult()).attempts, 3);
  });

  it("does not retry a POST, nor a PUT with a body", async (t) => {
    flakyHits = 0;
    const { state, host } = await setUp(t, flaky(1));
    assert.equal((await send(`${host.url}/gw/x`, { method: "POST", body: "{}" })).status, 502);
    assert.equal(state.hits, 1);
    flakyHits = 0;
    assert.equal((await send(`${host.url}/gw/x`, { method: "PUT", body: "{}" })).status, 502);
    assert.equal(state.hits, 2);
  });

  it("does not retry once the provider has begun to answer", async (t) => {
    const { state, host } = await setUp(t, (_req, res) => {
      res.write("half");
      setTimeout(() => res.destroy(), 20);
    });
    await assert.rejects(send(`${host.url}/gw/x`));
    const result = await host.nextResult();
    assert.equal(state.hits, 1);
    assert.equal(result.attempts, 1);
    assert.equal(result.outcome, "upstream_error");
  });

  it("retries a refused connection, then answers 502", async (t) => {
    const gateway = createGateway({ retryBackoffMs: 5 });
    const target = buildTarget({ baseUrl: await closedPortUrl() });
    const host = await hostGateway(gateway, () => ({ target }));
    t.after(async () => {
      await host.close();
      await gateway.close();
    });
    const reply = await send(`${host.url}/gw/x`);
    const result = await host.nextResult();
    assert.equal(reply.status, 502);
    assert.equal(problem(reply.body).code, "bad_gateway");
    assert.equal(result.attempts, 3);
  });
});

describe("gateway when the consumer leaves", () => {
  it("aborts the upstream call, records client_closed and leaves the circuit alone", async (t) => {
    let upstreamClosed = false;
    const breaker = new CircuitBreaker({ failureThreshold: 1 });
    const { host, target } = await setUp(
      t,
      (req, res) => {
        res.on("close", () => (upstreamClosed = !res.writableFinished));
        setTimeout(() => res.end("late"), 2000);
      },
      { options: { breaker } },
    );
    const { request } = await import("node:http");
    const client = request(`${host.url}/gw/x`, { agent: false });
    client.on("error", () => {});
    client.end();
    await sleep(100);
    client.destroy();
    const result = await host.nextResult();
    assert.deepEqual([result.status, result.errorCode], [499, "client_closed"]);
    await sleep(50);
    assert.ok(upstreamClosed, "the upstream request was aborted");
    assert.equal(breaker.state(target.serviceId), "closed");
  });
});

describe("gateway circuit per provider service", () => {
  it("opens after consecutive failures, answers 503 at once, probes and closes", async (t) => {
    let healthy = false;
    const breaker = new CircuitBreaker({ failureThreshold: 3, openMs: 300 });
    const { state, host, target } = await setUp(
      t,
      (req, res) => {
        req.resume();
        res.statusCode = healthy ? 200 : 503;
        res.end();
      },
      { options: { breaker } },
    );
    for (let i = 0; i < 3; i += 1) assert.equal((await send(`${host.url}/gw/x`)).status, 503);
    assert.equal(breaker.state(target.serviceId), "open");
    const refused = await send(`${host.url}/gw/x`);
    assert.equal(refused.status, 503);
    assert.equal(state.hits, 3, "not forwarded while open");
    assert.equal(problem(refused.body).code, "service_unavailable");
    assert.match(problem(refused.body).detail, /000\.00\.00\.G09\/qlvb đang gặp sự cố/);
    assert.ok(Number(refused.headers["retry-after"]) >= 1);
    for (let i = 0; i < 3; i += 1) assert.equal((await host.nextResult()).outcome, "completed");
    assert.equal((await host.nextResult()).outcome, "circuit_open");

    await sleep(350);
    assert.equal(breaker.state(target.serviceId), "half_open");
    assert.equal((await send(`${host.url}/gw/x`)).status, 503, "the probe fails");
    assert.equal(state.hits, 4);
    assert.equal(breaker.state(target.serviceId), "open");
    await sleep(350);
    healthy = true;
    assert.equal((await send(`${host.url}/gw/x`)).status, 200, "the probe passes");
    assert.equal(breaker.state(target.serviceId), "closed");
  });
});

describe("gateway rate limits and quotas", () => {
  it("answers 429 rate_limited past the per-minute limit, per consumer", async (t) => {
    let consumer = "system-a";
    const gateway = createGateway();
    const upstream = await listen(ok);
    const target = buildTarget({ baseUrl: upstream.url });
    const host = await hostGateway(gateway, () => ({
      target,
      consumer: { systemId: consumer },
      access: { rateLimitPerMinute: 2, dailyQuota: null },
    }));
    t.after(async () => {
      await host.close();
      await gateway.close();
      await upstream.close();
    });
    assert.equal((await send(`${host.url}/gw/x`)).status, 200);
    assert.equal((await send(`${host.url}/gw/x`)).status, 200);
    const limited = await send(`${host.url}/gw/x`, { headers: { "accept-language": "en-US" } });
    assert.equal(limited.status, 429);
    assert.equal(problem(limited.body).code, "rate_limited");
    assert.match(problem(limited.body).detail, /limit of 2 calls per minute/);
    assert.ok(Number(limited.headers["retry-after"]) >= 1);
    consumer = "system-b";
    assert.equal((await send(`${host.url}/gw/x`)).status, 200);
  });

  it("answers 429 quota_exceeded once the daily quota is used", async (t) => {
    const { host } = await setUp(t, ok, {
      call: { access: { rateLimitPerMinute: 100, dailyQuota: 1 } },
    });
    assert.equal((await send(`${host.url}/gw/x`)).status, 200);
    const refused = await send(`${host.url}/gw/x`);
    assert.equal(refused.status, 429);
    assert.equal(problem(refused.body).code, "quota_exceeded");
    assert.match(problem(refused.body).detail, /hết hạn mức 1 lời gọi trong ngày/);
    assert.ok(Number(refused.headers["retry-after"]) <= 86_400);
    await host.nextResult();
    assert.equal((await host.nextResult()).outcome, "refused");
  });
});
