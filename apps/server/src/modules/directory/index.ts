import type { ModuleManifest } from "../../core/module.ts";
import { directoryMigrations } from "./migrations/index.ts";

export const directoryModule: ModuleManifest = {
  id: "directory",
  title: { vi: "Danh bạ cơ quan", en: "Agency directory" },
  migrations: directoryMigrations,
};

export { canAdministerOrganization, organizationSubtreeIds } from "./organization-scope.ts";
export { findOrganizationByCode, getOrganization } from "./organizations.ts";
export { createOrganization, retireOrganization, updateOrganization, type RequestMeta } from "./organization-changes.ts";
export type { Organization, OrganizationContacts, OrganizationInput, OrganizationKind } from "./schema.ts";
