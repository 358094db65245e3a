import type { Actor } from "../../core/actor.ts";
import { canonicalJson } from "../../core/canonical-json.ts";
import type { Db } from "../../core/db/index.ts";
import type { ModuleContext } from "../../core/module.ts";
import {
  DEMO_HOME_AFFAIRS,
  DEMO_HOME_AFFAIRS_SYSTEMS,
  DEMO_OTHER_MINISTRIES,
  demoProvince,
  type DemoOrganization,
} from "./demo-data.ts";
import { createOrganization, updateOrganization } from "./organization-changes.ts";
import { selectActiveOrganizationByCode } from "./organizations-repo.ts";
import { loadProvinces } from "./reference-seed.ts";
import { selectInformationSystemByCode } from "./systems-repo.ts";
import { createInformationSystem, updateInformationSystem } from "./systems.ts";

const SEED_ACTOR: Actor = { kind: "system", name: "seed" };

/**
 * The demo directory: the Ministry of Home Affairs with its units and systems, the other
 * ministries, and each province's People's Committee and Department of Home Affairs. Rows are
 * matched by code, so a second run changes nothing and a changed demo list updates in place.
 */
export async function seedDirectoryDemo(ctx: ModuleContext): Promise<void> {
  const tree = [DEMO_HOME_AFFAIRS, ...DEMO_OTHER_MINISTRIES, ...loadProvinces().map(demoProvince)];
  await ctx.db.transaction().execute(async (trx) => {
    for (const organization of tree) await ensureOrganization(trx, organization, null);
    const homeAffairs = await selectActiveOrganizationByCode(trx, DEMO_HOME_AFFAIRS.code);
    for (const system of DEMO_HOME_AFFAIRS_SYSTEMS)
      await ensureSystem(trx, homeAffairs!.id, system);
  });
}

async function ensureOrganization(
  db: Db,
  demo: DemoOrganization,
  parentId: string | null,
): Promise<void> {
  const fields = {
    name: demo.name,
    shortName: demo.shortName,
    kind: demo.kind,
    parentId,
    adminUnitCode: demo.adminUnitCode ?? null,
    contacts: demo.contacts ?? {},
  };
  const existing = await selectActiveOrganizationByCode(db, demo.code);
  const organization = existing
    ? await updateOrganization({ db, actor: SEED_ACTOR, id: existing.id, changes: fields })
    : await createOrganization({ db, actor: SEED_ACTOR, input: { code: demo.code, ...fields } });
  for (const unit of demo.units ?? []) await ensureOrganization(db, unit, organization.id);
}

type DemoSystem = (typeof DEMO_HOME_AFFAIRS_SYSTEMS)[number];

async function ensureSystem(db: Db, organizationId: string, system: DemoSystem): Promise<void> {
  const existing = await selectInformationSystemByCode(db, organizationId, system.code);
  if (!existing) {
    await createInformationSystem({ db, actor: SEED_ACTOR, input: { ...system, organizationId } });
    return;
  }
  const current = {
    code: existing.code,
    name: existing.name,
    purpose: existing.purpose,
    owner: existing.owner,
    securityLevel: existing.securityLevel,
    securityDecision: existing.securityDecision,
    hosting: existing.hosting,
    status: existing.status,
    contacts: existing.contacts,
  };
  const wanted = { ...current, ...system, contacts: system.contacts ?? {} };
  if (canonicalJson(wanted) !== canonicalJson(current)) {
    await updateInformationSystem({ db, actor: SEED_ACTOR, id: existing.id, changes: system });
  }
}
