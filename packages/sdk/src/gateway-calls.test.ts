import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { LgspProblem } from "./problem.ts";
import { createLgspSetting, startProvider } from "./testing.ts";
import type { ServiceAddress } from "./types.ts";

describe("LgspClient calls services through a real gateway", () => {
  let provider: Awaited<ReturnType<typeof startProvider>>;
  let setting: Awaited<ReturnType<typeof createLgspSetting>>;
  let service: ServiceAddress;

  before(async () => {
    provider = await startProvider();
    setting = await createLgspSetting(provider.url);
    service = (await setting.addService()).address;
  });
  after(async () => {
    await setting.platform.stop();
    provider.server.close();
  });

  const hitsSince = (start: number) => provider.seen.length - start;

  it("asks for one token for many calls, concurrent ones included", async () => {
    const { client, sent } = setting.consumerClient();
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) => client.callJson<{ url: string }>(service, `/items/${i}`)),
    );
    assert.deepEqual(
      answers.map((a) => a.url),
      Array.from({ length: 8 }, (_, i) => `/api/items/${i}`),
    );
    for (let i = 0; i < 5; i += 1) assert.equal((await client.call(service, "/items")).status, 200);
    assert.equal(sent.token, 1);
    assert.equal(sent.gateway, 13);
  });

  it("gets a new token once when the gateway refuses the cached one", async () => {
    let spoil = true;
    const { client, sent } = setting.consumerClient({
      // The first gateway request carries a token the gateway cannot verify, as after a key
      // rotation: the gateway's real 401 must lead to one new token and one new try.
      fetch: (input, init) => {
        if (String(input).includes("/gw/") && spoil) {
          spoil = false;
          const headers = new Headers(init?.headers);
          headers.set("authorization", `${headers.get("authorization")!.slice(0, -4)}AAAA`);
          return fetch(input, { ...init, headers });
        }
        return fetch(input, init);
      },
    });
    const start = provider.seen.length;
    const response = await client.call(service, "/items?page=1");
    assert.equal(response.status, 200);
    await response.body?.cancel();
    assert.equal(sent.token, 2);
    assert.equal(sent.gateway, 2);
    assert.equal(hitsSince(start), 1, "the refused try reached no provider");
  });

  it("passes the correlation id and the end user on to the provider", async () => {
    const { client } = setting.consumerClient();
    const response = await client.call(service, "/citizens/1", {
      correlationId: "hs-2026-0042",
      endUser: "CCCD:001099012345",
    });
    assert.equal(response.headers.get("x-correlation-id"), "hs-2026-0042");
    assert.ok(response.headers.get("x-lgsp-exchange-id"));
    await response.body?.cancel();
    const seen = provider.seen.at(-1)!;
    assert.equal(seen.headers["x-correlation-id"], "hs-2026-0042");
    const [, payload] = String(seen.headers["x-lgsp-end-user"]).split(".");
    assert.equal(
      JSON.parse(Buffer.from(payload!, "base64url").toString()).sub,
      "CCCD:001099012345",
    );
  });

  it("sends idempotent calls again after 502, 503 and 504, counted at the provider", async () => {
    const { client } = setting.consumerClient();
    let start = provider.seen.length;
    provider.script.push({ status: 503 }, { status: 502 });
    const got = await client.callJson<{ method: string }>(service, "/citizens/2");
    assert.equal(got.method, "GET");
    assert.equal(hitsSince(start), 3);

    start = provider.seen.length;
    provider.script.push({ status: 504 });
    const put = await client.call(service, "/citizens/2", { method: "PUT", body: '{"ten":"B"}' });
    assert.equal(put.status, 200);
    await put.body?.cancel();
    assert.deepEqual(
      provider.seen.slice(start).map((s) => [s.method, s.body]),
      [
        ["PUT", '{"ten":"B"}'],
        ["PUT", '{"ten":"B"}'],
      ],
    );

    start = provider.seen.length;
    provider.script.push({ status: 503 }, { status: 503 }, { status: 503 });
    const gaveUp = await client.call(service, "/citizens/3", { method: "DELETE" });
    assert.equal(gaveUp.status, 503, "after the policy's three tries the answer is the caller's");
    await gaveUp.body?.cancel();
    assert.equal(hitsSince(start), 3);
    // A success closes the provider's circuit again for the next tests.
    await (await client.call(service, "/ok")).body?.cancel();
  });

  it("never sends POST or PATCH again", async () => {
    const { client } = setting.consumerClient();
    for (const method of ["POST", "PATCH"]) {
      const start = provider.seen.length;
      provider.script.push({ status: 503 });
      const response = await client.call(service, "/citizens", { method, body: "{}" });
      assert.equal(response.status, 503);
      await response.body?.cancel();
      assert.equal(hitsSince(start), 1, method);
    }
    await (await client.call(service, "/ok")).body?.cancel();
  });

  it("honours Retry-After, and leaves a longer wait to the caller", async () => {
    const { client } = setting.consumerClient();
    let start = provider.seen.length;
    provider.script.push({ status: 503, headers: { "retry-after": "1" } });
    const began = performance.now();
    const response = await client.call(service, "/slow");
    assert.equal(response.status, 200);
    await response.body?.cancel();
    assert.ok(performance.now() - began >= 950, "waited the second the provider asked for");
    assert.equal(hitsSince(start), 2);

    start = provider.seen.length;
    provider.script.push({ status: 503, headers: { "retry-after": "120" } });
    const later = await client.call(service, "/slow");
    assert.equal(later.status, 503);
    assert.equal(later.headers.get("retry-after"), "120");
    await later.body?.cancel();
    assert.equal(hitsSince(start), 1);
    await (await client.call(service, "/ok")).body?.cancel();
  });

  it("sends a GET again after a network error, but not a POST", async () => {
    let failNext = 0;
    const { client, sent } = setting.consumerClient({
      fetch: (input, init) => {
        if (String(input).includes("/gw/") && failNext > 0) {
          failNext -= 1;
          return Promise.reject(new TypeError("fetch failed", { cause: { code: "ECONNRESET" } }));
        }
        return fetch(input, init);
      },
    });
    const start = provider.seen.length;
    failNext = 1;
    assert.equal((await client.callJson<{ method: string }>(service, "/a")).method, "GET");
    assert.equal(sent.gateway, 2);
    failNext = 1;
    await assert.rejects(client.call(service, "/a", { method: "POST", body: "{}" }), TypeError);
    assert.equal(sent.gateway, 3);
    assert.equal(hitsSince(start), 1);
  });

  it("throws problems as LgspProblem with the gateway's code, request and exchange ids", async () => {
    const { client } = setting.consumerClient();
    const refused = (await setting.addService({ granted: false })).address;
    await assert.rejects(client.callJson(refused, "/citizens"), (error: unknown) => {
      assert.ok(error instanceof LgspProblem);
      assert.equal(error.status, 403);
      assert.equal(error.code, "access_not_granted");
      assert.ok(error.detail);
      assert.ok(error.requestId);
      assert.match(error.exchangeId ?? "", /^[0-9a-f-]{36}$/);
      return true;
    });
    await assert.rejects(client.callJson({ ...service, version: "v9" }, "/x"), {
      name: "LgspProblem",
      status: 404,
      code: "not_found",
    });
    provider.script.push({
      status: 422,
      headers: { "content-type": "application/problem+json" },
      body: JSON.stringify({ type: "about:blank", code: "so_dinh_danh_sai", status: 422 }),
    });
    await assert.rejects(client.callJson(service, "/citizens", { method: "POST", json: {} }), {
      status: 422,
      code: "so_dinh_danh_sai",
    });
    provider.script.push({ status: 404, headers: { "content-type": "text/plain" }, body: "?" });
    await assert.rejects(client.callJson(service, "/nothing"), { status: 404, code: "http_404" });
  });

  it("sends a JSON body and reads the JSON answer", async () => {
    const { client } = setting.consumerClient();
    const answer = await client.callJson<{ method: string; body: string }>(service, "/citizens", {
      method: "POST",
      json: { hoTen: "Nguyễn Văn A" },
    });
    assert.equal(answer.method, "POST");
    assert.deepEqual(JSON.parse(answer.body), { hoTen: "Nguyễn Văn A" });
    assert.equal(provider.seen.at(-1)!.headers["content-type"], "application/json");
  });

  it("reports a refused client as an LgspProblem from the token endpoint", async () => {
    const { client } = setting.consumerClient({ clientSecret: "sai-mat-khau" });
    await assert.rejects(client.call(service, "/a"), {
      name: "LgspProblem",
      status: 401,
      code: "invalid_client",
    });
  });

  it("refuses identifiers that would change the path", async () => {
    const { client } = setting.consumerClient();
    await assert.rejects(client.call({ ...service, service: ".." }, "/a"), TypeError);
    await assert.rejects(client.call({ ...service, org: "a/b" }, "/a"), TypeError);
    await assert.rejects(client.call(service, "relative"), TypeError);
  });
});
