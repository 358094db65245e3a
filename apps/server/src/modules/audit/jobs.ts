import { recordAuditHead } from "../../core/audit-head.ts";
import type { RecurringJob } from "../../core/module.ts";

/**
 * Records the audit chain's head outside the database every minute (and the platform does so at
 * shutdown), which bounds how many of the newest rows could be deleted without `audit verify`
 * noticing. It reads one row by index, so it costs nothing worth measuring.
 */
export const recordAuditHeadJob: RecurringJob = {
  name: "audit.record_head",
  everySeconds: 60,
  async run({ db, auditHead, log }) {
    if (auditHead) await recordAuditHead({ db, ...auditHead, log });
  },
};
