import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestContext } from "../../../core/testing/platform.ts";
import { updateOrganization } from "../../directory/index.ts";
import {
  createTestInformationSystem,
  createTestOrganization,
  systemActor,
  testAgencyCode,
} from "../../directory/testing.ts";
import { catalogueSubscriptions, resolveTarget, searchCatalogue } from "./index.ts";
import { createTestService } from "./testing.ts";

describe("catalogue: provider organizations renamed or recoded in the directory", () => {
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  before(async () => {
    ctx = await createTestContext();
  });
  after(() => ctx.close());

  it("follow the directory's change event in the search and at the gateway", async () => {
    const provider = await createTestOrganization(ctx.db);
    const system = await createTestInformationSystem(ctx.db, provider.id);
    const service = await createTestService(ctx.db, system.id);
    const path = {
      providerSystemCode: system.code,
      serviceCode: service.code,
      version: service.version,
    };
    assert.ok(await resolveTarget(ctx, { ...path, providerOrgCode: provider.code }));

    const code = testAgencyCode();
    await updateOrganization({
      db: ctx.db,
      actor: systemActor,
      id: provider.id,
      changes: { code, name: "Sở Văn hóa và Thể thao tỉnh Mới" },
    });
    const [subscription] = catalogueSubscriptions;
    await subscription!.handle(
      { organizationId: provider.id, code, change: "updated", version: 2 },
      ctx,
    );

    assert.equal(await resolveTarget(ctx, { ...path, providerOrgCode: provider.code }), undefined);
    const target = await resolveTarget(ctx, { ...path, providerOrgCode: code });
    assert.equal(target?.serviceId, service.id);
    const found = await searchCatalogue({
      db: ctx.db,
      actor: systemActor,
      q: "so van hoa the thao tinh moi",
      limit: 5,
    });
    assert.deepEqual(
      found.items.map((s) => [s.id, s.provider.organizationCode]),
      [[service.id, code]],
    );
  });
});
