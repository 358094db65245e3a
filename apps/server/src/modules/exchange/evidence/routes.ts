import type { App } from "../../../core/http/app-type.ts";
import type { ModuleContext } from "../../../core/module.ts";

/** Evidence-log routes under `/api/v1/exchange` (search, proof bundles). */
export async function evidenceRoutes(_app: App, _ctx: ModuleContext): Promise<void> {}
