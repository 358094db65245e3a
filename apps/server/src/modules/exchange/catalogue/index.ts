/**
 * The LGSP's service catalogue and access rights: what the gateway, the evidence log and the
 * module manifest use. Other parts import from here, never from the files behind it.
 */
export { catalogueRoutes } from "./routes.ts";
export { seedCatalogueDemo } from "./demo-seed.ts";
export { catalogueSubscriptions, refreshProviderOrganization } from "./provider-refresh.ts";
export {
  findAccess,
  resolveTarget,
  type AccessDecision,
  type AccessQuery,
  type ServicePath,
} from "./lookups.ts";
export { invalidateLookups, LOOKUP_TTL_MS } from "./lookup-cache.ts";
export {
  findService,
  getService,
  registerService,
  retireService,
  searchCatalogue,
  updateService,
} from "./services.ts";
export { approveAccessRequest, refuseAccessRequest } from "./access-decisions.ts";
export {
  getAccessRequest,
  listAccessRequests,
  requestAccess,
  withdrawAccessRequest,
} from "./access-requests.ts";
export { listAccessRights, revokeAccessRight } from "./access-rights.ts";
export type {
  AccessRequest,
  AccessRequestInput,
  AccessRight,
  ApproveInput,
  Service,
  ServiceChanges,
  ServiceDetail,
  ServiceInput,
} from "./schema.ts";
