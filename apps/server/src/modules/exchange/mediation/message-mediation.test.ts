import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "kysely";
import { systemActor } from "../../directory/testing.ts";
import { delivererOf } from "../messaging/delivery.ts";
import { createChannel } from "../messaging/service.ts";
import { setUpMediatedService } from "./testing.ts";

describe("LGSP mediation of messages: a push channel of a legacy XML provider", () => {
  let setup: Awaited<ReturnType<typeof setUpMediatedService>>;
  let channelUrl: string;

  before(async () => {
    setup = await setUpMediatedService({ mediation: { mode: "json-xml", xmlRoot: "baoCao" } });
    setup.provider.answer = () => ({ status: 202, body: "" });
    const channel = await createChannel(setup.platform.ctx, {
      actor: systemActor,
      serviceId: setup.service.id,
      input: { code: "nhan-bao-cao", name: "Nhận báo cáo", delivery: "push", pushPath: "/nhan" },
    });
    channelUrl = `${setup.platform.ctx.config.publicUrl}${channel.path}`;
  });
  after(() => setup.close());

  const post = (body: string, contentType: string, key: string) =>
    fetch(channelUrl, {
      method: "POST",
      headers: {
        authorization: `Bearer ${setup.token}`,
        "content-type": contentType,
        "idempotency-key": key,
        "accept-language": "vi",
      },
      body,
    });
  const stored = async () =>
    Number(
      (
        await sql<{ n: string }>`select count(*) as n from xch_messages`.execute(
          setup.platform.ctx.db,
        )
      ).rows[0]!.n,
    );
  const deliveredTo = async (id: string) => {
    for (let i = 0; i < 200; i += 1) {
      await delivererOf(setup.platform.ctx).worker.drain();
      const call = setup.seen.find((c) => c.headers["x-lgsp-message-id"] === id);
      if (call) return call;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error("the message never reached the provider");
  };

  it("delivers a JSON message as XML under the service's root element", async () => {
    const accepted = await post(
      JSON.stringify({ ky: "2026-Q4", tinh: "01", soLieu: [12, 7] }),
      "application/json",
      "bc-xml-1",
    );
    assert.equal(accepted.status, 202, await accepted.clone().text());
    const { id } = (await accepted.json()) as { id: string };
    const call = await deliveredTo(id);
    assert.equal(call.headers["content-type"], "application/xml; charset=utf-8");
    assert.equal(
      call.body.toString("utf8"),
      '<?xml version="1.0" encoding="UTF-8"?><baoCao>' +
        "<ky>2026-Q4</ky><tinh>01</tinh><soLieu>12</soLieu><soLieu>7</soLieu></baoCao>",
    );
  });

  it("passes a body that is not JSON unchanged", async () => {
    const accepted = await post("<baoCao><ky>2026-Q3</ky></baoCao>", "application/xml", "bc-xml-2");
    assert.equal(accepted.status, 202);
    const { id } = (await accepted.json()) as { id: string };
    const call = await deliveredTo(id);
    assert.equal(call.headers["content-type"], "application/xml");
    assert.equal(call.body.toString("utf8"), "<baoCao><ky>2026-Q3</ky></baoCao>");
  });

  it("refuses at acceptance JSON that is malformed or has no XML form, storing nothing", async () => {
    const before = await stored();
    const malformed = await post('{"ky": ', "application/json", "bc-xml-3");
    assert.equal(malformed.status, 400);
    assert.equal(((await malformed.json()) as { code: string }).code, "malformed_json");
    const latin = await post('{"ky": "Q4"}', "application/json; charset=iso-8859-1", "bc-xml-4");
    assert.equal(latin.status, 415);
    assert.equal(await stored(), before);
  });
});
