import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { request } from "node:http";
import { Readable } from "node:stream";
import { createGateway, type Gateway } from "./index.ts";
import { buildTarget, hostGateway, listen, send } from "./testing.ts";

const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");
const sha256Of = (piece: Buffer, times: number) => {
  const hash = createHash("sha256");
  for (let i = 0; i < times; i += 1) hash.update(piece);
  return hash.digest("hex");
};

describe("gateway forwarding (happy paths)", () => {
  let gateway: Gateway;
  let upstream: Awaited<ReturnType<typeof listen>>;
  let host: Awaited<ReturnType<typeof hostGateway>>;
  const answer = randomBytes(3 * 1024 * 1024 + 17);
  const target = () =>
    buildTarget({ baseUrl: `${upstream.url}/api/`, serviceId: "happy", bodyLogging: "none" });
  let current: ReturnType<typeof buildTarget>;

  before(async () => {
    upstream = await listen((req, res) => {
      const hash = createHash("sha256");
      let bytes = 0;
      req.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
        hash.update(chunk);
      });
      req.on("end", () => {
        if (!req.url!.startsWith("/api/files") && !req.url!.startsWith("/api/big")) {
          res.setHeader("content-type", "application/json");
          res.setHeader("set-cookie", "provider=1; Path=/");
          res.setHeader("x-hop", "secret");
          res.setHeader("connection", "x-hop");
          res.end(
            JSON.stringify({ url: req.url, method: req.method, headers: req.headers, bytes }),
          );
          return;
        }
        res.writeHead(200, {
          "content-type": "application/octet-stream",
          "x-request-sha256": hash.digest("hex"),
          "x-request-bytes": String(bytes),
        });
        // Chunked, in uneven pieces, respecting the consumer's backpressure.
        const pieces = Readable.from(
          (function* () {
            for (let at = 0; at < answer.length; at += 50_000)
              yield answer.subarray(at, at + 50_000);
          })(),
        );
        pieces.pipe(res);
      });
    });
    gateway = createGateway();
    current = target();
    host = await hostGateway(gateway, () => ({
      target: current,
      headers: { "x-lgsp-consumer": "000.00.00.H01/hscv", "x-lgsp-exchange-id": "exchange-1" },
    }));
  });
  after(async () => {
    await host.close();
    await gateway.close();
    await upstream.close();
  });

  it("streams a chunked upload and a chunked answer, digesting both on the way", async () => {
    const upload = randomBytes(5 * 1024 * 1024 + 3);
    const pieces = Readable.from(
      (function* () {
        for (let at = 0; at < upload.length; at += 65_536) yield upload.subarray(at, at + 65_536);
      })(),
    );
    const reply = await send(`${host.url}/gw/files?kind=scan`, { method: "POST", body: pieces });
    const result = await host.nextResult();
    assert.equal(reply.status, 200);
    assert.equal(reply.headers["x-request-sha256"], sha256(upload));
    assert.equal(reply.headers["x-request-bytes"], String(upload.length));
    assert.ok(reply.body.equals(answer));
    assert.equal(result.outcome, "completed");
    assert.equal(result.status, 200);
    assert.equal(result.errorCode, null);
    assert.equal(result.requestBytes, upload.length);
    assert.equal(result.responseBytes, answer.length);
    assert.equal(result.requestSha256, sha256(upload));
    assert.equal(result.responseSha256, sha256(answer));
    assert.equal(result.requestBody, undefined);
    assert.equal(result.attempts, 1);
    assert.ok(result.upstreamMs !== null && result.upstreamMs >= 0);
  });

  it("keeps the bodies for the evidence log only when asked, and only whole", async () => {
    current = { ...target(), bodyLogging: "both" };
    const body = JSON.stringify({ soDinhDanh: "001099000001" });
    const reply = await send(`${host.url}/gw/echo`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    const result = await host.nextResult();
    assert.equal(reply.status, 200);
    assert.equal(Buffer.from(result.requestBody!).toString(), body);
    assert.ok(Buffer.from(result.responseBody!).equals(reply.body));
    assert.equal(result.responseSha256, sha256(reply.body));

    const big = await send(`${host.url}/gw/big`);
    const bigResult = await host.nextResult();
    assert.equal(big.status, 200);
    assert.equal(bigResult.responseBody, undefined, "over the capture limit: digest only");
    assert.equal(bigResult.responseSha256, sha256(answer));
    current = target();
  });

  it("passes the path below the base path, the query, and the platform's headers", async () => {
    const reply = await send(`${host.url}/gw/citizens/001%20099?fields=name&x=%2F`, {
      headers: {
        authorization: "Bearer consumer-token",
        cookie: "lienthong_session=abc",
        connection: "keep-alive, x-private",
        "x-private": "hop",
        "keep-alive": "timeout=5",
        "proxy-authorization": "Basic eA==",
        te: "trailers",
        "x-forwarded-for": "10.9.9.9",
        "x-lgsp-end-user": "forged",
        "x-correlation-id": "forged",
        "x-custom": "kept",
        "accept-language": "en",
      },
    });
    const seen = JSON.parse(reply.body.toString()) as {
      url: string;
      headers: Record<string, string>;
    };
    await host.nextResult();
    assert.equal(seen.url, "/api/citizens/001%20099?fields=name&x=%2F");
    for (const name of [
      "authorization",
      "cookie",
      "x-private",
      "keep-alive",
      "proxy-authorization",
      "te",
      "x-lgsp-end-user",
    ])
      assert.equal(seen.headers[name], undefined, `${name} must not be forwarded`);
    assert.equal(seen.headers["x-custom"], "kept");
    assert.equal(seen.headers["accept-language"], "en");
    assert.equal(seen.headers["x-forwarded-for"], "127.0.0.1");
    assert.equal(seen.headers["x-forwarded-proto"], "http");
    assert.equal(seen.headers["x-forwarded-host"], new URL(host.url).host);
    assert.equal(seen.headers["x-correlation-id"], "correlation-1");
    assert.equal(seen.headers["x-lgsp-consumer"], "000.00.00.H01/hscv");
    assert.equal(seen.headers["x-lgsp-exchange-id"], "exchange-1");
    assert.equal(seen.headers.host, new URL(upstream.url).host);
    // The answer's own hop-by-hop field and the provider's cookie stay behind.
    assert.equal(reply.headers["x-hop"], undefined);
    assert.equal(reply.headers["set-cookie"], undefined);
    assert.equal(reply.headers["content-type"], "application/json");
  });

  it("forwards HEAD and an empty-bodied DELETE", async () => {
    const head = await send(`${host.url}/gw/echo`, { method: "HEAD" });
    assert.equal(head.status, 200);
    assert.equal(head.body.length, 0);
    const headResult = await host.nextResult();
    assert.equal(headResult.responseBytes, 0);
    assert.equal(headResult.responseSha256, sha256(Buffer.alloc(0)));
    const remove = await send(`${host.url}/gw/echo/1`, { method: "DELETE" });
    assert.equal(JSON.parse(remove.body.toString()).method, "DELETE");
    assert.equal((await host.nextResult()).status, 200);
  });

  it("holds the provider back while the consumer reads slowly (backpressure)", async () => {
    let produced = 0;
    const piece = randomBytes(64 * 1024);
    const total = 1024; // 64 MiB
    const slow = await listen((_req, res) => {
      Readable.from(
        (function* () {
          for (let i = 0; i < total; i += 1) {
            produced += piece.length;
            yield piece;
          }
        })(),
      ).pipe(res);
    });
    const previous = current;
    current = { ...target(), baseUrl: slow.url, maxResponseBytes: 100 * 1024 * 1024 };
    const expected = createHash("sha256");
    for (let i = 0; i < total; i += 1) expected.update(piece);
    const received = createHash("sha256");
    let bytes = 0;
    await new Promise<void>((resolve, reject) => {
      request(`${host.url}/gw/stream`, { agent: false }, (response) => {
        response.pause();
        // Wait until the provider stops producing (or 5 s): held back, it stalls once the
        // buffers on the way are full; not held back, it would run on to the end.
        let last = -1;
        const started = Date.now();
        const poll = setInterval(() => {
          if (produced !== last && Date.now() - started < 5000) return void (last = produced);
          clearInterval(poll);
          // Loopback socket buffers hold a few MiB on each hop; the rest must still be unread.
          assert.ok(produced < 32 * 1024 * 1024, `provider ran ahead: ${produced} bytes`);
          response.on("data", (chunk: Buffer) => {
            bytes += chunk.length;
            received.update(chunk);
          });
          response.on("end", resolve);
          response.resume();
        }, 200);
      })
        .on("error", reject)
        .end();
    });
    const result = await host.nextResult();
    await slow.close();
    current = previous;
    assert.equal(bytes, piece.length * total);
    assert.equal(received.digest("hex"), expected.digest("hex"));
    assert.equal(result.responseSha256, sha256Of(piece, total));
  });

  it("carries a 100 MB upload with memory growth far under 50 MB", async () => {
    current = { ...target(), maxRequestBytes: 200 * 1024 * 1024 };
    const piece = randomBytes(64 * 1024);
    const pieces = 1600;
    const expected = createHash("sha256");
    for (let i = 0; i < pieces; i += 1) expected.update(piece);
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 20);
    const reply = await send(`${host.url}/gw/upload`, {
      method: "PUT",
      headers: { "content-length": String(piece.length * pieces) },
      body: Readable.from(
        (function* () {
          for (let i = 0; i < pieces; i += 1) yield piece;
        })(),
      ),
    });
    clearInterval(sampler);
    const result = await host.nextResult();
    assert.equal(reply.status, 200);
    assert.equal(JSON.parse(reply.body.toString()).bytes, piece.length * pieces);
    assert.equal(result.requestBytes, piece.length * pieces);
    assert.equal(result.requestSha256, expected.digest("hex"));
    const growthMiB = (peak - before) / 1024 / 1024;
    assert.ok(growthMiB < 25, `memory grew by ${growthMiB.toFixed(1)} MiB`);
  });
});
