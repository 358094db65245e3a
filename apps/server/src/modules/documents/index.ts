import type { ModuleManifest } from "../../core/module.ts";
import { registerDeliveryInbox } from "../exchange/index.ts";
import { amendmentRoutes } from "./amendment-routes.ts";
import { deadlineRoutes } from "./deadlines-routes.ts";
import { EDXML_CHANNEL, edxmlInbox } from "./federated-inbox.ts";
import { incomingRoutes } from "./incoming-routes.ts";
import { documentsKpis } from "./kpis.ts";
import { outgoingRoutes } from "./outgoing-routes.ts";
import { documentsMigrations } from "./migrations/index.ts";
import { deliveryJobs } from "./outbound-delivery.ts";
import { registerRoutes } from "./register-routes.ts";
import { reminderJobs } from "./reminders.ts";
import { seedRegistersDemo } from "./register-seed.ts";
import { pdfTextJob } from "./pdf-text-job.ts";
import { searchRoutes } from "./search-routes.ts";

export { DOCUMENT_TYPES, buildSymbol } from "./document-types.ts";
export { createRegister, getRegister, listEntries, registerEntry } from "./registers.ts";
export type { EntryInput, Register, RegisterEntry } from "./registers.ts";
export { receivePackage, type ReceiveOutcome } from "./incoming.ts";

/**
 * Official documents (Decree 30/2020): registers (sổ văn bản) per organization, direction and
 * year, and atomic numbering of the documents registered in them. See README.md.
 */
export const documentsModule: ModuleManifest = {
  id: "documents",
  title: { vi: "Văn bản", en: "Official documents" },
  migrations: documentsMigrations,
  async routes(app, ctx) {
    registerRoutes(app, ctx);
    await incomingRoutes(app, ctx);
    await outgoingRoutes(app, ctx);
    amendmentRoutes(app, ctx);
    searchRoutes(app, ctx);
    deadlineRoutes(app, ctx);
    // Packages from federation peers arrive on the LGSP's federation listener.
    registerDeliveryInbox(EDXML_CHANNEL, edxmlInbox);
  },
  jobs: [...deliveryJobs, pdfTextJob, ...reminderJobs],
  seedDemo: seedRegistersDemo,
  kpis: documentsKpis,
};
