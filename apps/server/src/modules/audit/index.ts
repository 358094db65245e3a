import type { ModuleManifest } from "../../core/module.ts";
import { recordAuditHeadJob } from "./jobs.ts";
import { auditRoutes } from "./routes.ts";

/**
 * Reading and verifying the audit trail. The trail itself (`core_audit`) belongs to core, since
 * every module writes to it; this module owns no tables.
 */
export const auditModule: ModuleManifest = {
  id: "audit",
  title: { vi: "Nhật ký an ninh", en: "Audit trail" },
  migrations: [],
  routes: auditRoutes,
  jobs: [recordAuditHeadJob],
};

export { listAuditEvents, verifyAuditTrail, type AuditEvent } from "./service.ts";
