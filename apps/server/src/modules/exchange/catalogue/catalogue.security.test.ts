import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "kysely";
import { createTestPlatform } from "../../../core/testing/platform.ts";
import type { Platform } from "../../../platform.ts";
import { createTestInformationSystem, createTestOrganization } from "../../directory/testing.ts";
import { createTestUser } from "../../identity/testing.ts";
import { requestAccess } from "./index.ts";
import { buildServiceInput, createTestService, grantTestAccess } from "./testing.ts";

type RouteCase = { method: "GET" | "POST" | "PATCH"; url: string; payload?: object };
type Headers = { authorization: string };

describe("catalogue routes: callers without the right to act", () => {
  let platform: Platform;
  let routes: RouteCase[];
  let ids: { requestId: string; rightId: string; serviceId: string };
  let outsiderAdmin: Headers;
  let providerClerk: Headers;
  let providerAdmin: Headers;
  let consumerAdmin: Headers;

  before(async () => {
    platform = await createTestPlatform();
    const db = platform.ctx.db;
    const provider = await createTestOrganization(db);
    const consumer = await createTestOrganization(db);
    const outsider = await createTestOrganization(db);
    const providerSystem = await createTestInformationSystem(db, provider.id);
    const consumerSystem = await createTestInformationSystem(db, consumer.id);
    const otherConsumer = await createTestInformationSystem(db, consumer.id);
    const service = await createTestService(db, providerSystem.id);
    const system = { kind: "system", name: "test" } as const;
    const request = await requestAccess({
      db,
      actor: system,
      input: {
        consumerSystemId: consumerSystem.id,
        serviceId: service.id,
        purpose: "Tra cứu",
        legalBasis: "Nghị định 47/2020/NĐ-CP",
      },
    });
    const rightId = await grantTestAccess(db, {
      consumerSystemId: otherConsumer.id,
      serviceId: service.id,
    });
    ids = { requestId: request.id, rightId, serviceId: service.id };
    const user = async (organizationId: string, role: "org_admin" | "clerk") =>
      (await createTestUser(platform, { organizationId, roles: [role] })).bearer;
    outsiderAdmin = await user(outsider.id, "org_admin");
    providerClerk = await user(provider.id, "clerk");
    providerAdmin = await user(provider.id, "org_admin");
    consumerAdmin = await user(consumer.id, "org_admin");
    routes = [
      { method: "POST", url: "/services", payload: buildServiceInput(providerSystem.id) },
      { method: "PATCH", url: `/services/${service.id}`, payload: { name: "Đổi tên" } },
      { method: "POST", url: `/services/${service.id}/retire`, payload: { reason: "Thôi" } },
      {
        method: "POST",
        url: "/access-requests",
        payload: {
          consumerSystemId: otherConsumer.id,
          serviceId: service.id,
          purpose: "Tra cứu",
          legalBasis: "Quy chế",
        },
      },
      { method: "GET", url: `/access-requests/${request.id}` },
      { method: "POST", url: `/access-requests/${request.id}/approve`, payload: {} },
      {
        method: "POST",
        url: `/access-requests/${request.id}/refuse`,
        payload: { reason: "Không" },
      },
      { method: "POST", url: `/access-requests/${request.id}/withdraw` },
      { method: "POST", url: `/access-rights/${rightId}/revoke`, payload: { reason: "Thu hồi" } },
    ];
  });
  after(() => platform.stop());

  const call = (route: RouteCase, headers?: Headers) =>
    platform.app.inject({
      method: route.method,
      url: `/api/v1/exchange${route.url}`,
      ...(headers && { headers }),
      ...(route.payload !== undefined && { payload: route.payload }),
    });

  const written = async () =>
    (
      await sql<{ n: number }>`select (select count(*) from xch_services)
        + (select count(*) from xch_access_requests) + (select count(*) from xch_access_rights)
        + (select count(*) from core_audit) as n`.execute(platform.ctx.db)
    ).rows[0]!.n;

  const changed = async () =>
    (
      await sql<{ s: string }>`select
        (select string_agg(name || status, ',' order by id) from xch_services)
        || (select string_agg(status, ',' order by id) from xch_access_requests)
        || (select count(*) from xch_access_rights where revoked_at is not null) as s`.execute(
        platform.ctx.db,
      )
    ).rows[0]!.s;

  it("refuse anonymous callers with 401 on every route, and write nothing", async () => {
    const before = await written();
    const reads: RouteCase[] = [
      { method: "GET", url: "/services" },
      { method: "GET", url: `/services/${ids.serviceId}` },
      { method: "GET", url: "/access-requests?as=provider" },
      { method: "GET", url: "/access-rights?as=consumer" },
    ];
    for (const route of [...routes, ...reads]) {
      const response = await call(route);
      assert.equal(response.statusCode, 401, `${route.method} ${route.url}: ${response.body}`);
      assert.equal(response.json().code, "unauthenticated");
      assert.match(response.headers["content-type"] as string, /application\/problem\+json/);
    }
    assert.equal(await written(), before);
  });

  it("refuse an org_admin of an unrelated organization, and a clerk of the provider, with 403", async () => {
    const before = await written();
    const state = await changed();
    for (const headers of [outsiderAdmin, providerClerk]) {
      for (const route of routes) {
        const response = await call(route, headers);
        assert.equal(response.statusCode, 403, `${route.method} ${route.url}: ${response.body}`);
        assert.equal(response.json().code, "forbidden");
      }
    }
    for (const url of ["/access-requests?as=provider", "/access-rights?as=consumer"]) {
      const response = await call({ method: "GET", url }, providerClerk);
      assert.equal(response.statusCode, 403, url);
    }
    assert.equal(await written(), before);
    assert.equal(await changed(), state);
  });

  it("show an unrelated organization's admin none of the others' requests and rights", async () => {
    for (const as of ["provider", "consumer"]) {
      for (const list of ["access-requests", "access-rights"]) {
        const response = await call({ method: "GET", url: `/${list}?as=${as}` }, outsiderAdmin);
        assert.equal(response.statusCode, 200);
        assert.deepEqual(response.json().items, [], `${list} as ${as}`);
      }
    }
  });

  it("let the consumer's admin neither approve nor refuse, nor revoke; the provider's admin not withdraw", async () => {
    const before = await written();
    const attempts: [Headers, RouteCase][] = [
      [
        consumerAdmin,
        { method: "POST", url: `/access-requests/${ids.requestId}/approve`, payload: {} },
      ],
      [
        consumerAdmin,
        {
          method: "POST",
          url: `/access-requests/${ids.requestId}/refuse`,
          payload: { reason: "x" },
        },
      ],
      [
        consumerAdmin,
        { method: "POST", url: `/access-rights/${ids.rightId}/revoke`, payload: { reason: "x" } },
      ],
      [providerAdmin, { method: "POST", url: `/access-requests/${ids.requestId}/withdraw` }],
    ];
    for (const [headers, route] of attempts) {
      const response = await call(route, headers);
      assert.equal(response.statusCode, 403, `${route.url}: ${response.body}`);
    }
    assert.equal(await written(), before);
  });
});
