import type { Migration } from "../db/migrate.ts";
import { createAudit } from "./20261127-1900-create-audit.ts";
import { createSeeds } from "./20261127-1901-create-seeds.ts";

/** Tables owned by `core` itself (audit trail, outbox, jobs), applied before any module's. */
export const coreMigrations: readonly Migration[] = [createAudit, createSeeds];
