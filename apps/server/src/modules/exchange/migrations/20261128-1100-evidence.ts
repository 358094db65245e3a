import type { Migration } from "../../../core/db/migrate.ts";

/** Evidence log of the LGSP: exchanges in a hash chain and signed, timestamped checkpoints. */
export const createEvidenceLog: Migration = {
  name: "20261128-1100-evidence",
  async up() {
    // Filled in by the evidence-log work.
  },
};
