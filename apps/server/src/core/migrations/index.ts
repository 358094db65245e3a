import type { Migration } from "../db/migrate.ts";
import { createAudit } from "./20261127-1900-create-audit.ts";
import { createSeeds } from "./20261127-1901-create-seeds.ts";
import { createOutbox } from "./20261127-1902-create-outbox.ts";
import { createJobs } from "./20261127-1903-create-jobs.ts";
import { refuseAuditTruncate } from "./20261128-0500-refuse-audit-truncate.ts";

/** Tables owned by `core` itself (audit trail, outbox, jobs), applied before any module's. */
export const coreMigrations: readonly Migration[] = [
  createAudit,
  createSeeds,
  createOutbox,
  createJobs,
  refuseAuditTruncate,
];
