import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "kysely";
import { createTestPlatform } from "../../core/testing/platform.ts";
import type { Platform } from "../../platform.ts";
import { createTestUser } from "../identity/testing.ts";
import { DEMO_HOME_AFFAIRS_CODE, findOrganizationByCode } from "./index.ts";
import { createInformationSystem, listInformationSystems } from "./systems.ts";
import { buildOrganizationInput, systemActor } from "./testing.ts";

type RouteCase = { method: "GET" | "POST" | "PATCH"; url: string; payload?: unknown };

/** Every directory route that needs a signed-in caller, with a body that would otherwise succeed. */
export function protectedRoutes(ids: { organizationId: string; systemId: string }): RouteCase[] {
  const system = {
    organizationId: ids.organizationId,
    code: "NEWSYS",
    name: "Hệ thống mới",
    purpose: "Thử nghiệm",
    owner: "Văn phòng",
    securityLevel: 2,
    hosting: "on_premises",
    status: "planned",
  };
  return [
    {
      method: "POST",
      url: "/organizations",
      payload: buildOrganizationInput({ parentId: ids.organizationId }),
    },
    { method: "PATCH", url: `/organizations/${ids.organizationId}`, payload: { name: "Đổi tên" } },
    {
      method: "POST",
      url: `/organizations/${ids.organizationId}/retire`,
      payload: { reason: "Giải thể" },
    },
    {
      method: "POST",
      url: "/organizations/import",
      payload: { items: [buildOrganizationInput()] },
    },
    { method: "GET", url: `/organizations/${ids.organizationId}/history` },
    { method: "GET", url: "/systems" },
    { method: "GET", url: `/systems/${ids.systemId}` },
    { method: "POST", url: "/systems", payload: system },
    { method: "PATCH", url: `/systems/${ids.systemId}`, payload: { name: "Đổi tên" } },
  ];
}

describe("directory routes: anonymous callers", () => {
  let platform: Platform;
  let cases: RouteCase[];
  before(async () => {
    platform = await createTestPlatform({ demo: true });
    const db = platform.ctx.db;
    const homeAffairs = (await findOrganizationByCode({ db, code: DEMO_HOME_AFFAIRS_CODE }))!;
    const systems = await listInformationSystems({
      db,
      actor: systemActor,
      organizationId: homeAffairs.id,
      limit: 1,
    });
    cases = protectedRoutes({ organizationId: homeAffairs.id, systemId: systems.items[0]!.id });
  });
  after(() => platform.stop());

  it("are refused with 401 on every write route, the history and the systems register, and nothing is written", async () => {
    const count = async () =>
      (
        await sql<{ n: number }>`select (select count(*) from dir_organization_versions)
          + (select count(*) from dir_information_systems) + (select count(*) from core_audit) as n`.execute(
          platform.ctx.db,
        )
      ).rows[0]!.n;
    const before = await count();
    for (const route of cases) {
      const response = await platform.app.inject({
        method: route.method,
        url: `/api/v1/directory${route.url}`,
        ...(route.payload !== undefined && { payload: route.payload as object }),
      });
      assert.equal(response.statusCode, 401, `${route.method} ${route.url}: ${response.body}`);
      assert.equal(response.json().code, "unauthenticated");
    }
    assert.equal(await count(), before);
  });

  it("may read the public directory", async () => {
    for (const url of [
      "/admin-units?level=province",
      "/organizations?q=noi%20vu",
      "/organizations/tree",
    ]) {
      const response = await platform.app.inject({ method: "GET", url: `/api/v1/directory${url}` });
      assert.equal(response.statusCode, 200, url);
    }
  });
});

describe("directory routes: callers outside the organization's scope", () => {
  let platform: Platform;
  let cases: RouteCase[];
  let hanoiAdmin: { authorization: string };
  let hanoiClerk: { authorization: string };
  before(async () => {
    platform = await createTestPlatform({ demo: true });
    const db = platform.ctx.db;
    const hanoi = (await findOrganizationByCode({ db, code: "000.00.05.H01" }))!;
    const hue = (await findOrganizationByCode({ db, code: "000.00.05.H46" }))!;
    const system = await createInformationSystem({
      db,
      actor: systemActor,
      input: {
        organizationId: hue.id,
        code: "MOTCUA",
        name: "Hệ thống một cửa",
        purpose: "Tiếp nhận hồ sơ",
        owner: "Sở Nội vụ",
        securityLevel: 2,
        hosting: "government_cloud",
        status: "operating",
      },
    });
    cases = protectedRoutes({ organizationId: hue.id, systemId: system.id }).filter(
      (route) => route.method !== "GET",
    );
    hanoiAdmin = (
      await createTestUser(platform, { organizationId: hanoi.id, roles: ["org_admin"] })
    ).bearer;
    hanoiClerk = (await createTestUser(platform, { organizationId: hanoi.id, roles: ["clerk"] }))
      .bearer;
  });
  after(() => platform.stop());

  it("refuse an org_admin of another organization, and a clerk, with 403 on every write route", async () => {
    const count = async () =>
      (
        await sql<{ n: number }>`select (select count(*) from dir_organization_versions)
          + (select count(*) from dir_information_systems) as n`.execute(platform.ctx.db)
      ).rows[0]!.n;
    const before = await count();
    for (const headers of [hanoiAdmin, hanoiClerk]) {
      for (const route of cases) {
        const response = await platform.app.inject({
          method: route.method,
          url: `/api/v1/directory${route.url}`,
          headers,
          ...(route.payload !== undefined && { payload: route.payload as object }),
        });
        assert.equal(response.statusCode, 403, `${route.method} ${route.url}: ${response.body}`);
        assert.equal(response.json().code, "forbidden");
      }
    }
    assert.equal(await count(), before);
  });
});
