import type { App } from "../../../core/http/app-type.ts";
import type { ModuleContext } from "../../../core/module.ts";

/** Catalogue and access-right routes under `/api/v1/exchange`. */
export async function catalogueRoutes(_app: App, _ctx: ModuleContext): Promise<void> {}
