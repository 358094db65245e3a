import type { Db } from "../../../core/db/index.ts";
import type { EventSubscription } from "../../../core/module.ts";
import { getOrganization, type OrganizationChangedEvent } from "../../directory/index.ts";
import { invalidateLookups } from "./lookup-cache.ts";
import { withSearchText } from "./services.ts";
import { selectServicesOfProvider, toRecord, updateService } from "./services-repo.ts";
import { inTransaction } from "./transaction.ts";

/**
 * Copies an organization's current agency code and name onto the services it provides. The
 * catalogue keeps them beside each service because the gateway resolves paths by agency code and
 * the catalogue search covers the provider's name, and neither may read the directory's tables.
 */
export async function refreshProviderOrganization({
  db,
  organizationId,
}: {
  db: Db;
  organizationId: string;
}): Promise<number> {
  const organization = await getOrganization({ db, id: organizationId });
  if (!organization) return 0;
  const refreshed = await inTransaction(db, async (trx) => {
    let count = 0;
    for (const row of await selectServicesOfProvider(trx, organizationId)) {
      const current = toRecord(row);
      if (
        current.provider.organizationCode === organization.code &&
        current.provider.organizationName === organization.name
      )
        continue;
      const provider = {
        ...current.provider,
        organizationCode: organization.code,
        organizationName: organization.name,
      };
      await updateService(trx, withSearchText({ ...current, provider }), new Date());
      count += 1;
    }
    return count;
  });
  if (refreshed > 0) invalidateLookups();
  return refreshed;
}

/**
 * The catalogue's reactions to directory events, for the exchange module's manifest: a renamed or
 * recoded provider organization is renamed or recoded in the catalogue and at the gateway.
 */
export const catalogueSubscriptions: readonly EventSubscription[] = [
  {
    event: "directory.organization_changed",
    name: "exchange.catalogue.provider_refresh",
    async handle(payload, ctx) {
      const { organizationId } = payload as OrganizationChangedEvent;
      await refreshProviderOrganization({ db: ctx.db, organizationId });
    },
  },
];
