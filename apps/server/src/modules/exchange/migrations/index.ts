import type { Migration } from "../../../core/db/migrate.ts";
import { createCatalogue } from "./20261128-1000-catalogue.ts";
import { createEvidenceLog } from "./20261128-1100-evidence.ts";
import { createMessaging } from "./20261128-1200-messaging.ts";
import { addServiceMediation } from "./20261128-1530-service-mediation.ts";
import { createMonitoring } from "./20261128-1600-monitoring.ts";
import { createFederation } from "./20261128-1630-federation.ts";
import { addPeerStatus } from "./20261129-0900-peer-status.ts";
import { addFederationReplay } from "./20261129-1000-federation-replay.ts";
import { addServiceHealthPath } from "./20261129-1100-service-health-path.ts";

export const exchangeMigrations: readonly Migration[] = [
  createCatalogue,
  createEvidenceLog,
  createMessaging,
  addServiceMediation,
  createMonitoring,
  createFederation,
  addPeerStatus,
  addFederationReplay,
  addServiceHealthPath,
];
