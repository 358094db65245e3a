import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "kysely";
import { createTestPlatform } from "../../../core/testing/platform.ts";
import type { Platform } from "../../../platform.ts";
import {
  DEMO_HOME_AFFAIRS_CODE,
  findOrganizationByCode,
  listInformationSystems,
} from "../../directory/index.ts";
import { systemActor } from "../../directory/testing.ts";
import { findAccess, resolveTarget, searchCatalogue, seedCatalogueDemo } from "./index.ts";

describe("catalogue demo seed", () => {
  let platform: Platform;
  before(async () => {
    platform = await createTestPlatform({ demo: true });
  });
  after(() => platform.stop());

  it("registers the ministry's demo services and one right, and a second run changes nothing", async () => {
    const counts = async () =>
      (
        await sql<{ services: number; rights: number; requests: number }>`select
          (select count(*) from xch_services) as services,
          (select count(*) from xch_access_rights) as rights,
          (select count(*) from xch_access_requests) as requests`.execute(platform.ctx.db)
      ).rows[0]!;
    await seedCatalogueDemo(platform.ctx);
    const first = await counts();
    assert.deepEqual(first, { services: 3, rights: 1, requests: 1 });
    await seedCatalogueDemo(platform.ctx);
    assert.deepEqual(await counts(), first);

    const { items } = await searchCatalogue({
      db: platform.ctx.db,
      actor: systemActor,
      q: "ho so can bo",
      limit: 10,
    });
    assert.deepEqual(
      items.map((s) => s.code),
      ["ho-so-can-bo"],
    );
    const target = await resolveTarget(platform.ctx, {
      providerOrgCode: DEMO_HOME_AFFAIRS_CODE,
      providerSystemCode: "CSDLCBCCVC",
      serviceCode: "ho-so-can-bo",
      version: "v1",
    });
    assert.equal(target?.serviceId, items[0]!.id);

    const homeAffairs = (await findOrganizationByCode({
      db: platform.ctx.db,
      code: DEMO_HOME_AFFAIRS_CODE,
    }))!;
    const systems = await listInformationSystems({
      db: platform.ctx.db,
      actor: systemActor,
      organizationId: homeAffairs.id,
      limit: 50,
    });
    const reporting = systems.items.find((s) => s.code === "HTTTBC")!;
    const call = { consumerSystemId: reporting.id, serviceId: target!.serviceId, method: "GET" };
    assert.ok("granted" in (await findAccess(platform.ctx, { ...call, path: "/can-bo/C-0001" })));
    assert.deepEqual(await findAccess(platform.ctx, { ...call, path: "/can-bo" }), {
      refused: "access_not_granted",
    });
  });
});
