import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { createTestPlatform } from "../../core/testing/platform.ts";
import type { Platform } from "../../platform.ts";
import {
  createTestInformationSystem,
  createTestOrganization,
  systemActor,
} from "../directory/testing.ts";
import { createTestClient, lgspToken } from "../identity/oidc/testing.ts";
import { revokeAccessRight } from "./catalogue/access-rights.ts";
import { invalidateLookups } from "./catalogue/lookup-cache.ts";
import { createTestService, grantTestAccess } from "./catalogue/testing.ts";
import { countInformationSystems } from "../directory/index.ts";
import { evidenceLogOf } from "./evidence/log.ts";
import { exchangeKpis } from "./kpis.ts";
import { listExchanges, verifyExchangeLog } from "./evidence/service.ts";

type Seen = { method: string; url: string; headers: http.IncomingHttpHeaders; body: Buffer };

describe("LGSP gateway: a consumer system calls a provider's service through /gw", () => {
  let platform: Platform;
  let base: string;
  let upstream: http.Server;
  let upstreamUrl: string;
  const seen: Seen[] = [];
  let token: string;
  let strangerToken: string;
  let gw: string;
  let rightId: string;
  let serviceId: string;

  before(async () => {
    platform = await createTestPlatform({ listen: true });
    base = platform.ctx.config.publicUrl;
    upstream = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        seen.push({
          method: req.method!,
          url: req.url!,
          headers: req.headers,
          body: Buffer.concat(chunks),
        });
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ hoTen: "Nguyễn Văn A", url: req.url }));
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
    upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;

    const { db } = platform.ctx;
    const provider = await createTestOrganization(db);
    const providerSystem = await createTestInformationSystem(db, provider.id);
    const service = await createTestService(db, providerSystem.id, {
      baseUrl: `${upstreamUrl}/api`,
      bodyLogging: "both",
      maxRequestBytes: 4096,
    });
    serviceId = service.id;
    const consumerOrg = await createTestOrganization(db);
    const consumer = await createTestClient(platform, consumerOrg.id, { kind: "machine" });
    rightId = await grantTestAccess(db, {
      consumerSystemId: consumer.client.informationSystemId!,
      serviceId: service.id,
    });
    token = await lgspToken(base, consumer);
    strangerToken = await lgspToken(
      base,
      await createTestClient(platform, consumerOrg.id, { kind: "machine" }),
    );
    gw = `${base}/gw/${provider.code}/${providerSystem.code}/${service.code}/v1`;
  });
  after(async () => {
    await platform.stop();
    upstream.close();
  });

  const call = (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
    fetch(`${gw}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, ...init.headers },
    });

  /** A GET with the path exactly as written (fetch would normalize dot segments away). */
  const rawGet = (path: string) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(gw);
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          path: `${url.pathname}${path}`,
          headers: { authorization: `Bearer ${token}` },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () =>
            resolve(
              new Response(Buffer.concat(chunks), {
                status: res.statusCode!,
                headers: res.headers as Record<string, string>,
              }),
            ),
          );
        },
      );
      req.on("error", reject);
      req.end();
    });

  it("forwards the call with the consumer's identity and records it in the evidence log", async () => {
    const body = JSON.stringify({ soDinhDanh: "001099012345" });
    const response = await call("/citizens?tinh=01", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-correlation-id": "hs-2026-0001",
        "x-lgsp-end-user": "CCCD:001099012345",
      },
      body,
    });
    assert.equal(response.status, 200);
    const answer = await response.text();
    const exchangeId = response.headers.get("x-lgsp-exchange-id")!;
    assert.equal(response.headers.get("x-correlation-id"), "hs-2026-0001");

    const request = seen.at(-1)!;
    assert.equal(request.url, "/api/citizens?tinh=01");
    assert.equal(request.body.toString(), body);
    assert.equal(
      request.headers.authorization,
      undefined,
      "the consumer's token stays at the gateway",
    );
    assert.equal(request.headers["x-correlation-id"], "hs-2026-0001");
    assert.equal(request.headers["x-lgsp-exchange-id"], exchangeId);

    // The end user arrives as a statement signed by the platform, checkable with its JWKS.
    const { payload } = await jwtVerify(
      request.headers["x-lgsp-end-user"] as string,
      createRemoteJWKSet(new URL(`${base}/oidc/jwks`)),
      { issuer: `${base}/oidc`, typ: "lgsp-end-user+jwt" },
    );
    assert.equal(payload.sub, "CCCD:001099012345");
    assert.equal(payload.exchange_id, exchangeId);

    // So does the consumer itself, for the service's base URL only (independent check: jose).
    const consumer = await jwtVerify(
      request.headers["x-lgsp-consumer-assertion"] as string,
      createRemoteJWKSet(new URL(`${base}/oidc/jwks`)),
      { issuer: `${base}/oidc`, typ: "lgsp-consumer+jwt", audience: `${upstreamUrl}/api` },
    );
    assert.equal(consumer.payload.sub, request.headers["x-lgsp-consumer-client"]);
    assert.equal(consumer.payload.consumer_system, request.headers["x-lgsp-consumer-system"]);
    assert.match(String(consumer.payload.service), /\/v1$/);

    await evidenceLogOf(platform.ctx).flush();
    const { items } = await listExchanges({ db: platform.ctx.db, actor: systemActor, limit: 5 });
    const entry = items.find((e) => e.id === exchangeId)!;
    assert.ok(entry, "the exchange is in the evidence log");
    assert.equal(entry.outcome, "completed");
    assert.equal(entry.status, 200);
    assert.equal(entry.correlationId, "hs-2026-0001");
    assert.equal(entry.requestSha256, createHash("sha256").update(body).digest("hex"));
    assert.equal(entry.responseSha256, createHash("sha256").update(answer).digest("hex"));
    assert.equal(entry.endUser, "CCCD:001099012345");
  });

  it("refuses with problem details that say what is missing, and forwards nothing", async () => {
    const before = seen.length;
    const cases: [string, Promise<Response>, number, string][] = [
      ["no token", fetch(`${gw}/citizens`), 401, "unauthenticated"],
      [
        "a broken token",
        fetch(`${gw}/citizens`, { headers: { authorization: `Bearer ${token.slice(0, -3)}abc` } }),
        401,
        "unauthenticated",
      ],
      [
        "no right",
        fetch(`${gw}/citizens`, { headers: { authorization: `Bearer ${strangerToken}` } }),
        403,
        "access_not_granted",
      ],
      [
        "unknown version",
        fetch(`${gw.replace(/v1$/, "v9")}/citizens`, {
          headers: { authorization: `Bearer ${token}` },
        }),
        404,
        "not_found",
      ],
      ["path traversal", rawGet("/%2e%2e/admin"), 400, "validation_failed"],
      ["encoded slash traversal", rawGet("/..%2f..%2fadmin"), 400, "validation_failed"],
      [
        "body over the limit",
        call("/citizens", { method: "POST", body: "x".repeat(5000) }),
        413,
        "payload_too_large",
      ],
    ];
    for (const [name, pending, status, code] of cases) {
      const response = await pending;
      assert.equal(response.status, status, name);
      assert.equal(response.headers.get("content-type"), "application/problem+json", name);
      const problem = (await response.json()) as { code: string; detail?: string };
      assert.equal(problem.code, code, name);
      assert.ok(response.headers.get("x-lgsp-exchange-id"), name);
    }
    assert.equal(seen.length, before, "nothing reached the provider");
    await evidenceLogOf(platform.ctx).flush();
    const refused = await listExchanges({
      db: platform.ctx.db,
      actor: systemActor,
      outcome: "refused",
      limit: 50,
    });
    assert.ok(refused.items.length >= cases.length, "refusals are evidence too");
    const metrics = await (await fetch(`${base}/metrics`)).text();
    assert.match(
      metrics,
      /lienthong_lgsp_calls_total\{service="[^"]+",consumer="[^"]+",outcome="refused",status="403"\} [1-9]/,
    );
    assert.match(
      metrics,
      /lienthong_lgsp_call_duration_seconds_bucket\{le="0.005",service="[^"]+"\}/,
    );
  });

  it("refuses a revoked right as expired, and the whole log verifies", async () => {
    await revokeAccessRight({
      db: platform.ctx.db,
      actor: systemActor,
      id: rightId,
      reason: "Hết nhu cầu",
    });
    invalidateLookups();
    const response = await call("/citizens/1");
    assert.equal(response.status, 403);
    assert.equal(((await response.json()) as { code: string }).code, "access_expired");
    await evidenceLogOf(platform.ctx).flush();
    const verification = await verifyExchangeLog({ ctx: platform.ctx, actor: systemActor });
    assert.equal(verification.ok, true, JSON.stringify(verification));

    const kpis = Object.fromEntries(
      (await exchangeKpis(platform.ctx)).map((k) => [k.key, k.value]),
    );
    // The provider served a call and the consumer made one: two connected systems.
    const systems = await countInformationSystems({ db: platform.ctx.db });
    assert.equal(kpis["exchange.connected_systems_share"], Math.round((2 / systems) * 1000) / 10);
    assert.ok(kpis["exchange.calls_24h"]! >= 9);
    assert.ok(kpis["exchange.error_rate_24h"]! >= 0);
    assert.ok(serviceId);
  });
});
