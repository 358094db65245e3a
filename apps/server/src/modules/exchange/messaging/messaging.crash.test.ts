import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, describe, it } from "node:test";
import { loadConfig } from "../../../core/config.ts";
import { createLogger } from "../../../core/logger.ts";
import {
  childEnv,
  freePort,
  scratchPostgresDatabase,
  startServerProcess,
  tempDataDir,
} from "../../../core/testing/processes.ts";
import { startPlatform } from "../../../platform.ts";
import {
  createTestInformationSystem,
  createTestOrganization,
  systemActor,
} from "../../directory/testing.ts";
import { createTestClient } from "../../identity/oidc/testing.ts";
import { createTestService, grantTestAccess } from "../catalogue/testing.ts";
import { createChannel } from "./service.ts";

/**
 * A real server process killed with SIGKILL while consumers post messages: after a restart every
 * acknowledged message reaches the provider, and a provider that removes duplicates by the
 * `Idempotency-Key` it is given applies each one exactly once. On PGlite, and on PostgreSQL when
 * TEST_DATABASE_URL is set.
 */
const MESSAGES = 300;
const CONCURRENCY = 12;

/** The provider's inbox, idempotent by the key the platform sends with each delivery. */
async function startInbox() {
  const applied = new Map<string, string>();
  let deliveries = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const key = req.headers["idempotency-key"];
      // Anything else (the LGSP's health probe of the provider) is not a delivery.
      if (req.method === "POST" && typeof key === "string") {
        deliveries += 1;
        if (!applied.has(key)) applied.set(key, Buffer.concat(chunks).toString());
      }
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    applied,
    deliveries: () => deliveries,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => server.close(),
  };
}

describe("asynchronous delivery across a crash (SIGKILL)", { timeout: 600_000 }, () => {
  const cleanups: (() => unknown)[] = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it("delivers every acknowledged message after the gateway is killed under load", async () => {
    const inbox = await startInbox();
    cleanups.push(inbox.close);
    const admin = process.env.TEST_DATABASE_URL;
    const database = admin ? await scratchPostgresDatabase(admin, "lt_msgcrash") : undefined;
    if (database) cleanups.push(() => database.drop());
    const dataDir = tempDataDir("lt-msgcrash-");
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const port = await freePort();
    const env = {
      DATA_DIR: dataDir,
      DEMO_SEED: "false",
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      ...(database ? { DATABASE_URL: database.url } : {}),
    };

    // Provider, channel, consumer and its right, written straight into the platform's database
    // before any server runs on it.
    const platform = await startPlatform({
      config: loadConfig(childEnv(env)),
      logger: createLogger({ logLevel: "silent" }),
      listen: false,
      workers: false,
    });
    const { db } = platform.ctx;
    const provider = await createTestOrganization(db);
    const providerSystem = await createTestInformationSystem(db, provider.id);
    const service = await createTestService(db, providerSystem.id, { baseUrl: inbox.url });
    const channel = await createChannel(platform.ctx, {
      actor: systemActor,
      serviceId: service.id,
      input: {
        code: "bao-cao",
        name: "Báo cáo",
        delivery: "push",
        pushPath: "/",
        retryBaseMs: 100,
      },
    });
    const consumerOrg = await createTestOrganization(db);
    const consumer = await createTestClient(platform, consumerOrg.id, { kind: "machine" });
    await grantTestAccess(db, {
      consumerSystemId: consumer.client.informationSystemId!,
      serviceId: service.id,
    });
    await platform.stop();

    const start = () => startServerProcess({ ...env, PORT: String(port) });
    let server = await start();
    cleanups.push(() => server.stop());
    const tokenResponse = await fetch(`${server.url}/oidc/token`, {
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from(`${consumer.client.clientId}:${consumer.clientSecret!}`).toString("base64")}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        scope: "lgsp",
        resource: `${server.url}/gw`,
      }).toString(),
    });
    assert.equal(tokenResponse.status, 200);
    const { access_token: token } = (await tokenResponse.json()) as { access_token: string };

    const acknowledged = new Map<string, string>();
    let next = 0;
    let killed = false;
    const send = async (i: number) => {
      const body = JSON.stringify({ soThuTu: i });
      try {
        const response = await fetch(`${server.url}${channel.path}`, {
          method: "POST",
          headers: {
            authorization: `Bearer ${token}`,
            "content-type": "application/json",
            "idempotency-key": `msg-${i}`,
          },
          body,
        });
        if (response.status === 202)
          acknowledged.set(((await response.json()) as { id: string }).id, body);
        return true;
      } catch {
        // the connection died with the process: not acknowledged, so the sender may resend
        return false;
      }
    };
    const workers = Array.from({ length: CONCURRENCY }, async () => {
      while (!killed && next < MESSAGES) await send(next++);
    });
    while (acknowledged.size < MESSAGES / 3) await new Promise((r) => setTimeout(r, 5));
    killed = true;
    await server.kill();
    await Promise.all(workers);
    const beforeRestart = acknowledged.size;
    assert.ok(beforeRestart >= MESSAGES / 3);

    server = await start();
    // The sender resends what it never saw acknowledged, with the same keys; the platform hands
    // a repeat the first answer, so nothing is applied twice.
    // A sender keeps resending until it gets an answer (a connection of the killed process may
    // still sit in the client's pool and fail once).
    for (let i = 0; i < next; i += 1)
      for (let tries = 0; !(await send(i)); tries += 1)
        assert.ok(tries < 5, `message ${i} got no answer after the restart`);
    const deadline = Date.now() + 120_000;
    while ([...acknowledged.keys()].some((id) => !inbox.applied.has(id))) {
      assert.ok(Date.now() < deadline, "acknowledged messages were not all delivered in time");
      await new Promise((r) => setTimeout(r, 100));
    }
    for (const [id, body] of acknowledged) assert.equal(inbox.applied.get(id), body);
    assert.equal(inbox.applied.size, acknowledged.size, "each message applied once, none extra");
    assert.ok(inbox.deliveries() >= inbox.applied.size);
  });
});
