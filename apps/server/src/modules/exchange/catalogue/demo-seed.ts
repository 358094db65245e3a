import type { Actor } from "../../../core/actor.ts";
import type { Db } from "../../../core/db/index.ts";
import type { ModuleContext } from "../../../core/module.ts";
import {
  DEMO_HOME_AFFAIRS_CODE,
  findOrganizationByCode,
  listInformationSystems,
  type InformationSystem,
} from "../../directory/index.ts";
import { selectRightsForLookup } from "./access-repo.ts";
import { approveAccessRequest } from "./access-decisions.ts";
import { requestAccess } from "./access-requests.ts";
import { DEMO_RIGHT, demoServices } from "./demo-data.ts";
import { findService, registerService } from "./services.ts";

const SEED_ACTOR: Actor = { kind: "system", name: "seed" };

/**
 * Demo catalogue: services of the Ministry of Home Affairs' systems (the officials' database, the
 * reporting system, and the document system's legacy SOAP interface) and one approved right, the
 * reporting system reading officials' records. Matched by provider system, code and version, so
 * a second run changes nothing. Needs the directory's demo seed first.
 */
export async function seedCatalogueDemo(ctx: ModuleContext): Promise<void> {
  const { db } = ctx;
  const homeAffairs = await findOrganizationByCode({ db, code: DEMO_HOME_AFFAIRS_CODE });
  if (!homeAffairs) return;
  const { items } = await listInformationSystems({
    db,
    actor: SEED_ACTOR,
    organizationId: homeAffairs.id,
    limit: 200,
  });
  const systems = new Map<string, InformationSystem>(items.map((system) => [system.code, system]));
  const registered = new Map<string, string>();
  for (const { systemCode, ...input } of demoServices(ctx.config.publicUrl)) {
    const system = systems.get(systemCode);
    if (!system) continue;
    const identity = { providerSystemId: system.id, code: input.code, version: input.version };
    const existing = await findService({ db, ...identity });
    const service =
      existing ??
      (await registerService({ db, actor: SEED_ACTOR, input: { ...input, ...identity } }));
    registered.set(`${systemCode}/${input.code}`, service.id);
  }
  const consumer = systems.get(DEMO_RIGHT.consumerSystemCode);
  const serviceId = registered.get(DEMO_RIGHT.service);
  if (!consumer || !serviceId) return;
  // One transaction: a crash between asking and approving must not leave a request pending.
  await db.transaction().execute(async (trx) => {
    const held = await selectRightsForLookup(trx, { consumerSystemId: consumer.id, serviceId });
    if (held.some((right) => right.revoked_at === null)) return;
    await grantDemoRight(trx, consumer.id, serviceId);
  });
}

async function grantDemoRight(db: Db, consumerSystemId: string, serviceId: string) {
  const request = await requestAccess({
    db,
    actor: SEED_ACTOR,
    input: {
      consumerSystemId,
      serviceId,
      endpoints: DEMO_RIGHT.endpoints,
      purpose: DEMO_RIGHT.purpose,
      legalBasis: DEMO_RIGHT.legalBasis,
    },
  });
  await approveAccessRequest({
    db,
    actor: SEED_ACTOR,
    id: request.id,
    decision: { rateLimitPerMinute: 600, dailyQuota: 100_000 },
  });
}
