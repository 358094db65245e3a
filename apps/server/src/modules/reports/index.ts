import type { ModuleManifest } from "../../core/module.ts";
import { attachmentRoutes } from "./attachments-routes.ts";
import { designerRoutes } from "./designer-routes.ts";
import { seedReportsDemo } from "./demo-seed.ts";
import { reportsKpis } from "./kpis.ts";
import { excelRoutes } from "./excel-routes.ts";
import { importRoutes } from "./import-routes.ts";
import { inboxRoutes } from "./inbox-routes.ts";
import { reportsMigrations } from "./migrations/index.ts";
import { reminderRoutes } from "./reminder-routes.ts";
import { reportReminderJobs } from "./reminders.ts";
import { reportRoutes } from "./report-routes.ts";
import { requestRoutes } from "./requests-routes.ts";
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
  seedDemo: seedReportsDemo,
  kpis: reportsKpis,
  routes(app, ctx) {
    regimeRoutes(app, ctx);
    designerRoutes(app, ctx);
    reportRoutes(app, ctx);
    importRoutes(app, ctx);
    inboxRoutes(app, ctx);
    reminderRoutes(app, ctx);
    excelRoutes(app, ctx);
    attachmentRoutes(app, ctx);
    requestRoutes(app, ctx);
  },
  jobs: [...reportReminderJobs],
};
