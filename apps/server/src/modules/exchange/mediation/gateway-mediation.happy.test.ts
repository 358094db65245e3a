import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { systemActor } from "../../directory/testing.ts";
import { evidenceLogOf } from "../evidence/log.ts";
import { listExchanges } from "../evidence/service.ts";
import { setUpMediatedService } from "./testing.ts";

const sha256 = (body: string | Buffer) => createHash("sha256").update(body).digest("hex");

describe("LGSP mediation: a JSON consumer calls a legacy XML provider through /gw", () => {
  let setup: Awaited<ReturnType<typeof setUpMediatedService>>;

  before(async () => {
    setup = await setUpMediatedService({ mediation: { mode: "json-xml", xmlRoot: "hoSoYeuCau" } });
  });
  after(() => setup.close());

  const call = (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
    fetch(`${setup.gw}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${setup.token}`, ...init.headers },
    });

  it("sends the consumer's JSON on as XML, and answers the provider's XML as JSON", async () => {
    setup.provider.answer = () => ({
      headers: { "content-type": "text/xml; charset=utf-8", etag: '"xml-1"' },
      body:
        '<?xml version="1.0" encoding="UTF-8"?><ketQua ma="HS-01"><trangThai>Đã tiếp nhận</trangThai>' +
        "<giayTo>CCCD</giayTo><giayTo>Sổ hộ khẩu</giayTo></ketQua>",
    });
    const sent = JSON.stringify({
      nguoiNop: { hoTen: "Nguyễn Văn A", "@loai": "cong-dan" },
      giayTo: ["CCCD", "Sổ hộ khẩu"],
      soBan: 2,
      ghiChu: null,
    });
    const response = await call("/ho-so?tinh=01", {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8" },
      body: sent,
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("content-type"), "application/json; charset=utf-8");
    assert.equal(response.headers.get("x-lgsp-mediation"), "json-xml");
    assert.equal(response.headers.get("etag"), null, "the XML's validator does not name the JSON");
    const received = await response.text();
    assert.deepEqual(JSON.parse(received), {
      "@ma": "HS-01",
      trangThai: "Đã tiếp nhận",
      giayTo: ["CCCD", "Sổ hộ khẩu"],
    });

    const upstream = setup.seen.at(-1)!;
    assert.equal(upstream.method, "POST");
    assert.equal(upstream.url, "/legacy/ho-so?tinh=01");
    assert.equal(upstream.headers["content-type"], "application/xml; charset=utf-8");
    assert.equal(upstream.headers["accept-encoding"], "identity");
    assert.equal(Number(upstream.headers["content-length"]), upstream.body.length);
    assert.equal(
      upstream.body.toString("utf8"),
      '<?xml version="1.0" encoding="UTF-8"?>' +
        '<hoSoYeuCau xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
        '<nguoiNop loai="cong-dan"><hoTen>Nguyễn Văn A</hoTen></nguoiNop>' +
        "<giayTo>CCCD</giayTo><giayTo>Sổ hộ khẩu</giayTo><soBan>2</soBan>" +
        '<ghiChu xsi:nil="true"/></hoSoYeuCau>',
    );

    // The evidence is of the exchange as the consumer made it: the JSON sent and received.
    await evidenceLogOf(setup.platform.ctx).flush();
    const exchangeId = response.headers.get("x-lgsp-exchange-id")!;
    const { items } = await listExchanges({
      db: setup.platform.ctx.db,
      actor: systemActor,
      serviceId: setup.service.id,
      limit: 10,
    });
    const entry = items.find((e) => e.id === exchangeId)!;
    assert.equal(entry.outcome, "completed");
    assert.equal(entry.requestSha256, sha256(sent));
    assert.equal(entry.responseSha256, sha256(received));
    assert.equal(entry.requestBytes, Buffer.byteLength(sent));
    assert.equal(entry.responseBytes, Buffer.byteLength(received));
  });

  it("reads XML in the charset it declares (a legacy windows-1258 answer)", async () => {
    setup.provider.answer = () => ({
      headers: { "content-type": "application/xml" },
      body: Buffer.concat([
        Buffer.from('<?xml version="1.0" encoding="windows-1258"?><r><ten>Tr'),
        Buffer.from([0xe2, 0x6d]),
        Buffer.from("</ten></r>"),
      ]),
    });
    const response = await call("/can-bo/1");
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { ten: "Trâm" });
    assert.equal(setup.seen.at(-1)!.body.length, 0, "a GET sends no body");
  });

  it("passes bodies that are neither JSON going up nor XML coming back as they are", async () => {
    setup.provider.answer = () => ({
      headers: { "content-type": "application/json" },
      body: '{"daCo":true}',
    });
    const response = await call("/tep", {
      method: "PUT",
      headers: { "content-type": "text/plain; charset=utf-8" },
      body: "Nội dung thuần",
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("x-lgsp-mediation"), null);
    assert.equal(await response.text(), '{"daCo":true}');
    const upstream = setup.seen.at(-1)!;
    assert.equal(upstream.headers["content-type"], "text/plain; charset=utf-8");
    assert.equal(upstream.body.toString("utf8"), "Nội dung thuần");

    setup.provider.answer = () => ({
      status: 204,
      headers: { "content-type": "application/xml" },
      body: "",
    });
    const empty = await call("/ho-so/1", { method: "DELETE" });
    assert.equal(empty.status, 204);
    assert.equal(await empty.text(), "");
  });
});
