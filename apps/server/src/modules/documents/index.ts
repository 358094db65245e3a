import type { ModuleManifest } from "../../core/module.ts";
import { documentsMigrations } from "./migrations/index.ts";

export { DOCUMENT_TYPES, buildSymbol } from "./document-types.ts";
export { createRegister, getRegister, listEntries, registerEntry } from "./registers.ts";
export type { Register, RegisterEntry } from "./registers.ts";

/**
 * Official documents (Decree 30/2020): registers (sổ văn bản) per organization, direction and
 * year, and atomic numbering of the documents registered in them. See README.md.
 */
export const documentsModule: ModuleManifest = {
  id: "documents",
  title: { vi: "Văn bản", en: "Official documents" },
  migrations: documentsMigrations,
};
