import assert from "node:assert/strict";
import net from "node:net";
import { after, before, describe, it } from "node:test";
import { createGateway, type Gateway } from "./index.ts";
import { buildTarget, hostGateway, listen, send } from "./testing.ts";

/** Sends a request line as written, which an HTTP client library would normalize first. */
function rawRequest(url: string, requestLine: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () =>
      socket.end(`${requestLine}\r\nHost: ${hostname}\r\nConnection: close\r\n\r\n`),
    );
    let text = "";
    socket.on("data", (chunk) => (text += chunk.toString()));
    socket.on("end", () => resolve(text));
    socket.on("error", reject);
  });
}

describe("gateway refusals (security)", () => {
  let gateway: Gateway;
  let upstream: Awaited<ReturnType<typeof listen>>;
  let host: Awaited<ReturnType<typeof hostGateway>>;
  const seen: { url: string; authorization: string | undefined }[] = [];

  before(async () => {
    upstream = await listen((req, res) => {
      seen.push({ url: req.url!, authorization: req.headers.authorization });
      req.resume();
      res.end("{}");
    });
    gateway = createGateway();
    const target = buildTarget({ baseUrl: `${upstream.url}/api/v1` });
    host = await hostGateway(gateway, () => ({ target }));
  });
  after(async () => {
    await host.close();
    await gateway.close();
    await upstream.close();
  });

  it("refuses path traversal, plain or encoded, and forwards nothing", async () => {
    for (const path of [
      "/gw/../admin",
      "/gw/%2e%2e/admin",
      "/gw/a/%2E%2E/%2e%2e/admin",
      "/gw/a%2f..%2f..%2fadmin",
      "/gw/a%5c..%5cadmin",
      "/gw/..%00/admin",
      "/gw//internal.example/x",
      "/gw/%252e%252e/admin",
    ]) {
      const response = await rawRequest(host.url, `GET ${path} HTTP/1.1`);
      assert.match(response, /^HTTP\/1\.1 400 /, path);
      assert.match(response, /application\/problem\+json/);
      assert.match(response, /"code":"validation_failed"/);
      const result = await host.nextResult();
      assert.deepEqual([result.outcome, result.status], ["refused", 400]);
    }
    assert.equal(seen.length, 0);
  });

  it("never forwards the consumer's token", async () => {
    seen.length = 0;
    const reply = await send(`${host.url}/gw/x`, {
      headers: { authorization: "Bearer eyJ.consumer.token", Authorization: "Basic eDp5" },
    });
    await host.nextResult();
    assert.equal(reply.status, 200);
    assert.deepEqual(seen, [{ url: "/api/v1/x", authorization: undefined }]);
  });

  it("refuses TRACE, which would reflect the request's credentials", async () => {
    const reply = await send(`${host.url}/gw/x`, {
      method: "TRACE",
      headers: { "accept-language": "en" },
    });
    assert.equal(reply.status, 400);
    assert.match(JSON.parse(reply.body.toString()).detail, /does not forward TRACE/);
    await host.nextResult();
  });
});
