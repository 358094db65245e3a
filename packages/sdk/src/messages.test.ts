import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { systemActor } from "../../../apps/server/src/modules/directory/testing.ts";
import { createChannel } from "../../../apps/server/src/modules/exchange/messaging/service.ts";
import { LgspProblem } from "./problem.ts";
import { createLgspSetting, startProvider } from "./testing.ts";
import type { ChannelAddress } from "./types.ts";

describe("LgspClient sends asynchronous messages through a real platform", () => {
  let provider: Awaited<ReturnType<typeof startProvider>>;
  let setting: Awaited<ReturnType<typeof createLgspSetting>>;
  let pull: ChannelAddress;

  before(async () => {
    provider = await startProvider();
    setting = await createLgspSetting(provider.url);
    const service = await setting.addService();
    await createChannel(setting.platform.ctx, {
      actor: systemActor,
      serviceId: service.id,
      input: { code: "ho-so", name: "Hồ sơ", delivery: "pull", maxAttempts: 3, retryBaseMs: 10 },
    });
    pull = { ...service.address, channel: "ho-so" };
  });
  after(async () => {
    await setting.platform.stop();
    provider.server.close();
  });

  it("stores one message for two sends with the same key, and refuses the key for another body", async () => {
    const { client } = setting.consumerClient();
    const report = { ky: "2026-Q4", soLieu: [1, 2, 3] };
    const first = await client.sendMessage(pull, report, { idempotencyKey: "bc-2026-q4-01" });
    assert.equal(first.replayed, false);
    assert.equal(first.message.status, "queued");
    assert.equal(first.message.contentType, "application/json");
    assert.equal(
      first.message.sha256,
      createHash("sha256").update(JSON.stringify(report)).digest("hex"),
    );
    const second = await client.sendMessage(pull, report, { idempotencyKey: "bc-2026-q4-01" });
    assert.equal(second.replayed, true);
    assert.equal(second.message.id, first.message.id);
    await assert.rejects(
      client.sendMessage(pull, { khac: true }, { idempotencyKey: "bc-2026-q4-01" }),
      (error: unknown) =>
        error instanceof LgspProblem && error.status === 409 && error.code === "conflict",
    );
    const provided = await setting.providerClient();
    const taken = await provided.client.pullMessages(pull, { max: 10 });
    assert.deepEqual(
      taken.map((m) => m.idempotencyKey),
      ["bc-2026-q4-01"],
    );
    assert.deepEqual(JSON.parse(Buffer.from(taken[0]!.payload).toString()), report);
    await provided.client.ackMessage(pull, taken[0]!.id, {
      lease: taken[0]!.lease,
      delivered: true,
    });
  });

  it("sends again when the answer is lost, and the platform keeps one message", async () => {
    let loseNext = true;
    const { client, sent } = setting.consumerClient({
      // The platform stores the message, then the connection drops before the answer arrives.
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        if (String(input).includes("/msg/") && loseNext) {
          loseNext = false;
          await response.body?.cancel();
          throw new TypeError("fetch failed", { cause: { code: "ECONNRESET" } });
        }
        return response;
      },
    });
    const sent1 = await client.sendMessage(pull, "dòng 1\ndòng 2", {
      idempotencyKey: "hs-lost-answer",
      correlationId: "hs-2026-7",
    });
    assert.equal(sent.messages, 2);
    assert.equal(sent1.replayed, true, "the second try found the stored message");
    assert.equal(sent1.message.correlationId, "hs-2026-7");
    assert.equal(sent1.message.contentType, "text/plain; charset=utf-8");
    const provided = await setting.providerClient();
    const taken = await provided.client.pullMessages(pull);
    assert.deepEqual(
      taken.map((m) => m.id),
      [sent1.message.id],
    );
    await provided.client.ackMessage(pull, taken[0]!.id, {
      lease: taken[0]!.lease,
      delivered: true,
    });
  });

  it("lets the provider pull under a lease and settle; the sender sees the outcome", async () => {
    const { client } = setting.consumerClient();
    const bytes = new Uint8Array([0, 1, 2, 250]);
    const { message } = await client.sendMessage(pull, bytes, { idempotencyKey: "tep-1" });
    assert.equal(message.contentType, "application/octet-stream");

    await assert.rejects(client.pullMessages(pull), {
      name: "LgspProblem",
      status: 403,
      code: "forbidden",
    });
    const provided = await setting.providerClient();
    const [item, ...none] = await provided.client.pullMessages(pull, { max: 5, leaseSeconds: 30 });
    assert.equal(none.length, 0);
    assert.equal(item!.id, message.id);
    assert.deepEqual(item!.payload, bytes);
    assert.equal(item!.attempt, 1);
    assert.deepEqual(
      await provided.client.pullMessages(pull),
      [],
      "a leased message is not handed out twice",
    );

    await assert.rejects(
      provided.client.ackMessage(pull, item!.id, {
        lease: "00000000-0000-7000-8000-000000000000",
        delivered: true,
      }),
      { status: 409, code: "conflict" },
    );
    const settled = await provided.client.ackMessage(pull, item!.id, {
      lease: item!.lease,
      delivered: true,
    });
    assert.equal(settled.status, "delivered");
    const seen = await client.messageStatus(pull, message.id);
    assert.equal(seen.status, "delivered");
    assert.equal(seen.attempts, 1);
  });

  it("puts a message refused by the provider back in the queue", async () => {
    const { client } = setting.consumerClient();
    const { message } = await client.sendMessage(pull, { n: 4 }, { idempotencyKey: "hs-refused" });
    const provided = await setting.providerClient();
    const [item] = await provided.client.pullMessages(pull);
    const refused = await provided.client.ackMessage(pull, item!.id, {
      lease: item!.lease,
      delivered: false,
      error: "thiếu trường soHoSo",
    });
    assert.equal(refused.status, "queued");
    assert.equal((await client.messageStatus(pull, message.id)).lastError, "thiếu trường soHoSo");
  });

  it("answers unknown channels and missing keys with problems", async () => {
    const { client } = setting.consumerClient();
    await assert.rejects(
      client.sendMessage({ ...pull, channel: "khong-co" }, {}, { idempotencyKey: "x" }),
      { status: 404, code: "not_found" },
    );
    await assert.rejects(client.sendMessage(pull, {}, { idempotencyKey: "" }), {
      status: 400,
      code: "validation_failed",
    });
  });
});
