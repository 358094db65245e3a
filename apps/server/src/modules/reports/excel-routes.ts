import type { FastifyReply } from "fastify";
import { Type } from "typebox";
import type { App } from "../../core/http/app-type.ts";
import { problemResponses } from "../../core/http/problem.ts";
import { requestMeta } from "../../core/http/request-meta.ts";
import type { ModuleContext } from "../../core/module.ts";
import { exportAggregate } from "./aggregate-export.ts";
import { reportFormXlsx } from "./excel-form.ts";
import { MAX_FORM_BYTES, uploadReportForm } from "./excel-upload.ts";
import { ReportParams, ReportViewSchema } from "./report-schema.ts";
import { AggregateQuery, RegimeParams } from "./schema.ts";
import { XLSX_TYPE } from "./xlsx-layout.ts";

const tags = ["reports"];

const AggregateExportQuery = Type.Object(
  {
    ...AggregateQuery.properties,
    format: Type.Optional(Type.Enum(["xlsx", "csv"], { description: "Mặc định xlsx" })),
  },
  { additionalProperties: false },
);

const download = (reply: FastifyReply, contentType: string, fileName: string) =>
  reply
    .type(contentType)
    .header("content-disposition", `attachment; filename="${fileName}"`)
    .header("cache-control", "no-store");

/**
 * Excel forms of a report (download pre-filled, upload filled) and the aggregate as a file,
 * under `/api/v1/reports`. The uploaded workbook is the raw request body with its own content
 * type, so no multipart parser is needed.
 */
export function excelRoutes(app: App, ctx: ModuleContext) {
  void app.register(async (scope) => registerExcelRoutes(scope as App, ctx));
}

function registerExcelRoutes(app: App, { db }: ModuleContext) {
  app.addContentTypeParser(
    XLSX_TYPE,
    { parseAs: "buffer", bodyLimit: MAX_FORM_BYTES },
    (_request, body, done) => done(null, body),
  );

  app.get(
    "/reports/:id/form.xlsx",
    {
      schema: {
        tags,
        summary:
          "Biểu mẫu Excel của báo cáo, điền sẵn số liệu / the report's Excel form, pre-filled",
        params: ReportParams,
      },
    },
    async (request, reply) => {
      const form = await reportFormXlsx({ db, actor: request.actor, id: request.params.id });
      return download(reply, XLSX_TYPE, form.fileName).send(form.body);
    },
  );

  app.post(
    "/reports/:id/form.xlsx",
    {
      bodyLimit: MAX_FORM_BYTES,
      schema: {
        tags,
        summary:
          "Tải lên biểu mẫu Excel đã điền (tất cả hoặc không) / upload the filled Excel form, all or nothing",
        description:
          "The body is the .xlsx file downloaded from GET form.xlsx, filled in. Refused whole (problem details with an `errors` entry per sheet and cell, e.g. `Biểu 01!F9`) when it is another report's form, a computed cell was changed, or a value is not valid; nothing is written then.",
        consumes: [XLSX_TYPE],
        params: ReportParams,
        response: { 200: ReportViewSchema, ...problemResponses },
      },
    },
    async (request) =>
      uploadReportForm({
        db,
        actor: request.actor,
        id: request.params.id,
        file: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
        contentType: (request.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase(),
        requestMeta: requestMeta(request),
      }),
  );

  app.get(
    "/regimes/:id/aggregate/export",
    {
      schema: {
        tags,
        summary:
          "Xuất số liệu tổng hợp ra Excel hoặc CSV / export the live aggregate as Excel or CSV",
        description:
          "The same query as GET /regimes/{id}/aggregate, plus `format`: xlsx (the default) — the total in each form's own layout (every combination of options), then a block per group, then completeness — or csv: one row per group × indicator × option, UTF-8 with BOM.",
        params: RegimeParams,
        querystring: AggregateExportQuery,
      },
    },
    async (request, reply) => {
      const { period, indicators, format, ...rest } = request.query;
      const file = await exportAggregate({
        db,
        actor: request.actor,
        regimeId: request.params.id,
        periodId: period,
        indicators: indicators
          ?.split(",")
          .map((c) => c.trim())
          .filter(Boolean),
        ...rest,
        format: format ?? "xlsx",
      });
      return download(reply, file.contentType, file.fileName).send(file.body);
    },
  );
}
