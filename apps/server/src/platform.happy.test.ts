import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestPlatform } from "./core/testing/platform.ts";
import type { Platform } from "./platform.ts";

describe("platform endpoints", () => {
  let platform: Platform;
  before(async () => {
    platform = await createTestPlatform();
  });
  after(() => platform.stop());

  it("answers /healthz and /readyz with the database state", async () => {
    assert.equal((await platform.app.inject("/healthz")).statusCode, 200);
    const ready = await platform.app.inject("/readyz");
    assert.equal(ready.statusCode, 200);
    assert.deepEqual(ready.json().pendingMigrations, []);
    assert.equal(ready.json().database.reachable, true);
  });

  it("exposes Prometheus metrics including request counts", async () => {
    await platform.app.inject("/healthz");
    const metrics = await platform.app.inject("/metrics");
    assert.equal(metrics.statusCode, 200);
    assert.match(metrics.headers["content-type"] as string, /text\/plain/);
    assert.match(
      metrics.body,
      /lienthong_http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+/,
    );
    assert.match(metrics.body, /lienthong_process_resident_memory_bytes/);
  });

  it("serves OpenAPI 3.1 as JSON and a browsable page", async () => {
    const spec = (await platform.app.inject("/api/docs/json")).json();
    assert.equal(spec.openapi, "3.1.0");
    assert.ok(spec.paths["/api/v1/modules"]);
    assert.ok(spec.components.schemas.Problem);
    const page = await platform.app.inject("/api/docs");
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /swagger/i);
  });

  it("lists installed modules for the web app's navigation", async () => {
    const ids = (await platform.app.inject("/api/v1/modules"))
      .json()
      .items.map((m: { id: string }) => m.id);
    assert.ok(ids.includes("directory"));
  });

  it("echoes a caller's request id and makes one otherwise", async () => {
    const given = await platform.app.inject({
      url: "/healthz",
      headers: { "x-request-id": "abc-123" },
    });
    assert.equal(given.headers["x-request-id"], "abc-123");
    const made = await platform.app.inject("/healthz");
    assert.match(made.headers["x-request-id"] as string, /^[0-9a-f-]{36}$/);
  });
});
