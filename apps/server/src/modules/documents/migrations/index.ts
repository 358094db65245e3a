import type { Migration } from "../../../core/db/migrate.ts";
import { createRegisters } from "./20261129-1200-registers.ts";

export const documentsMigrations: readonly Migration[] = [createRegisters];
