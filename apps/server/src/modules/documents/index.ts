import type { ModuleManifest } from "../../core/module.ts";
import { incomingRoutes } from "./incoming-routes.ts";
import { outgoingRoutes } from "./outgoing-routes.ts";
import { documentsMigrations } from "./migrations/index.ts";
import { registerRoutes } from "./register-routes.ts";
import { seedRegistersDemo } from "./register-seed.ts";

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
  },
  seedDemo: seedRegistersDemo,
};
