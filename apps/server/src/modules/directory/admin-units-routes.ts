import type { App } from "../../core/http/app-type.ts";
import { problemResponses } from "../../core/http/problem.ts";
import type { ModuleContext } from "../../core/module.ts";
import { getAdminUnit, listAdminUnits } from "./admin-units.ts";
import { AdminUnitListQuery, AdminUnitParams, AdminUnitSchema, AtQuery, pageOf } from "./schema.ts";

/** Public reference data: anyone may read the administrative units. */
export function adminUnitRoutes(app: App, { db }: ModuleContext) {
  app.get(
    "/admin-units",
    {
      schema: {
        tags: ["directory"],
        summary: "Danh sách đơn vị hành chính / administrative units",
        querystring: AdminUnitListQuery,
        response: { 200: pageOf(AdminUnitSchema), ...problemResponses },
      },
    },
    async (request) => listAdminUnits({ db, ...request.query }),
  );

  app.get(
    "/admin-units/:code",
    {
      schema: {
        tags: ["directory"],
        summary: "Một đơn vị hành chính / one administrative unit",
        params: AdminUnitParams,
        querystring: AtQuery,
        response: { 200: AdminUnitSchema, ...problemResponses },
      },
    },
    async (request) => getAdminUnit({ db, code: request.params.code, at: request.query.at }),
  );
}
