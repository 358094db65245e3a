import type { ModuleManifest } from "../../core/module.ts";
import { trustMigrations } from "./migrations/index.ts";
import { trustRootRoutes } from "./routes.ts";

/**
 * The platform's own demo CA: CA certificates, CRLs, an OCSP responder and a timestamp authority
 * at `/pki`, so signing and validation work end to end on a fresh installation. Production trust
 * anchors are configuration; this CA never signs real documents.
 */
export const trustModule: ModuleManifest = {
  id: "trust",
  title: { vi: "Chứng thư số thử nghiệm", en: "Demo certificate authority" },
  migrations: trustMigrations,
  rootRoutes: trustRootRoutes,
};

export { DEMO_TSA_POLICY, trustCa } from "./service.ts";
export { answerTimestamp, caCertificate, currentCrl, platformTimestampSource } from "./service.ts";
