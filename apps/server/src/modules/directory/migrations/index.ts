import type { Migration } from "../../../core/db/migrate.ts";
import { createAdminUnits } from "./20261127-1910-create-admin-units.ts";
import { createOrganizations } from "./20261127-1911-create-organizations.ts";
import { createInformationSystems } from "./20261127-1912-create-information-systems.ts";

export const directoryMigrations: readonly Migration[] = [
  createAdminUnits,
  createOrganizations,
  createInformationSystems,
];
