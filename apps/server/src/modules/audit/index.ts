import type { ModuleManifest } from "../../core/module.ts";

export const auditModule: ModuleManifest = {
  id: "audit",
  title: { vi: "Nhật ký an ninh", en: "Audit trail" },
  migrations: [],
};
