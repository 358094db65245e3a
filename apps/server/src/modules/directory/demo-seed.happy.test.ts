import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "kysely";
import { createTestPlatform } from "../../core/testing/platform.ts";
import type { Platform } from "../../platform.ts";
import { seedDirectoryDemo } from "./demo-seed.ts";
import { DEMO_HOME_AFFAIRS_CODE, findOrganizationByCode, getOrganization } from "./index.ts";

describe("directory demo seed", () => {
  let platform: Platform;
  before(async () => {
    platform = await createTestPlatform({ demo: true });
  });
  after(() => platform.stop());

  const kinds = async () =>
    (
      await sql<{
        kind: string;
        n: number;
      }>`select kind, count(*)::int as n from dir_organizations group by kind order by kind`.execute(
        platform.ctx.db,
      )
    ).rows;

  it("holds the ministry, its units, the other ministries and two organizations per province", async () => {
    assert.deepEqual(await kinds(), [
      { kind: "ministry", n: 17 },
      { kind: "ministry_unit", n: 14 },
      { kind: "provincial_committee", n: 34 },
      { kind: "provincial_department", n: 34 },
    ]);
    const db = platform.ctx.db;
    const home = await findOrganizationByCode({ db, code: DEMO_HOME_AFFAIRS_CODE });
    assert.equal(home?.name, "Bộ Nội vụ");
    assert.equal(home?.shortName, "BNV");
    const department = (await findOrganizationByCode({ db, code: "000.00.05.H79" }))!;
    assert.equal(department.name, "Sở Nội vụ Thành phố Hồ Chí Minh");
    const committee = (await getOrganization({ db, id: department.parentId! }))!;
    assert.deepEqual(
      [committee.code, committee.name, committee.shortName, committee.adminUnitCode],
      ["000.00.00.H79", "Ủy ban nhân dân Thành phố Hồ Chí Minh", "UBND Hồ Chí Minh", "79"],
    );
  });

  it("changes nothing when run again", async () => {
    const snapshot = async () =>
      (
        await sql<{ versions: number; systems: number; audit: number }>`select
          (select count(*) from dir_organization_versions)::int as versions,
          (select count(*) from dir_information_systems)::int as systems,
          (select count(*) from core_audit)::int as audit`.execute(platform.ctx.db)
      ).rows[0];
    const before = await snapshot();
    await seedDirectoryDemo(platform.ctx);
    assert.deepEqual(await snapshot(), before);
  });
});
