import type { App } from "../../../core/http/app-type.ts";
import type { ModuleContext } from "../../../core/module.ts";
import { accessRoutes } from "./access-routes.ts";
import { serviceRoutes } from "./service-routes.ts";

/** Catalogue and access-right routes under `/api/v1/exchange`. */
export async function catalogueRoutes(app: App, ctx: ModuleContext): Promise<void> {
  serviceRoutes(app, ctx);
  accessRoutes(app, ctx);
}
