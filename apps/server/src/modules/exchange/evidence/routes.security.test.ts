import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestPlatform } from "../../../core/testing/platform.ts";
import type { Platform } from "../../../platform.ts";
import { createTestOrganization } from "../../directory/testing.ts";
import { createTestUser } from "../../identity/testing.ts";
import { evidenceLogOf } from "./log.ts";
import { buildExchangeRecord } from "./testing.ts";

const BASE = "/api/v1/exchange";

describe("evidence routes (security)", () => {
  let platform: Platform;
  let orgA: string;
  let childOfA: string;
  let orgB: string;
  /** A calls B, a unit under A calls A, B calls B. */
  const ids = { aToB: "", childToA: "", bToB: "" };

  before(async () => {
    platform = await createTestPlatform();
    const db = platform.ctx.db;
    orgA = (await createTestOrganization(db)).id;
    childOfA = (await createTestOrganization(db, { parentId: orgA })).id;
    orgB = (await createTestOrganization(db)).id;
    const call = (consumer: string, provider: string) => {
      const record = buildExchangeRecord({
        consumerOrganizationId: consumer,
        providerOrganizationId: provider,
      });
      return evidenceLogOf(platform.ctx)
        .record(record)
        .then(() => record.id);
    };
    [ids.aToB, ids.childToA, ids.bToB] = await Promise.all([
      call(orgA, orgB),
      call(childOfA, orgA),
      call(orgB, orgB),
    ]);
  });
  after(() => platform.stop());

  const get = (url: string, headers: Record<string, string> = {}) =>
    platform.app.inject({ url: `${BASE}${url}`, headers });

  const routes = () => [
    "/exchanges",
    `/exchanges/${ids.aToB}`,
    `/exchanges/${ids.aToB}/proof`,
    "/evidence/verify",
  ];

  it("refuses an unauthenticated or forged caller on every route", async () => {
    for (const url of routes()) {
      const anonymous: Record<string, string> = {};
      for (const headers of [anonymous, { authorization: "Bearer not-a-real-token" }]) {
        const response = await get(url, headers);
        assert.equal(response.statusCode, 401, url);
        assert.equal(response.json().code, "unauthenticated");
        assert.match(String(response.headers["content-type"]), /application\/problem\+json/);
      }
    }
  });

  it("shows an organization only the exchanges it or a unit below it took part in", async () => {
    const adminA = await createTestUser(platform, { organizationId: orgA, roles: ["org_admin"] });
    const list = await get("/exchanges?limit=200", adminA.bearer);
    assert.equal(list.statusCode, 200);
    const seen = list.json().items.map((e: { id: string }) => e.id);
    assert.deepEqual(seen.sort(), [ids.aToB, ids.childToA].sort());

    const clerkB = await createTestUser(platform, { organizationId: orgB, roles: ["clerk"] });
    const listB = await get("/exchanges?limit=200", clerkB.bearer);
    assert.deepEqual(
      listB
        .json()
        .items.map((e: { id: string }) => e.id)
        .sort(),
      [ids.aToB, ids.bToB].sort(),
    );

    const clerkChild = await createTestUser(platform, {
      organizationId: childOfA,
      roles: ["clerk"],
    });
    for (const url of [`/exchanges/${ids.aToB}`, `/exchanges/${ids.aToB}/proof`]) {
      const response = await get(url, clerkChild.bearer);
      assert.equal(response.statusCode, 404, url);
      assert.equal(response.json().code, "not_found");
    }
    for (const url of [`/exchanges/${ids.bToB}`, `/exchanges/${ids.bToB}/proof`]) {
      const response = await get(url, adminA.bearer);
      assert.equal(response.statusCode, 404, url);
    }
    assert.equal((await get(`/exchanges/${ids.childToA}`, adminA.bearer)).statusCode, 200);
    assert.equal((await get(`/exchanges/${ids.aToB}/proof`, clerkB.bearer)).statusCode, 200);
  });

  it("shows a system administrator every exchange", async () => {
    const admin = await createTestUser(platform, { organizationId: orgB, roles: ["system_admin"] });
    const list = await get("/exchanges?limit=200", admin.bearer);
    const seen = new Set(list.json().items.map((e: { id: string }) => e.id));
    for (const id of Object.values(ids)) assert.ok(seen.has(id));
  });

  it("lets only system administrators and security operators verify the log", async () => {
    for (const role of ["org_admin", "clerk", "leader"] as const) {
      const person = await createTestUser(platform, { organizationId: orgA, roles: [role] });
      const response = await get("/evidence/verify", person.bearer);
      assert.equal(response.statusCode, 403, role);
      assert.equal(response.json().code, "forbidden");
    }
    const operator = await createTestUser(platform, {
      organizationId: orgA,
      roles: ["security_operator"],
    });
    const response = await get("/evidence/verify", operator.bearer);
    assert.equal(response.statusCode, 200);
    assert.equal(response.json().ok, true);
  });

  it("refuses malformed ids and cursors with 400", async () => {
    const admin = await createTestUser(platform, { organizationId: orgA, roles: ["system_admin"] });
    for (const url of [
      "/exchanges/not-a-uuid",
      "/exchanges?cursor=%%%",
      "/exchanges?cursor=WzBd",
      "/exchanges?status=42",
      "/exchanges?unknown=1",
    ]) {
      const response = await get(url, admin.bearer);
      assert.equal(response.statusCode, 400, url);
      assert.equal(response.json().code, "validation_failed", url);
    }
  });
});
