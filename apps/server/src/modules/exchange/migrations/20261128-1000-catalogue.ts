import type { Migration } from "../../../core/db/migrate.ts";

/** Service catalogue and access rights of the LGSP (`xch_services`, `xch_access_*`). */
export const createCatalogue: Migration = {
  name: "20261128-1000-catalogue",
  async up() {
    // Filled in by the catalogue work.
  },
};
