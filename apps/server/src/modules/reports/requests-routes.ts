import { Type } from "typebox";
import type { App } from "../../core/http/app-type.ts";
import { problemResponses } from "../../core/http/problem.ts";
import { requestMeta } from "../../core/http/request-meta.ts";
import type { ModuleContext } from "../../core/module.ts";
import { createRequest, listRequests } from "./requests.ts";
import { RegimeParams } from "./schema.ts";

const tags = ["reports"];
const DateOnly = Type.String({ format: "date", description: "YYYY-MM-DD" });

const RequestInputSchema = Type.Object(
  {
    code: Type.String({
      maxLength: 32,
      description: "Mã yêu cầu, cũng là mã kỳ của báo cáo và số liệu: DX-2026-01",
    }),
    title: Type.String({ minLength: 1, maxLength: 500 }),
    start: DateOnly,
    end: DateOnly,
    deadline: DateOnly,
    organizationIds: Type.Optional(
      Type.Array(Type.String({ format: "uuid" }), {
        maxItems: 5000,
        description: "Chỉ các đơn vị này; bỏ trống: mọi đơn vị báo cáo của chế độ",
      }),
    ),
    note: Type.Optional(Type.String({ maxLength: 4000 })),
  },
  { additionalProperties: false },
);

const RequestSchema = Type.Object({
  regimeId: Type.String(),
  code: Type.String(),
  title: Type.String(),
  start: Type.String(),
  end: Type.String(),
  deadline: Type.String(),
  organizationIds: Type.Union([Type.Array(Type.String()), Type.Null()]),
  note: Type.Union([Type.String(), Type.Null()]),
  createdBy: Type.String(),
  createdAt: Type.String(),
});

/** Requests for thematic and ad-hoc reports, under `/api/v1/reports/regimes/{id}/requests`. */
export function requestRoutes(app: App, ctx: ModuleContext) {
  const { db } = ctx;
  app.get(
    "/regimes/:id/requests",
    {
      schema: {
        tags,
        summary: "Các yêu cầu báo cáo chuyên đề, đột xuất / report requests",
        params: RegimeParams,
        response: { 200: Type.Object({ items: Type.Array(RequestSchema) }), ...problemResponses },
      },
    },
    async (request) => ({
      items: await listRequests({ db, actor: request.actor, regimeId: request.params.id }),
    }),
  );

  app.post(
    "/regimes/:id/requests",
    {
      schema: {
        tags,
        summary:
          "Yêu cầu báo cáo chuyên đề, đột xuất với kỳ và hạn nộp riêng / request a thematic or ad-hoc report",
        params: RegimeParams,
        body: RequestInputSchema,
        response: { 201: RequestSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const created = await createRequest({
        ctx,
        actor: request.actor,
        regimeId: request.params.id,
        input: request.body,
        requestMeta: requestMeta(request),
      });
      return reply.code(201).send(created);
    },
  );
}
