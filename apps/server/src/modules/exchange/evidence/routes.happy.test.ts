import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { newId } from "../../../core/ids.ts";
import { createTestPlatform } from "../../../core/testing/platform.ts";
import type { Platform } from "../../../platform.ts";
import { createTestOrganization } from "../../directory/testing.ts";
import { createTestUser } from "../../identity/testing.ts";
import { caCertificate } from "../../trust/index.ts";
import { createCheckpoint } from "./checkpoint.ts";
import { evidenceLogOf } from "./log.ts";
import { verifyProofBundle } from "./proof.ts";
import { buildExchangeRecord } from "./testing.ts";

const BASE = "/api/v1/exchange";

describe("evidence routes (happy paths)", () => {
  let platform: Platform;
  let bearer: Record<string, string>;
  const consumer = newId();
  const provider = newId();
  const service = newId();
  const hourAgo = new Date(Date.now() - 3_600_000);
  const records = [
    buildExchangeRecord({ consumerSystemId: consumer, serviceId: service, startedAt: hourAgo }),
    buildExchangeRecord({ consumerSystemId: consumer, providerSystemId: provider }),
    buildExchangeRecord({
      consumerSystemId: consumer,
      outcome: "refused",
      status: 403,
      errorCode: "access_not_granted",
    }),
    buildExchangeRecord({ consumerSystemId: consumer, serviceId: service }),
    buildExchangeRecord({ consumerSystemId: consumer, outcome: "timeout", status: 504 }),
  ];

  before(async () => {
    platform = await createTestPlatform();
    const org = await createTestOrganization(platform.ctx.db);
    bearer = (await createTestUser(platform, { organizationId: org.id, roles: ["system_admin"] }))
      .bearer;
    for (const record of records) await evidenceLogOf(platform.ctx).record(record);
  });
  after(() => platform.stop());

  const get = async (url: string) => {
    const response = await platform.app.inject({ url: `${BASE}${url}`, headers: bearer });
    assert.equal(response.statusCode, 200, response.body);
    return response.json();
  };
  const idsOf = (page: { items: { id: string }[] }) => page.items.map((e) => e.id);
  const ofIndex = (...i: number[]) => i.map((n) => records[n]!.id);

  it("pages through one consumer's exchanges, newest first", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `consumerSystemId=${consumer}&limit=2${cursor ? `&cursor=${cursor}` : ""}`;
      const page = await get(`/exchanges?${query}`);
      seen.push(...idsOf(page));
      cursor = page.nextCursor;
    } while (cursor);
    assert.deepEqual(seen, ofIndex(4, 3, 2, 1, 0));
  });

  it("filters by provider, service, outcome, status and time", async () => {
    assert.deepEqual(idsOf(await get(`/exchanges?providerSystemId=${provider}`)), ofIndex(1));
    assert.deepEqual(idsOf(await get(`/exchanges?serviceId=${service}`)), ofIndex(3, 0));
    const refused = await get(`/exchanges?consumerSystemId=${consumer}&outcome=refused`);
    assert.deepEqual(idsOf(refused), ofIndex(2));
    assert.equal(refused.items[0].errorCode, "access_not_granted");
    assert.deepEqual(
      idsOf(await get(`/exchanges?consumerSystemId=${consumer}&status=504`)),
      ofIndex(4),
    );
    const recent = new Date(hourAgo.getTime() + 60_000).toISOString();
    assert.deepEqual(
      idsOf(await get(`/exchanges?consumerSystemId=${consumer}&to=${recent}`)),
      ofIndex(0),
    );
    assert.equal(
      (await get(`/exchanges?consumerSystemId=${consumer}&from=${recent}`)).items.length,
      4,
    );
  });

  it("shows one exchange and a proof bundle that verifies once checkpointed", async () => {
    const target = records[2]!;
    const one = await get(`/exchanges/${target.id}`);
    assert.equal(one.requestSha256, target.requestSha256);
    assert.equal(one.startedAt, target.startedAt.toISOString());
    const trustAnchors = [await caCertificate(platform.ctx, "root-ca")];
    const pending = await get(`/exchanges/${target.id}/proof`);
    assert.equal(pending.checkpoint, null);
    await createCheckpoint(platform.ctx);
    const proof = await get(`/exchanges/${target.id}/proof`);
    const result = await verifyProofBundle(proof, { trustAnchors });
    assert.equal(result.valid, true, JSON.stringify(result));
    const verification = await get("/evidence/verify");
    assert.equal(verification.ok, true);
    assert.equal(verification.checkpoints, 1);
  });
});
