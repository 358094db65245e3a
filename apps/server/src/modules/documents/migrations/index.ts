import type { Migration } from "../../../core/db/migrate.ts";
import { createRegisters } from "./20261129-1200-registers.ts";
import { createDocuments } from "./20261129-1400-documents.ts";

export const documentsMigrations: readonly Migration[] = [createRegisters, createDocuments];
