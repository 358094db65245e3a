import assert from "node:assert/strict";
import { after, before, describe, it, mock } from "node:test";
import type { Db } from "../../../core/db/index.ts";
import { createTestContext } from "../../../core/testing/platform.ts";
import {
  createTestInformationSystem,
  createTestOrganization,
  systemActor,
} from "../../directory/testing.ts";
import type { InformationSystem, Organization } from "../../directory/index.ts";
import { compileEndpoint, matchesEndpoint } from "./endpoints.ts";
import {
  findAccess,
  LOOKUP_TTL_MS,
  retireService,
  resolveTarget,
  revokeAccessRight,
  updateService,
  type ServiceDetail,
} from "./index.ts";
import { createTestService, grantTestAccess } from "./testing.ts";

/**
 * A handle on the database that counts every use: any query, in or out of a transaction, goes
 * through a property of the handle, so an unchanged count proves that no SQL ran.
 */
function countingDb(db: Db): { db: Db; uses: () => number } {
  let uses = 0;
  const proxy = new Proxy(db, {
    get(target, property) {
      uses += 1;
      const value = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { db: proxy, uses: () => uses };
}

describe("gateway lookups", () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  let provider: Organization;
  let providerSystem: InformationSystem;
  let consumer: InformationSystem;
  let service: ServiceDetail;
  const path = () => ({
    providerOrgCode: provider.code,
    providerSystemCode: providerSystem.code,
    serviceCode: service.code,
    version: service.version,
  });
  before(async () => {
    ctx = await createTestContext();
    provider = await createTestOrganization(ctx.db);
    providerSystem = await createTestInformationSystem(ctx.db, provider.id);
    const consumerOrg = await createTestOrganization(ctx.db);
    consumer = await createTestInformationSystem(ctx.db, consumerOrg.id);
    service = await createTestService(ctx.db, providerSystem.id, { timeoutMs: 5000 });
  });
  after(() => ctx.close());

  it("resolves a gateway path to its target, and an unknown one to nothing", async () => {
    const target = await resolveTarget(ctx, path());
    assert.equal(target?.serviceId, service.id);
    assert.equal(target?.providerOrganizationId, provider.id);
    assert.equal(target?.providerSystemId, providerSystem.id);
    assert.equal(target?.baseUrl, "http://127.0.0.1:9/api");
    assert.equal(target?.timeoutMs, 5000);
    assert.equal(target?.bodyLogging, "none");
    assert.deepEqual(target?.mediation, { mode: "none", xmlRoot: null });
    assert.equal(await resolveTarget(ctx, { ...path(), version: "v9" }), undefined);
  });

  it("answers from memory after the first call, with no SQL", async () => {
    const counted = countingDb(ctx.db);
    const rightId = await grantTestAccess(ctx.db, {
      consumerSystemId: consumer.id,
      serviceId: service.id,
    });
    const call = {
      consumerSystemId: consumer.id,
      serviceId: service.id,
      method: "GET",
      path: "/x",
    };
    await resolveTarget({ db: counted.db }, path());
    await findAccess({ db: counted.db }, call);
    const warm = counted.uses();
    assert.ok(warm > 0, "the first calls read the database");
    for (let i = 0; i < 1000; i += 1) {
      assert.equal((await resolveTarget({ db: counted.db }, path()))?.serviceId, service.id);
      const decision = await findAccess({ db: counted.db }, call);
      assert.ok("granted" in decision && decision.granted.rightId === rightId);
    }
    assert.equal(counted.uses(), warm, "no database use on a cache hit");
    assert.ok(LOOKUP_TTL_MS <= 5000);
  });

  it("sees a change made in this process at once", async () => {
    await resolveTarget(ctx, path());
    await updateService({
      db: ctx.db,
      actor: systemActor,
      id: service.id,
      changes: {
        baseUrl: "https://upstream.example.gov.vn/v1",
        bodyLogging: "both",
        mediation: { mode: "json-xml", xmlRoot: "yeuCau" },
      },
    });
    const target = await resolveTarget(ctx, path());
    assert.equal(target?.baseUrl, "https://upstream.example.gov.vn/v1");
    assert.equal(target?.bodyLogging, "both");
    assert.deepEqual(target?.mediation, { mode: "json-xml", xmlRoot: "yeuCau" });
    assert.ok(Object.isFrozen(target?.mediation));
  });

  it("grants a whole-service right with its limits, refuses a system without one", async () => {
    const other = await createTestInformationSystem(ctx.db, provider.id);
    const rightId = await grantTestAccess(ctx.db, {
      consumerSystemId: other.id,
      serviceId: service.id,
      decision: { rateLimitPerMinute: 60, dailyQuota: 1000 },
    });
    const granted = await findAccess(ctx, {
      consumerSystemId: other.id,
      serviceId: service.id,
      method: "DELETE",
      path: "/citizens/7",
    });
    assert.deepEqual(granted, {
      granted: { rightId, rateLimitPerMinute: 60, dailyQuota: 1000, expiresAt: null },
    });
    const stranger = await createTestInformationSystem(ctx.db, provider.id);
    assert.deepEqual(
      await findAccess(ctx, {
        consumerSystemId: stranger.id,
        serviceId: service.id,
        method: "GET",
        path: "/citizens",
      }),
      { refused: "access_not_granted" },
    );
    assert.deepEqual(
      await findAccess(ctx, {
        consumerSystemId: "not-a-uuid",
        serviceId: service.id,
        method: "GET",
        path: "/",
      }),
      { refused: "access_not_granted" },
    );
  });

  it("limits a right to its named endpoints", async () => {
    const limited = await createTestInformationSystem(ctx.db, provider.id);
    await grantTestAccess(ctx.db, {
      consumerSystemId: limited.id,
      serviceId: service.id,
      endpoints: ["GET /citizens/{id}"],
    });
    const decide = (method: string, callPath: string) =>
      findAccess(ctx, {
        consumerSystemId: limited.id,
        serviceId: service.id,
        method,
        path: callPath,
      });
    assert.ok("granted" in (await decide("GET", "/citizens/079123456789")));
    assert.ok("granted" in (await decide("get", "/citizens/42/")));
    for (const [method, callPath] of [
      ["DELETE", "/citizens/42"],
      ["GET", "/citizens"],
      ["GET", "/citizens/42/records"],
      ["GET", "/citizens//"],
      ["POST", "/citizens"],
    ] as const)
      assert.deepEqual(await decide(method, callPath), { refused: "access_not_granted" }, callPath);
  });

  it("refuses an expired right and a revoked one with access_expired", async () => {
    const expiring = await createTestInformationSystem(ctx.db, provider.id);
    const expiresAt = new Date(Date.now() + 60_000);
    await grantTestAccess(ctx.db, {
      consumerSystemId: expiring.id,
      serviceId: service.id,
      decision: { expiresAt: expiresAt.toISOString() },
    });
    const call = { consumerSystemId: expiring.id, serviceId: service.id, method: "GET", path: "/" };
    const decision = await findAccess(ctx, call);
    assert.ok("granted" in decision);
    assert.deepEqual(decision.granted.expiresAt, expiresAt);
    // Expiry is judged at the call, even when the right comes from the cache.
    mock.timers.enable({ apis: ["Date"], now: expiresAt.getTime() + 1 });
    try {
      assert.deepEqual(await findAccess(ctx, call), { refused: "access_expired" });
    } finally {
      mock.timers.reset();
    }

    const revoked = await createTestInformationSystem(ctx.db, provider.id);
    const rightId = await grantTestAccess(ctx.db, {
      consumerSystemId: revoked.id,
      serviceId: service.id,
      endpoints: ["GET /citizens"],
    });
    const revokedCall = { ...call, consumerSystemId: revoked.id, path: "/citizens" };
    assert.ok("granted" in (await findAccess(ctx, revokedCall)));
    await revokeAccessRight({ db: ctx.db, actor: systemActor, id: rightId, reason: "Hết nhu cầu" });
    assert.deepEqual(await findAccess(ctx, revokedCall), { refused: "access_expired" });
    assert.deepEqual(await findAccess(ctx, { ...revokedCall, path: "/citizens/1" }), {
      refused: "access_not_granted",
    });
  });

  it("still resolves a retired service, so the gateway can say it is retired", async () => {
    const retiring = await createTestService(ctx.db, providerSystem.id);
    const retiredPath = { ...path(), serviceCode: retiring.code };
    assert.equal((await resolveTarget(ctx, retiredPath))?.status, "active");
    await retireService({ db: ctx.db, actor: systemActor, id: retiring.id, reason: "Thay thế" });
    assert.equal((await resolveTarget(ctx, retiredPath))?.status, "retired");
  });
});

describe("endpoint templates", () => {
  it("match one segment per parameter and literal segments exactly", () => {
    const matcher = compileEndpoint("GET /units/{unit}/people/{id}");
    assert.ok(matchesEndpoint(matcher, "GET", "/units/01/people/abc"));
    assert.ok(!matchesEndpoint(matcher, "GET", "/units/01/people"));
    assert.ok(!matchesEndpoint(matcher, "GET", "/units/01/staff/abc"));
    assert.ok(!matchesEndpoint(matcher, "PUT", "/units/01/people/abc"));
    assert.ok(matchesEndpoint(compileEndpoint("POST /"), "POST", "/"));
    assert.ok(matchesEndpoint(compileEndpoint("POST /"), "POST", ""));
    assert.ok(!matchesEndpoint(compileEndpoint("POST /"), "POST", "/a"));
  });
});
