import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import http from "node:http";
import { after, before, describe, it } from "node:test";
import { gzipSync } from "node:zlib";
import { systemActor } from "../../directory/testing.ts";
import { evidenceLogOf } from "../evidence/log.ts";
import { listExchanges } from "../evidence/service.ts";
import { createGateway } from "../gateway/index.ts";
import { buildTarget, hostGateway, listen } from "../gateway/testing.ts";
import { setUpMediatedService } from "./testing.ts";

type Problem = { code: string; detail: string; errors?: { path: string; message: string }[] };

describe("LGSP mediation: what cannot be converted is refused or failed, never forwarded half-read", () => {
  let setup: Awaited<ReturnType<typeof setUpMediatedService>>;

  before(async () => {
    setup = await setUpMediatedService({
      mediation: { mode: "json-xml" },
      maxRequestBytes: 1024,
      maxResponseBytes: 2048,
    });
  });
  after(() => setup.close());

  const post = (body: string | Buffer, headers: Record<string, string> = {}) =>
    fetch(`${setup.gw}/ho-so`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${setup.token}`,
        "content-type": "application/json",
        ...headers,
      },
      body,
    });

  const recorded = async (exchangeId: string) => {
    await evidenceLogOf(setup.platform.ctx).flush();
    const { items } = await listExchanges({
      db: setup.platform.ctx.db,
      actor: systemActor,
      serviceId: setup.service.id,
      limit: 50,
    });
    return items.find((e) => e.id === exchangeId)!;
  };

  it("refuses malformed JSON with 400 in Vietnamese, forwards nothing, and records it", async () => {
    const before = setup.seen.length;
    const malformed = '{"hoTen": "Nguyễn Văn A",';
    const response = await post(malformed);
    assert.equal(response.status, 400);
    assert.equal(response.headers.get("content-type"), "application/problem+json");
    const problem = (await response.json()) as Problem;
    assert.equal(problem.code, "malformed_json");
    assert.match(problem.detail, /không đọc được; cổng LGSP không chuyển tiếp/);
    assert.equal(problem.errors?.[0]?.path, "body");
    assert.equal(setup.seen.length, before, "the provider got nothing");

    const entry = await recorded(response.headers.get("x-lgsp-exchange-id")!);
    assert.equal(entry.outcome, "refused");
    assert.equal(entry.status, 400);
    assert.equal(entry.errorCode, "malformed_json");
    assert.equal(entry.requestSha256, createHash("sha256").update(malformed).digest("hex"));
  });

  it("refuses JSON with no XML form, non-UTF-8 or compressed JSON, and JSON over the bound", async () => {
    const before = setup.seen.length;
    const cases: [string, Promise<Response>, number, string][] = [
      ["a top-level array", post("[1, 2]"), 400, "validation_failed"],
      ["invalid UTF-8", post(Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d])), 400, "malformed_json"],
      [
        "a charset other than UTF-8",
        post("{}", { "content-type": "application/json; charset=iso-8859-1" }),
        415,
        "unsupported_media_type",
      ],
      [
        "a compressed body",
        post(gzipSync("{}"), { "content-encoding": "gzip" }),
        415,
        "unsupported_media_type",
      ],
      ["a declared length over the bound", post(`"${"x".repeat(2000)}"`), 413, "payload_too_large"],
    ];
    for (const [name, pending, status, code] of cases) {
      const response = await pending;
      assert.equal(response.status, status, name);
      assert.equal(((await response.json()) as Problem).code, code, name);
    }
    const chunked = await chunkedPost(`${setup.gw}/ho-so`, setup.token, 3, 600);
    assert.equal(chunked.status, 413, "a chunked body is stopped at the bound");
    assert.match(chunked.body, /vượt quá giới hạn 1024 byte/);
    assert.equal(setup.seen.length, before, "the provider got nothing");
  });

  it("fails unreadable XML from the provider with 502, and keeps the provider's circuit closed", async () => {
    const answers = [
      { headers: { "content-type": "application/xml" }, body: "<ketQua><a></ketQua>" },
      {
        headers: { "content-type": "application/xml" },
        body: '<!DOCTYPE a [<!ENTITY x "y">]><a/>',
      },
      {
        headers: { "content-type": "application/xml", "content-encoding": "gzip" },
        body: gzipSync("<a/>"),
      },
      { headers: { "content-type": "application/xml" }, body: `<a>${"x".repeat(3000)}</a>` },
      { headers: { "content-type": "application/xml; charset=x-unknown" }, body: "<a/>" },
      { headers: { "content-type": "application/xml" }, body: "<a>\u0000</a>" },
    ];
    for (const answer of answers) {
      setup.provider.answer = () => answer;
      const response = await fetch(`${setup.gw}/ho-so/1`, {
        headers: { authorization: `Bearer ${setup.token}`, "accept-language": "vi" },
      });
      assert.equal(response.status, 502, JSON.stringify(answer.headers));
      const problem = (await response.json()) as Problem;
      assert.equal(problem.code, "bad_gateway");
      assert.match(problem.detail, /XML/);
      const entry = await recorded(response.headers.get("x-lgsp-exchange-id")!);
      assert.equal(entry.outcome, "upstream_error");
    }
    setup.provider.answer = () => ({
      headers: { "content-type": "application/xml" },
      body: "<ketQua>OK</ketQua>",
    });
    const healthy = await fetch(`${setup.gw}/ho-so/1`, {
      headers: { authorization: `Bearer ${setup.token}` },
    });
    assert.equal(healthy.status, 200, "six unreadable answers did not open the circuit");
    assert.equal(await healthy.json(), "OK");
  });
});

describe("LGSP mediation engine: a consumer that leaves while its JSON is read", () => {
  it("settles the exchange as abandoned and sends the provider nothing", async () => {
    let reached = 0;
    const upstream = await listen((_req, res) => {
      reached += 1;
      res.end();
    });
    const gateway = createGateway();
    const host = await hostGateway(gateway, () => ({
      target: buildTarget({
        baseUrl: upstream.url,
        mediation: { mode: "json-xml", xmlRoot: "jsonObject" },
      }),
    }));
    const request = http.request(`${host.url}/gw/x`, {
      method: "POST",
      headers: { "content-type": "application/json" },
    });
    request.on("error", () => {});
    request.write('{"hoTen":');
    setTimeout(() => request.destroy(), 50);
    const result = await host.nextResult();
    assert.equal(result.errorCode, "client_closed");
    assert.equal(result.status, 499);
    assert.equal(reached, 0);
    await gateway.close();
    await host.close();
    await upstream.close();
  });
});

/** A chunked POST (no length announced) of `chunks` pieces of `size` bytes of one JSON string. */
function chunkedPost(url: string, token: string, chunks: number, size: number) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      },
      (response) => {
        const parts: Buffer[] = [];
        response.on("data", (chunk: Buffer) => parts.push(chunk));
        response.on("end", () =>
          resolve({ status: response.statusCode!, body: Buffer.concat(parts).toString("utf8") }),
        );
      },
    );
    request.on("error", reject);
    request.write('"');
    for (let i = 0; i < chunks; i += 1) request.write("x".repeat(size));
    request.end('"');
  });
}
