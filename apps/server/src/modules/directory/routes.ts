import type { App } from "../../core/http/app-type.ts";
import type { ModuleContext } from "../../core/module.ts";
import { adminUnitRoutes } from "./admin-units-routes.ts";
import { organizationRoutes } from "./organization-routes.ts";
import { systemRoutes } from "./system-routes.ts";

/** Mounted under `/api/v1/directory`. */
export function directoryRoutes(app: App, ctx: ModuleContext) {
  adminUnitRoutes(app, ctx);
  organizationRoutes(app, ctx);
  systemRoutes(app, ctx);
}
