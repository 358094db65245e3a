import type { App } from "../../core/http/app-type.ts";
import { problemResponses } from "../../core/http/problem.ts";
import { requestMeta } from "../../core/http/request-meta.ts";
import type { ModuleContext } from "../../core/module.ts";
import { updateDraftRegime } from "./regime-drafts.ts";
import { RegimeInputSchema, RegimeParams, RegimeSchema } from "./schema.ts";

/** What the regime designer needs beyond the regime routes: changing a draft regime's fields. */
export function designerRoutes(app: App, { db }: ModuleContext) {
  app.put(
    "/regimes/:id",
    {
      schema: {
        tags: ["reports"],
        summary: "Sửa chế độ báo cáo đang thiết kế / change a regime being designed",
        params: RegimeParams,
        body: RegimeInputSchema,
        response: { 200: RegimeSchema, ...problemResponses },
      },
    },
    async (request) =>
      updateDraftRegime({
        db,
        actor: request.actor,
        id: request.params.id,
        input: request.body,
        requestMeta: requestMeta(request),
      }),
  );
}
