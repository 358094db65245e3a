import type { ModuleManifest } from "../../core/module.ts";
import { reportsMigrations } from "./migrations/index.ts";
import { reportRoutes } from "./report-routes.ts";
import { regimeRoutes } from "./routes.ts";

/**
 * Online reporting (Decree 09/2019/NĐ-CP): reporting regimes, their versioned templates (forms of
 * indicators with disaggregations, computed indicators and validation rules), periods, cut-off
 * windows and deadlines in working days. See README.md.
 */
export const reportsModule: ModuleManifest = {
  id: "reports",
  title: { vi: "Báo cáo", en: "Reporting" },
  migrations: reportsMigrations,
  routes(app, ctx) {
    regimeRoutes(app, ctx);
    reportRoutes(app, ctx);
  },
};
