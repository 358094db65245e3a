import type { ModuleManifest } from "../../core/module.ts";
import { seedDirectoryDemo } from "./demo-seed.ts";
import { directoryMigrations } from "./migrations/index.ts";
import { seedAdminUnits } from "./reference-seed.ts";
import { directoryRoutes } from "./routes.ts";

/**
 * Organizations with their electronic agency codes, administrative units and information systems:
 * the ground floor other modules stand on. Other modules use the functions exported here, never
 * the directory's tables.
 */
export const directoryModule: ModuleManifest = {
  id: "directory",
  title: { vi: "Danh bạ cơ quan", en: "Agency directory" },
  migrations: directoryMigrations,
  routes: directoryRoutes,
  seedReference: seedAdminUnits,
  seedDemo: seedDirectoryDemo,
};

export { adminUnitsByCode } from "./admin-units.ts";
export { DEMO_HOME_AFFAIRS_CODE } from "./demo-data.ts";
export { canAdministerOrganization, organizationSubtreeIds } from "./organization-scope.ts";
export { findOrganizationByCode, getOrganization, listOrganizationTree } from "./organizations.ts";
export {
  createOrganization,
  retireOrganization,
  updateOrganization,
  type RequestMeta,
} from "./organization-changes.ts";
export type { OrganizationChangedEvent } from "./organization-versions.ts";
export {
  countInformationSystems,
  getInformationSystem,
  listInformationSystems,
} from "./systems.ts";
export type {
  AdminUnit,
  InformationSystem,
  Organization,
  OrganizationContacts,
  OrganizationInput,
  OrganizationKind,
  OrganizationTreeNode,
} from "./schema.ts";
