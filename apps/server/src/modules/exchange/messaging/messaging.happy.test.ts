import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { createTestPlatform } from "../../../core/testing/platform.ts";
import type { Platform } from "../../../platform.ts";
import {
  createTestInformationSystem,
  createTestOrganization,
  systemActor,
} from "../../directory/testing.ts";
import { createTestClient, lgspToken } from "../../identity/oidc/testing.ts";
import { createTestService, grantTestAccess } from "../catalogue/testing.ts";
import { evidenceLogOf } from "../evidence/log.ts";
import { listExchanges } from "../evidence/service.ts";
import { delivererOf } from "./delivery.ts";
import { createChannel, listDeadLetters, redeliverMessage, type Message } from "./service.ts";

type Received = { headers: http.IncomingHttpHeaders; body: Buffer };

/** A provider's inbox: records what it receives and answers with the status it is told. */
async function startInbox() {
  const received: Received[] = [];
  const inbox = {
    received,
    status: 200,
    /** Bodies to refuse with 503 a given number of times before the usual status. */
    refuse: new Map<string, number>(),
    url: "",
    server: http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const body = Buffer.concat(chunks);
        received.push({ headers: req.headers, body });
        const refusals = inbox.refuse.get(body.toString()) ?? 0;
        if (refusals > 0) inbox.refuse.set(body.toString(), refusals - 1);
        const status = refusals > 0 ? 503 : inbox.status;
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify({ ok: status < 300 }));
      });
    }),
  };
  await new Promise<void>((resolve) => inbox.server.listen(0, "127.0.0.1", resolve));
  inbox.url = `http://127.0.0.1:${(inbox.server.address() as AddressInfo).port}`;
  return inbox;
}

describe("asynchronous delivery through the LGSP", () => {
  let platform: Platform;
  let base: string;
  let inbox: Awaited<ReturnType<typeof startInbox>>;
  let token: string;
  let providerToken: string;
  let pushPath: string;
  let pullPath: string;
  let otherToken: string;
  let serviceId: string;

  before(async () => {
    platform = await createTestPlatform({ listen: true });
    base = platform.ctx.config.publicUrl;
    inbox = await startInbox();
    const { db } = platform.ctx;
    const provider = await createTestOrganization(db);
    const providerSystem = await createTestInformationSystem(db, provider.id);
    const service = await createTestService(db, providerSystem.id, { baseUrl: `${inbox.url}/api` });
    serviceId = service.id;
    const push = await createChannel(platform.ctx, {
      actor: systemActor,
      serviceId: service.id,
      input: {
        code: "bao-cao",
        name: "Nhận báo cáo",
        delivery: "push",
        pushPath: "/inbox",
        maxAttempts: 3,
        retryBaseMs: 20,
      },
    });
    const pull = await createChannel(platform.ctx, {
      actor: systemActor,
      serviceId: service.id,
      input: { code: "ho-so", name: "Hồ sơ", delivery: "pull", maxAttempts: 2, retryBaseMs: 10 },
    });
    pushPath = push.path;
    pullPath = pull.path;
    const consumerOrg = await createTestOrganization(db);
    const consumer = await createTestClient(platform, consumerOrg.id, { kind: "machine" });
    await grantTestAccess(db, {
      consumerSystemId: consumer.client.informationSystemId!,
      serviceId: service.id,
    });
    token = await lgspToken(base, consumer);
    const providerClient = await createTestClient(platform, provider.id, {
      kind: "machine",
      informationSystemId: providerSystem.id,
    });
    providerToken = await lgspToken(base, providerClient);
    otherToken = await lgspToken(
      base,
      await createTestClient(platform, consumerOrg.id, { kind: "machine" }),
    );
  });
  after(async () => {
    await platform.stop();
    inbox.server.close();
  });

  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...headers },
      body,
    });

  async function settled(path: string, id: string, bearer = token): Promise<Message> {
    for (let i = 0; i < 200; i += 1) {
      await delivererOf(platform.ctx).worker.drain();
      const response = await fetch(`${base}${path}/messages/${id}`, {
        headers: { authorization: `Bearer ${bearer}` },
      });
      assert.equal(response.status, 200);
      const message = (await response.json()) as Message;
      if (message.status !== "queued") return message;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error("the message was never settled");
  }

  it("acknowledges a stored message, delivers it once, and answers a repeat the same way", async () => {
    const body = JSON.stringify({ ky: "2026-Q4", soLieu: [1, 2, 3] });
    const first = await post(pushPath, body, { "idempotency-key": "bc-001" });
    assert.equal(first.status, 202);
    const accepted = (await first.json()) as Message;
    assert.equal(accepted.sha256, createHash("sha256").update(body).digest("hex"));
    assert.equal(first.headers.get("location"), `${pushPath}/messages/${accepted.id}`);

    const delivered = await settled(pushPath, accepted.id);
    assert.equal(delivered.status, "delivered");
    assert.equal(delivered.attempts, 1);
    const copies = inbox.received.filter((r) => r.headers["idempotency-key"] === accepted.id);
    assert.equal(copies.length, 1);
    assert.equal(copies[0]!.body.toString(), body);
    assert.equal(copies[0]!.headers["x-lgsp-channel"], "bao-cao");
    assert.equal(copies[0]!.headers.authorization, undefined);

    const repeat = await post(pushPath, body, { "idempotency-key": "bc-001" });
    assert.equal(repeat.status, 202);
    assert.equal(repeat.headers.get("idempotent-replayed"), "true");
    assert.equal(((await repeat.json()) as Message).id, accepted.id);
    const changed = await post(pushPath, "{}", { "idempotency-key": "bc-001" });
    assert.equal(changed.status, 409);
    await delivererOf(platform.ctx).worker.drain();
    assert.equal(
      inbox.received.filter((r) => r.headers["idempotency-key"] === accepted.id).length,
      1,
    );
  });

  it("retries while the provider is down and delivers when it is back", async () => {
    // Down for the first two attempts of this message (of three allowed), then back.
    inbox.refuse.set('{"n":2}', 2);
    const response = await post(pushPath, '{"n":2}', { "idempotency-key": "bc-002" });
    const { id } = (await response.json()) as Message;
    const delivered = await settled(pushPath, id);
    assert.equal(delivered.status, "delivered");
    assert.equal(delivered.attempts, 3);
    assert.equal(inbox.received.filter((r) => r.headers["idempotency-key"] === id).length, 3);

    // The evidence log tells the message's story: accepted once, then each attempt.
    await evidenceLogOf(platform.ctx).flush();
    const { items } = await listExchanges({
      db: platform.ctx.db,
      actor: systemActor,
      serviceId,
      limit: 200,
    });
    const story = items
      .filter((e) => e.correlationId === delivered.correlationId)
      .sort((a, b) => a.seq - b.seq)
      .map((e) => [e.path, e.status, e.outcome, e.requestSha256]);
    const sha = delivered.sha256;
    assert.deepEqual(story, [
      ["/bao-cao", 202, "completed", sha],
      ...Array.from({ length: delivered.attempts - 1 }, () => [
        `/bao-cao/messages/${id}`,
        503,
        "completed",
        sha,
      ]),
      [`/bao-cao/messages/${id}`, 200, "completed", sha],
    ]);
  });

  it("moves a message to the dead letters after its attempts, and an operator redelivers it", async () => {
    inbox.status = 503;
    const response = await post(pushPath, '{"n":3}', { "idempotency-key": "bc-003" });
    const { id } = (await response.json()) as Message;
    const dead = await settled(pushPath, id);
    assert.equal(dead.status, "dead");
    assert.equal(dead.attempts, 3);
    assert.match(dead.lastError ?? "", /503/);
    const letters = await listDeadLetters(platform.ctx, { actor: systemActor, limit: 50 });
    assert.ok(letters.some((m) => m.id === id));

    inbox.status = 200;
    const requeued = await redeliverMessage(platform.ctx, { actor: systemActor, id });
    assert.equal(requeued.status, "queued");
    assert.equal((await settled(pushPath, id)).status, "delivered");
  });

  it("lets the provider of a pull channel take messages under a lease and settle them", async () => {
    const response = await post(pullPath, '{"hoSo":"A-1"}', { "idempotency-key": "hs-1" });
    const { id } = (await response.json()) as Message;
    const pull = (bearer: string) =>
      fetch(`${base}${pullPath}/pull?max=5&leaseSeconds=30`, {
        method: "POST",
        headers: { authorization: `Bearer ${bearer}` },
      });
    assert.equal((await pull(token)).status, 403);
    const taken = (await (await pull(providerToken)).json()) as {
      items: { id: string; lease: string; payloadBase64: string }[];
    };
    const item = taken.items.find((m) => m.id === id)!;
    assert.equal(Buffer.from(item.payloadBase64, "base64").toString(), '{"hoSo":"A-1"}');
    assert.equal(
      ((await (await pull(providerToken)).json()) as { items: unknown[] }).items.length,
      0,
    );

    const ack = (lease: string) =>
      fetch(`${base}${pullPath}/messages/${id}/ack`, {
        method: "POST",
        headers: { authorization: `Bearer ${providerToken}`, "content-type": "application/json" },
        body: JSON.stringify({ lease, delivered: true }),
      });
    assert.equal((await ack("00000000-0000-7000-8000-000000000000")).status, 409);
    const acked = await ack(item.lease);
    assert.equal(acked.status, 200);
    assert.equal(((await acked.json()) as Message).status, "delivered");
  });

  it("refuses calls without a token, without a right, without a key, or too large", async () => {
    const noToken = await fetch(`${base}${pushPath}`, { method: "POST", body: "{}" });
    assert.equal(noToken.status, 401);
    assert.equal(
      noToken.headers.get("www-authenticate"),
      'Bearer error="invalid_token", error_description="missing"',
    );
    assert.equal(noToken.headers.get("content-type"), "application/problem+json");

    const noRight = await fetch(`${base}${pushPath}`, {
      method: "POST",
      headers: { authorization: `Bearer ${otherToken}`, "idempotency-key": "x" },
      body: "{}",
    });
    assert.equal(noRight.status, 403);
    assert.equal(((await noRight.json()) as { code: string }).code, "access_not_granted");

    const noKey = await post(pushPath, "{}");
    assert.equal(noKey.status, 400);
    const unknown = await post(`${pushPath}-khong-co`, "{}", { "idempotency-key": "y" });
    assert.equal(unknown.status, 404);
    const status = await fetch(`${base}${pushPath}/messages/not-a-uuid`, {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(status.status, 404);
  });
});
