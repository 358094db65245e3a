import type { Migration } from "../../../core/db/migrate.ts";
import { createRegisters } from "./20261129-1200-registers.ts";
import { addRegisterCorrections } from "./20261129-1300-register-corrections.ts";
import { createDocuments } from "./20261129-1400-documents.ts";
import { createIncoming } from "./20261129-1500-incoming.ts";

export const documentsMigrations: readonly Migration[] = [
  createRegisters,
  addRegisterCorrections,
  createDocuments,
  createIncoming,
];
