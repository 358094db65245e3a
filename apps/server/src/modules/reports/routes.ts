import { Type } from "typebox";
import type { App } from "../../core/http/app-type.ts";
import { problemResponses } from "../../core/http/problem.ts";
import { requestMeta } from "../../core/http/request-meta.ts";
import type { ModuleContext } from "../../core/module.ts";
import { aggregate } from "./aggregation.ts";
import { createRegime, getRegime, listRegimes, setRegimeStatus } from "./regimes.ts";
import { expectedReports } from "./schedule.ts";
import {
  AggregateQuery,
  AggregateSchema,
  ExpectedReportSchema,
  RegimeInputSchema,
  RegimeListQuery,
  RegimeParams,
  RegimeSchema,
  ScheduleQuery,
  TemplateDefinitionSchema,
  TemplateParams,
  TemplateSchema,
} from "./schema.ts";
import { getTemplate, listTemplates, publishTemplate, saveDraftTemplate } from "./templates.ts";

const tags = ["reports"];

/** Reporting regimes and their templates, mounted under `/api/v1/reports`. */
export function regimeRoutes(app: App, { db }: ModuleContext) {
  app.get(
    "/regimes",
    {
      schema: {
        tags,
        summary: "Chế độ báo cáo / reporting regimes",
        querystring: RegimeListQuery,
        response: { 200: Type.Object({ items: Type.Array(RegimeSchema) }), ...problemResponses },
      },
    },
    async (request) => ({
      items: await listRegimes({ db, actor: request.actor, ...request.query }),
    }),
  );

  app.post(
    "/regimes",
    {
      schema: {
        tags,
        summary: "Tạo chế độ báo cáo / create a reporting regime",
        body: RegimeInputSchema,
        response: { 201: RegimeSchema, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(
        await createRegime({
          db,
          actor: request.actor,
          input: request.body,
          requestMeta: requestMeta(request),
        }),
      ),
  );

  app.get(
    "/regimes/:id",
    {
      schema: {
        tags,
        summary: "Một chế độ báo cáo / one reporting regime",
        params: RegimeParams,
        response: { 200: RegimeSchema, ...problemResponses },
      },
    },
    async (request) => getRegime({ db, actor: request.actor, id: request.params.id }),
  );

  for (const [action, status] of [
    ["activate", "active"],
    ["retire", "retired"],
  ] as const)
    app.post(
      `/regimes/:id/${action}`,
      {
        schema: {
          tags,
          summary:
            action === "activate"
              ? "Áp dụng chế độ báo cáo (cần mẫu đã ban hành) / put a regime in force"
              : "Bãi bỏ chế độ báo cáo / retire a regime",
          params: RegimeParams,
          response: { 200: RegimeSchema, ...problemResponses },
        },
      },
      async (request) =>
        setRegimeStatus({
          db,
          actor: request.actor,
          id: request.params.id,
          status,
          requestMeta: requestMeta(request),
        }),
    );

  app.put(
    "/regimes/:id/template",
    {
      schema: {
        tags,
        summary: "Lưu dự thảo mẫu báo cáo / save the draft template",
        params: RegimeParams,
        body: TemplateDefinitionSchema,
        response: { 200: TemplateSchema, ...problemResponses },
      },
    },
    async (request) =>
      saveDraftTemplate({
        db,
        actor: request.actor,
        regimeId: request.params.id,
        definition: request.body,
        requestMeta: requestMeta(request),
      }),
  );

  app.post(
    "/regimes/:id/template/publish",
    {
      schema: {
        tags,
        summary: "Ban hành mẫu báo cáo / publish the draft template",
        params: RegimeParams,
        response: { 200: TemplateSchema, ...problemResponses },
      },
    },
    async (request) =>
      publishTemplate({
        db,
        actor: request.actor,
        regimeId: request.params.id,
        requestMeta: requestMeta(request),
      }),
  );

  app.get(
    "/regimes/:id/templates",
    {
      schema: {
        tags,
        summary: "Các phiên bản mẫu báo cáo / template versions",
        params: RegimeParams,
        response: { 200: Type.Object({ items: Type.Array(TemplateSchema) }), ...problemResponses },
      },
    },
    async (request) => ({
      items: await listTemplates({ db, actor: request.actor, regimeId: request.params.id }),
    }),
  );

  app.get(
    "/regimes/:id/templates/:version",
    {
      schema: {
        tags,
        summary: "Một phiên bản mẫu báo cáo / one template version",
        params: TemplateParams,
        response: { 200: TemplateSchema, ...problemResponses },
      },
    },
    async (request) =>
      getTemplate({
        db,
        actor: request.actor,
        regimeId: request.params.id,
        version: request.params.version,
      }),
  );

  app.get(
    "/regimes/:id/schedule",
    {
      schema: {
        tags,
        summary:
          "Báo cáo phải nộp theo kỳ và đơn vị, với hạn nộp / expected reports per period and unit, with deadlines",
        params: RegimeParams,
        querystring: ScheduleQuery,
        response: {
          200: Type.Object({ items: Type.Array(ExpectedReportSchema) }),
          ...problemResponses,
        },
      },
    },
    async (request) => ({
      items: await expectedReports({
        db,
        actor: request.actor,
        regimeId: request.params.id,
        ...request.query,
      }),
    }),
  );

  app.get(
    "/regimes/:id/aggregate",
    {
      schema: {
        tags,
        summary:
          "Số liệu tổng hợp trực tiếp, theo đơn vị, kỳ và phân tổ, kèm tỷ lệ đầy đủ / live aggregate with completeness",
        params: RegimeParams,
        querystring: AggregateQuery,
        response: { 200: AggregateSchema, ...problemResponses },
      },
    },
    async (request) => {
      const { period, indicators, ...rest } = request.query;
      return aggregate({
        db,
        actor: request.actor,
        regimeId: request.params.id,
        periodId: period,
        indicators: indicators
          ?.split(",")
          .map((c) => c.trim())
          .filter(Boolean),
        ...rest,
      });
    },
  );
}
